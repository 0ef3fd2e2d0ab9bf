"""Demo data for a laptop: staff, link workers, PCNs and two cohorts. Safe to run again."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from cohorts.models import Cohort, Place, PrimaryCareNetwork, Role
from ellw.accounts.models import User
from ellw.accounts.roles import PROGRAMME_LEADS, SP_MANAGERS
from ellw.accounts.services import staff_role_grant

DEMO_PASSWORD = "ellw-demo-2026"


@dataclass(frozen=True)
class DemoPerson:
    email: str
    full_name: str
    role: str | None  # a staff role, or None for a link worker
    label: str


PEOPLE = [
    DemoPerson("lead@example.nhs.uk", "Gita Malhotra", PROGRAMME_LEADS, "Programme lead"),
    DemoPerson("manager@example.nhs.uk", "Sam Patel", SP_MANAGERS, "SP manager"),
    DemoPerson("aisha.khan@example.nhs.uk", "Aisha Khan", None, "Link worker"),
    DemoPerson("ben.okafor@example.nhs.uk", "Ben Okafor", None, "Link worker"),
    DemoPerson("chloe.murphy@example.nhs.uk", "Chloe Murphy", None, "Link worker"),
    DemoPerson("dev.sharma@example.nhs.uk", "Dev Sharma", None, "Link worker"),
    DemoPerson("ella.thompson@example.nhs.uk", "Ella Thompson", None, "Link worker"),
]

PCNS = {
    "barking-and-dagenham": ["Barking and Dagenham North PCN", "Barking Riverside PCN"],
    "city-of-london": ["City and Hackney PCN"],
    "hackney": ["Hackney Marshes PCN", "Well Street Common PCN"],
    "havering": ["Romford Central PCN", "Hornchurch PCN"],
    "newham": ["Newham Central 1 PCN", "Royal Docks PCN"],
    "redbridge": ["Ilford North PCN", "Seven Kings PCN"],
    "tower-hamlets": ["Bow Health Network PCN", "Isle of Dogs PCN"],
    "waltham-forest": ["Walthamstow Central PCN", "Leyton and Leytonstone PCN"],
}


@dataclass(frozen=True)
class DemoResult:
    people: list[DemoPerson]
    password: str | None


@transaction.atomic
def demo_seed(*, today: datetime.date | None = None) -> DemoResult:
    today = today or timezone.localdate()
    with_passwords = settings.DEBUG
    for person in PEOPLE:
        user, created = User.objects.get_or_create(
            email=person.email, defaults={"full_name": person.full_name}
        )
        if created:
            if with_passwords:
                user.set_password(DEMO_PASSWORD)
            else:
                user.set_unusable_password()
            user.save()
        EmailAddress.objects.update_or_create(
            user=user, email=person.email, defaults={"verified": True, "primary": True}
        )
        if person.role:
            staff_role_grant(user=user, role=person.role)

    for place_slug, names in PCNS.items():
        place = Place.objects.get(slug=place_slug)
        for name in names:
            PrimaryCareNetwork.objects.get_or_create(name=name, place=place)

    link_worker = Role.objects.get(slug="social-prescribing-link-worker")
    cohort_1, _ = Cohort.objects.update_or_create(
        slug="cohort-1",
        defaults={
            "name": "Cohort 1",
            "summary": "The first cohort: 11 link workers graduated in March 2022.",
            "applications_open_on": datetime.date(2021, 11, 1),
            "applications_close_on": datetime.date(2021, 11, 30),
            "starts_on": datetime.date(2022, 1, 10),
            "ends_on": datetime.date(2022, 3, 31),
            "capacity": 12,
        },
    )
    cohort_1.eligible_roles.set([link_worker])
    # Cohort 2 is kept open for applications whenever the demo is seeded.
    opens = today - datetime.timedelta(days=14)
    closes = today + datetime.timedelta(days=30)
    starts = closes + datetime.timedelta(days=42)
    cohort_2, _ = Cohort.objects.update_or_create(
        slug="cohort-2",
        defaults={
            "name": "Cohort 2",
            "summary": (
                "Now open to link workers, health and wellbeing coaches and care coordinators."
            ),
            "applications_open_on": opens,
            "applications_close_on": closes,
            "starts_on": starts,
            "ends_on": starts + datetime.timedelta(days=89),
            "capacity": 15,
        },
    )
    cohort_2.eligible_roles.set(Role.objects.all())
    return DemoResult(people=PEOPLE, password=DEMO_PASSWORD if with_passwords else None)
