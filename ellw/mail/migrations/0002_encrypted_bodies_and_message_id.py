"""Bodies are encrypted at rest and erased once sent; each row gets a stable Message-ID.

Existing rows: sent ones lose their bodies; pending, sending and failed ones are encrypted
(they may still be sent) and given a Message-ID.
"""

import uuid
from email.utils import parseaddr
from urllib.parse import urlparse

from django.conf import settings
from django.db import migrations, models

BODY_FIELDS = ("body_text", "body_html")


def _message_id() -> str:
    # As ellw.mail.services.outbound_email_message_id at the time of writing.
    domain = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2]
    domain = domain or urlparse(settings.SITE_URL).hostname or "localhost"
    return f"<outbox-{uuid.uuid4().hex}@{domain}>"


def protect_bodies(apps, schema_editor):
    from ellw.crypto import encrypt, is_encrypted

    OutboundEmail = apps.get_model("mail", "OutboundEmail")
    OutboundEmail.objects.filter(status="sent").update(body_text="", body_html="")
    for email in OutboundEmail.objects.exclude(status="sent").iterator(chunk_size=500):
        for field in BODY_FIELDS:
            value = getattr(email, field)
            if value and not is_encrypted(value):
                setattr(email, field, encrypt(value))
        if not email.message_id:
            email.message_id = _message_id()
        email.save(update_fields=[*BODY_FIELDS, "message_id"])


def decrypt_bodies(apps, schema_editor):
    """Back to plain bodies for the previous code (erased bodies stay erased)."""
    from ellw.crypto import decrypt, is_encrypted

    OutboundEmail = apps.get_model("mail", "OutboundEmail")
    for email in OutboundEmail.objects.exclude(status="sent").iterator(chunk_size=500):
        for field in BODY_FIELDS:
            value = getattr(email, field)
            if is_encrypted(value):
                setattr(email, field, decrypt(value))
        email.save(update_fields=list(BODY_FIELDS))


class Migration(migrations.Migration):
    dependencies = [
        ("mail", "0001_initial"),
    ]

    operations = [
        migrations.AlterField(
            model_name="outboundemail",
            name="body_text",
            field=models.TextField(blank=True),
        ),
        migrations.AddField(
            model_name="outboundemail",
            name="message_id",
            field=models.CharField(blank=True, editable=False, max_length=255),
        ),
        migrations.RunPython(protect_bodies, decrypt_bodies),
    ]
