from django.contrib.auth.management import create_permissions
from django.db import migrations

SP_MANAGERS = "SP managers"
PROGRAMME_LEADS = "Programme leads"

# (app_label, codename) pairs. Object-level rules live in each app's rules.py; these model
# permissions let each role use the parts of the admin it needs.
PERMISSIONS = {
    SP_MANAGERS: [
        ("cohorts", "view_cohort"),
        ("cohorts", "view_place"),
        ("cohorts", "view_role"),
        ("cohorts", "view_primarycarenetwork"),
        ("cohorts", "add_primarycarenetwork"),
        ("cohorts", "change_primarycarenetwork"),
        ("modules", "view_module"),
    ],
    PROGRAMME_LEADS: [
        ("cohorts", "view_cohort"),
        ("cohorts", "add_cohort"),
        ("cohorts", "change_cohort"),
        ("cohorts", "view_place"),
        ("cohorts", "view_role"),
        ("cohorts", "add_role"),
        ("cohorts", "change_role"),
        ("cohorts", "view_primarycarenetwork"),
        ("cohorts", "add_primarycarenetwork"),
        ("cohorts", "change_primarycarenetwork"),
        ("modules", "view_module"),
        ("modules", "change_module"),
        ("mail", "view_outboundemail"),
    ],
}


def add_roles(apps, schema_editor):
    # Permissions are normally created after all migrations; create them now so the
    # groups can hold them on a fresh database.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, pairs in PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role)
        for app_label, codename in pairs:
            group.permissions.add(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=list(PERMISSIONS)).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("cohorts", "0002_places_and_roles"),
        ("modules", "0002_seven_modules"),
        ("mail", "0001_initial"),
    ]

    operations = [migrations.RunPython(add_roles, remove_roles)]
