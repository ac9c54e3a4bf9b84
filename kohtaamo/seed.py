"""Core demo content: the three language trees, the national pages, navigation, footer and (where
settings allow it) a local admin account. Finnish is written first; Swedish and English are made
from it through wagtail-localize (see kohtaamo.seeding.translate)."""

import datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from wagtail.models import Page, Site

from kohtaamo.models import (
    AccessibilityStatementPage,
    ContentPage,
    FooterSettings,
    HomePage,
    NavigationItem,
    NavigationSettings,
    SocialLink,
)
from kohtaamo.seeding import add_child_page, locale, seeder, translate

DEMO_ADMIN_USERNAME = "admin"
DEMO_ADMIN_PASSWORD = "kohtaamo-demo-admin"  # development and tests only, never in production
ONLINE_GUIDANCE_URL = "https://ohjaustaverkossa.fi/"

LANGS = ("fi", "sv", "en")


def home_fields(lang):
    return {
        "fi": {
            "title": "Ohjaamo",
            "slug": "etusivu",
            "search_description": "Ohjaamo on alle 30-vuotiaiden maksuton ohjauspalvelu: apua "
            "opiskeluun, työhön, arkeen ja hyvinvointiin samasta paikasta.",
            "hero_heading": "Apua opiskeluun, työhön ja arkeen – yhdestä paikasta",
            "hero_text": "Ohjaamo on alle 30-vuotiaiden matalan kynnyksen palvelupiste. Tule "
            "käymään, soita tai kysy verkossa – ilman ajanvarausta ja maksutta.",
            "intro": "<p>Ohjaamossa saat saman katon alta neuvoja ja tukea opiskelupaikan "
            "etsimiseen, työnhakuun, raha-asioihin, asumiseen ja jaksamiseen. Sinun ei tarvitse "
            "tietää etukäteen, kenen puoleen kääntyä: ohjaaja kuuntelee ja etsii kanssasi "
            "oikeat palvelut.</p>",
            "finder_heading": "Löydä lähin Ohjaamo",
            "finder_text": "Kirjoita postinumerosi tai kotikuntasi, niin näet sinua lähinnä "
            "olevat Ohjaamot ja niiden aukioloajat.",
        },
        "sv": {
            "title": "Navigatorn",
            "slug": "startsida",
            "search_description": "Navigatorn är en avgiftsfri vägledningstjänst för unga under "
            "30 år: hjälp med studier, arbete, vardag och välmående på ett och samma ställe.",
            "hero_heading": "Hjälp med studier, arbete och vardag – på ett ställe",
            "hero_text": "Navigatorn är ett lågtröskelställe för unga under 30 år. Kom förbi, "
            "ring eller fråga på nätet – utan tidsbokning och avgiftsfritt.",
            "intro": "<p>På Navigatorn får du under samma tak råd och stöd när du söker "
            "studieplats eller jobb och med pengar, boende och ork. Du behöver inte veta på "
            "förhand vem du ska vända dig till: handledaren lyssnar och letar tillsammans med "
            "dig fram de rätta tjänsterna.</p>",
            "finder_heading": "Hitta närmaste Navigatorn",
            "finder_text": "Skriv ditt postnummer eller din hemkommun så ser du de närmaste "
            "Navigatorerna och deras öppettider.",
        },
        "en": {
            "title": "Ohjaamo",
            "slug": "home",
            "search_description": "Ohjaamo is a free guidance service for young people under "
            "30: help with studies, work, everyday life and wellbeing in one place.",
            "hero_heading": "Help with studies, work and everyday life – in one place",
            "hero_text": "Ohjaamo is a low-threshold service point for young people under 30. "
            "Drop in, call or ask online – no appointment needed and free of charge.",
            "intro": "<p>At Ohjaamo you get advice and support under one roof when you look "
            "for a place to study or a job, and with money, housing and coping. You do not need "
            "to know in advance whom to ask: a counsellor listens and finds the right services "
            "with you.</p>",
            "finder_heading": "Find your nearest Ohjaamo",
            "finder_text": "Type your postal code or home municipality to see the Ohjaamo "
            "centres nearest to you and their opening hours.",
        },
    }[lang]


def what_is_ohjaamo(lang):
    t = {
        "fi": {
            "title": "Mikä Ohjaamo on?",
            "slug": "mika-ohjaamo-on",
            "intro": "Ohjaamo on alle 30-vuotiaiden yhden luukun palvelupiste, jossa ohjaus, "
            "neuvonta ja tuki tulevat saman katon alle – kasvokkain ja verkossa.",
            "p1": "<p>Ohjaamoissa työskentelee eri alojen ammattilaisia: ohjaajia, "
            "nuorisotyöntekijöitä, TE-palvelujen ja Kelan asiantuntijoita, sosiaalityöntekijöitä "
            "sekä psykologeja ja terveydenhoitajia. Koska he ovat samassa paikassa, sinun ei "
            "tarvitse kulkea luukulta toiselle.</p>",
            "h1": "Yhteinen toimintamalli",
            "p2": "<p>Jokainen Ohjaamo on paikallinen, mutta toiminta perustuu yhteisiin "
            "periaatteisiin:</p><ul><li>lähdetään liikkeelle nuoren omista ja muuttuvista "
            "tarpeista</li><li>nuori osallistuu oman asiansa suunnitteluun</li><li>toimijat "
            "sopivat yhteisestä konseptista, rahoituksesta, tiloista ja osaamisen "
            "kehittämisestä</li><li>sama palvelu toimii kasvokkain ja verkossa</li></ul>",
            "faq": "Usein kysyttyä",
            "q1": "Maksaako Ohjaamon palvelu jotain?",
            "a1": "<p>Ei. Kaikki Ohjaamon palvelut ovat maksuttomia.</p>",
            "q2": "Tarvitsenko ajanvarauksen?",
            "a2": "<p>Et tarvitse. Voit tulla käymään aukioloaikana, ja voit myös sopia ajan "
            "etukäteen, jos se sopii sinulle paremmin.</p>",
            "q3": "Voinko asioida nimettömänä?",
            "a3": "<p>Voit kysyä neuvoa kertomatta nimeäsi. Jos asiasi vaatii esimerkiksi "
            "hakemuksen tekemistä, tarvitaan henkilötietoja, ja niitä käsitellään "
            "luottamuksellisesti.</p>",
            "quote": "Tulin kysymään opiskelupaikasta ja sain samalla apua asuntoasioihin.",
            "who": "Ohjaamon asiakas",
            "cta_title": "Etkö pääse paikan päälle?",
            "cta_text": "<p>Ohjausta saa myös verkossa: kirjoita tai sovi videotapaaminen "
            "ohjaajan kanssa.</p>",
            "cta_button": "Siirry verkko-ohjaukseen",
        },
        "sv": {
            "title": "Vad är Navigatorn?",
            "slug": "vad-ar-navigatorn",
            "intro": "Navigatorn är en serviceplats för unga under 30 år där vägledning, "
            "rådgivning och stöd finns under samma tak – både ansikte mot ansikte och på nätet.",
            "p1": "<p>På Navigatorn arbetar yrkesfolk från olika områden: handledare, "
            "ungdomsarbetare, experter från arbets- och näringstjänsterna och FPA, "
            "socialarbetare samt psykologer och hälsovårdare. Eftersom de finns på samma ställe "
            "behöver du inte gå från lucka till lucka.</p>",
            "h1": "En gemensam verksamhetsmodell",
            "p2": "<p>Varje Navigator är lokal, men verksamheten bygger på gemensamma "
            "principer:</p><ul><li>utgångspunkten är den ungas egna och föränderliga "
            "behov</li><li>den unga är med och planerar sitt eget ärende</li><li>aktörerna "
            "kommer överens om ett gemensamt koncept, finansiering, lokaler och "
            "kompetensutveckling</li><li>samma tjänst fungerar ansikte mot ansikte och på "
            "nätet</li></ul>",
            "faq": "Vanliga frågor",
            "q1": "Kostar Navigatorns tjänster något?",
            "a1": "<p>Nej. Alla Navigatorns tjänster är avgiftsfria.</p>",
            "q2": "Behöver jag boka tid?",
            "a2": "<p>Nej. Du kan komma förbi under öppettiderna, och du kan också boka en tid "
            "på förhand om det passar dig bättre.</p>",
            "q3": "Kan jag vara anonym?",
            "a3": "<p>Du kan fråga om råd utan att uppge ditt namn. Om ditt ärende kräver till "
            "exempel en ansökan behövs personuppgifter, och de behandlas "
            "konfidentiellt.</p>",
            "quote": "Jag kom för att fråga om en studieplats och fick samtidigt hjälp med "
            "boendet.",
            "who": "Kund på Navigatorn",
            "cta_title": "Kan du inte komma på plats?",
            "cta_text": "<p>Vägledning finns också på nätet: skriv eller boka ett videomöte med "
            "en handledare.</p>",
            "cta_button": "Till vägledningen på nätet",
        },
        "en": {
            "title": "What is Ohjaamo?",
            "slug": "what-is-ohjaamo",
            "intro": "Ohjaamo is a one-stop service point for young people under 30 where "
            "guidance, advice and support are under one roof – face to face and online.",
            "p1": "<p>Professionals from many fields work at Ohjaamo: counsellors, youth "
            "workers, experts from employment services and Kela, social workers, psychologists "
            "and nurses. Because they are in the same place, you do not have to go from one "
            "office to another.</p>",
            "h1": "A shared way of working",
            "p2": "<p>Every Ohjaamo is local, but they all work on shared principles:</p><ul><li>"
            "start from the young person's own, changing needs</li><li>the young person takes "
            "part in planning their own matter</li><li>the partners agree on a shared concept, "
            "funding, premises and skills development</li><li>the same service works face to "
            "face and online</li></ul>",
            "faq": "Frequently asked questions",
            "q1": "Does Ohjaamo cost anything?",
            "a1": "<p>No. All Ohjaamo services are free of charge.</p>",
            "q2": "Do I need an appointment?",
            "a2": "<p>No. You can drop in during opening hours, and you can also book a time in "
            "advance if that suits you better.</p>",
            "q3": "Can I stay anonymous?",
            "a3": "<p>You can ask for advice without giving your name. If your matter needs, "
            "for example, an application, personal data is needed, and it is handled in "
            "confidence.</p>",
            "quote": "I came to ask about a study place and got help with housing at the same "
            "time.",
            "who": "Ohjaamo client",
            "cta_title": "Can't come in person?",
            "cta_text": "<p>Guidance is also available online: write or book a video meeting "
            "with a counsellor.</p>",
            "cta_button": "Go to online guidance",
        },
    }[lang]
    return {
        "title": t["title"],
        "slug": t["slug"],
        "search_description": t["intro"],
        "intro": t["intro"],
        "body": [
            ("paragraph", t["p1"]),
            ("heading", {"text": t["h1"], "level": "h2"}),
            ("paragraph", t["p2"]),
            (
                "accordion",
                {
                    "heading": t["faq"],
                    "items": [
                        {"question": t["q1"], "answer": t["a1"]},
                        {"question": t["q2"], "answer": t["a2"]},
                        {"question": t["q3"], "answer": t["a3"]},
                    ],
                },
            ),
            ("quote", {"quote": t["quote"], "attribution": t["who"]}),
            (
                "call_to_action",
                {
                    "title": t["cta_title"],
                    "text": t["cta_text"],
                    "link": {"page": None, "url": ONLINE_GUIDANCE_URL},
                    "button_label": t["cta_button"],
                },
            ),
        ],
    }


def national_support(lang):
    t = {
        "fi": {
            "title": "Kohtaamo ja Ohjaamojen valtakunnallinen tuki",
            "slug": "valtakunnallinen-tuki",
            "intro": "Ohjaamoja tukee valtakunnallisesti KEHA-keskus. Työ alkoi "
            "Kohtaamo-hankkeena vuonna 2014 ja on nyt vakiintunutta toimintaa.",
            "p1": "<p>Kohtaamo-koordinaatiohanke tuki Ohjaamoja niiden perustamisesta alkaen: "
            "se kokosi verkostoa, vahvisti yhteistä palvelukonseptia, rakensi Ohjaamo-brändiä ja "
            "tuotti tutkimus- ja tilastotietoa päätöksenteon tueksi. Hankkeessa rakennettiin "
            "myös tietoturvallinen verkko-ohjauspalvelu ohjaustaverkossa.fi monialaisen "
            "ohjaustyön välineeksi.</p>",
            "h1": "Tuki siirtyi KEHA-keskukseen",
            "p2": "<p>Euroopan sosiaalirahaston hankekauden päättyessä Ohjaamojen "
            "valtakunnallinen tuki ja koordinaatio vakinaistettiin KEHA-keskukseen. Samalla "
            "linjattiin monialaisia palveluja koskevan lainsäädännön valmistelusta ja nuorten "
            "psykososiaalisen tuen vakiinnuttamisesta osaksi Ohjaamo-palveluja.</p>",
            "caption": "Ohjaamojen valtakunnallisen tuen vaiheet",
            "th1": "Vuosi",
            "th2": "Mitä tapahtui",
            "r1": "Kohti Ohjaamoa -selvitys hallinnonalojen yhteistyöstä elinikäisessä ohjauksessa",
            "r2": "Kohtaamo-hanke tukee Ohjaamoja ja kehittää verkko-ohjausta",
            "r3": "Julkaisu Kohtaamo-hankkeen työstä vuosina 2014–2021",
            "r4": "Valtakunnallinen tuki vakiintuu KEHA-keskukseen",
        },
        "sv": {
            "title": "Kohtaamo och det nationella stödet för Navigatorerna",
            "slug": "nationellt-stod",
            "intro": "KEHA-centralen stöder Navigatorerna på nationell nivå. Arbetet började som "
            "projektet Kohtaamo år 2014 och är nu permanent verksamhet.",
            "p1": "<p>Samordningsprojektet Kohtaamo stödde Navigatorerna från början: det "
            "samlade nätverket, stärkte det gemensamma tjänstekonceptet, byggde upp "
            "varumärket och tog fram forsknings- och statistikuppgifter som stöd för "
            "beslutsfattandet. I projektet byggdes också den datasäkra vägledningstjänsten på "
            "nätet, ohjaustaverkossa.fi, som ett verktyg för sektorsövergripande "
            "vägledning.</p>",
            "h1": "Stödet flyttade till KEHA-centralen",
            "p2": "<p>När Europeiska socialfondens programperiod tog slut gjordes det nationella "
            "stödet och samordningen av Navigatorerna permanent vid KEHA-centralen. Samtidigt "
            "beslöts att bereda lagstiftning om sektorsövergripande tjänster och att göra det "
            "psykosociala stödet för unga till en permanent del av Navigatorns tjänster.</p>",
            "caption": "Skeden i det nationella stödet för Navigatorerna",
            "th1": "År",
            "th2": "Vad hände",
            "r1": "Utredningen Kohti Ohjaamoa om samarbetet mellan förvaltningsområden inom "
            "livslång vägledning",
            "r2": "Projektet Kohtaamo stöder Navigatorerna och utvecklar vägledning på nätet",
            "r3": "Publikation om Kohtaamo-projektets arbete 2014–2021",
            "r4": "Det nationella stödet blir permanent vid KEHA-centralen",
        },
        "en": {
            "title": "Kohtaamo and national support for Ohjaamo centres",
            "slug": "national-support",
            "intro": "The KEHA Centre supports the Ohjaamo centres nationally. The work began as "
            "the Kohtaamo project in 2014 and is now permanent.",
            "p1": "<p>The Kohtaamo coordination project supported the Ohjaamo centres from the "
            "start: it brought the network together, strengthened the shared service concept, "
            "built the Ohjaamo brand and produced research and statistics for decision-makers. "
            "The project also built the secure online guidance service ohjaustaverkossa.fi as a "
            "tool for multi-professional guidance.</p>",
            "h1": "Support moved to the KEHA Centre",
            "p2": "<p>When the European Social Fund programme period ended, the national support "
            "and coordination of the Ohjaamo centres was made permanent at the KEHA Centre. At "
            "the same time it was decided to prepare legislation on multi-sector services and to "
            "make psychosocial support for young people a permanent part of Ohjaamo "
            "services.</p>",
            "caption": "Stages of national support for Ohjaamo centres",
            "th1": "Year",
            "th2": "What happened",
            "r1": "The Kohti Ohjaamoa study on cooperation between administrative branches in "
            "lifelong guidance",
            "r2": "The Kohtaamo project supports Ohjaamo centres and develops online guidance",
            "r3": "A publication on the Kohtaamo project's work in 2014–2021",
            "r4": "National support becomes permanent at the KEHA Centre",
        },
    }[lang]
    return {
        "title": t["title"],
        "slug": t["slug"],
        "search_description": t["intro"],
        "intro": t["intro"],
        "body": [
            ("paragraph", t["p1"]),
            ("heading", {"text": t["h1"], "level": "h2"}),
            ("paragraph", t["p2"]),
            (
                "table",
                {
                    "first_row_is_table_header": True,
                    "first_col_is_header": True,
                    "table_caption": t["caption"],
                    "data": [
                        [t["th1"], t["th2"]],
                        ["2014", t["r1"]],
                        ["2015–2021", t["r2"]],
                        ["2021", t["r3"]],
                        ["2022", t["r4"]],
                    ],
                },
            ),
        ],
    }


def privacy(lang):
    t = {
        "fi": {
            "title": "Tietosuoja",
            "slug": "tietosuoja",
            "intro": "Sivustolla ei seurata kävijöitä. Tältä sivulta näet, mitä tietoja "
            "käsittelemme ja miksi.",
            "p1": "<p>Emme käytä analytiikka- tai mainosevästeitä emmekä kolmansien osapuolten "
            "seurantaa. Sivusto asettaa evästeen vain, kun kirjaudut ylläpitoon. Kun "
            "hyväksyt kartan näyttämisen, selain muistaa valinnan vain avoimessa välilehdessä "
            "(sessionStorage), ja se unohtuu, kun suljet välilehden.</p>",
            "h1": "Sijaintisi Ohjaamo-haussa",
            "p2": "<p>Jos käytät hakua omalla sijainnillasi, selain lähettää sijainnin vain sen "
            "haun tekemiseen. Sijaintia ei tallenneta eikä kirjata lokeihin.</p>",
            "h2": "Kartta",
            "p3": "<p>Karttapohja ladataan ulkoiselta karttapalvelulta vasta, kun valitset "
            "kartan näyttämisen. Ennen sitä sivu ei ota yhteyttä karttapalveluun.</p>",
        },
        "sv": {
            "title": "Dataskydd",
            "slug": "dataskydd",
            "intro": "Webbplatsen följer inte besökarna. På den här sidan ser du vilka "
            "uppgifter vi behandlar och varför.",
            "p1": "<p>Vi använder inga analys- eller reklamkakor och ingen spårning av tredje "
            "part. Webbplatsen sätter en kaka bara när du loggar in i administrationen. När du "
            "godkänner att kartan visas minns webbläsaren valet bara i den öppna fliken "
            "(sessionStorage), och det glöms när du stänger fliken.</p>",
            "h1": "Din position i sökningen",
            "p2": "<p>Om du söker med din egen position skickar webbläsaren positionen bara för "
            "att göra den sökningen. Positionen sparas inte och skrivs inte i loggar.</p>",
            "h2": "Kartan",
            "p3": "<p>Kartbakgrunden laddas från en extern karttjänst först när du väljer att "
            "visa kartan. Innan dess kontaktar sidan inte karttjänsten.</p>",
        },
        "en": {
            "title": "Privacy",
            "slug": "privacy",
            "intro": "This site does not track its visitors. This page tells what data we "
            "process and why.",
            "p1": "<p>We use no analytics or advertising cookies and no third-party tracking. "
            "The site sets a cookie only when you log in to the administration. When you agree "
            "to show the map, your browser remembers the choice only in the open tab "
            "(sessionStorage) and forgets it when you close the tab.</p>",
            "h1": "Your location in the Ohjaamo search",
            "p2": "<p>If you search with your own location, the browser sends it only to make "
            "that search. The location is not stored or written to logs.</p>",
            "h2": "The map",
            "p3": "<p>The map background is loaded from an external map service only when you "
            "choose to show the map. Before that the page does not contact the map "
            "service.</p>",
        },
    }[lang]
    return {
        "title": t["title"],
        "slug": t["slug"],
        "search_description": t["intro"],
        "intro": t["intro"],
        "body": [
            ("paragraph", t["p1"]),
            ("heading", {"text": t["h1"], "level": "h2"}),
            ("paragraph", t["p2"]),
            ("heading", {"text": t["h2"], "level": "h2"}),
            ("paragraph", t["p3"]),
        ],
    }


def accessibility_statement(lang):
    t = {
        "fi": {
            "title": "Saavutettavuusseloste",
            "slug": "saavutettavuusseloste",
            "service_name": "Ohjaamo-sivusto",
            "organisation": "KEHA-keskus",
            "non": "<p>Osa vanhoista PDF-julkaisuista ei ole täysin saavutettavia. Pyydä "
            "julkaisu saavutettavassa muodossa palautekanavan kautta.</p>",
            "outside": "<p>Ennen 23.9.2018 julkaistut tiedostot eivät kuulu lain piiriin, ellei "
            "niitä tarvita palvelun käyttämiseen.</p>",
            "details": "<p>Arvioimme sivuston itse automaattisilla testeillä (axe-core) "
            "jokaisen muutoksen yhteydessä sekä käsin näppäimistöllä ja ruudunlukijalla.</p>",
            "supervisor": "Lupa- ja valvontavirasto",
            "unit": "Saavutettavuusvalvonta",
        },
        "sv": {
            "title": "Tillgänglighetsutlåtande",
            "slug": "tillganglighetsutlatande",
            "service_name": "Navigatorns webbplats",
            "organisation": "KEHA-centralen",
            "non": "<p>En del äldre PDF-publikationer är inte helt tillgängliga. Be om "
            "publikationen i tillgängligt format via responskanalen.</p>",
            "outside": "<p>Filer som publicerats före 23.9.2018 omfattas inte av lagen, om de "
            "inte behövs för att använda tjänsten.</p>",
            "details": "<p>Vi bedömer webbplatsen själva med automatiska tester (axe-core) vid "
            "varje ändring samt manuellt med tangentbord och skärmläsare.</p>",
            "supervisor": "Tillstånds- och tillsynsverket",
            "unit": "Tillsynen av tillgänglighet",
        },
        "en": {
            "title": "Accessibility statement",
            "slug": "accessibility-statement",
            "service_name": "the Ohjaamo website",
            "organisation": "The KEHA Centre",
            "non": "<p>Some older PDF publications are not fully accessible. Ask for the "
            "publication in an accessible format through the feedback channel.</p>",
            "outside": "<p>Files published before 23 September 2018 are outside the scope of the "
            "law unless they are needed to use the service.</p>",
            "details": "<p>We assess the site ourselves with automated tests (axe-core) on every "
            "change, and by hand with a keyboard and a screen reader.</p>",
            "supervisor": "Finnish Supervisory Agency",
            "unit": "Accessibility monitoring",
        },
    }[lang]
    return {
        "title": t["title"],
        "slug": t["slug"],
        "service_name": t["service_name"],
        "organisation": t["organisation"],
        "conformance_status": AccessibilityStatementPage.Conformance.PARTIAL,
        "standard": "WCAG 2.1 AA",
        "non_accessible_content": t["non"],
        "outside_scope": t["outside"],
        "prepared_on": datetime.date(2026, 11, 1),
        "last_reviewed_on": datetime.date(2026, 11, 1),
        "assessment_method": AccessibilityStatementPage.Assessment.SELF,
        "assessment_details": t["details"],
        "feedback_email": "kohtaamo@keha-keskus.fi",
        "supervisor_name": t["supervisor"],
        "supervisor_unit": t["unit"],
        "supervisor_url": "https://www.saavutettavuusvaatimukset.fi/",
    }


def _translated_instance(model, fields):
    instance = model(**{k: v for k, v in fields.items() if k != "body"})
    if "body" in fields:
        instance.body = fields["body"]
    return instance


def seed_page(ctx, parent, model, fields_for, user=None):
    """Create the Finnish page under `parent` (if missing) and its sv/en translations."""
    source, created = add_child_page(parent, _translated_instance(model, fields_for("fi")), user)
    if created:
        ctx.count(model._meta.verbose_name_plural)
    for lang in LANGS[1:]:
        translate(source, locale(lang), _translated_instance(model, fields_for(lang)), ctx)
    return source


def ensure_home(ctx):
    """The Finnish home page as the default site's root, and its translations."""
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    home = HomePage.objects.filter(locale=locale("fi"), depth=2).first()
    if home is None:
        root = Page.get_first_root_node()
        home = HomePage(**home_fields("fi"), locale=locale("fi"))
        root.add_child(instance=home)
        home.save_revision().publish()
        ctx.count("home pages")
    base = urlsplit(settings.WAGTAILADMIN_BASE_URL)
    address = {
        "hostname": base.hostname or "localhost",
        "port": base.port or (443 if base.scheme == "https" else 80),
    }
    if site is None:
        site = Site.objects.create(
            **address, root_page=home, is_default_site=True, site_name="Ohjaamo"
        )
    elif site.root_page_id != home.pk:
        old_root = site.root_page
        site.root_page = home
        site.site_name = "Ohjaamo"
        site.hostname, site.port = address["hostname"], address["port"]
        site.save()
        # Wagtail's welcome page is not part of the site once the home page takes over.
        if type(old_root.specific) is Page and old_root.depth == 2:
            old_root.delete()
    elif (site.hostname, site.port) != (address["hostname"], address["port"]):
        # The site follows WAGTAILADMIN_BASE_URL (`make run` sets it from HOST and PORT), so
        # absolute URLs in the API and feeds point where the site is served.
        site.hostname, site.port = address["hostname"], address["port"]
        site.save(update_fields=["hostname", "port"])
        ctx.count("site addresses")
    for lang in LANGS[1:]:
        translate(home, locale(lang), HomePage(**home_fields(lang)), ctx)
    return home


def ensure_admin(ctx):
    if not settings.KOHTAAMO_ALLOW_DEMO_USERS:
        ctx.log("  demo accounts are not created with these settings")
        return None
    user_model = get_user_model()
    user, created = user_model.objects.get_or_create(
        username=DEMO_ADMIN_USERNAME,
        defaults={
            "email": "admin@example.invalid",
            "is_staff": True,
            "is_superuser": True,
            "first_name": "Demo",
            "last_name": "Admin",
        },
    )
    if created:
        user.set_password(DEMO_ADMIN_PASSWORD)
        user.save()
        ctx.count("users")
    ctx.objects.setdefault("logins", []).append(
        ("national administrator", DEMO_ADMIN_USERNAME, DEMO_ADMIN_PASSWORD)
    )
    return user


def ensure_settings(ctx, site, pages):
    nav = NavigationSettings.for_site(site)
    if not nav.items.exists():
        for order, page in enumerate(pages["navigation"]):
            NavigationItem.objects.create(setting=nav, page=page, sort_order=order)
        ctx.count("navigation items", len(pages["navigation"]))
    footer = FooterSettings.for_site(site)
    if not footer.organisation_name:
        footer.organisation_name = "KEHA-keskus – Ohjaamojen valtakunnallinen tuki"
        footer.organisation_name_sv = "KEHA-centralen – nationellt stöd för Navigatorerna"
        footer.organisation_name_en = "KEHA Centre – national support for Ohjaamo centres"
        footer.email = "kohtaamo@keha-keskus.fi"
        footer.accessibility_feedback_email = "saavutettavuus@keha-keskus.fi"
        footer.save()
        footer.footer_pages.set(pages["footer"])
        for order, (platform, url) in enumerate(
            [
                (SocialLink.Platform.INSTAGRAM, "https://www.instagram.com/ohjaamot/"),
                (SocialLink.Platform.TIKTOK, "https://www.tiktok.com/@ohjaamot"),
                (SocialLink.Platform.YOUTUBE, "https://www.youtube.com/@ohjaamot"),
                (SocialLink.Platform.FACEBOOK, "https://www.facebook.com/ohjaamot"),
            ]
        ):
            SocialLink.objects.create(setting=footer, platform=platform, url=url, sort_order=order)
        ctx.count("footer settings")


@seeder(order=10)
def seed_core(ctx):
    user = ensure_admin(ctx)
    home = ensure_home(ctx)
    ctx.objects["home"] = home
    ctx.objects["user"] = user
    about = seed_page(ctx, home, ContentPage, what_is_ohjaamo, user)
    support = seed_page(ctx, home, ContentPage, national_support, user)
    privacy_page = seed_page(ctx, home, ContentPage, privacy, user)
    statement = seed_page(ctx, home, AccessibilityStatementPage, accessibility_statement, user)
    ctx.objects.update(
        {
            "about_page": about,
            "support_page": support,
            "privacy_page": privacy_page,
            "accessibility_statement": statement,
        }
    )
    ctx.objects.setdefault("navigation", []).extend([about, support])
    ctx.objects.setdefault("footer_links", []).extend([statement, privacy_page])


@seeder(order=90)
def seed_site_settings(ctx):
    """Runs after the apps have added their pages to the navigation."""
    site = Site.objects.get(is_default_site=True)
    ensure_settings(
        ctx,
        site,
        {
            "navigation": ctx.objects.get("navigation", []),
            "footer": ctx.objects.get("footer_links", []),
        },
    )
