from django.db import migrations

PLACES = [
    ("Barking and Dagenham", "barking-and-dagenham"),
    ("City of London", "city-of-london"),
    ("Hackney", "hackney"),
    ("Havering", "havering"),
    ("Newham", "newham"),
    ("Redbridge", "redbridge"),
    ("Tower Hamlets", "tower-hamlets"),
    ("Waltham Forest", "waltham-forest"),
]

ROLES = [
    ("Social Prescribing Link Worker", "social-prescribing-link-worker"),
    ("Health and Wellbeing Coach", "health-and-wellbeing-coach"),
    ("Care Coordinator", "care-coordinator"),
]


def add_reference_data(apps, schema_editor):
    Place = apps.get_model("cohorts", "Place")
    Role = apps.get_model("cohorts", "Role")
    for name, slug in PLACES:
        Place.objects.update_or_create(slug=slug, defaults={"name": name})
    for name, slug in ROLES:
        Role.objects.update_or_create(slug=slug, defaults={"name": name})


def remove_reference_data(apps, schema_editor):
    apps.get_model("cohorts", "Place").objects.filter(slug__in=[s for _, s in PLACES]).delete()
    apps.get_model("cohorts", "Role").objects.filter(slug__in=[s for _, s in ROLES]).delete()


class Migration(migrations.Migration):
    dependencies = [("cohorts", "0001_initial")]

    operations = [migrations.RunPython(add_reference_data, remove_reference_data)]
