"""Demo content of the news app (seeder order 40, after the Ohjaamo pages and the teams):

- news categories and tags (translatable snippets) in fi, sv and en;
- the publications library with the Kohtaamo project's book 2014–2021 (its Doria handle) and the
  national Ohjaamo week's communication kit;
- the national news index with "Ohjaamojen valtakunnallinen tuki vakiintuu" (fi, sv, en) and the
  national Ohjaamo week campaign, shown on every Ohjaamo page;
- local news of three demo Ohjaamos (Helsinki, Tampere, Turku): Tampere's item is accepted for the
  national news, Turku's is proposed and waits for the national team.

Finnish is written first; Swedish and English are made through wagtail-localize
(`kohtaamo.seeding.translate`). Idempotent: pages are found by slug, snippets by code.
"""

import datetime
import io
from zoneinfo import ZoneInfo

from django.contrib.auth.models import Group, Permission
from django.core.files.images import ImageFile

from kohtaamo.seeding import add_child_page, locale, resetter, seeder, translate

HELSINKI = ZoneInfo("Europe/Helsinki")
LANGS = ("fi", "sv", "en")
DOCUMENT_HANDLE = "https://www.doria.fi/handle/10024/181720"
NATIONAL_CONTACT_EMAIL = "kohtaamo@keha-keskus.fi"
CAMPAIGN_IMAGE_TITLE = "Ohjaamo-viikko 2026 (kampanjakuva)"
NEWS_PERMISSIONS = ("promote_newspage", "push_newspage")
LOCAL_SLUGS = ("ohjaamo-helsinki", "tampereen-ohjaamo", "turun-ohjaamo")

CATEGORIES = {
    "network": {"fi": "Verkosto", "sv": "Nätverket", "en": "Network"},
    "events": {"fi": "Tapahtumat", "sv": "Evenemang", "en": "Events"},
    "campaigns": {"fi": "Kampanjat", "sv": "Kampanjer", "en": "Campaigns"},
    "publications": {"fi": "Julkaisut", "sv": "Publikationer", "en": "Publications"},
    "services": {"fi": "Palvelut", "sv": "Tjänster", "en": "Services"},
}
TAGS = {
    "ohjaamo-week": {"fi": "Ohjaamo-viikko", "sv": "Navigatorveckan", "en": "Ohjaamo week"},
    "keha-centre": {"fi": "KEHA-keskus", "sv": "KEHA-centralen", "en": "KEHA Centre"},
    "online-guidance": {
        "fi": "Verkko-ohjaus",
        "sv": "Vägledning på nätet",
        "en": "Online guidance",
    },
    "job-seeking": {"fi": "Työnhaku", "sv": "Jobbsökning", "en": "Job seeking"},
    "wellbeing": {"fi": "Hyvinvointi", "sv": "Välmående", "en": "Wellbeing"},
    "open-house": {"fi": "Avoimet ovet", "sv": "Öppet hus", "en": "Open house"},
}


def at(year, month, day, hour=9):
    return datetime.datetime(year, month, day, hour, 0, tzinfo=HELSINKI)


# --- Index pages ---------------------------------------------------------------------------------


def news_index_fields(lang):
    return {
        "fi": {
            "title": "Uutiset",
            "slug": "uutiset",
            "intro": "Ohjaamojen valtakunnalliset uutiset ja nostoja paikallisista Ohjaamoista. "
            "Rajaa uutisia aiheen, Ohjaamon tai vuoden mukaan, tai tilaa ne syötteenä.",
        },
        "sv": {
            "title": "Nyheter",
            "slug": "nyheter",
            "intro": "Nationella nyheter om Navigatorerna och aktuellt från de lokala "
            "Navigatorerna. Avgränsa nyheterna efter ämne, Navigator eller år, eller "
            "prenumerera på dem som flöde.",
        },
        "en": {
            "title": "News",
            "slug": "news",
            "intro": "National news of the Ohjaamo network and highlights from local Ohjaamo "
            "centres. Narrow the news down by topic, Ohjaamo or year, or follow them as a feed.",
        },
    }[lang]


def publication_index_fields(lang):
    return {
        "fi": {
            "title": "Julkaisut",
            "slug": "julkaisut",
            "intro": "Tutkimuksia, raportteja, oppaita ja kirjoja Ohjaamo-toiminnasta ja "
            "nuorten monialaisesta ohjauksesta. Jokaisesta julkaisusta saat lähdeviitteen "
            "valmiina.",
        },
        "sv": {
            "title": "Publikationer",
            "slug": "publikationer",
            "intro": "Undersökningar, rapporter, guider och böcker om Navigatorernas arbete och "
            "sektorsövergripande vägledning för unga. Till varje publikation finns en färdig "
            "källhänvisning.",
        },
        "en": {
            "title": "Publications",
            "slug": "publications",
            "intro": "Research, reports, guides and books on Ohjaamo centres and "
            "multi-professional guidance for young people. Every publication comes with a "
            "ready-made citation.",
        },
    }[lang]


# --- Publications --------------------------------------------------------------------------------


def kohtaamo_book(lang):
    t = {
        "fi": {
            "publisher": "Keski-Suomen ELY-keskus",
            "abstract": "Kirja kokoaa Kohtaamo-koordinaatiohankkeen työn vuosilta 2014–2021. "
            "Hanke tuki nuorten Ohjaamoja niiden perustamisesta vakiintumiseen ja rakensi "
            "Ohjaamojen valtakunnallista verkostoa.\n\n"
            "Usean kirjoittajan artikkelit käsittelevät monialaisen yhteistyön ja verkostojen "
            "tukemista, luottamuksen rakentamista hallinnon eri tasoilla, Ohjaamo-brändin ja "
            "viestinnän kehittämistä, tutkimus- ja tilastotietoa vaikuttamistyön pohjana sekä "
            "tietoturvallisen verkko-ohjauspalvelun ohjaustaverkossa.fi rakentamista. Kirja "
            "kertoo myös, millaisia haasteita valtakunnallisessa koordinaatiossa kohdattiin ja "
            "miten niihin vastattiin.",
        },
        "sv": {
            "publisher": "NTM-centralen i Mellersta Finland",
            "abstract": "Boken sammanfattar arbetet i samordningsprojektet Kohtaamo åren "
            "2014–2021. Projektet stödde Navigatorerna för unga från grundandet till permanent "
            "verksamhet och byggde upp deras nationella nätverk.\n\n"
            "Artiklarna av flera skribenter handlar om att stödja sektorsövergripande samarbete "
            "och nätverk, att bygga förtroende på olika förvaltningsnivåer, att utveckla "
            "varumärket och kommunikationen, om forsknings- och statistikuppgifter som grund "
            "för påverkansarbetet och om hur den datasäkra vägledningstjänsten "
            "ohjaustaverkossa.fi byggdes. Boken berättar också vilka utmaningar den nationella "
            "samordningen mötte och hur de löstes.",
        },
        "en": {
            "publisher": "Centre for Economic Development, Transport and the Environment for "
            "Central Finland",
            "abstract": "The book brings together the work of the Kohtaamo coordination project "
            "in 2014–2021. The project supported Ohjaamo centres for young people from their "
            "founding until they became permanent, and built their national network.\n\n"
            "Chapters by several authors deal with supporting multi-professional cooperation "
            "and networks, building trust across levels of administration, developing the "
            "Ohjaamo brand and communications, research and statistics as a basis for "
            "advocacy, and building the secure online guidance service ohjaustaverkossa.fi. "
            "The book also tells what challenges national coordination met and how they were "
            "answered. The book is in Finnish.",
        },
    }[lang]
    return {
        "title": "Ohjaamoja tukemassa ja verkko-ohjausta kehittämässä",
        "slug": "ohjaamoja-tukemassa-ja-verkko-ohjausta-kehittamassa",
        "subtitle": "KOHTAAMO-HANKE 2014–2021",
        "publication_type": "book",
        "year": 2021,
        "publisher": t["publisher"],
        "abstract": t["abstract"],
        "external_url": DOCUMENT_HANDLE,
        "handle_url": DOCUMENT_HANDLE,
        "_authors": [{"organisation": "Kohtaamo-hanke", "role": "author"}],
        "_languages": ["fi"],
    }


def campaign_kit(lang):
    t = {
        "fi": {
            "title": "Ohjaamo-viikko 2026",
            "slug": "ohjaamo-viikko-2026-viestintapaketti",
            "subtitle": "Viestintäpaketti Ohjaamoille",
            "publisher": "KEHA-keskus",
            "abstract": "Paketti auttaa Ohjaamoja kertomaan valtakunnallisesta Ohjaamo-viikosta "
            "omalla paikkakunnallaan. Siinä on valmiita tekstejä verkkosivuille ja "
            "sosiaaliseen mediaan, vinkkejä avointen ovien järjestämiseen sekä ohjeet "
            "kampanjan tunnuksen ja kuvien käyttöön.\n\n"
            "Paketti on saatavilla suomeksi, ruotsiksi ja englanniksi. Ohjaamot saavat sen "
            "valtakunnalliselta tukitiimiltä.",
        },
        "sv": {
            "title": "Navigatorveckan 2026",
            "slug": "navigatorveckan-2026-kommunikationspaket",
            "subtitle": "Kommunikationspaket för Navigatorerna",
            "publisher": "KEHA-centralen",
            "abstract": "Paketet hjälper Navigatorerna att berätta om den nationella "
            "Navigatorveckan på sin egen ort. Det innehåller färdiga texter för webbplatsen och "
            "sociala medier, tips för att ordna öppet hus samt anvisningar för hur kampanjens "
            "symbol och bilder används.\n\n"
            "Paketet finns på finska, svenska och engelska. Navigatorerna får det av det "
            "nationella stödteamet.",
        },
        "en": {
            "title": "Ohjaamo week 2026",
            "slug": "ohjaamo-week-2026-communication-kit",
            "subtitle": "A communication kit for Ohjaamo centres",
            "publisher": "KEHA Centre",
            "abstract": "The kit helps Ohjaamo centres tell people in their own town about the "
            "national Ohjaamo week. It holds ready-made texts for websites and social media, "
            "tips for organising an open house, and guidance on using the campaign's logo and "
            "images.\n\n"
            "The kit is available in Finnish, Swedish and English. Ohjaamo centres get it from "
            "the national support team.",
        },
    }[lang]
    return {
        **t,
        "publication_type": "guide",
        "year": 2026,
        "_authors": [{"organisation": "KEHA-keskus", "role": "author"}],
        "_languages": ["fi", "sv", "en"],
    }


# --- National news -------------------------------------------------------------------------------


def support_news(lang, book_id):
    t = {
        "fi": {
            "title": "Ohjaamojen valtakunnallinen tuki vakiintuu",
            "slug": "ohjaamojen-valtakunnallinen-tuki-vakiintuu",
            "lead": "Euroopan sosiaalirahaston ohjelmakauden 2014–2021 päättyessä Ohjaamojen "
            "valtakunnallinen tuki ja koordinaatio siirtyvät pysyvästi KEHA-keskukseen. "
            "Samalla ilmestyy kirja Kohtaamo-hankkeen seitsemästä vuodesta.",
            "p1": "<p>Euroopan sosiaalirahasto on kuluneella ohjelmakaudella rahoittanut "
            "kymmeniä hankkeita, joilla nuorten Ohjaamoja on perustettu eri puolille Suomea – "
            "suuriin kaupunkeihin ja pieniin kuntiin. Valtio ja kunnat ovat jo ohjelmakauden "
            "aikana varanneet rahoitusta siihen, että toiminta jatkuu hankkeiden jälkeen. Nyt "
            "pysyväksi muuttuu myös Ohjaamoja yhdistävä valtakunnallinen tuki.</p>",
            "h1": "Tukitiimi KEHA-keskukseen",
            "p2": "<p>Hankevaiheen jälkeen Ohjaamojen tuesta ja koordinaatiosta vastaa "
            "KEHA-keskuksen toiminnan kehittämisyksikkö, johon rekrytoidaan syksyn aikana uusi "
            "monialaisten palvelujen tukitiimi. Kevään budjettiriihessä sovittiin lisäksi, että "
            "monialaisista palveluista aletaan valmistella lakia, kunnille kehitetään "
            "kannustinmalli Ohjaamo-toiminnan rahoittamiseen ja nuorten psykososiaalinen tuki "
            "tehdään pysyväksi osaksi Ohjaamojen palveluja.</p>",
            "h2": "Kirja Kohtaamo-hankkeen työstä",
            "p3": "<p>Kohtaamo-koordinaatiohanke on tukenut Ohjaamoja niiden perustamisesta "
            'lähtien. Uusi kirja <a linktype="page" id="{book}">Ohjaamoja tukemassa ja '
            "verkko-ohjausta kehittämässä</a> kertoo usean kirjoittajan voimin, miten "
            "monialaista yhteistyötä ja verkostoja tuettiin, miten Ohjaamo-brändi rakennettiin "
            "alusta asti, mitä tutkimus ja tilastot antoivat vaikuttamistyölle ja miten "
            "tietoturvallinen verkko-ohjauspalvelu ohjaustaverkossa.fi syntyi.</p>",
            "cta_title": "Lue kirja verkossa",
            "cta_text": "<p>Julkaisu on luettavissa maksutta Doria-palvelussa.</p>",
            "cta_button": "Avaa julkaisu Doriassa",
            "role": "Ohjaamojen valtakunnallinen tukitiimi",
            "organisation": "KEHA-keskus",
        },
        "sv": {
            "title": "Det nationella stödet för Navigatorerna blir permanent",
            "slug": "det-nationella-stodet-for-navigatorerna-blir-permanent",
            "lead": "När Europeiska socialfondens programperiod 2014–2021 tar slut flyttar det "
            "nationella stödet och samordningen av Navigatorerna permanent till KEHA-centralen. "
            "Samtidigt kommer en bok om Kohtaamo-projektets sju år.",
            "p1": "<p>Under programperioden har Europeiska socialfonden finansierat tiotals "
            "projekt som grundat Navigatorer för unga runt om i Finland – i stora städer och i "
            "små kommuner. Staten och kommunerna har redan under perioden reserverat pengar för "
            "att verksamheten ska fortsätta efter projekten. Nu blir också det nationella stöd "
            "som förenar Navigatorerna permanent.</p>",
            "h1": "Stödteamet till KEHA-centralen",
            "p2": "<p>Efter projektfasen ansvarar KEHA-centralens enhet för "
            "verksamhetsutveckling för stödet och samordningen av Navigatorerna. Dit rekryteras "
            "under hösten ett nytt stödteam för sektorsövergripande tjänster. Vid vårens "
            "budgetmangling kom man också överens om att bereda en lag om sektorsövergripande "
            "tjänster, att utveckla en sporrmodell för kommunernas finansiering av Navigatorerna "
            "och att göra det psykosociala stödet för unga till en permanent del av "
            "Navigatorernas tjänster.</p>",
            "h2": "En bok om Kohtaamo-projektets arbete",
            "p3": "<p>Samordningsprojektet Kohtaamo har stött Navigatorerna sedan de grundades. "
            'I den nya boken <a linktype="page" id="{book}">Ohjaamoja tukemassa ja '
            "verkko-ohjausta kehittämässä</a> berättar flera skribenter hur sektorsövergripande "
            "samarbete och nätverk stöddes, hur varumärket byggdes upp från början, vad "
            "forskning och statistik gav påverkansarbetet och hur den datasäkra "
            "vägledningstjänsten ohjaustaverkossa.fi kom till.</p>",
            "cta_title": "Läs boken på nätet",
            "cta_text": "<p>Publikationen (på finska) kan läsas avgiftsfritt i tjänsten Doria.</p>",
            "cta_button": "Öppna publikationen i Doria",
            "role": "Det nationella stödteamet för Navigatorerna",
            "organisation": "KEHA-centralen",
        },
        "en": {
            "title": "National support for Ohjaamo centres becomes permanent",
            "slug": "national-support-for-ohjaamo-centres-becomes-permanent",
            "lead": "As the European Social Fund's programme period 2014–2021 ends, national "
            "support and coordination of Ohjaamo centres moves permanently to the KEHA Centre. "
            "A book on the Kohtaamo project's seven years comes out at the same time.",
            "p1": "<p>During the programme period the European Social Fund financed dozens of "
            "projects that founded Ohjaamo centres for young people around Finland – in big "
            "cities and small municipalities. The state and the municipalities have already "
            "set aside funding so that the work goes on after the projects. Now the national "
            "support that connects the Ohjaamo centres becomes permanent too.</p>",
            "h1": "A support team at the KEHA Centre",
            "p2": "<p>After the project phase, the KEHA Centre's operations development unit is "
            "responsible for supporting and coordinating Ohjaamo centres; a new support team "
            "for multi-professional services is recruited there during the autumn. The "
            "government's spring budget talks also agreed to start drafting legislation on "
            "multi-professional services, to develop an incentive model for municipalities "
            "funding Ohjaamo centres, and to make psychosocial support for young people a "
            "permanent part of Ohjaamo services.</p>",
            "h2": "A book on the Kohtaamo project",
            "p3": "<p>The Kohtaamo coordination project has supported Ohjaamo centres since "
            'they were founded. In the new book <a linktype="page" id="{book}">Ohjaamoja '
            "tukemassa ja verkko-ohjausta kehittämässä</a> several authors tell how "
            "multi-professional cooperation and networks were supported, how the Ohjaamo brand "
            "was built from the start, what research and statistics gave to advocacy, and how "
            "the secure online guidance service ohjaustaverkossa.fi came about.</p>",
            "cta_title": "Read the book online",
            "cta_text": "<p>The publication (in Finnish) is free to read in the Doria "
            "repository.</p>",
            "cta_button": "Open the publication in Doria",
            "role": "National support team for Ohjaamo centres",
            "organisation": "KEHA Centre",
        },
    }[lang]
    return {
        "title": t["title"],
        "slug": t["slug"],
        "date": at(2021, 6, 10, 10),
        "lead": t["lead"],
        "search_description": t["lead"],
        "body": [
            ("paragraph", t["p1"]),
            ("heading", {"text": t["h1"], "level": "h2"}),
            ("paragraph", t["p2"]),
            ("heading", {"text": t["h2"], "level": "h2"}),
            ("paragraph", t["p3"].replace("{book}", str(book_id))),
            (
                "call_to_action",
                {
                    "title": t["cta_title"],
                    "text": t["cta_text"],
                    "link": {"page": None, "url": DOCUMENT_HANDLE},
                    "button_label": t["cta_button"],
                },
            ),
        ],
        "_contacts": [
            {"role": t["role"], "organisation": t["organisation"], "email": NATIONAL_CONTACT_EMAIL}
        ],
        "_categories": ["network", "publications"],
        "_tags": ["keha-centre", "online-guidance"],
    }


def campaign_news(lang):
    t = {
        "fi": {
            "title": "Valtakunnallinen Ohjaamo-viikko 30.11.–4.12.2026",
            "slug": "ohjaamo-viikko-2026",
            "lead": "Ohjaamo-viikolla Ohjaamot eri puolilla Suomea avaavat ovensa ja näyttävät, "
            "miten alle 30-vuotias saa apua opiskeluun, työhön ja arkeen – ilman ajanvarausta.",
            "p1": "<p>Ohjaamo on paikka, johon voi tulla kysymään mitä tahansa omaan "
            "tulevaisuuteen liittyvää. Ohjaamo-viikolla haluamme, että mahdollisimman moni "
            "nuori löytää lähimmän Ohjaamon ja tietää, että sinne saa tulla sellaisenaan.</p>",
            "h1": "Mitä viikolla tapahtuu?",
            "p2": "<ul><li>avoimet ovet ja tutustumiskäynnit</li><li>pajoja työnhakuun ja "
            "opiskelupaikan hakuun</li><li>verkko-ohjauksen päivystyksiä</li><li>Ohjaamojen "
            "somekampanja tunnisteella #Ohjaamoviikko</li></ul>"
            "<p>Kunkin Ohjaamon oma ohjelma löytyy sen sivulta.</p>",
            "quote": "Ohjaamoon ei tarvitse tulla valmiin kysymyksen kanssa. Mietitään yhdessä.",
            "who": "Ohjaamon ohjaaja",
            "role": "Ohjaamojen valtakunnallinen tukitiimi, viestintä",
            "organisation": "KEHA-keskus",
        },
        "sv": {
            "title": "Den nationella Navigatorveckan 30.11–4.12.2026",
            "slug": "navigatorveckan-2026",
            "lead": "Under Navigatorveckan öppnar Navigatorerna runt om i Finland sina dörrar "
            "och visar hur unga under 30 år får hjälp med studier, arbete och vardag – utan "
            "tidsbokning.",
            "p1": "<p>Navigatorn är ett ställe dit du kan komma och fråga om vad som helst som "
            "gäller din framtid. Under Navigatorveckan vill vi att så många unga som möjligt "
            "hittar sin närmaste Navigator och vet att de är välkomna precis som de är.</p>",
            "h1": "Vad händer under veckan?",
            "p2": "<ul><li>öppet hus och studiebesök</li><li>verkstäder för jobbsökning och "
            "ansökan till studier</li><li>jourer för vägledning på nätet</li><li>Navigatorernas "
            "kampanj i sociala medier med taggen #Ohjaamoviikko</li></ul>"
            "<p>Varje Navigators eget program finns på dess sida.</p>",
            "quote": "Du behöver inte ha en färdig fråga när du kommer till Navigatorn. Vi "
            "funderar tillsammans.",
            "who": "Handledare på Navigatorn",
            "role": "Det nationella stödteamet för Navigatorerna, kommunikation",
            "organisation": "KEHA-centralen",
        },
        "en": {
            "title": "National Ohjaamo week 30 November – 4 December 2026",
            "slug": "ohjaamo-week-2026",
            "lead": "During Ohjaamo week, Ohjaamo centres around Finland open their doors and "
            "show how young people under 30 get help with studies, work and everyday life – no "
            "appointment needed.",
            "p1": "<p>Ohjaamo is a place where you can come and ask about anything to do with "
            "your future. During Ohjaamo week we want as many young people as possible to find "
            "their nearest Ohjaamo and to know that they are welcome just as they are.</p>",
            "h1": "What happens during the week?",
            "p2": "<ul><li>open houses and visits</li><li>workshops on job seeking and "
            "applying for studies</li><li>online guidance drop-in hours</li><li>the Ohjaamo "
            "centres' social media campaign with the tag #Ohjaamoviikko</li></ul>"
            "<p>Each Ohjaamo's own programme is on its page.</p>",
            "quote": "You don't need a ready question to come to Ohjaamo. We'll think it "
            "through together.",
            "who": "Ohjaamo counsellor",
            "role": "National support team for Ohjaamo centres, communications",
            "organisation": "KEHA Centre",
        },
    }[lang]
    return {
        "title": t["title"],
        "slug": t["slug"],
        "date": at(2026, 11, 16),
        "lead": t["lead"],
        "search_description": t["lead"],
        "hero_decorative": True,
        "show_on_ohjaamo_pages": True,
        "body": [
            ("paragraph", t["p1"]),
            ("heading", {"text": t["h1"], "level": "h2"}),
            ("paragraph", t["p2"]),
            ("quote", {"quote": t["quote"], "attribution": t["who"]}),
        ],
        "_contacts": [
            {"role": t["role"], "organisation": t["organisation"], "email": NATIONAL_CONTACT_EMAIL}
        ],
        "_categories": ["campaigns", "events"],
        "_tags": ["ohjaamo-week"],
    }


# --- Local news ----------------------------------------------------------------------------------


def helsinki_open_house(lang):
    t = {
        "fi": {
            "title": "Avoimet ovet Ohjaamo Helsingissä keskiviikkona 2.12.",
            "slug": "avoimet-ovet-2-12",
            "lead": "Tule tutustumaan Ohjaamo Helsinkiin Ohjaamo-viikon keskiviikkona. Paikalla "
            "ovat ohjaajat, nuorisotyöntekijät sekä Kelan ja työllisyyspalvelujen "
            "asiantuntijat.",
            "p1": "<p>Avointen ovien iltapäivänä voit kysyä neuvoa ilman jonotusta, kiertää "
            "tiloissa ja jutella ohjaajien kanssa. Voit tulla yksin tai kaverin kanssa. Tarjolla "
            "on välipalaa.</p>",
            "event": "Ohjaamo Helsingin avoimet ovet",
            "place": "Ohjaamo Helsinki",
            "desc": "<p>Ei ilmoittautumista. Tilat ovat esteettömät.</p>",
        },
        "sv": {
            "title": "Öppet hus på Navigatorn Helsingfors onsdagen 2.12",
            "slug": "oppet-hus-2-12",
            "lead": "Kom och bekanta dig med Navigatorn Helsingfors på onsdagen under "
            "Navigatorveckan. På plats finns handledare, ungdomsarbetare och experter från FPA "
            "och sysselsättningstjänsterna.",
            "p1": "<p>Under eftermiddagen med öppet hus kan du fråga om råd utan att köa, gå "
            "runt i lokalerna och prata med handledarna. Du kan komma ensam eller med en kompis. "
            "Det bjuds på mellanmål.</p>",
            "event": "Öppet hus på Navigatorn Helsingfors",
            "place": "Navigatorn Helsingfors",
            "desc": "<p>Ingen anmälan. Lokalerna är tillgängliga.</p>",
        },
    }[lang]
    return {
        "title": t["title"],
        "slug": t["slug"],
        "date": at(2026, 11, 18),
        "lead": t["lead"],
        "body": [
            ("paragraph", t["p1"]),
            (
                "event",
                {
                    "title": t["event"],
                    "date": datetime.date(2026, 12, 2),
                    "start_time": datetime.time(14, 0),
                    "end_time": datetime.time(18, 0),
                    "place": t["place"],
                    "description": t["desc"],
                },
            ),
        ],
        "_categories": ["events"],
        "_tags": ["open-house", "ohjaamo-week"],
    }


def tampere_workshop(lang):
    t = {
        "fi": {
            "title": "Tampereen Ohjaamon työnhakupaja alkaa tammikuussa",
            "slug": "tyonhakupaja-alkaa-tammikuussa",
            "lead": "Työnhakupajassa teet ansioluettelon, harjoittelet työhaastattelua ja haet "
            "kesätöitä yhdessä muiden nuorten kanssa. Paja kokoontuu tammi–helmikuussa kerran "
            "viikossa.",
            "p1": "<p>Pajaan voi tulla, vaikka ei olisi koskaan hakenut töitä. Ohjaaja auttaa "
            "löytämään omat vahvuudet ja kertomaan niistä työnantajalle. Mukana on myös "
            "työnantajavieraita, jotka kertovat, mitä he hakemuksissa arvostavat.</p>",
            "event": "Työnhakupaja, ensimmäinen kerta",
            "place": "Tampereen Ohjaamo",
            "desc": "<p>Ilmoittaudu Ohjaamon ohjaajalle tai tule suoraan paikalle.</p>",
        },
        "sv": {
            "title": "Jobbsökarverkstaden på Navigatorn i Tammerfors börjar i januari",
            "slug": "jobbsokarverkstaden-borjar-i-januari",
            "lead": "I jobbsökarverkstaden skriver du din meritförteckning, övar på "
            "anställningsintervjuer och söker sommarjobb tillsammans med andra unga. Verkstaden "
            "träffas en gång i veckan i januari–februari.",
            "p1": "<p>Du kan komma till verkstaden även om du aldrig har sökt jobb. Handledaren "
            "hjälper dig att hitta dina styrkor och berätta om dem för arbetsgivaren. Med är "
            "också arbetsgivare som berättar vad de uppskattar i ansökningar.</p>",
            "event": "Jobbsökarverkstad, första träffen",
            "place": "Navigatorn i Tammerfors",
            "desc": "<p>Anmäl dig till en handledare på Navigatorn eller kom direkt.</p>",
        },
        "en": {
            "title": "Tampere Ohjaamo's job-seeking workshop starts in January",
            "slug": "job-seeking-workshop-starts-in-january",
            "lead": "In the job-seeking workshop you write your CV, practise job interviews and "
            "apply for summer jobs together with other young people. The workshop meets once a "
            "week in January and February.",
            "p1": "<p>You can join even if you have never applied for a job. A counsellor helps "
            "you find your strengths and tell employers about them. Employers also visit to "
            "tell what they value in applications.</p>",
            "event": "Job-seeking workshop, first session",
            "place": "Tampere Ohjaamo",
            "desc": "<p>Sign up with an Ohjaamo counsellor or just come along.</p>",
        },
    }[lang]
    return {
        "title": t["title"],
        "slug": t["slug"],
        "date": at(2026, 11, 12),
        "lead": t["lead"],
        "proposed_for_national": True,
        "accepted_nationally": True,
        "body": [
            ("paragraph", t["p1"]),
            (
                "event",
                {
                    "title": t["event"],
                    "date": datetime.date(2027, 1, 12),
                    "start_time": datetime.time(13, 0),
                    "end_time": datetime.time(15, 0),
                    "place": t["place"],
                    "description": t["desc"],
                },
            ),
        ],
        "_categories": ["services", "events"],
        "_tags": ["job-seeking"],
    }


def turku_psychologist(lang):
    t = {
        "fi": {
            "title": "Psykologin drop-in-vastaanotto tiistaisin",
            "slug": "psykologin-drop-in-tiistaisin",
            "lead": "Turun Ohjaamossa voit jutella psykologin kanssa tiistaisin ilman "
            "ajanvarausta. Keskustelu on maksutonta ja luottamuksellista.",
            "p1": "<p>Joskus arki tuntuu raskaalta, eikä tiedä, kenelle siitä puhuisi. "
            "Psykologin kanssa voit miettiä, mikä painaa ja mistä saisit apua. Yksi keskustelu "
            "voi riittää, tai voitte sopia seuraavasta tapaamisesta.</p>"
            "<p>Drop-in on avoinna tiistaisin kello 12–16. Jos jonoa on, ohjaaja kertoo "
            "odotusajan ja voit varata myös ajan myöhemmäksi.</p>",
        },
    }[lang]
    return {
        "title": t["title"],
        "slug": t["slug"],
        "date": at(2026, 10, 27),
        "lead": t["lead"],
        "proposed_for_national": True,
        "body": [("paragraph", t["p1"])],
        "_categories": ["services"],
        "_tags": ["wellbeing"],
    }


# --- Helpers -------------------------------------------------------------------------------------


def build(model, fields, terms=None):
    """An unsaved page from seed fields: keys starting with "_" are child objects."""
    from news.models import (
        NewsContact,
        NewsPageCategory,
        NewsPageTag,
        PublicationAuthor,
        PublicationLanguage,
    )

    plain = {k: v for k, v in fields.items() if not k.startswith("_") and k != "body"}
    instance = model(**plain)
    if "body" in fields:
        instance.body = fields["body"]
    if "_contacts" in fields:
        instance.contacts = [NewsContact(**c) for c in fields["_contacts"]]
    if "_authors" in fields:
        instance.authors = [PublicationAuthor(**a) for a in fields["_authors"]]
    if "_languages" in fields:
        instance.languages = [PublicationLanguage(language=code) for code in fields["_languages"]]
    if terms is not None:
        categories, tags = terms
        instance.category_links = [
            NewsPageCategory(category=categories[code]) for code in fields.get("_categories", [])
        ]
        instance.tag_links = [NewsPageTag(tag=tags[code]) for code in fields.get("_tags", [])]
    return instance


def seed_translated(ctx, parent, model, fields_for, langs=LANGS, user=None, terms=None):
    """The Finnish page under `parent` (created if missing) and its translations in `langs`
    (each only where the parent has a translation)."""
    source, created = add_child_page(parent, build(model, fields_for("fi"), terms), user)
    if created:
        ctx.count(str(model._meta.verbose_name_plural))
    for lang in langs:
        if lang == "fi":
            continue
        if parent.get_translation_or_none(locale(lang)) is None:
            ctx.log(f"  {parent.title}: no {lang} translation, {source.title} stays untranslated")
            continue
        translate(source, locale(lang), build(model, fields_for(lang)), ctx)
    return source


def seed_terms(ctx, model, terms):
    fi = locale("fi")
    result = {}
    for code, names in terms.items():
        source = model.objects.filter(locale=fi, code=code).first()
        if source is None:
            source = model.objects.create(locale=fi, code=code, name=names["fi"])
            ctx.count(str(model._meta.verbose_name_plural))
        for lang in LANGS[1:]:
            translate(source, locale(lang), model(name=names[lang], code=code), ctx)
        result[code] = source
    return result


def campaign_image(ctx):
    """A decorative campaign graphic drawn with Pillow (no external files or downloads)."""
    from PIL import Image, ImageDraw
    from wagtail.images import get_image_model

    image_model = get_image_model()
    existing = image_model.objects.filter(title=CAMPAIGN_IMAGE_TITLE).first()
    if existing is not None:
        return existing
    width, height = 1600, 900
    canvas = Image.new("RGB", (width, height), (11, 85, 102))
    draw = ImageDraw.Draw(canvas)
    draw.ellipse((980, -220, 1820, 620), fill=(255, 204, 51))
    draw.ellipse((-260, 420, 520, 1200), fill=(91, 42, 134))
    for i in range(6):
        x = 620 + i * 70
        draw.rounded_rectangle((x, 380 - i * 40, x + 44, 900), radius=22, fill=(243, 246, 247))
    buffer = io.BytesIO()
    canvas.save(buffer, format="PNG", optimize=True)
    image = image_model(
        title=CAMPAIGN_IMAGE_TITLE,
        file=ImageFile(buffer, name="ohjaamo-viikko-2026.png"),
        credit="KEHA-keskus",
    )
    image.save()
    ctx.count("images")
    return image


def grant_national_permissions(ctx):
    """The national team's groups (made by the teams seeder) may accept local news and push
    national news to every Ohjaamo page."""
    permissions = list(
        Permission.objects.filter(content_type__app_label="news", codename__in=NEWS_PERMISSIONS)
    )
    # The national groups by their marker (kohtaamo.NationalGroup), whatever they are called.
    for group in Group.objects.filter(national_role__isnull=False):
        missing = [p for p in permissions if not group.permissions.filter(pk=p.pk).exists()]
        if missing:
            group.permissions.add(*missing)
            ctx.count("group permissions", len(missing))


# Local news of three demo Ohjaamos, each in the languages its team publishes in.
LOCAL_PLAN = [
    ("ohjaamo-helsinki", helsinki_open_house, ("fi", "sv")),
    ("tampereen-ohjaamo", tampere_workshop, LANGS),
    ("turun-ohjaamo", turku_psychologist, ("fi",)),
]


def seed_local_news(ctx, terms, user=None):
    from locations.models import OhjaamoPage

    ohjaamos = {
        page.slug: page
        for page in OhjaamoPage.objects.filter(locale=locale("fi"), slug__in=LOCAL_SLUGS)
    }
    created = []
    for slug, fields_for, langs in LOCAL_PLAN:
        parent = ohjaamos.get(slug)
        if parent is None:
            ctx.log(f"  no Ohjaamo page {slug}: its local news is not seeded")
            continue
        created.append(seed_translated(ctx, parent, _news_model(), fields_for, langs, user, terms))
    return created


def _news_model():
    from news.models import NewsPage

    return NewsPage


@seeder(order=40)
def seed_news(ctx):
    from news.models import (
        NewsCategory,
        NewsIndexPage,
        NewsTag,
        PublicationIndexPage,
        PublicationPage,
    )

    user = ctx.objects.get("user")
    home = ctx.objects["home"]
    categories = seed_terms(ctx, NewsCategory, CATEGORIES)
    tags = seed_terms(ctx, NewsTag, TAGS)
    terms = (categories, tags)

    library = seed_translated(ctx, home, PublicationIndexPage, publication_index_fields, user=user)
    book = seed_translated(ctx, library, PublicationPage, kohtaamo_book, user=user)
    seed_translated(ctx, library, PublicationPage, campaign_kit, user=user)

    news_index = seed_translated(ctx, home, NewsIndexPage, news_index_fields, user=user)
    seed_translated(
        ctx,
        news_index,
        _news_model(),
        lambda lang: support_news(lang, book.pk),
        user=user,
        terms=terms,
    )
    image = campaign_image(ctx)
    seed_translated(
        ctx,
        news_index,
        _news_model(),
        lambda lang: campaign_news(lang) | {"hero_image": image},
        user=user,
        terms=terms,
    )
    seed_local_news(ctx, terms, user)
    grant_national_permissions(ctx)

    ctx.objects.update(
        {"news_index": news_index, "publication_index": library, "kohtaamo_book": book}
    )
    ctx.objects.setdefault("navigation", []).extend([news_index, library])


@resetter
def reset_news(ctx):
    from wagtail.images import get_image_model

    from news.models import NewsCategory, NewsTag

    NewsCategory.objects.filter(code__in=CATEGORIES).delete()
    NewsTag.objects.filter(code__in=TAGS).delete()
    get_image_model().objects.filter(title=CAMPAIGN_IMAGE_TITLE).delete()
