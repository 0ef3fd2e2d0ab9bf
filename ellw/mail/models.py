"""The outbox: every e-mail the service sends is a row here first.

Bodies carry working links (endorsement, password reset, e-mail confirmation), so they are
stored encrypted (ellw.crypto, key outside the database) and erased once the message is sent;
what stays is the record: recipients, subject, template, times, attempts and Message-ID.
"""

from django.db import models

from .enums import OutboundEmailStatus


class OutboundEmail(models.Model):
    template = models.CharField(max_length=200, blank=True)
    to = models.JSONField(default=list)
    reply_to = models.JSONField(default=list, blank=True)
    subject = models.CharField(max_length=300)
    # Encrypted at rest ("enc1:…"); "" once sent.
    body_text = models.TextField(blank=True)
    body_html = models.TextField(blank=True)
    # The Message-ID header of every attempt, so a re-send is recognisably the same message.
    message_id = models.CharField(max_length=255, blank=True, editable=False)
    status = models.CharField(
        max_length=10, choices=OutboundEmailStatus.choices, default=OutboundEmailStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    # Once sent, the recipients go too: the message told someone their data was erased, so
    # nothing may keep their address afterwards.
    forget_recipients = models.BooleanField(default=False, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "created_at"], name="outbox_status_created")]

    def __str__(self) -> str:
        return f"{self.subject} → {', '.join(self.to)}"
