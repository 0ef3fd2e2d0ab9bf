"""Reads for generated documents."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import QuerySet

from .models import GeneratedDocument


def documents_of(*, owner: models.Model, kind: str) -> QuerySet[GeneratedDocument]:
    """The documents of one kind made for this owner, newest first."""
    return GeneratedDocument.objects.filter(
        kind=kind, owner_type=ContentType.objects.get_for_model(owner), owner_id=owner.pk
    ).order_by("-requested_at", "-pk")
