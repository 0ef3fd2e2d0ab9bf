"""Setting a cohort up: creating it and changing it, with the model's own validation and
the one rule the model cannot see (capacity never below the places already held)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import asdict, dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify

from cohorts.models import Cohort, Role

SLUG_MAX_CHARS = Cohort._meta.get_field("slug").max_length


@dataclass(frozen=True, kw_only=True)
class CohortValues:
    """What the lead enters for a cohort (everything but its eligible roles)."""

    name: str
    summary: str
    applications_open_on: datetime.date
    applications_close_on: datetime.date
    starts_on: datetime.date
    ends_on: datetime.date
    capacity: int
    minimum_experience_months: int
    endorser_email_domains: str
    module_attendance_threshold: int
    set_meeting_attendance_threshold: int
    signatory_name: str
    signatory_title: str


def cohort_slug_for(name: str, *, exclude_pk: int | None = None) -> str:
    """A slug from the name, made unique with -2, -3… (names are unique, but two names can
    slugify alike: "Cohort 3" and "Cohort 3!")."""
    base = slugify(name)[:SLUG_MAX_CHARS].strip("-") or "cohort"
    taken = Cohort.objects.exclude(pk=exclude_pk).filter(slug__startswith=base)
    taken_slugs = set(taken.values_list("slug", flat=True))
    slug, n = base, 1
    while slug in taken_slugs:
        n += 1
        suffix = f"-{n}"
        slug = base[: SLUG_MAX_CHARS - len(suffix)].rstrip("-") + suffix
    return slug


def _capacity_problem(*, capacity: int, places_held: int) -> str | None:
    if capacity >= places_held:
        return None
    places = "1 place is" if places_held == 1 else f"{places_held} places are"
    return f"Places on the cohort must be at least {places_held}: {places} already offered or taken"


def _save(*, cohort: Cohort, eligible_roles: Iterable[Role], places_held: int) -> Cohort:
    roles = list(eligible_roles)
    errors: dict[str, list[str]] = {}
    try:
        # The model's own rules: field caps, the window and dates (clean) and its
        # constraints. Uniqueness is checked below, in words; the slug is made unique.
        cohort.full_clean(validate_unique=False)
    except ValidationError as error:
        errors = {name: list(messages) for name, messages in error.message_dict.items()}
    if Cohort.objects.exclude(pk=cohort.pk).filter(name__iexact=cohort.name).exists():
        errors.setdefault("name", []).append(
            f"There is already a cohort called {cohort.name}: choose another name"
        )
    problem = _capacity_problem(capacity=cohort.capacity, places_held=places_held)
    if problem:
        errors.setdefault("capacity", []).append(problem)
    if not roles:
        errors.setdefault("eligible_roles", []).append(
            "Select at least one role the cohort is open to"
        )
    if errors:
        raise ValidationError(errors)
    cohort.save()
    cohort.eligible_roles.set(roles)
    return cohort


@transaction.atomic
def cohort_create(*, values: CohortValues, eligible_roles: Iterable[Role]) -> Cohort:
    """Create a cohort; its slug comes from its name. Raises ValidationError (by field)."""
    cohort = Cohort(**asdict(values))
    cohort.slug = cohort_slug_for(values.name)
    return _save(cohort=cohort, eligible_roles=eligible_roles, places_held=0)


@transaction.atomic
def cohort_update(
    *,
    cohort: Cohort,
    values: CohortValues,
    eligible_roles: Iterable[Role],
    places_held: int,
) -> Cohort:
    """Change a cohort. Its slug stays as it was (addresses in e-mails already sent use
    it); `places_held` counts places offered or taken, which capacity may not go below.
    Raises ValidationError (by field) and changes nothing when a rule is broken."""
    # Work on a fresh copy, locked: a refused change must leave the caller's instance alone,
    # and two leads saving at once must not both pass the capacity check on stale numbers.
    locked = Cohort.objects.select_for_update().get(pk=cohort.pk)
    for name, value in asdict(values).items():
        setattr(locked, name, value)
    return _save(cohort=locked, eligible_roles=eligible_roles, places_held=places_held)
