"""Encrypt the MFA secrets allauth stored in clear before ellw.accounts.mfa.MFAAdapter:
TOTP secrets, recovery-code seeds and any migrated recovery codes."""

from django.db import migrations

from ellw import crypto


def _convert(data: dict, convert, needs) -> bool:
    changed = False
    for field in ("secret", "seed"):
        value = data.get(field)
        if isinstance(value, str) and needs(value):
            data[field] = convert(value)
            changed = True
    codes = data.get("migrated_codes")
    if isinstance(codes, list) and any(isinstance(c, str) and needs(c) for c in codes):
        data["migrated_codes"] = [
            convert(c) if isinstance(c, str) and needs(c) else c for c in codes
        ]
        changed = True
    return changed


def _convert_all(apps, convert, needs) -> None:
    Authenticator = apps.get_model("mfa", "Authenticator")
    for authenticator in Authenticator.objects.filter(type__in=["totp", "recovery_codes"]):
        data = dict(authenticator.data)
        if _convert(data, convert, needs):
            authenticator.data = data
            authenticator.save(update_fields=["data"])


def encrypt_secrets(apps, schema_editor):
    _convert_all(apps, crypto.encrypt, lambda value: bool(value) and not crypto.is_encrypted(value))


def decrypt_secrets(apps, schema_editor):
    _convert_all(apps, crypto.decrypt, crypto.is_encrypted)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_staff_roles"),
        ("mfa", "0003_authenticator_type_uniq"),
    ]

    operations = [migrations.RunPython(encrypt_secrets, decrypt_secrets)]
