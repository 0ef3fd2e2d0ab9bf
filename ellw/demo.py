"""Demo data for a laptop. The platform seeds the demo people (staff and link workers);
each domain app owns the rest in its own `<app>.demo` module, found here by name, so this
package imports no domain app.

An app's demo module exposes `demo_seed(*, context)`, which lays down its data, and may
expose `demo_run(*, context)`, called once every app has seeded, to play out what happened
afterwards (cohorts runs Cohort 1 over the enrolments the applications demo made). Apps are
called in INSTALLED_APPS order, except that a module naming app labels in `DEMO_AFTER` comes
after them. Every step is safe to run again, and nothing here queues an e-mail.
"""

from __future__ import annotations

import datetime
import importlib
from dataclasses import dataclass, field
from types import ModuleType

from allauth.account.models import EmailAddress
from django.apps import apps
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import module_has_submodule

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


def demo_email(full_name: str, domain: str = "example.nhs.uk") -> str:
    """firstname.lastname@domain, letters only: "Liam O'Connor" is liam.oconnor."""
    parts = ("".join(c for c in part if c.isalpha()) for part in full_name.lower().split())
    return ".".join(parts) + "@" + domain


@dataclass
class DemoContext:
    """What every app's demo step shares: the day it is seeded, people, and the summary
    lines seed_demo prints."""

    today: datetime.date
    with_passwords: bool
    now: datetime.datetime = field(default_factory=timezone.now)
    summary: list[str] = field(default_factory=list)
    _password_hash: str | None = None

    def user(self, *, email: str, full_name: str) -> User:
        """The demo person with this e-mail (verified), created with the demo password if
        passwords are being set."""
        user, created = User.objects.get_or_create(email=email, defaults={"full_name": full_name})
        if created:
            user.password = self._password()
            user.save(update_fields=["password"])
        EmailAddress.objects.update_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        return user

    def _password(self) -> str:
        if not self.with_passwords:
            return make_password(None)
        # Hashing is slow on purpose; one hash serves every demo person.
        if self._password_hash is None:
            self._password_hash = make_password(DEMO_PASSWORD)
        return self._password_hash


@dataclass(frozen=True)
class DemoResult:
    people: list[DemoPerson]
    password: str | None
    summary: list[str]  # lines for seed_demo to print, from the apps


def demo_database_is_demo_only() -> bool:
    """True for an empty database or one seed_demo made (its programme lead exists).

    seed_demo sets a published password on staff accounts: it must never run against a
    database that real people use, whatever profile manage.py was started with.
    """
    users = User.objects.all()
    return not users.exists() or users.filter(email=PEOPLE[0].email).exists()


def demo_modules() -> list[ModuleType]:
    """Every installed domain app's `demo` module, in the order they seed."""
    found: dict[str, ModuleType] = {}
    for config in apps.get_app_configs():
        if config.name == __package__ or not module_has_submodule(config.module, "demo"):
            continue
        found[config.label] = importlib.import_module(f"{config.name}.demo")
    ordered: list[str] = []
    waiting = list(found)
    while waiting:
        ready = next(
            (
                label
                for label in waiting
                if all(
                    after in ordered or after not in found
                    for after in getattr(found[label], "DEMO_AFTER", ())
                )
            ),
            None,
        )
        if ready is None:
            raise RuntimeError(f"Demo modules wait for each other: {', '.join(waiting)}")
        ordered.append(ready)
        waiting.remove(ready)
    return [found[label] for label in ordered]


@transaction.atomic
def demo_seed(*, today: datetime.date | None = None, with_passwords: bool = True) -> DemoResult:
    """Seed the demo. Passwords are set only when asked and DEBUG is on."""
    context = DemoContext(
        today=today or timezone.localdate(), with_passwords=with_passwords and settings.DEBUG
    )
    for person in PEOPLE:
        user = context.user(email=person.email, full_name=person.full_name)
        if person.role:
            staff_role_grant(user=user, role=person.role)
    modules = demo_modules()
    for module in modules:
        module.demo_seed(context=context)
    for module in modules:
        if hasattr(module, "demo_run"):
            module.demo_run(context=context)
    return DemoResult(
        people=PEOPLE,
        password=DEMO_PASSWORD if context.with_passwords else None,
        summary=context.summary,
    )
