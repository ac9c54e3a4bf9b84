"""Demo content of the finder (seeder order 20, after the gazetteer at 15): the service
taxonomy, the finder page and an Ohjaamo page with its service points for each Ohjaamo known from
public sources, in Finnish with Swedish and English translations made through wagtail-localize.

Addresses are given only where they are known for certain (Ohjaamo Helsinki, Navigatorn Sibbo and
the pop-up at Tampere's main library); every other point is marked "location approximate" and
placed at its municipality's centre from the gazetteer. Contacts are role addresses. Hours,
presences and services are realistic demo data, not the centres' real timetables.
"""

import datetime

from django.db import transaction

from kohtaamo.seed import ONLINE_GUIDANCE_URL
from kohtaamo.seeding import add_child_page, locale, resetter, seeder, translate
from locations.models import (
    FinderPage,
    Municipality,
    OhjaamoPage,
    OpeningException,
    OpeningHours,
    Presence,
    Service,
    ServiceLanguage,
    ServicePoint,
    YouthChannel,
)

LANGS = ("fi", "sv", "en")


def T(fi, sv, en):  # noqa: N802 - reads as a literal of three languages
    return {"fi": fi, "sv": sv, "en": en}


# --- Services ------------------------------------------------------------------------------------

SERVICES = [
    (
        "career-guidance",
        T("Uraohjaus", "Karriärvägledning", "Career guidance"),
        T(
            "Mietitään yhdessä, mikä sinua kiinnostaa ja millaiseen työhön tai alaan voisit "
            "suunnata.",
            "Vi funderar tillsammans på vad som intresserar dig och vilket arbete eller vilken "
            "bransch du kunde sikta på.",
            "Together we work out what interests you and which job or field you could aim for.",
        ),
    ),
    (
        "study-guidance",
        T("Opinto-ohjaus", "Studiehandledning", "Study guidance"),
        T(
            "Apua opiskelupaikan etsimiseen, yhteishakuun ja keskeytyneiden opintojen jatkamiseen.",
            "Hjälp att hitta en studieplats, med den gemensamma ansökan och med att fortsätta "
            "avbrutna studier.",
            "Help with finding a place to study, the joint application and getting back to "
            "interrupted studies.",
        ),
    ),
    (
        "employment-services",
        T("Työllisyyspalvelut", "Sysselsättningstjänster", "Employment services"),
        T(
            "Työnhaun aloittaminen, työnhakuasiakirjat, palkkatuki ja muut työllisyyspalvelut.",
            "Att börja söka jobb, ansökningshandlingar, lönesubvention och andra "
            "sysselsättningstjänster.",
            "Registering as a jobseeker, job applications, pay subsidy and other employment "
            "services.",
        ),
    ),
    (
        "job-coaching",
        T("Työhönvalmennus", "Jobbcoachning", "Job coaching"),
        T(
            "Valmentaja kulkee rinnallasi, kun etsit työ- tai harjoittelupaikkaa.",
            "En coach går vid din sida när du söker arbets- eller praktikplats.",
            "A coach walks alongside you while you look for a job or a work placement.",
        ),
    ),
    (
        "kela",
        T("Kelan palvelut", "FPA:s tjänster", "Kela services"),
        T(
            "Opintotuki, asumistuki, toimeentulotuki ja muut Kelan etuudet – apua hakemusten "
            "tekemiseen.",
            "Studiestöd, bostadsbidrag, utkomststöd och andra förmåner från FPA – hjälp med "
            "ansökningarna.",
            "Student financial aid, housing allowance, social assistance and other Kela benefits "
            "– help with the applications.",
        ),
    ),
    (
        "social-work",
        T("Sosiaaliohjaus", "Socialhandledning", "Social guidance"),
        T(
            "Tukea arjen hallintaan, toimeentuloon ja elämäntilanteen muutoksiin.",
            "Stöd med vardagen, försörjningen och förändringar i livssituationen.",
            "Support with everyday life, making ends meet and changes in your life.",
        ),
    ),
    (
        "psychosocial-support",
        T("Psykososiaalinen tuki", "Psykosocialt stöd", "Psychosocial support"),
        T(
            "Keskusteluapua jaksamiseen, mielialaan ja stressiin ilman lähetettä.",
            "Samtalsstöd för ork, humör och stress utan remiss.",
            "Someone to talk to about coping, mood and stress, no referral needed.",
        ),
    ),
    (
        "health",
        T("Terveyspalvelut", "Hälsotjänster", "Health services"),
        T(
            "Terveydenhoitajan vastaanotto, seksuaaliterveys ja ohjaus oikeaan hoitopaikkaan.",
            "Mottagning hos hälsovårdaren, sexuell hälsa och hänvisning till rätt vårdplats.",
            "Nurse appointments, sexual health and finding the right place for care.",
        ),
    ),
    (
        "housing",
        T("Asumisen neuvonta", "Boenderådgivning", "Housing advice"),
        T(
            "Vuokra-asunnon haku, vuokrarästit ja muuttaminen omaan kotiin.",
            "Att söka hyresbostad, hyresskulder och att flytta hemifrån.",
            "Finding a rented flat, rent arrears and moving into a home of your own.",
        ),
    ),
    (
        "finances-debt",
        T("Raha-asiat ja velkaneuvonta", "Ekonomi och skuldrådgivning", "Money and debt advice"),
        T(
            "Budjetin tekeminen, laskut, maksuhäiriömerkintä ja velkojen järjestely.",
            "Budget, räkningar, betalningsanmärkning och skuldsanering.",
            "Budgeting, bills, payment default entries and sorting out debts.",
        ),
    ),
    (
        "youth-work",
        T("Nuorisotyö", "Ungdomsarbete", "Youth work"),
        T(
            "Nuorisotyöntekijät, ryhmät ja tekeminen – myös etsivä nuorisotyö.",
            "Ungdomsarbetare, grupper och aktiviteter – också uppsökande ungdomsarbete.",
            "Youth workers, groups and things to do – including outreach youth work.",
        ),
    ),
    (
        "immigrant-guidance",
        T(
            "Maahan muuttaneiden ohjaus",
            "Vägledning för inflyttade",
            "Guidance for young immigrants",
        ),
        T(
            "Ohjausta kotoutumiseen, kielikoulutukseen ja suomalaisiin palveluihin.",
            "Vägledning om integration, språkutbildning och tjänsterna i Finland.",
            "Guidance on integration, language courses and services in Finland.",
        ),
    ),
]

ALL_SERVICES = [code for code, _name, _description in SERVICES]


def seed_services(ctx):
    """The service taxonomy: Finnish snippets, translated to Swedish and English. Returns
    {code: Finnish service}."""
    fi = locale("fi")
    by_code = {}
    for order, (code, name, description) in enumerate(SERVICES, start=1):
        service = Service.objects.filter(locale=fi, code=code).first()
        if service is None:
            service = Service.objects.create(
                locale=fi,
                code=code,
                name=name["fi"],
                description=description["fi"],
                sort_order=order * 10,
            )
            ctx.count("services")
        for lang in LANGS[1:]:
            translate(
                service,
                locale(lang),
                Service(
                    code=code,
                    name=name[lang],
                    description=description[lang],
                    sort_order=order * 10,
                ),
                ctx,
            )
        by_code[code] = service
    return by_code


@resetter
def reset_services(ctx):
    deleted, _ = Service.objects.filter(code__in=ALL_SERVICES).delete()
    if deleted:
        ctx.log(f"  deleted {deleted} services")


# --- The finder ----------------------------------------------------------------------------------


def finder_fields(lang):
    return {
        "fi": {
            "title": "Ohjaamot",
            "slug": "ohjaamot",
            "intro": "Ohjaamoja on eri puolilla Suomea. Hae lähin Ohjaamo postinumerolla tai "
            "kunnan nimellä, tai selaa kaikkia toimipisteitä maakunnittain. Näet samalla, onko "
            "paikka auki juuri nyt.",
            "search_description": "Kaikki Ohjaamot ja niiden toimipisteet: osoitteet, "
            "aukioloajat ja lähimmän Ohjaamon haku postinumerolla tai kunnalla.",
        },
        "sv": {
            "title": "Navigatorerna",
            "slug": "navigatorerna",
            "intro": "Det finns Navigatorer på olika håll i Finland. Sök den närmaste med "
            "postnummer eller kommunens namn, eller bläddra bland alla verksamhetsställen "
            "landskap för landskap. Du ser samtidigt om stället är öppet just nu.",
            "search_description": "Alla Navigatorer och deras verksamhetsställen: adresser, "
            "öppettider och sök den närmaste Navigatorn med postnummer eller kommun.",
        },
        "en": {
            "title": "Ohjaamo centres",
            "slug": "ohjaamo-centres",
            "intro": "There are Ohjaamo centres all over Finland. Find your nearest one by "
            "postal code or municipality, or browse every service point region by region. "
            "You also see whether a place is open right now.",
            "search_description": "Every Ohjaamo centre and service point: addresses, opening "
            "hours and a search for your nearest Ohjaamo by postal code or municipality.",
        },
    }[lang]


def seed_finder(ctx, home, user):
    source, created = add_child_page(home, FinderPage(**finder_fields("fi")), user)
    if created:
        ctx.count("Ohjaamo finders")
    for lang in LANGS[1:]:
        translate(source, locale(lang), FinderPage(**finder_fields(lang)), ctx)
    return source


# --- Ohjaamo pages -------------------------------------------------------------------------------

# Who comes in when: roles, never people.
ROLES = {
    "kela": T("Kela", "FPA", "Kela"),
    "employment": T(
        "Työllisyyspalvelujen asiantuntija",
        "Expert från sysselsättningstjänsterna",
        "Employment services adviser",
    ),
    "study": T("Opinto-ohjaaja", "Studiehandledare", "Study counsellor"),
    "psychologist": T("Psykologi", "Psykolog", "Psychologist"),
    "nurse": T("Terveydenhoitaja", "Hälsovårdare", "Public health nurse"),
    "social": T("Sosiaaliohjaaja", "Socialhandledare", "Social counsellor"),
    "debt": T("Talous- ja velkaneuvoja", "Ekonomi- och skuldrådgivare", "Money and debt adviser"),
    "housing": T("Asumisneuvoja", "Boenderådgivare", "Housing adviser"),
    "outreach": T(
        "Etsivä nuorisotyöntekijä", "Uppsökande ungdomsarbetare", "Outreach youth worker"
    ),
    "coach": T("Työhönvalmentaja", "Jobbcoach", "Job coach"),
}

NOTES = {
    "": T("", "", ""),
    "appointment": T("Myös ajanvarauksella", "Också med tidsbokning", "Also by appointment"),
    "drop_in": T("Ilman ajanvarausta", "Utan tidsbokning", "No appointment needed"),
    "remote": T(
        "Myös etätapaaminen mahdollinen",
        "Också distansmöte möjligt",
        "Remote meetings possible too",
    ),
}

REASONS = {
    "between_holidays": T(
        "Joulun ja uudenvuoden välipäivät: lyhennetty aukioloaika",
        "Mellandagarna: kortare öppettider",
        "Between Christmas and New Year: shorter hours",
    ),
    "new_years_eve": T("Uudenvuodenaatto", "Nyårsafton", "New Year's Eve"),
    "christmas_break": T("Joulutauko", "Juluppehåll", "Christmas break"),
    "training": T("Henkilöstön koulutuspäivä", "Personalens utbildningsdag", "Staff training day"),
    "event": T(
        "Ohjaamo-päivä: auki pidempään",
        "Navigatordag: öppet längre",
        "Ohjaamo day: open longer",
    ),
}


def hours(*rows):
    """hours("0-3 10-16", "4 10-15") → [(weekday, opens, closes), …]: weekdays 0 (Monday) to 6,
    a range or a single day, then opening and closing hour ("9.30" for half past)."""

    def clock(text):
        hour, _, minute = text.partition(".")
        return datetime.time(int(hour) % 24, int(minute or 0))

    result = []
    for row in rows:
        days, times = row.split()
        first, _, last = days.partition("-")
        opens, _, closes = times.partition("-")
        for day in range(int(first), int(last or first) + 1):
            result.append((day, clock(opens), clock(closes)))
    return result


def d(text):
    return datetime.date.fromisoformat(text)


XMAS_SHORT = [  # the bigger centres: shorter hours between the holidays, closed on New Year's Eve
    (d("2026-12-28"), d("2026-12-30"), False, "12-15", "between_holidays"),
    (d("2026-12-31"), d("2026-12-31"), True, None, "new_years_eve"),
]
XMAS_BREAK = [  # the smaller ones close for the holidays
    (d("2026-12-21"), d("2027-01-06"), True, None, "christmas_break"),
]

OHJAAMOS = [
    {
        "slug": "ohjaamo-helsinki",
        "title": T("Ohjaamo Helsinki", "Navigatorn Helsingfors", "Ohjaamo Helsinki"),
        "slugs": T("ohjaamo-helsinki", "navigatorn-helsingfors", "ohjaamo-helsinki"),
        "intro": T(
            "Ohjaamo Helsinki on kaikkien helsinkiläisten alle 30-vuotiaiden paikka Kampin "
            "kulmilla. Tule kysymään opiskelusta, työstä, rahasta tai asumisesta – saat apua "
            "samasta paikasta, ilman ajanvarausta.",
            "Navigatorn Helsingfors är en plats för alla unga under 30 år i Helsingfors, nära "
            "Kampen. Kom och fråga om studier, arbete, pengar eller boende – du får hjälp på "
            "samma ställe utan tidsbokning.",
            "Ohjaamo Helsinki is a place for everyone under 30 in Helsinki, near Kamppi. Come "
            "and ask about studies, work, money or housing – you get help in one place, no "
            "appointment needed.",
        ),
        "body": T(
            "<p>Ohjaamossa työskentelee ohjaajia, nuorisotyöntekijöitä, työllisyyspalvelujen "
            "asiantuntijoita, sosiaaliohjaajia, psykologeja ja terveydenhoitajia. Kelan "
            "asiantuntija on paikalla kerran viikossa. Voit tulla yksin tai kaverin kanssa.</p>",
            "<p>På Navigatorn arbetar handledare, ungdomsarbetare, experter från "
            "sysselsättningstjänsterna, socialhandledare, psykologer och hälsovårdare. En expert "
            "från FPA finns på plats en gång i veckan. Du kan komma ensam eller med en "
            "kompis.</p>",
            "<p>Counsellors, youth workers, employment services advisers, social counsellors, "
            "psychologists and nurses work at Ohjaamo. A Kela expert is in once a week. You can "
            "come on your own or with a friend.</p>",
        ),
        "municipalities": ["091"],
        "email": "ohjaamo@hel.fi",
        "services": ALL_SERVICES,
        "languages": ["fi", "sv", "en", "ru", "so", "ar", "uk", "fa"],
        "channels": [("instagram", "https://www.instagram.com/ohjaamohelsinki/")],
        "points": [
            {
                "name": T("Ohjaamo Helsinki", "Navigatorn Helsingfors", "Ohjaamo Helsinki"),
                "street": T("Fredrikinkatu 48", "Fredriksgatan 48", "Fredrikinkatu 48"),
                "postal_code": "00100",
                "municipality": "091",
                "position": (60.1664, 24.9358),
                "hours": hours("0-1 10-16", "2 10-18", "3 10-16", "4 10-15"),
                "exceptions": XMAS_SHORT,
            }
        ],
        "presences": [
            ("employment", 0, "10-14", "drop_in"),
            ("study", 1, "12-16", ""),
            ("debt", 1, "13-15", "appointment"),
            ("psychologist", 2, "10-16", "appointment"),
            ("employment", 2, "14-18", "drop_in"),
            ("kela", 3, "12-16", ""),
            ("nurse", 4, "10-14", ""),
        ],
    },
    {
        "slug": "ohjaamo-espoo",
        "title": T("Ohjaamo Espoo", "Navigatorn Esbo", "Ohjaamo Espoo"),
        "slugs": T("ohjaamo-espoo", "navigatorn-esbo", "ohjaamo-espoo"),
        "intro": T(
            "Ohjaamo Espoo auttaa espoolaisia ja kauniaislaisia alle 30-vuotiaita opiskeluun, "
            "työhön ja arkeen liittyvissä kysymyksissä. Palvelu on maksutonta.",
            "Navigatorn Esbo hjälper unga under 30 år i Esbo och Grankulla med frågor om "
            "studier, arbete och vardag. Tjänsten är avgiftsfri.",
            "Ohjaamo Espoo helps young people under 30 in Espoo and Kauniainen with questions "
            "about studies, work and everyday life. It is free of charge.",
        ),
        "municipalities": ["049", "235"],
        "email": "ohjaamo@espoo.fi",
        "services": [
            "career-guidance",
            "study-guidance",
            "employment-services",
            "job-coaching",
            "kela",
            "social-work",
            "psychosocial-support",
            "housing",
            "youth-work",
            "immigrant-guidance",
        ],
        "languages": ["fi", "sv", "en", "ru", "et", "ar"],
        "points": [
            {
                "name": T("Ohjaamo Espoo", "Navigatorn Esbo", "Ohjaamo Espoo"),
                "municipality": "049",
                "hours": hours("0-3 9-16", "4 9-14"),
                "exceptions": XMAS_SHORT,
            }
        ],
        "presences": [
            ("employment", 0, "9-16", "drop_in"),
            ("kela", 1, "12-15", ""),
            ("coach", 2, "9-14", ""),
            ("psychologist", 3, "12-16", "appointment"),
        ],
    },
    {
        "slug": "ohjaamo-vantaa",
        "title": T("Ohjaamo Vantaa", "Navigatorn Vanda", "Ohjaamo Vantaa"),
        "slugs": T("ohjaamo-vantaa", "navigatorn-vanda", "ohjaamo-vantaa"),
        "intro": T(
            "Ohjaamo Vantaa on vantaalaisten nuorten matalan kynnyksen palvelupiste. Täältä "
            "saat apua, kun mietit opiskelua, työnhakua, toimeentuloa tai omaa jaksamistasi.",
            "Navigatorn Vanda är ett lågtröskelställe för unga i Vanda. Här får du hjälp när du "
            "funderar på studier, jobbsökning, försörjning eller hur du orkar.",
            "Ohjaamo Vantaa is a low-threshold service point for young people in Vantaa. Get "
            "help here when you are thinking about studies, job hunting, making ends meet or "
            "how you are coping.",
        ),
        "municipalities": ["092"],
        "email": "ohjaamo@vantaa.fi",
        "services": [
            "career-guidance",
            "study-guidance",
            "employment-services",
            "kela",
            "social-work",
            "psychosocial-support",
            "health",
            "finances-debt",
            "youth-work",
            "immigrant-guidance",
        ],
        "languages": ["fi", "sv", "en", "ru", "et", "so", "ar"],
        "points": [
            {
                "name": T("Ohjaamo Vantaa", "Navigatorn Vanda", "Ohjaamo Vantaa"),
                "municipality": "092",
                "hours": hours("0-3 10-16", "4 10-14"),
                "exceptions": XMAS_SHORT,
            }
        ],
        "presences": [
            ("kela", 0, "12-15", ""),
            ("nurse", 1, "10-14", ""),
            ("debt", 2, "12-15", "appointment"),
            ("employment", 3, "10-16", "drop_in"),
        ],
    },
    {
        "slug": "tampereen-ohjaamo",
        "title": T("Tampereen Ohjaamo", "Navigatorn i Tammerfors", "Ohjaamo Tampere"),
        "slugs": T("tampereen-ohjaamo", "navigatorn-i-tammerfors", "ohjaamo-tampere"),
        "intro": T(
            "Tampereen Ohjaamo palvelee tamperelaisia alle 30-vuotiaita. Marras–joulukuussa "
            "löydät meidät myös pääkirjasto Metson pop-up-pisteestä.",
            "Navigatorn i Tammerfors betjänar unga under 30 år i Tammerfors. I november och "
            "december hittar du oss också på pop up-stället i huvudbiblioteket Metso.",
            "Ohjaamo Tampere serves young people under 30 in Tampere. In November and December "
            "you also find us at the pop-up point in Metso, the main library.",
        ),
        "body": T(
            "<p>Pop-up-Ohjaamo on kirjaston aulassa tiistaisin ja torstaisin. Siellä voit "
            "kysyä mitä tahansa opiskeluun, työhön tai arkeen liittyvää ilman ajanvarausta.</p>",
            "<p>Pop up-Navigatorn finns i bibliotekets aula på tisdagar och torsdagar. Där kan "
            "du fråga vad som helst om studier, arbete eller vardag utan tidsbokning.</p>",
            "<p>The pop-up Ohjaamo is in the library lobby on Tuesdays and Thursdays. Ask "
            "anything about studies, work or everyday life there, no appointment needed.</p>",
        ),
        "municipalities": ["837"],
        "email": "ohjaamo@tampere.fi",
        "services": ALL_SERVICES,
        "languages": ["fi", "sv", "en", "ru", "ar", "fa", "ku"],
        "channels": [("instagram", "https://www.instagram.com/tampereenohjaamo/")],
        "points": [
            {
                "name": T("Tampereen Ohjaamo", "Navigatorn i Tammerfors", "Ohjaamo Tampere"),
                "municipality": "837",
                "hours": hours("0-3 10-16", "4 10-14"),
                "exceptions": [
                    (d("2026-11-27"), d("2026-11-27"), True, None, "training"),
                    *XMAS_SHORT,
                ],
            },
            {
                "name": T(
                    "Pop-up-Ohjaamo Metsossa",
                    "Pop up-Navigatorn på Metso",
                    "Pop-up Ohjaamo at Metso library",
                ),
                "kind": ServicePoint.Kind.POPUP,
                "valid": (d("2026-11-16"), d("2026-12-04")),
                "street": T("Pirkankatu 2", "Pirkankatu 2", "Pirkankatu 2"),
                "postal_code": "33210",
                "municipality": "837",
                "position": (61.4983, 23.7550),
                "directions": T(
                    "Pääkirjasto Metson aulassa.",
                    "I aulan i huvudbiblioteket Metso.",
                    "In the lobby of Metso, the main library.",
                ),
                "hours": hours("1 13-17", "3 13-17"),
                "step_free_entrance": True,
                "accessible_toilet": True,
                "lift": True,
            },
        ],
        "presences": [
            ("study", 0, "12-16", ""),
            ("kela", 1, "12-15", ""),
            ("social", 2, "10-14", ""),
            ("psychologist", 3, "10-15", "appointment"),
            ("housing", 4, "10-13", ""),
        ],
    },
    {
        "slug": "turun-ohjaamo",
        "title": T("Turun Ohjaamo", "Navigatorn i Åbo", "Ohjaamo Turku"),
        "slugs": T("turun-ohjaamo", "navigatorn-i-abo", "ohjaamo-turku"),
        "intro": T(
            "Turun Ohjaamo on alle 30-vuotiaiden turkulaisten tukipiste: ohjausta, neuvontaa "
            "ja keskusteluapua saman katon alla, suomeksi, ruotsiksi ja englanniksi.",
            "Navigatorn i Åbo är ett stödställe för unga under 30 år i Åbo: vägledning, "
            "rådgivning och samtalsstöd under samma tak, på finska, svenska och engelska.",
            "Ohjaamo Turku supports young people under 30 in Turku: guidance, advice and "
            "someone to talk to under one roof, in Finnish, Swedish and English.",
        ),
        "municipalities": ["853"],
        "email": "ohjaamo@turku.fi",
        "services": [
            "career-guidance",
            "study-guidance",
            "employment-services",
            "kela",
            "social-work",
            "psychosocial-support",
            "health",
            "housing",
            "finances-debt",
            "youth-work",
        ],
        "languages": ["fi", "sv", "en", "ru", "ar"],
        "points": [
            {
                "name": T("Turun Ohjaamo", "Navigatorn i Åbo", "Ohjaamo Turku"),
                "municipality": "853",
                "hours": hours("0-3 9-16", "4 9-15"),
                "exceptions": XMAS_SHORT,
            }
        ],
        "presences": [
            ("kela", 0, "12-16", ""),
            ("employment", 1, "9-15", "drop_in"),
            ("nurse", 2, "12-15", ""),
            ("study", 3, "9-12", ""),
        ],
    },
    {
        "slug": "bystromin-ohjaamo",
        "title": T("Byströmin Ohjaamo", "Byströms Navigator", "Byström Ohjaamo"),
        "slugs": T("bystromin-ohjaamo", "bystroms-navigator", "bystrom-ohjaamo"),
        "intro": T(
            "Byströmin Ohjaamo on oululaisten 16–29-vuotiaiden paikka saada tukea opiskeluun, "
            "työhön, asumiseen ja hyvinvointiin. Tule sellaisena kuin olet.",
            "Byströms Navigator är platsen där unga i åldern 16–29 år i Uleåborg får stöd med "
            "studier, arbete, boende och välmående. Kom som du är.",
            "Byström Ohjaamo is where young people aged 16–29 in Oulu get support with "
            "studies, work, housing and wellbeing. Come as you are.",
        ),
        "municipalities": ["564"],
        "email": "ohjaamo@ouka.fi",
        "services": [
            "career-guidance",
            "study-guidance",
            "employment-services",
            "job-coaching",
            "kela",
            "social-work",
            "psychosocial-support",
            "health",
            "housing",
            "youth-work",
        ],
        "languages": ["fi", "en", "ru", "ar", "so"],
        "points": [
            {
                "name": T("Byströmin Ohjaamo", "Byströms Navigator", "Byström Ohjaamo"),
                "municipality": "564",
                "hours": hours("0-3 9-16", "4 9-14"),
                "exceptions": XMAS_SHORT,
            }
        ],
        "presences": [
            ("nurse", 0, "9-12", ""),
            ("kela", 2, "12-15", ""),
            ("coach", 3, "9-16", "drop_in"),
        ],
    },
    {
        "slug": "jyvaskylan-ohjaamo",
        "title": T("Jyväskylän Ohjaamo", "Navigatorn i Jyväskylä", "Ohjaamo Jyväskylä"),
        "slugs": T("jyvaskylan-ohjaamo", "navigatorn-i-jyvaskyla", "ohjaamo-jyvaskyla"),
        "intro": T(
            "Jyväskylän Ohjaamo neuvoo ja ohjaa alle 30-vuotiaita jyväskyläläisiä. Meille voi "
            "tulla, soittaa tai laittaa viestiä – kaikki kysymykset ovat tervetulleita.",
            "Navigatorn i Jyväskylä ger råd och vägledning åt unga under 30 år i Jyväskylä. Du "
            "kan komma förbi, ringa eller skicka ett meddelande – alla frågor är välkomna.",
            "Ohjaamo Jyväskylä advises and guides young people under 30 in Jyväskylä. Drop in, "
            "call or send a message – every question is welcome.",
        ),
        "municipalities": ["179"],
        "email": "ohjaamo@jyvaskyla.fi",
        "services": [
            "career-guidance",
            "study-guidance",
            "employment-services",
            "kela",
            "social-work",
            "psychosocial-support",
            "finances-debt",
            "youth-work",
            "immigrant-guidance",
        ],
        "languages": ["fi", "en", "ru", "ar"],
        "points": [
            {
                "name": T("Jyväskylän Ohjaamo", "Navigatorn i Jyväskylä", "Ohjaamo Jyväskylä"),
                "municipality": "179",
                "hours": hours("0-3 10-16", "4 10-14"),
                "exceptions": XMAS_SHORT,
            }
        ],
        "presences": [
            ("employment", 0, "10-14", "drop_in"),
            ("kela", 3, "12-15", ""),
            ("debt", 4, "10-13", "appointment"),
        ],
    },
    {
        "slug": "olkkari-mikkeli",
        "title": T(
            "Olkkari – Mikkelin Ohjaamo",
            "Olkkari – Navigatorn i S:t Michel",
            "Olkkari – Ohjaamo Mikkeli",
        ),
        "slugs": T("olkkari-mikkeli", "olkkari-s-t-michel", "olkkari-mikkeli"),
        "intro": T(
            "Olkkari on Mikkelin Ohjaamo: olohuoneen oloinen paikka, jossa alle 30-vuotiaat "
            "saavat apua ja seuraa. Kahvi on aina tarjolla.",
            "Olkkari är Navigatorn i S:t Michel: ett ställe som ett vardagsrum där unga under "
            "30 år får hjälp och sällskap. Det bjuds alltid på kaffe.",
            "Olkkari is Mikkeli's Ohjaamo: a place like a living room where young people under "
            "30 get help and company. There is always coffee.",
        ),
        "municipalities": ["491"],
        "email": "olkkari@mikkeli.fi",
        "services": [
            "career-guidance",
            "study-guidance",
            "employment-services",
            "kela",
            "social-work",
            "psychosocial-support",
            "youth-work",
        ],
        "languages": ["fi", "en"],
        "points": [
            {
                "name": T("Olkkari", "Olkkari", "Olkkari"),
                "municipality": "491",
                "hours": hours("0-3 10-16"),
                "exceptions": XMAS_BREAK,
            }
        ],
        "presences": [("kela", 1, "12-15", ""), ("outreach", 2, "10-16", "drop_in")],
    },
    {
        "slug": "ohjaamo-rovaniemi",
        "title": T("Ohjaamo Rovaniemi", "Navigatorn Rovaniemi", "Ohjaamo Rovaniemi"),
        "slugs": T("ohjaamo-rovaniemi", "navigatorn-rovaniemi", "ohjaamo-rovaniemi"),
        "intro": T(
            "Ohjaamo Rovaniemi auttaa rovaniemeläisiä nuoria opiskelun, työn ja arjen asioissa. "
            "Palvelemme myös pohjoissaameksi ja verkossa, jos matka on pitkä.",
            "Navigatorn Rovaniemi hjälper unga i Rovaniemi med studier, arbete och vardag. Vi "
            "betjänar också på nordsamiska och på nätet om resan är lång.",
            "Ohjaamo Rovaniemi helps young people in Rovaniemi with studies, work and everyday "
            "life. We also serve in Northern Sámi, and online if the journey is long.",
        ),
        "municipalities": ["698"],
        "email": "ohjaamo@rovaniemi.fi",
        "services": [
            "career-guidance",
            "study-guidance",
            "employment-services",
            "kela",
            "social-work",
            "psychosocial-support",
            "housing",
            "youth-work",
        ],
        "languages": ["fi", "se", "en"],
        "points": [
            {
                "name": T("Ohjaamo Rovaniemi", "Navigatorn Rovaniemi", "Ohjaamo Rovaniemi"),
                "municipality": "698",
                "hours": hours("0-3 9-16", "4 9-14"),
                "exceptions": XMAS_SHORT,
            }
        ],
        "presences": [
            ("study", 0, "12-15", "remote"),
            ("kela", 2, "12-15", ""),
            ("psychologist", 3, "9-15", "appointment"),
        ],
    },
    {
        "slug": "seinajoen-ohjaamo",
        "title": T("Seinäjoen Ohjaamo", "Navigatorn i Seinäjoki", "Ohjaamo Seinäjoki"),
        "slugs": T("seinajoen-ohjaamo", "navigatorn-i-seinajoki", "ohjaamo-seinajoki"),
        "intro": T(
            "Seinäjoen Ohjaamossa saat apua, kun etsit opiskelupaikkaa tai työtä tai tarvitset "
            "tukea arkeen. Palvelu on tarkoitettu alle 30-vuotiaille.",
            "På Navigatorn i Seinäjoki får du hjälp när du söker studieplats eller arbete eller "
            "behöver stöd i vardagen. Tjänsten är till för unga under 30 år.",
            "At Ohjaamo Seinäjoki you get help when you look for a place to study or a job, or "
            "need support in everyday life. The service is for people under 30.",
        ),
        "municipalities": ["743"],
        "email": "ohjaamo@seinajoki.fi",
        "services": [
            "career-guidance",
            "study-guidance",
            "employment-services",
            "job-coaching",
            "kela",
            "social-work",
            "health",
            "youth-work",
        ],
        "languages": ["fi", "en"],
        "points": [
            {
                "name": T("Seinäjoen Ohjaamo", "Navigatorn i Seinäjoki", "Ohjaamo Seinäjoki"),
                "municipality": "743",
                "hours": hours("0-3 9-16", "4 9-14"),
                "exceptions": XMAS_SHORT,
            }
        ],
        "presences": [("nurse", 1, "9-12", ""), ("kela", 3, "12-15", "")],
    },
    {
        "slug": "riihimaen-seudun-ohjaamo",
        "title": T(
            "Riihimäen seudun Ohjaamo",
            "Navigatorn i Riihimäkiregionen",
            "Ohjaamo Riihimäki region",
        ),
        "slugs": T(
            "riihimaen-seudun-ohjaamo",
            "navigatorn-i-riihimakiregionen",
            "ohjaamo-riihimaki-region",
        ),
        "intro": T(
            "Riihimäen seudun Ohjaamo palvelee Riihimäen, Hausjärven ja Lopen nuoria. "
            "Riihimäen toimipisteen lisäksi olemme keskiviikkoisin Lopella.",
            "Navigatorn i Riihimäkiregionen betjänar unga i Riihimäki, Hausjärvi och Loppi. "
            "Förutom verksamhetsstället i Riihimäki finns vi i Loppi på onsdagar.",
            "Ohjaamo Riihimäki region serves young people in Riihimäki, Hausjärvi and Loppi. "
            "Besides the Riihimäki point, we are in Loppi on Wednesdays.",
        ),
        "municipalities": ["694", "086", "433"],
        "email": "ohjaamo@riihimaki.fi",
        "services": [
            "career-guidance",
            "study-guidance",
            "employment-services",
            "kela",
            "social-work",
            "psychosocial-support",
            "youth-work",
        ],
        "languages": ["fi", "en"],
        "points": [
            {
                "name": T(
                    "Riihimäen seudun Ohjaamo",
                    "Navigatorn i Riihimäkiregionen",
                    "Ohjaamo Riihimäki region",
                ),
                "municipality": "694",
                "hours": hours("0-1 10-16", "3 10-16", "4 10-14"),
                "exceptions": XMAS_SHORT,
            },
            {
                "name": T("Lopen Ohjaamo-piste", "Navigatorn i Loppi", "Ohjaamo point in Loppi"),
                "kind": ServicePoint.Kind.BRANCH,
                "municipality": "433",
                "hours": hours("2 12-17"),
                "exceptions": XMAS_BREAK,
            },
        ],
        "presences": [
            ("outreach", 0, "10-16", "drop_in"),
            ("study", 2, "12-17", ""),
            ("kela", 3, "12-15", ""),
        ],
    },
    {
        "slug": "navigatorn-sibbo",
        "title": T("Navigatorn Sibbo – Sipoon Ohjaamo", "Navigatorn Sibbo", "Navigatorn Sibbo"),
        "slugs": T("navigatorn-sibbo", "navigatorn-sibbo", "navigatorn-sibbo"),
        "intro": T(
            "Navigatorn Sibbo on sipoolaisten alle 30-vuotiaiden kaksikielinen Ohjaamo "
            "Nikkilän keskustassa. Palvelemme suomeksi ja ruotsiksi.",
            "Navigatorn Sibbo är en tvåspråkig Navigator för unga under 30 år i Sibbo, mitt i "
            "Nickby. Vi betjänar på svenska och finska.",
            "Navigatorn Sibbo is the bilingual Ohjaamo for young people under 30 in Sipoo, in "
            "the centre of Nickby. We serve in Finnish and Swedish.",
        ),
        "body": T(
            "<p>Voit tulla käymään aukioloaikoina tai sopia ajan sähköpostilla. Autamme "
            "esimerkiksi kesätyön haussa, opiskelupaikan valinnassa ja Kelan hakemuksissa.</p>",
            "<p>Du kan komma förbi under öppettiderna eller boka en tid per e-post. Vi hjälper "
            "till exempel med att söka sommarjobb, välja studieplats och med ansökningar till "
            "FPA.</p>",
            "<p>Drop in during opening hours or book a time by e-mail. We help, for example, "
            "with finding a summer job, choosing where to study and Kela applications.</p>",
        ),
        "municipalities": ["753"],
        "email": "navigatorn@sipoo.fi",
        "services": [
            "career-guidance",
            "study-guidance",
            "employment-services",
            "kela",
            "social-work",
            "youth-work",
        ],
        "languages": ["fi", "sv", "en"],
        "points": [
            {
                "name": T("Navigatorn Sibbo", "Navigatorn Sibbo", "Navigatorn Sibbo"),
                "street": T("Iso Kylätie 9", "Stora Byvägen 9", "Stora Byvägen 9"),
                "postal_code": "04130",
                "municipality": "753",
                "position": (60.3745, 25.2690),
                "hours": hours("0-1 12-16", "2 12-18", "3 12-16"),
                "exceptions": XMAS_BREAK,
            }
        ],
        "presences": [("outreach", 1, "12-16", ""), ("coach", 2, "14-18", "drop_in")],
    },
    {
        "slug": "ohjaamo-hanko",
        "title": T(
            "Navigatorn / Ohjaamo Hanko", "Navigatorn / Ohjaamo Hangö", "Navigatorn / Ohjaamo Hanko"
        ),
        "slugs": T("ohjaamo-hanko", "navigatorn-hango", "ohjaamo-hanko"),
        "intro": T(
            "Hangon Navigatorn / Ohjaamo on pieni ja kaksikielinen: täällä ehditään kuunnella. "
            "Tule kysymään opiskelusta, työstä tai mistä tahansa arkeen liittyvästä.",
            "Navigatorn / Ohjaamo i Hangö är liten och tvåspråkig: här hinner vi lyssna. Kom "
            "och fråga om studier, arbete eller vad som helst i vardagen.",
            "Navigatorn / Ohjaamo in Hanko is small and bilingual: we have time to listen. Ask "
            "about studies, work or anything in everyday life.",
        ),
        "municipalities": ["078"],
        "email": "navigatorn@hanko.fi",
        "services": ["career-guidance", "study-guidance", "employment-services", "youth-work"],
        "languages": ["fi", "sv"],
        "points": [
            {
                "name": T(
                    "Navigatorn / Ohjaamo Hanko",
                    "Navigatorn / Ohjaamo Hangö",
                    "Navigatorn / Ohjaamo Hanko",
                ),
                "municipality": "078",
                "hours": hours("1 12-16", "3 12-16"),
                "exceptions": XMAS_BREAK,
            }
        ],
        "presences": [("outreach", 3, "12-16", "")],
    },
    {
        "slug": "joensuun-ohjaamo",
        "title": T("Joensuun Ohjaamo", "Navigatorn i Joensuu", "Ohjaamo Joensuu"),
        "slugs": T("joensuun-ohjaamo", "navigatorn-i-joensuu", "ohjaamo-joensuu"),
        "intro": T(
            "Joensuun Ohjaamo on alle 30-vuotiaiden joensuulaisten paikka saada neuvoja ja "
            "tukea. Meillä voi asioida myös venäjäksi ja englanniksi.",
            "Navigatorn i Joensuu är platsen där unga under 30 år i Joensuu får råd och stöd. "
            "Du kan också uträtta ärenden på ryska och engelska.",
            "Ohjaamo Joensuu is where young people under 30 in Joensuu get advice and support. "
            "You can also use the service in Russian and English.",
        ),
        "municipalities": ["167"],
        "email": "ohjaamo@joensuu.fi",
        "services": [
            "career-guidance",
            "study-guidance",
            "employment-services",
            "kela",
            "social-work",
            "psychosocial-support",
            "finances-debt",
            "youth-work",
            "immigrant-guidance",
        ],
        "languages": ["fi", "en", "ru", "uk"],
        "points": [
            {
                "name": T("Joensuun Ohjaamo", "Navigatorn i Joensuu", "Ohjaamo Joensuu"),
                "municipality": "167",
                "hours": hours("0-3 9-16", "4 9-15"),
                "exceptions": XMAS_SHORT,
            }
        ],
        "presences": [
            ("kela", 1, "12-15", ""),
            ("social", 2, "9-12", ""),
            ("employment", 3, "9-16", "drop_in"),
        ],
    },
]


def _clock_range(text):
    start, _, end = text.partition("-")
    return datetime.time(int(start)), datetime.time(int(end))


def _point(spec, lang, order, municipalities):
    municipality = municipalities[spec["municipality"]]
    approximate = "position" not in spec
    latitude, longitude = spec.get("position") or (municipality.latitude, municipality.longitude)
    post_office = (
        municipality.name_sv if lang == "sv" and municipality.name_sv else (municipality.name_fi)
    )
    valid_from, valid_to = spec.get("valid", (None, None))
    exceptions = []
    for i, (first, last, closed, times, reason) in enumerate(spec.get("exceptions", ())):
        opens, closes = _clock_range(times) if times else (None, None)
        exceptions.append(
            OpeningException(
                start_date=first,
                end_date=last,
                closed=closed,
                opens=opens,
                closes=closes,
                reason=REASONS[reason][lang],
                sort_order=i,
            )
        )
    return ServicePoint(
        name=spec["name"][lang],
        kind=spec.get("kind", ServicePoint.Kind.MAIN),
        valid_from=valid_from,
        valid_to=valid_to,
        street_address=spec["street"][lang] if "street" in spec else "",
        postal_code=spec.get("postal_code", ""),
        post_office=post_office,
        municipality=municipality,
        latitude=latitude,
        longitude=longitude,
        location_approximate=approximate,
        directions=spec["directions"][lang] if "directions" in spec else "",
        step_free_entrance=spec.get("step_free_entrance", False),
        accessible_toilet=spec.get("accessible_toilet", False),
        lift=spec.get("lift", False),
        sort_order=order,
        weekly_hours=[
            OpeningHours(weekday=day, opens=opens, closes=closes, sort_order=i)
            for i, (day, opens, closes) in enumerate(spec.get("hours", ()))
        ],
        exceptions=exceptions,
    )


def ohjaamo_page(spec, lang, municipalities):
    """An unsaved OhjaamoPage of `spec` in `lang`, with its points, hours and presences."""
    page = OhjaamoPage(
        title=spec["title"][lang],
        slug=spec["slugs"][lang],
        intro=spec["intro"][lang],
        search_description=spec["intro"][lang],
        email=spec.get("email", ""),
        online_guidance_url=ONLINE_GUIDANCE_URL,
        points=[
            _point(point, lang, order, municipalities) for order, point in enumerate(spec["points"])
        ],
        presences=[
            Presence(
                who=ROLES[role][lang],
                weekday=weekday,
                starts=_clock_range(times)[0],
                ends=_clock_range(times)[1],
                note=NOTES[note][lang],
                sort_order=i,
            )
            for i, (role, weekday, times, note) in enumerate(spec.get("presences", ()))
        ],
        channels=[
            YouthChannel(platform=platform, url=url, sort_order=i)
            for i, (platform, url) in enumerate(spec.get("channels", ()))
        ],
    )
    if "body" in spec:
        page.body = [("paragraph", spec["body"][lang])]
    return page


def seed_ohjaamo(ctx, finder, spec, services, municipalities, user):
    source = finder.get_children().filter(slug=spec["slug"]).first()
    if source is None:
        page = ohjaamo_page(spec, "fi", municipalities)
        page.municipalities = [municipalities[code] for code in spec["municipalities"]]
        page.services = [services[code] for code in spec["services"]]
        page.languages = list(ServiceLanguage.objects.filter(code__in=spec["languages"]))
        source, _created = add_child_page(finder, page, user)
        ctx.count("Ohjaamo pages")
    else:
        source = source.specific
    for lang in LANGS[1:]:
        translate(source, locale(lang), ohjaamo_page(spec, lang, municipalities), ctx)
    return source


@seeder(order=20)
def seed_locations(ctx):
    home = ctx.objects["home"]
    user = ctx.objects.get("user")
    with transaction.atomic():
        services = seed_services(ctx)
        finder = seed_finder(ctx, home, user)
        codes = {code for spec in OHJAAMOS for code in spec["municipalities"]}
        codes |= {p["municipality"] for spec in OHJAAMOS for p in spec["points"]}
        municipalities = Municipality.objects.in_bulk(codes)
        missing = codes - set(municipalities)
        if missing:
            raise RuntimeError(
                f"Municipalities {sorted(missing)} are not in the gazetteer: run load_gazetteer."
            )
        pages = [
            seed_ohjaamo(ctx, finder, spec, services, municipalities, user) for spec in OHJAAMOS
        ]
    ctx.objects["finder"] = finder
    ctx.objects["ohjaamo_pages"] = {page.slug: page for page in pages}
    ctx.objects.setdefault("navigation", []).append(finder)
