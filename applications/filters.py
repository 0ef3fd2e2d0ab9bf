"""The review queue's filters and sort order (django-filter), read from the query string."""

from __future__ import annotations

import django_filters
from django.db.models import Case, F, IntegerField, QuerySet, Value, When

from cohorts.models import Cohort, Place, PrimaryCareNetwork, Role
from ellw.accounts.models import User
from ellw.forms import CappedForm

from .enums import ApplicationStatus
from .models import Application

S = ApplicationStatus

# Workflow order, so "status" sorts the way managers read the process, not alphabetically.
_STATUS_POSITION = Case(
    *(When(status=status.value, then=Value(i)) for i, status in enumerate(S)),
    output_field=IntegerField(),
)

# ?sort= value → (label, ordering). The first is the default; unknown values are ignored.
SORTS: dict[str, tuple[str, tuple]] = {
    "-submitted_at": ("Newest first", ("-submitted_at", "-pk")),
    "submitted_at": ("Oldest first", ("submitted_at", "pk")),
    "full_name": ("Name, A to Z", ("full_name", "pk")),
    "-full_name": ("Name, Z to A", ("-full_name", "-pk")),
    "status": ("Status", (_STATUS_POSITION, "-submitted_at", "-pk")),
    "waitlisted_at": ("Waitlist order", (F("waitlisted_at").asc(nulls_last=True), "pk")),
}
DEFAULT_SORT = "-submitted_at"


class QueueFilterForm(CappedForm):
    """The filters' form: the search box's cap is named in its message."""

    char_limit_labels = {"q": "Your search"}


class ApplicationQueueFilter(django_filters.FilterSet):
    cohort = django_filters.ModelChoiceFilter(
        queryset=Cohort.objects.order_by("-starts_on", "name"), empty_label="All cohorts"
    )
    status = django_filters.ChoiceFilter(
        choices=[(s.value, s.label) for s in S if s != S.DRAFT], empty_label="All statuses"
    )
    place = django_filters.ModelChoiceFilter(
        queryset=Place.objects.order_by("name"),
        label="Place (borough)",
        empty_label="All places (boroughs)",
    )
    pcn = django_filters.ModelChoiceFilter(
        queryset=PrimaryCareNetwork.objects.order_by("name", "pk"),
        label="Primary care network (PCN)",
        empty_label="All PCNs",
    )
    role = django_filters.ModelChoiceFilter(
        queryset=Role.objects.order_by("name"), empty_label="All roles"
    )
    q = django_filters.CharFilter(
        label="Name or e-mail address contains", method="search", max_length=200
    )
    sort = django_filters.ChoiceFilter(
        label="Sort by",
        choices=[(key, label) for key, (label, _) in SORTS.items()],
        empty_label=None,
        method="sort_by",
    )

    class Meta:
        model = Application
        fields = ["cohort", "status", "place", "pcn", "role", "q", "sort"]
        form = QueueFilterForm

    def __init__(self, data=None, queryset=None, **kwargs):
        if data is not None and data.get("sort") and data.get("sort") not in SORTS:
            data = data.copy()
            del data["sort"]
        if queryset is not None:
            queryset = queryset.order_by(*SORTS[DEFAULT_SORT][1])
        super().__init__(data, queryset, **kwargs)

    def search(self, queryset: QuerySet[Application], name: str, value: str):
        value = value.strip()
        if not value:
            return queryset
        # One index-served lookup per column (trigram indexes on PostgreSQL, see migration
        # 0003), united by id: an OR across a join would scan every application instead.
        # The account e-mail is looked up in the users table, then matched by applicant.
        matches = Application.objects.order_by()
        by_name = matches.filter(full_name__icontains=value).values("pk")
        by_work_email = matches.filter(work_email__icontains=value).values("pk")
        by_account_email = matches.filter(
            applicant__in=User.objects.order_by().filter(email__icontains=value).values("pk")
        ).values("pk")
        return queryset.filter(pk__in=by_name.union(by_work_email, by_account_email))

    def sort_by(self, queryset: QuerySet[Application], name: str, value: str):
        return queryset.order_by(*SORTS[value][1])

    @property
    def selected_cohort(self) -> Cohort | None:
        """The cohort filtered on, if the form chose a valid one."""
        self.errors  # noqa: B018 -- validates the form, as django-filter's own qs does
        return self.form.cleaned_data.get("cohort")
