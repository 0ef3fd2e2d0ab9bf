"""Indexes for the review queue: its default order, and trigram search on PostgreSQL."""

from django.db import migrations, models

# The queue searches with icontains, which Django writes on PostgreSQL as
# UPPER(column::text) LIKE UPPER('%…%'): a trigram GIN index on that same expression
# serves it. (The account e-mail is searched through its own index, not through a join.)
TRIGRAM_INDEXES = [
    ("application_full_name_trgm", "applications_application", "full_name"),
    ("application_work_email_trgm", "applications_application", "work_email"),
    ("application_search_user_email_trgm", "accounts_user", "email"),
]


def add_trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return  # SQLite has no trigram indexes; its search stays a scan.
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, table, column in TRIGRAM_INDEXES:
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{name}" ON "{table}" '
            f'USING gin (UPPER("{column}"::text) gin_trgm_ops)'
        )


def remove_trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _, _ in TRIGRAM_INDEXES:
        schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')


class Migration(migrations.Migration):
    dependencies = [
        ("applications", "0002_text_caps_and_rescinded_offers"),
        ("accounts", "0001_initial"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="application",
            index=models.Index(
                condition=models.Q(("status", "draft"), _negated=True),
                fields=["-submitted_at", "-id"],
                name="application_queue_order",
            ),
        ),
        migrations.AddIndex(
            model_name="application",
            index=models.Index(
                condition=models.Q(("status", "draft"), _negated=True),
                fields=["cohort", "-submitted_at", "-id"],
                name="application_cohort_queue_order",
            ),
        ),
        migrations.RunPython(add_trigram_indexes, remove_trigram_indexes, elidable=False),
    ]
