from decimal import Decimal

from django.db import migrations

MODULES = [
    (
        "coaching",
        "Coaching",
        "Using a coaching approach to help people and colleagues find their own way forward.",
        "6.0",
    ),
    (
        "mentoring",
        "Mentoring",
        "Supporting the growth of other link workers by sharing experience and reflection.",
        "6.0",
    ),
    (
        "negotiation",
        "Negotiation",
        "Preparing for and holding conversations that reach agreement across interests.",
        "6.0",
    ),
    (
        "introduction-to-quality-improvement",
        "Introduction to quality improvement",
        "Measuring, testing and improving social prescribing services with QI methods.",
        "6.0",
    ),
    (
        "networks-and-partnership-development",
        "Networks and partnership development",
        "Building relationships with the voluntary sector, PCNs and system partners.",
        "6.0",
    ),
    (
        "personal-authority-and-power",
        "Personal authority and power",
        "Understanding where influence comes from and leading with authenticity.",
        "6.0",
    ),
    (
        "presentation-skills",
        "Presentation skills",
        "Presenting ideas and evidence with confidence to colleagues and system leaders.",
        "6.0",
    ),
]


def add_modules(apps, schema_editor):
    Module = apps.get_model("modules", "Module")
    for position, (slug, name, summary, hours) in enumerate(MODULES, start=1):
        Module.objects.update_or_create(
            slug=slug,
            defaults={
                "name": name,
                "summary": summary,
                "default_cpd_hours": Decimal(hours),
                "position": position,
            },
        )


def remove_modules(apps, schema_editor):
    apps.get_model("modules", "Module").objects.filter(slug__in=[m[0] for m in MODULES]).delete()


class Migration(migrations.Migration):
    dependencies = [("modules", "0001_initial")]

    operations = [migrations.RunPython(add_modules, remove_modules)]
