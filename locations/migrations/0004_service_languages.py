"""Reference data: the languages an Ohjaamo may serve in (ISO 639-1 codes; Northern Sámi is
`se`), named in Finnish, Swedish and English. Idempotent: existing rows are updated, none are
deleted (pages may refer to them)."""

from django.db import migrations

# code, Finnish, Swedish, English. The order: the site's languages, the Sámi languages of
# Finland, then the languages most spoken by young newcomers.
LANGUAGES = [
    ("fi", "suomi", "finska", "Finnish"),
    ("sv", "ruotsi", "svenska", "Swedish"),
    ("en", "englanti", "engelska", "English"),
    ("se", "pohjoissaame", "nordsamiska", "Northern Sámi"),
    ("smn", "inarinsaame", "enaresamiska", "Inari Sámi"),
    ("sms", "koltansaame", "skoltsamiska", "Skolt Sámi"),
    ("fse", "suomalainen viittomakieli", "finskt teckenspråk", "Finnish Sign Language"),
    (
        "fsl",
        "suomenruotsalainen viittomakieli",
        "finlandssvenskt teckenspråk",
        "Finland-Swedish Sign Language",
    ),
    ("ru", "venäjä", "ryska", "Russian"),
    ("et", "viro", "estniska", "Estonian"),
    ("ar", "arabia", "arabiska", "Arabic"),
    ("so", "somali", "somaliska", "Somali"),
    ("uk", "ukraina", "ukrainska", "Ukrainian"),
    ("fa", "persia", "persiska", "Persian"),
    ("prs", "dari", "dari", "Dari"),
    ("ku", "kurdi", "kurdiska", "Kurdish"),
    ("tr", "turkki", "turkiska", "Turkish"),
    ("sq", "albania", "albanska", "Albanian"),
    ("vi", "vietnam", "vietnamesiska", "Vietnamese"),
    ("th", "thai", "thailändska", "Thai"),
    ("zh", "kiina", "kinesiska", "Chinese"),
    ("es", "espanja", "spanska", "Spanish"),
    ("fr", "ranska", "franska", "French"),
    ("de", "saksa", "tyska", "German"),
    ("pl", "puola", "polska", "Polish"),
    ("ti", "tigrinja", "tigrinja", "Tigrinya"),
]


def add_languages(apps, schema_editor):
    ServiceLanguage = apps.get_model("locations", "ServiceLanguage")
    for order, (code, name_fi, name_sv, name_en) in enumerate(LANGUAGES, start=1):
        ServiceLanguage.objects.update_or_create(
            code=code,
            defaults={
                "name_fi": name_fi,
                "name_sv": name_sv,
                "name_en": name_en,
                "sort_order": order * 10,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("locations", "0003_service_point_approximate_address")]

    operations = [migrations.RunPython(add_languages, migrations.RunPython.noop)]
