"""Reads for testimonials: the lead's list with its counts, one testimonial, and the
approved, consented testimonials a report may quote, each with its attribution."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Case, Count, F, IntegerField, Q, QuerySet, Value, When, Window
from django.db.models.functions import RowNumber

from ellw.links import links_past_retention
from evaluation.enums import (
    TESTIMONIAL_TRANSITIONS,
    TestimonialConsent,
    TestimonialSource,
    TestimonialStatus,
)
from evaluation.models import Testimonial

# How an anonymised testimonial names the kind of organisation its author speaks from.
SOURCE_KINDS = {
    TestimonialSource.PARTICIPANT: "participant on the programme",
    TestimonialSource.PCN: "primary care network",
    TestimonialSource.TRAINING_PARTNER: "training partner",
    TestimonialSource.SYSTEM_LEADER: "system leader",
}
# Letters whose name starts with a vowel sound, for "an NHS …" beside "a PCN …".
_VOWEL_SOUNDING_INITIALS = set("AEFHILMNORSX")


def testimonial_is_written(testimonial: Testimonial) -> bool:
    """It has words and the author's consent: only then can it be approved."""
    return bool(testimonial.text) and testimonial.consent in TestimonialConsent.values


def testimonial_may_become(testimonial: Testimonial, status: str) -> bool:
    """What TESTIMONIAL_TRANSITIONS allows from where it is; approving also needs it
    written."""
    allowed = status in TESTIMONIAL_TRANSITIONS[testimonial.status]
    if status == TestimonialStatus.APPROVED:
        return allowed and testimonial_is_written(testimonial)
    return allowed


def testimonial_text_may_change(testimonial: Testimonial) -> bool:
    """The lead corrects the text only while it awaits approval."""
    return testimonial.status == TestimonialStatus.AWAITING_APPROVAL


def testimonial_list(*, status: str = "", source: str = "") -> QuerySet[Testimonial]:
    """The lead's list, newest first; the text is deferred (the list does not show it)."""
    testimonials = Testimonial.objects.select_related("cohort").defer("text")
    if status:
        testimonials = testimonials.filter(status=status)
    if source:
        testimonials = testimonials.filter(source=source)
    return testimonials


def testimonial_status_counts(*, source: str = "") -> dict[str, int]:
    """How many testimonials are in each status (of one source, if given), by status value,
    with every status present."""
    testimonials = Testimonial.objects.all()
    if source:
        testimonials = testimonials.filter(source=source)
    counts = testimonials.aggregate(
        **{status.value: Count("pk", filter=Q(status=status)) for status in TestimonialStatus}
    )
    return {status.value: counts[status.value] for status in TestimonialStatus}


def testimonial_detail(pk: int) -> QuerySet[Testimonial]:
    return Testimonial.objects.select_related("cohort", "created_by", "decided_by").filter(pk=pk)


def _article(phrase: str) -> str:
    first = phrase.split(" ", 1)[0]
    if len(first) > 1 and first.isupper():  # an acronym, read letter by letter
        vowel_sound = first[0] in _VOWEL_SOUNDING_INITIALS
    else:
        vowel_sound = phrase[:1].lower() in "aeiou"
    return "An" if vowel_sound else "A"


def _role_in_sentence(role: str) -> str:
    """ "Clinical director" → "clinical director"; "NHS England lead" stays as it is."""
    if len(role) > 1 and role[1].isupper():
        return role
    return role[:1].lower() + role[1:]


def testimonial_attribution(
    *, consent: str, source: str, author_name: str, author_role: str, organisation: str
) -> str:
    """Named: "Dr Priya Shah, Clinical director, Newham Central 1 PCN". Anonymised: only
    the role and the kind of source, "A clinical director, primary care network"; never the
    name, nor the organisation (which could name them)."""
    if consent == TestimonialConsent.NAMED:
        return ", ".join(part for part in (author_name, author_role, organisation) if part)
    kind = SOURCE_KINDS[TestimonialSource(source)]
    if not author_role:
        return f"{_article(kind)} {kind}"
    role = _role_in_sentence(author_role)
    return f"{_article(role)} {role}, {kind}"


@dataclass(frozen=True)
class ReportTestimonial:
    source: str
    source_label: str
    text: str
    attribution: str
    cohort: str  # the cohort's name; "" for the programme as a whole


def testimonials_the_report_may_use() -> QuerySet[Testimonial]:
    """Every testimonial a report may quote (approved, with consent, with words), for the
    lead to choose from: oldest first, with its cohort."""
    return (
        Testimonial.objects.filter(
            status=TestimonialStatus.APPROVED, consent__in=TestimonialConsent.values
        )
        .exclude(text="")
        .select_related("cohort")
        .order_by("submitted_at", "pk")
    )


def testimonials_for_report(
    cohort_ids: list[int], *, per_source: int | None = None, only_ids: list[int] | None = None
) -> list[ReportTestimonial]:
    """Approved testimonials with the author's consent, about these cohorts or the
    programme as a whole, ordered by source (participants, PCNs, training partners, system
    leaders) and then as they came in; with `per_source`, only the earliest that many of
    each source, picked by the database (one query, whatever the number there are)."""
    source_order = Case(
        *[When(source=source, then=Value(i)) for i, source in enumerate(TestimonialSource)],
        default=Value(len(TestimonialSource)),
        output_field=IntegerField(),
    )
    rows = (
        Testimonial.objects.filter(
            Q(cohort_id__in=list(cohort_ids)) | Q(cohort__isnull=True),
            status=TestimonialStatus.APPROVED,
            consent__in=TestimonialConsent.values,
        )
        .exclude(text="")
        .annotate(source_order=source_order)
        .order_by("source_order", "submitted_at", "pk")
    )
    if only_ids is not None:  # the lead's choice
        rows = rows.filter(pk__in=only_ids)
    if per_source is not None:
        rows = rows.annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("source")],
                order_by=[F("submitted_at").asc(), F("pk").asc()],
            )
        ).filter(rank__lte=per_source)
    rows = rows.values_list(
        "source",
        "author_name",
        "author_role",
        "organisation",
        "text",
        "consent",
        "cohort__name",
    )
    return [
        ReportTestimonial(
            source=source,
            source_label=TestimonialSource(source).label,
            text=text.strip(),
            attribution=testimonial_attribution(
                consent=consent,
                source=source,
                author_name=name,
                author_role=role,
                organisation=organisation,
            ),
            cohort=cohort_name or "",
        )
        for source, name, role, organisation, text, consent, cohort_name in rows
    ]


def testimonial_links_past_retention(now: datetime.datetime) -> QuerySet[Testimonial]:
    """Testimonial request links that stopped working (used or expired) at least
    ELLW_RETENTION_LINK_DAYS ago and whose keys are still stored."""
    return Testimonial.objects.filter(
        links_past_retention(now, expires_field="link_expires_at", ended_fields=("link_used_at",))
    )
