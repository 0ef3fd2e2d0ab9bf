"""Certificates state their verification address, pinned in the snapshot when issued. Those
issued before the address was pinned are given the one they were drawn with: SITE_URL as it
is when this migration runs."""

from django.conf import settings
from django.db import migrations

ALPHABET_GROUP = 4


def _display(code: str) -> str:
    return "-".join(code[i : i + ALPHABET_GROUP] for i in range(0, len(code), ALPHABET_GROUP))


def pin_verification_address(apps, schema_editor):
    Certificate = apps.get_model("cohorts", "Certificate")
    site = settings.SITE_URL.rstrip("/")
    host_and_path = site.split("://", 1)[-1]
    for certificate in Certificate.objects.all().iterator():
        snapshot = dict(certificate.snapshot)
        if "verification_url" in snapshot:
            continue
        snapshot["verification_url"] = f"{site}/verify/{_display(certificate.code)}/"
        snapshot["verification_page"] = f"{host_and_path}/verify/"
        Certificate.objects.filter(pk=certificate.pk).update(snapshot=snapshot)


class Migration(migrations.Migration):
    dependencies = [("cohorts", "0006_certificates")]

    operations = [migrations.RunPython(pin_verification_address, migrations.RunPython.noop)]
