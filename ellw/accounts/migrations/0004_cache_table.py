"""The database cache's table (settings.CACHES without REDIS_URL), so `migrate` is enough.

Made whatever the cache is now, so switching from Redis to the database needs no step."""

from django.core.management import call_command
from django.db import migrations

CACHE_TABLE = "ellw_cache"  # settings.ELLW_CACHE_TABLE


def create_cache_table(apps, schema_editor):
    call_command(
        "createcachetable", CACHE_TABLE, database=schema_editor.connection.alias, verbosity=0
    )


def drop_cache_table(apps, schema_editor):
    schema_editor.execute(f"DROP TABLE IF EXISTS {schema_editor.quote_name(CACHE_TABLE)}")


class Migration(migrations.Migration):
    dependencies = [("accounts", "0003_encrypt_mfa_secrets")]

    operations = [migrations.RunPython(create_cache_table, drop_cache_table)]
