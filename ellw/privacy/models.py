"""Requests to erase a person's data: asked from their account (or made by the lead for
someone without one), then carried out or refused by the programme lead.

A row never names the person: once erased, `user` points at the anonymised account (or at
nothing, for someone without one), and `counts` says how many records of each kind were
deleted or anonymised. The lead's reason for a refusal stays, because the person still
exists then and may complain about it."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from ellw.text import max_chars_check

from .enums import ErasureStatus

REASON_MAX_CHARS = 2000


class ErasureRequest(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="erasure_requests",
    )
    status = models.CharField(
        max_length=10, choices=ErasureStatus.choices, default=ErasureStatus.REQUESTED
    )
    requested_at = models.DateTimeField()
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    refusal_reason = models.TextField(max_length=REASON_MAX_CHARS, blank=True)
    counts = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-requested_at", "-pk"]
        constraints = [
            # One open request per person: asking again while one waits changes nothing.
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(status=ErasureStatus.REQUESTED),
                name="erasure_request_one_open_per_person",
            ),
            max_chars_check(
                "refusal_reason",
                REASON_MAX_CHARS,
                name="erasure_refusal_reason_max_chars",
                label="Reason",
            ),
        ]

    def __str__(self) -> str:
        return f"Erasure request {self.pk}"

    @property
    def is_open(self) -> bool:
        return self.status == ErasureStatus.REQUESTED
