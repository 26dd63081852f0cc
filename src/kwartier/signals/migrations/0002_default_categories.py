"""The default category tree; the beheerder edits it afterwards (it is data, not code)."""

from django.db import migrations

# (code, name, term in days, sensitive, [(code, name), ...])
DEFAULTS = [
    (
        "openbare-ruimte",
        "Openbare ruimte",
        10,
        False,
        [
            ("afval", "Afval en zwerfvuil"),
            ("groen", "Groen en bomen"),
            ("straat", "Straat, stoep en verlichting"),
            ("speelplek", "Speelplekken"),
        ],
    ),
    (
        "overlast",
        "Overlast",
        10,
        False,
        [
            ("overlast-geluid", "Geluid"),
            ("overlast-personen", "Overlast door personen"),
        ],
    ),
    (
        "veiligheid",
        "Veiligheid",
        5,
        False,
        [
            ("onveilige-plek", "Onveilige plek"),
            ("ondermijning", "Vermoeden van ondermijning"),
        ],
    ),
    (
        "verkeer",
        "Verkeer",
        15,
        False,
        [
            ("parkeren", "Parkeren"),
            ("verkeersveiligheid", "Verkeersveiligheid"),
        ],
    ),
    (
        "jeugd",
        "Jeugd",
        10,
        False,
        [
            ("jeugd-ontmoeten", "Geen plek voor jongeren"),
            ("jeugd-overlast", "Jeugdoverlast"),
        ],
    ),
    (
        "zorgen",
        "Eenzaamheid en zorgen om een buur",
        5,
        True,
        [
            ("eenzaamheid", "Eenzaamheid"),
            ("zorg-buur", "Zorgen om een buurtbewoner"),
        ],
    ),
    (
        "voorzieningen",
        "Clubs en voorzieningen",
        20,
        False,
        [
            ("buurthuis", "Buurthuis en ontmoetingsplek"),
            ("clubs", "Clubs en verenigingen"),
        ],
    ),
    ("overig", "Overig", 10, False, []),
]
SENSITIVE_CHILDREN = {"overlast-personen"}


def seed(apps, schema_editor):
    Category = apps.get_model("signals", "Category")
    for order, (code, name, term, sensitive, children) in enumerate(DEFAULTS):
        parent, _ = Category.objects.get_or_create(
            code=code,
            defaults={"name": name, "term_days": term, "sensitive": sensitive, "order": order},
        )
        for child_order, (child_code, child_name) in enumerate(children):
            Category.objects.get_or_create(
                code=child_code,
                defaults={
                    "name": child_name,
                    "parent": parent,
                    "term_days": term,
                    "sensitive": sensitive or child_code in SENSITIVE_CHILDREN,
                    "order": child_order,
                },
            )


class Migration(migrations.Migration):
    dependencies = [("signals", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
