"""The audit trail's filters (django-filter): person, record, action and dates."""

from __future__ import annotations

import datetime

import django_filters
from django.db.models import QuerySet
from django.utils import timezone

from ellw.forms import CappedForm, NHSDateField

from .enums import AuditEvent
from .models import AuditEntry
from .selectors import audit_entry_record_types


class AuditFilterForm(CappedForm):
    char_limit_labels = {"person": "The person", "record_id": "The record number"}


def _day_start(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


class NHSDateFilter(django_filters.DateFilter):
    """A day, entered in the NHS day, month and year boxes."""

    field_class = NHSDateField


class AuditEntryFilter(django_filters.FilterSet):
    person = django_filters.CharFilter(
        label="Who (staff e-mail address contains)",
        field_name="actor_email",
        lookup_expr="icontains",
        max_length=254,
    )
    event = django_filters.ChoiceFilter(
        label="What", choices=AuditEvent.choices, empty_label="Every action"
    )
    record_type = django_filters.ChoiceFilter(
        label="Kind of record", field_name="content_type_id", empty_label="Every kind of record"
    )
    record_id = django_filters.CharFilter(
        label="Record number", field_name="object_pk", max_length=40
    )
    since = NHSDateFilter(label="From", method="filter_since", help_text="For example, 27 3 2026")
    until = NHSDateFilter(label="To", method="filter_until", help_text="For example, 27 3 2026")

    class Meta:
        model = AuditEntry
        fields = ["person", "event", "record_type", "record_id", "since", "until"]
        form = AuditFilterForm

    def __init__(self, data=None, queryset=None, **kwargs):
        super().__init__(data, queryset, **kwargs)
        self.filters["record_type"].extra["choices"] = audit_entry_record_types()

    def filter_since(self, queryset: QuerySet[AuditEntry], name: str, value: datetime.date):
        return queryset.filter(timestamp__gte=_day_start(value))

    def filter_until(self, queryset: QuerySet[AuditEntry], name: str, value: datetime.date):
        return queryset.filter(timestamp__lt=_day_start(value + datetime.timedelta(days=1)))
