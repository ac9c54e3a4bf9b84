"""Brand demo content: the brand settings with the seeded palette and logo files, an asset bank
(logo packs, poster and social media templates in fi/sv/en, one staff-only presentation, one
outdated logo pack) and the brand page with its guideline page in three languages.

Every file is drawn for the demo by brand/demo_art.py and brand/lockups.py. Idempotent: files are
found by title and collection, assets by title, language and version, pages by slug.
"""

import datetime
import io

from django.core.files.base import ContentFile
from django.utils.text import slugify
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, Site

from brand import contrast, demo_art, lockups, tokens
from brand.assets import PUBLIC_COLLECTION, STAFF_COLLECTION, public_collection, staff_collection
from brand.models import (
    BrandAsset,
    BrandAssetFile,
    BrandGuidelinePage,
    BrandLogo,
    BrandPage,
    BrandSettings,
)
from kohtaamo.seeding import add_child_page, locale, resetter, seeder, translate

LANGS = ("fi", "sv", "en")
WORDMARK = {"fi": "Ohjaamo", "sv": "Navigatorn", "en": "Ohjaamo"}
VARIANTS = ("horizontal", "stacked", "monochrome", "negative")
VARIANT_NAMES = {
    "horizontal": "vaaka",
    "stacked": "pysty",
    "monochrome": "yksivärinen",
    "negative": "negatiivi",
}
# The variants' names for file labels and alt texts in Swedish and English.
VARIANT_NAMES_SV = {
    "horizontal": "vågrät",
    "stacked": "stående",
    "monochrome": "enfärgad",
    "negative": "negativ",
}
VARIANT_NAMES_EN = {
    "horizontal": "horizontal",
    "stacked": "stacked",
    "monochrome": "monochrome",
    "negative": "negative",
}


def _labels(fi, sv, en):
    return {"label": fi, "label_sv": sv, "label_en": en}


# The palette of the first, 2019 logo pack (kept as the outdated version).
OLD_PALETTE_COLOURS = ("#00707e", "#7a3b9e", "#ffcc33", "#1a1a1a", "#ffffff")


# --- Files ------------------------------------------------------------------------------------


def _document(ctx, title, filename, data, collection):
    Document = get_document_model()
    document = Document.objects.filter(title=title).first()
    if document is not None:
        return document
    document = Document(title=title, collection=collection)
    document.file.save(filename, ContentFile(data), save=False)
    document._set_document_file_metadata()
    document.save()
    ctx.count("brand documents")
    return document


def _image(ctx, title, filename, data, collection, description=""):
    Image = get_image_model()
    image = Image.objects.filter(title=title, collection=collection).first()
    if image is not None:
        return image
    from PIL import Image as PILImage

    with PILImage.open(io.BytesIO(data)) as picture:
        width, height = picture.size
    image = Image(title=title, collection=collection, description=description)
    image.file.save(filename, ContentFile(data), save=False)
    image.width, image.height = width, height  # not filled in by saving the file here
    image._set_image_file_metadata()
    image.save()
    ctx.count("brand images")
    return image


def _variant_files(ctx, palette, lang, collection):
    """SVG document and PNG image of each logo variant of a wordmark."""
    wordmark = WORDMARK[lang]
    files = {}
    for variant in VARIANTS:
        layout = "stacked" if variant == "stacked" else "horizontal"
        scheme = variant if variant in ("monochrome", "negative") else "colour"
        base = lockups.filename(wordmark, "svg", None, layout, scheme)[:-4]
        if variant == "horizontal":
            base += "-vaaka"
        title = f"{wordmark} – {VARIANT_NAMES[variant]}"
        svg = _document(
            ctx,
            f"{title} (SVG)",
            f"{base}.svg",
            lockups.render_svg(wordmark, palette, layout, scheme).encode(),
            collection,
        )
        png = _image(
            ctx,
            title,
            f"{base}.png",
            lockups.render_png(wordmark, palette, 288, layout, scheme),
            collection,
            description=f"{wordmark} -logo ({VARIANT_NAMES[variant]})",
        )
        files[variant] = (svg, png)
    return files


def ensure_settings(ctx, site, palette, collection):
    brand_settings = BrandSettings.for_site(site)
    mark_svg = _document(
        ctx,
        "Ohjaamo-merkki (SVG)",
        "ohjaamo-merkki.svg",
        lockups.mark_svg(palette).encode(),
        collection,
    )
    mark_png = _image(
        ctx,
        "Ohjaamo-merkki",
        "ohjaamo-merkki.png",
        demo_art.mark_png(palette),
        collection,
        description="Ohjaamo-merkki: rengas ja suuntaa näyttävä neula",
    )
    logo_files = {lang: _variant_files(ctx, palette, lang, collection) for lang in ("fi", "sv")}
    if not brand_settings.logos.exists():
        logos = [BrandLogo(variant="mark", language="any", svg=mark_svg, png=mark_png)]
        for lang, files in logo_files.items():
            for variant, (svg, png) in files.items():
                logos.append(BrandLogo(variant=variant, language=lang, svg=svg, png=png))
        brand_settings.logos = logos
        brand_settings.save()
        ctx.count("brand logo files", len(logos))
    return logo_files


# --- Assets -----------------------------------------------------------------------------------

RULES = {
    "logos": (
        "<ul><li>Käytä vaakalogoa ensisijaisesti, pystylogoa kapeissa tiloissa.</li>"
        "<li>Negatiivinen logo tummille taustoille ja kuville, yksivärinen silloin kun värejä "
        "ei voi käyttää.</li></ul>",
        "<ul><li>Använd i första hand den liggande logotypen, den stående i smala "
        "utrymmen.</li><li>Den negativa logotypen är för mörka bakgrunder och bilder, den "
        "enfärgade när färger inte kan användas.</li></ul>",
        "<ul><li>Use the horizontal logo first, the stacked one in narrow spaces.</li>"
        "<li>The negative logo is for dark backgrounds and photos, the one-colour logo for when "
        "colours cannot be used.</li></ul>",
    ),
    "poster": (
        "<p>Vaihda vain tekstit ja paikka. Pidä logo alareunassa ja värit ennallaan.</p>",
        "<p>Byt bara texterna och platsen. Behåll logotypen nederst och färgerna som de är.</p>",
        "<p>Change only the texts and the place. Keep the logo at the bottom and the colours as "
        "they are.</p>",
    ),
    "social": (
        "<p>Neliö sopii julkaisuihin, pystykuva tarinoihin. Kerro kuvatekstissä sama asia "
        "kuin kuvassa.</p>",
        "<p>Den kvadratiska bilden passar för inlägg, den stående för berättelser. Skriv samma "
        "sak i bildtexten som i bilden.</p>",
        "<p>The square suits posts, the tall one stories. Say the same in the post text as in "
        "the picture.</p>",
    ),
    "presentation": (
        "<p>Verkoston sisäisiin tilaisuuksiin. Älä jaa pohjaa verkoston ulkopuolelle.</p>",
        "<p>För nätverkets interna evenemang. Dela inte mallen utanför nätverket.</p>",
        "<p>For the network's internal events. Do not share the template outside the network.</p>",
    ),
}

POSTER = {
    "fi": {
        "title": "Julistepohja A3",
        "headline": "Tule juttelemaan – ilman ajanvarausta",
        "details": "Ohjaamossa saat maksutta apua opiskeluun, työhön, raha-asioihin ja "
        "jaksamiseen. Kirjoita tähän tapahtuman aika ja paikka.",
        "place": "Ohjaamo Esimerkkilä · Katuosoite 1",
    },
    "sv": {
        "title": "Affischmall A3",
        "headline": "Kom och prata – ingen tidsbokning",
        "details": "På Navigatorn får du avgiftsfri hjälp med studier, arbete, pengar och ork. "
        "Skriv tid och plats för evenemanget här.",
        "place": "Navigatorn Exempelby · Gatuadress 1",
    },
    "en": {
        "title": "Poster template A3",
        "headline": "Come and talk – no appointment needed",
        "details": "At Ohjaamo you get free help with studies, work, money and coping. Write "
        "the time and place of your event here.",
        "place": "Ohjaamo Example Town · Street address 1",
    },
}

SOCIAL = {
    "fi": {
        "title": "Somepohjat",
        "headline": "Mietitkö, mitä seuraavaksi?",
        "details": "Ohjaamosta saat apua opiskeluun, työhön ja arkeen. Kysy meiltä!",
    },
    "sv": {
        "title": "Mallar för sociala medier",
        "headline": "Funderar du på vad som händer härnäst?",
        "details": "Navigatorn hjälper dig med studier, arbete och vardag. Fråga oss!",
    },
    "en": {
        "title": "Social media templates",
        "headline": "Wondering what comes next?",
        "details": "Ohjaamo helps you with studies, work and everyday life. Ask us!",
    },
}

SLIDES = [
    ("Ohjaamo-verkoston tapaaminen", "Esityksen nimi, pitäjä ja päivämäärä"),
    (
        "Otsikko kertoo asian",
        "Kirjoita tähän esityksen sisältö. Käytä lyhyitä virkkeitä ja enintään viittä "
        "luetelmakohtaa diaa kohden.",
    ),
    ("Kiitos!", "Valtakunnallinen tuki: kohtaamo@keha-keskus.fi"),
]


def _asset(ctx, *, title, language, version, files, replaces=None, **fields):
    asset = BrandAsset.objects.filter(title=title, language=language, version=version).first()
    if asset is not None:
        return asset
    asset = BrandAsset(title=title, language=language, version=version, replaces=replaces)
    for name, value in fields.items():
        setattr(asset, name, value)
    # A label is one string (the same in every language: "PDF") or _labels(fi, sv, en).
    asset.files = [
        BrandAssetFile(
            **(label if isinstance(label, dict) else {"label": label}),
            document=item if isinstance(item, get_document_model()) else None,
            image=item if isinstance(item, get_image_model()) else None,
            sort_order=order,
        )
        for order, (label, item) in enumerate(files)
    ]
    asset.save()
    ctx.count("brand assets")
    return asset


LANGUAGE_NAMES = {
    "fi": {"fi": "suomi", "sv": "ruotsi", "en": "englanti"},
    "sv": {"fi": "finska", "sv": "svenska", "en": "engelska"},
    "en": {"fi": "Finnish", "sv": "Swedish", "en": "English"},
}


def _titles(names, lang):
    """The asset's title in each interface language: its name there, with the material's
    language added when that differs."""
    result = {}
    for code, field in (("fi", "title"), ("sv", "title_sv"), ("en", "title_en")):
        suffix = "" if code == lang else f" ({LANGUAGE_NAMES[code][lang]})"
        result[field] = names[code] + suffix
    return result


def _rules(key):
    fi, sv, en = RULES[key]
    return {"usage_rules": fi, "usage_rules_sv": sv, "usage_rules_en": en}


def _logo_pack_files(variant_files):
    files = []
    names = (VARIANT_NAMES, VARIANT_NAMES_SV, VARIANT_NAMES_EN)
    for variant in VARIANTS:
        svg, png = variant_files[variant]
        for kind, item in (("SVG", svg), ("PNG", png)):
            labels = (f"{n[variant].capitalize()} ({kind})" for n in names)
            files.append((_labels(*labels), item))
    return files


def ensure_assets(ctx, palette, logo_files, public, staff):
    old_palette = contrast.derive_palette(*OLD_PALETTE_COLOURS)
    old_logo = _image(
        ctx,
        "Ohjaamo – vaaka (2019)",
        "ohjaamo-vaaka-2019.png",
        lockups.render_png("Ohjaamo", old_palette, 288),
        public,
        description="Ohjaamo-logo vuodelta 2019",
    )
    old_pack = _asset(
        ctx,
        title="Ohjaamo-logot",
        title_sv="Ohjaamo-logotyper (finska)",
        title_en="Ohjaamo logos (Finnish)",
        language="fi",
        version="1.0",
        category=BrandAsset.Category.LOGO,
        publish_date=datetime.date(2019, 3, 4),
        files=[(_labels("Vaaka (PNG)", "Vågrät (PNG)", "Horizontal (PNG)"), old_logo)],
        preview_image=old_logo,
        preview_alt_sv="Ohjaamo-logotypen från 2019",
        preview_alt_en="The Ohjaamo logo of 2019",
        **_rules("logos"),
    )
    _asset(
        ctx,
        title="Ohjaamo-logot",
        title_sv="Ohjaamo-logotyper (finska)",
        title_en="Ohjaamo logos (Finnish)",
        language="fi",
        version="2.0",
        replaces=old_pack,
        category=BrandAsset.Category.LOGO,
        publish_date=datetime.date(2026, 11, 2),
        files=_logo_pack_files(logo_files["fi"]),
        preview_image=logo_files["fi"]["horizontal"][1],
        preview_alt_sv="Ohjaamo-logotypen, vågrät",
        preview_alt_en="The Ohjaamo logo, horizontal",
        **_rules("logos"),
    )
    _asset(
        ctx,
        title="Navigatorn-logot (ruotsi)",
        title_sv="Navigatorn-logotyper",
        title_en="Navigatorn logos (Swedish)",
        language="sv",
        version="2.0",
        category=BrandAsset.Category.LOGO,
        publish_date=datetime.date(2026, 11, 2),
        files=_logo_pack_files(logo_files["sv"]),
        preview_image=logo_files["sv"]["horizontal"][1],
        preview_alt_sv="Navigatorn-logotypen, vågrät",
        preview_alt_en="The Navigatorn logo, horizontal",
        **_rules("logos"),
    )
    _asset(
        ctx,
        title="Ohjaamo-logot englanninkielisiin aineistoihin",
        title_sv="Ohjaamo-logotyper för engelskt material",
        title_en="Ohjaamo logos",
        language="en",
        version="2.0",
        category=BrandAsset.Category.LOGO,
        publish_date=datetime.date(2026, 11, 2),
        files=_logo_pack_files(logo_files["fi"]),
        preview_image=logo_files["fi"]["horizontal"][1],
        preview_alt_sv="Ohjaamo-logotypen, vågrät",
        preview_alt_en="The Ohjaamo logo, horizontal",
        **_rules("logos"),
    )
    for lang in LANGS:
        texts, wordmark = POSTER[lang], WORDMARK[lang]
        svg = _document(
            ctx,
            f"{texts['title']} (SVG)",
            f"{slugify(texts['title'])}.svg",
            demo_art.poster_svg(texts, palette, wordmark).encode(),
            public,
        )
        png = _image(
            ctx,
            texts["title"],
            f"{slugify(texts['title'])}.png",
            demo_art.poster_png(texts, palette, wordmark),
            public,
            description=f"{texts['title']}: {texts['headline']}",
        )
        _asset(
            ctx,
            **_titles({code: POSTER[code]["title"] for code in LANGS}, lang),
            language=lang,
            version="1.0",
            category=BrandAsset.Category.PRINT,
            publish_date=datetime.date(2026, 11, 9),
            files=[("SVG", svg), ("PNG", png)],
            preview_image=png,
            **_rules("poster"),
        )
        texts = SOCIAL[lang]
        square = _image(
            ctx,
            f"{texts['title']} – neliö ({lang})",
            f"{slugify(texts['title'])}-1080x1080.png",
            demo_art.social_png(texts, palette, wordmark),
            public,
            description=f"{texts['headline']} {texts['details']}",
        )
        story = _image(
            ctx,
            f"{texts['title']} – tarina ({lang})",
            f"{slugify(texts['title'])}-1080x1920.png",
            demo_art.social_png(texts, palette, wordmark, size=(1080, 1920)),
            public,
            description=f"{texts['headline']} {texts['details']}",
        )
        _asset(
            ctx,
            **_titles({code: SOCIAL[code]["title"] for code in LANGS}, lang),
            language=lang,
            version="1.0",
            category=BrandAsset.Category.SOCIAL_MEDIA,
            publish_date=datetime.date(2026, 11, 9),
            files=[("1080 × 1080", square), ("1080 × 1920", story)],
            preview_image=square,
            **_rules("social"),
        )
    deck = _document(
        ctx,
        "Esityspohja verkoston tilaisuuksiin (PDF)",
        "ohjaamo-esityspohja.pdf",
        demo_art.presentation_pdf(SLIDES, palette, "Ohjaamo"),
        staff,
    )
    _asset(
        ctx,
        title="Esityspohja verkoston tilaisuuksiin",
        title_sv="Presentationsmall för nätverkets evenemang (finska)",
        title_en="Presentation template for network events (Finnish)",
        language="fi",
        version="1.0",
        category=BrandAsset.Category.PRESENTATION,
        audience=BrandAsset.Audience.STAFF,
        publish_date=datetime.date(2026, 11, 16),
        files=[("PDF", deck)],
        **_rules("presentation"),
    )


# --- Pages ------------------------------------------------------------------------------------


def brand_page_fields(lang):
    t = {
        "fi": {
            "title": "Brändi",
            "slug": "brandi",
            "intro": "Ohjaamo-brändi on koko verkoston yhteinen tunnus. Täältä saat logot, "
            "pohjat ja ohjeet – aina uusimpina versioina.",
            "p1": "<p>Kun jokainen Ohjaamo käyttää samaa ilmettä, nuori tunnistaa palvelun "
            "missä päin Suomea tahansa. Käytä aina tämän sivun tiedostoja: vanhat versiot on "
            "merkitty vanhentuneiksi, eikä niitä enää listata.</p>",
            "li1": "Käytä logoa sellaisenaan: älä muuta sen värejä, mittasuhteita tai kirjasinta.",
            "li2": "Oman Ohjaamosi logon saat sivun lopusta, ja se tehdään aina "
            "ajantasaisista brändiväreistä.",
            "li3": "Kysy neuvoa valtakunnalliselta tiimiltä: kohtaamo@keha-keskus.fi.",
        },
        "sv": {
            "title": "Varumärke",
            "slug": "varumarke",
            "intro": "Navigatorns varumärke är hela nätverkets gemensamma kännetecken. Här "
            "hittar du logotyper, mallar och anvisningar – alltid i de senaste versionerna.",
            "p1": "<p>När alla Navigatorer ser likadana ut känner unga igen tjänsten var i "
            "Finland de än är. Använd alltid filerna på den här sidan: gamla versioner är "
            "märkta som föråldrade och listas inte längre.</p>",
            "li1": "Använd logotypen som den är: ändra inte färgerna, proportionerna eller "
            "typsnittet.",
            "li2": "Din egen Navigators logotyp finns längst ner på sidan och görs alltid i de "
            "aktuella varumärkesfärgerna.",
            "li3": "Fråga det nationella teamet om råd: kohtaamo@keha-keskus.fi.",
        },
        "en": {
            "title": "Brand",
            "slug": "brand",
            "intro": "The Ohjaamo brand is the shared identity of the whole network. Here you "
            "find the logos, templates and guidelines – always the latest versions.",
            "p1": "<p>When every Ohjaamo looks the same, young people recognise the service "
            "anywhere in Finland. Always use the files on this page: old versions are marked "
            "as outdated and are no longer listed.</p>",
            "li1": "Use the logo as it is: do not change its colours, proportions or typeface.",
            "li2": "You find the logo of your own Ohjaamo at the end of this page, always made "
            "from the current brand colours.",
            "li3": "Ask the national team for advice: kohtaamo@keha-keskus.fi.",
        },
    }[lang]
    return {
        "title": t["title"],
        "slug": t["slug"],
        "intro": t["intro"],
        "search_description": t["intro"],
        "body": [
            {"type": "paragraph", "value": t["p1"]},
            {
                "type": "paragraph",
                "value": f"<ul><li>{t['li1']}</li><li>{t['li2']}</li><li>{t['li3']}</li></ul>",
            },
        ],
    }


EXAMPLES = (
    ("do-light", "do"),
    ("do-negative", "do"),
    ("dont-stretch", "dont"),
    ("dont-busy", "dont"),
    ("dont-rotate", "dont"),
    ("dont-recolour", "dont"),
)


def guideline_fields(lang, images):
    t = {
        "fi": {
            "title": "Brändiohjeet",
            "slug": "brandiohjeet",
            "intro": "Näin Ohjaamo näyttää ja kuulostaa: värit, logon käyttö, typografia ja "
            "äänensävy.",
            "p": "<p>Ohjeet koskevat kaikkia Ohjaamoja ja niiden kumppaneita. Värit ja "
            "kirjasimet tulevat suoraan sivuston brändiasetuksista, joten tämä sivu näyttää "
            "aina voimassa olevan ilmeen.</p>",
            "colours": "Värit",
            "colours_text": "<p>Jokaisen väriparin kontrasti tarkistetaan WCAG 2.1 AA "
            "-tason mukaan ennen kuin värejä voi muuttaa.</p>",
            "logo": "Logon käyttö",
            "logo_text": "<p>Logo on merkki ja nimi yhdessä. Käytä aina valmiita tiedostoja.</p>",
            "examples": [
                (
                    "Värillinen Ohjaamo-logo valkoisella taustalla",
                    "Värillinen logo vaalealla taustalla.",
                ),
                (
                    "Valkoinen Ohjaamo-logo pääväritaustalla",
                    "Negatiivinen logo pääväri- tai tummalla taustalla.",
                ),
                ("Leveyssuunnassa venytetty Ohjaamo-logo", "Älä venytä tai litistä logoa."),
                (
                    "Värillinen logo violetilla taustalla, rengas hukkuu taustaan",
                    "Älä laita värillistä logoa värikkäälle taustalle.",
                ),
                ("Vinoon käännetty Ohjaamo-logo", "Älä käännä logoa."),
                ("Ohjaamo-logo keltaisena ja harmaana", "Älä vaihda logon värejä."),
            ],
            "space": "Koko ja suoja-alue",
            "space_text": "<p>Jätä logon ympärille tyhjää vähintään puolet merkin korkeudesta "
            "(kuvassa x).</p>",
            "space_alt": "Logon ympärillä suoja-alue, jonka leveys on puolet merkin korkeudesta",
            "sizes": [
                ("Näytöt ja verkko", "merkki 24 px korkea"),
                ("Painotuotteet", "merkki 10 mm korkea"),
                ("Somen profiilikuva", "merkki 60 % kuvan leveydestä"),
            ],
            "type": "Typografia",
            "type_text": "<p>Sivusto käyttää laitteen omia kirjasimia, joten mitään ei "
            "ladata ulkopuolelta. Logojen teksti on Inter Bold.</p>",
            "sample_heading": "Apua opiskeluun, työhön ja arkeen",
            "sample_text": "Ohjaamossa saat neuvoja ja tukea saman katon alta – kasvokkain ja "
            "verkossa, maksutta ja ilman ajanvarausta.",
            "voice": "Äänensävy",
            "voice_text": "<p>Puhumme nuorelle kuin ihmiselle, emme asiakkaalle.</p>",
            "principles": [
                (
                    "Suoraan asiaan",
                    "Kerromme ensin tärkeimmän ja käytämme arkikieltä.",
                    "Tule käymään, ajanvarausta ei tarvita.",
                    "Asiointi on mahdollista myös ilman ennakkoon sovittua aikaa.",
                ),
                (
                    "Rohkaisevasti",
                    "Emme oleta, että nuorella on ongelma. Tarjoamme apua.",
                    "Mietitään yhdessä, mikä sinulle sopii.",
                    "Syrjäytymisvaarassa oleville nuorille tarjotaan palveluja.",
                ),
                (
                    "Sinuttelemme",
                    "Puhuttelemme lukijaa sinuna, lyhyesti ja ystävällisesti.",
                    "Voit kysyä meiltä mitä vain.",
                    "Asiakas voi esittää kysymyksiä.",
                ),
            ],
        },
        "sv": {
            "title": "Varumärkesanvisningar",
            "slug": "varumarkesanvisningar",
            "intro": "Så här ser Navigatorn ut och låter: färger, logotypen, typografi och "
            "tonläge.",
            "p": "<p>Anvisningarna gäller alla Navigatorer och deras partner. Färgerna och "
            "typsnitten kommer direkt från webbplatsens varumärkesinställningar, så sidan visar "
            "alltid det gällande utseendet.</p>",
            "colours": "Färger",
            "colours_text": "<p>Kontrasten i varje färgpar kontrolleras enligt WCAG 2.1 AA "
            "innan färgerna kan ändras.</p>",
            "logo": "Användning av logotypen",
            "logo_text": "<p>Logotypen är symbolen och namnet tillsammans. Använd alltid de "
            "färdiga filerna.</p>",
            "examples": [
                ("Färglogotypen på vit bakgrund", "Färglogotypen på ljus bakgrund."),
                (
                    "Vit logotyp på bakgrund i huvudfärgen",
                    "Den negativa logotypen på huvudfärgen eller en mörk bakgrund.",
                ),
                ("Logotypen utdragen på bredden", "Dra inte ut eller tryck ihop logotypen."),
                (
                    "Färglogotypen på lila bakgrund, ringen försvinner",
                    "Placera inte färglogotypen på en färgstark bakgrund.",
                ),
                ("Logotypen vriden snett", "Vrid inte logotypen."),
                ("Logotypen i gult och grått", "Byt inte logotypens färger."),
            ],
            "space": "Storlek och frizon",
            "space_text": "<p>Lämna minst hälften av symbolens höjd tomt runt logotypen (x i "
            "bilden).</p>",
            "space_alt": "Frizon runt logotypen, lika bred som hälften av symbolens höjd",
            "sizes": [
                ("Skärmar och webb", "symbolen 24 px hög"),
                ("Trycksaker", "symbolen 10 mm hög"),
                ("Profilbild i sociala medier", "symbolen 60 % av bildens bredd"),
            ],
            "type": "Typografi",
            "type_text": "<p>Webbplatsen använder enhetens egna typsnitt, så ingenting laddas "
            "utifrån. Texten i logotyperna är Inter Bold.</p>",
            "sample_heading": "Hjälp med studier, arbete och vardag",
            "sample_text": "På Navigatorn får du råd och stöd under samma tak – på plats och "
            "på nätet, avgiftsfritt och utan tidsbokning.",
            "voice": "Tonläge",
            "voice_text": "<p>Vi talar med unga som med människor, inte som med kunder.</p>",
            "principles": [
                (
                    "Rakt på sak",
                    "Vi säger det viktigaste först och använder vardagligt språk.",
                    "Kom förbi, du behöver ingen tid.",
                    "Det är möjligt att uträtta ärenden även utan på förhand avtalad tid.",
                ),
                (
                    "Uppmuntrande",
                    "Vi antar inte att den unga har ett problem. Vi erbjuder hjälp.",
                    "Vi funderar tillsammans på vad som passar dig.",
                    "Tjänster erbjuds unga som riskerar att marginaliseras.",
                ),
                (
                    "Vi säger du",
                    "Vi tilltalar läsaren med du, kort och vänligt.",
                    "Du kan fråga oss vad som helst.",
                    "Kunden kan ställa frågor.",
                ),
            ],
        },
        "en": {
            "title": "Brand guidelines",
            "slug": "brand-guidelines",
            "intro": "How Ohjaamo looks and sounds: colours, the logo, typography and tone of "
            "voice.",
            "p": "<p>These guidelines apply to every Ohjaamo and its partners. The colours and "
            "typefaces come straight from the site's brand settings, so this page always shows "
            "the look in force.</p>",
            "colours": "Colours",
            "colours_text": "<p>The contrast of every colour pair is checked against WCAG 2.1 "
            "AA before the colours can change.</p>",
            "logo": "Using the logo",
            "logo_text": "<p>The logo is the mark and the name together. Always use the "
            "ready-made files.</p>",
            "examples": [
                ("The colour Ohjaamo logo on white", "The colour logo on a light background."),
                (
                    "The white Ohjaamo logo on the primary colour",
                    "The negative logo on the primary colour or a dark background.",
                ),
                ("The Ohjaamo logo stretched sideways", "Do not stretch or squash the logo."),
                (
                    "The colour logo on purple, its ring lost in the background",
                    "Do not put the colour logo on a colourful background.",
                ),
                ("The Ohjaamo logo tilted", "Do not rotate the logo."),
                ("The Ohjaamo logo in yellow and grey", "Do not change the logo's colours."),
            ],
            "space": "Size and clear space",
            "space_text": "<p>Leave empty space of at least half the mark's height around the "
            "logo (x in the picture).</p>",
            "space_alt": "Clear space around the logo, as wide as half the mark's height",
            "sizes": [
                ("Screens and web", "mark 24 px high"),
                ("Print", "mark 10 mm high"),
                ("Social media profile picture", "mark 60 % of the picture's width"),
            ],
            "type": "Typography",
            "type_text": "<p>The site uses the fonts of the visitor's device, so nothing is "
            "loaded from elsewhere. The text in the logos is Inter Bold.</p>",
            "sample_heading": "Help with studies, work and everyday life",
            "sample_text": "At Ohjaamo you get advice and support under one roof – in person "
            "and online, free of charge and without an appointment.",
            "voice": "Tone of voice",
            "voice_text": "<p>We talk to young people as people, not as clients.</p>",
            "principles": [
                (
                    "Straight to the point",
                    "We say the most important thing first, in everyday words.",
                    "Drop in, no appointment needed.",
                    "Transactions may also be conducted without a previously agreed time.",
                ),
                (
                    "Encouraging",
                    "We do not assume a young person has a problem. We offer help.",
                    "Let's work out together what suits you.",
                    "Services are provided for young people at risk of exclusion.",
                ),
                (
                    "Personal",
                    "We speak to the reader directly, briefly and kindly.",
                    "You can ask us anything.",
                    "Clients may submit questions.",
                ),
            ],
        },
    }[lang]

    def image(key, alt):
        return {"image": images[key].pk, "alt_text": alt, "decorative": False}

    return {
        "title": t["title"],
        "slug": t["slug"],
        "intro": t["intro"],
        "search_description": t["intro"],
        "body": [
            {"type": "paragraph", "value": t["p"]},
            {
                "type": "colour_swatches",
                "value": {"heading": t["colours"], "text": t["colours_text"]},
            },
            {
                "type": "logo_usage",
                "value": {
                    "heading": t["logo"],
                    "text": t["logo_text"],
                    "examples": [
                        {"image": image(key, alt), "verdict": verdict, "caption": caption}
                        for (key, verdict), (alt, caption) in zip(
                            EXAMPLES, t["examples"], strict=True
                        )
                    ],
                },
            },
            {
                "type": "logo_space",
                "value": {
                    "heading": t["space"],
                    "clear_space": t["space_text"],
                    "illustration": image("clear-space", t["space_alt"]),
                    "sizes": [{"use": use, "minimum": size} for use, size in t["sizes"]],
                },
            },
            {
                "type": "typography",
                "value": {
                    "heading": t["type"],
                    "text": t["type_text"],
                    "sample_heading": t["sample_heading"],
                    "sample_text": t["sample_text"],
                },
            },
            {
                "type": "tone_of_voice",
                "value": {
                    "heading": t["voice"],
                    "text": t["voice_text"],
                    "principles": [
                        {
                            "title": title,
                            "explanation": explanation,
                            "we_say": we_say,
                            "rather_than": rather_than,
                        }
                        for title, explanation, we_say, rather_than in t["principles"]
                    ],
                },
            },
        ],
    }


def _page(model, fields):
    page = model(**{key: value for key, value in fields.items() if key != "body"})
    page.body = fields["body"]
    return page


def guideline_images(ctx, palette, collection):
    pictures = demo_art.guideline_examples(palette, "Ohjaamo")
    pictures["clear-space"] = demo_art.clear_space_png(palette, "Ohjaamo")
    return {
        key: _image(
            ctx,
            f"Brändiohje: {key}",
            f"brandiohje-{key}.png",
            data,
            collection,
            description=f"Brändiohjeen kuva ({key})",
        )
        for key, data in pictures.items()
    }


def ensure_pages(ctx, home, images, user=None):
    brand_page, created = add_child_page(home, _page(BrandPage, brand_page_fields("fi")), user)
    if created:
        ctx.count("brand pages")
    for lang in LANGS[1:]:
        translate(brand_page, locale(lang), _page(BrandPage, brand_page_fields(lang)), ctx)
    guide, created = add_child_page(
        brand_page, _page(BrandGuidelinePage, guideline_fields("fi", images)), user
    )
    if created:
        ctx.count("brand guideline pages")
    for lang in LANGS[1:]:
        translate(
            guide,
            locale(lang),
            _page(BrandGuidelinePage, guideline_fields(lang, images)),
            ctx,
        )
    return brand_page, guide


@seeder(order=50)
def seed_brand(ctx):
    site = Site.objects.filter(is_default_site=True).first()
    home = ctx.objects.get("home")
    if site is None or home is None:
        ctx.log("  no site or home page: brand content skipped")
        return
    palette = tokens.default_palette()
    public, staff = public_collection(), staff_collection()
    logo_files = ensure_settings(ctx, site, palette, public)
    ensure_assets(ctx, palette, logo_files, public, staff)
    images = guideline_images(ctx, palette, public)
    brand_page, guide = ensure_pages(ctx, home, images, ctx.objects.get("user"))
    ctx.objects["brand_page"] = brand_page
    ctx.objects["brand_guideline_page"] = guide
    ctx.objects.setdefault("footer_links", []).append(brand_page)


@resetter
def reset_brand(ctx):
    """Delete the demo brand material that is not pages: assets, logo files, the files in the
    brand collections and the collections themselves."""
    BrandAsset.objects.update(replaces=None)
    BrandAsset.objects.all().delete()
    BrandLogo.objects.all().delete()
    collections = Collection.objects.filter(name__in=(PUBLIC_COLLECTION, STAFF_COLLECTION))
    for collection in collections:
        get_document_model().objects.filter(collection=collection).delete()
        get_image_model().objects.filter(collection=collection).delete()
        collection.get_view_restrictions().delete()
        collection.delete()
