"""factory_boy factories for the suite."""

from __future__ import annotations

import datetime

import factory
from allauth.account.models import EmailAddress
from django.utils import timezone

from cohorts.models import Cohort, Place, PrimaryCareNetwork, Role
from ellw.accounts.models import User
from ellw.accounts.roles import SP_MANAGERS
from ellw.accounts.services import staff_role_grant

PASSWORD = "correct-horse-battery"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.nhs.uk")
    full_name = factory.Faker("name", locale="en_GB")
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def verified_email(obj, create, extracted, **kwargs):
        if create:
            EmailAddress.objects.create(user=obj, email=obj.email, verified=True, primary=True)


class StaffFactory(UserFactory):
    """A staff member; `StaffFactory(role=PROGRAMME_LEADS)` picks the role."""

    @factory.post_generation
    def role(obj, create, extracted, **kwargs):
        if create:
            staff_role_grant(user=obj, role=extracted or SP_MANAGERS)


def _today() -> datetime.date:
    return timezone.localdate()


class CohortFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cohort
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Cohort {n + 10}")
    slug = factory.Sequence(lambda n: f"cohort-{n + 10}")
    applications_open_on = factory.LazyFunction(lambda: _today() - datetime.timedelta(days=7))
    applications_close_on = factory.LazyFunction(lambda: _today() + datetime.timedelta(days=21))
    starts_on = factory.LazyFunction(lambda: _today() + datetime.timedelta(days=60))
    ends_on = factory.LazyAttribute(lambda o: o.starts_on + datetime.timedelta(days=90))
    capacity = 12

    @factory.post_generation
    def eligible_roles(obj, create, extracted, **kwargs):
        if create:
            obj.eligible_roles.set(
                extracted or [Role.objects.get(slug="social-prescribing-link-worker")]
            )


class PrimaryCareNetworkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PrimaryCareNetwork

    name = factory.Sequence(lambda n: f"Test PCN {n}")
    place = factory.LazyFunction(lambda: Place.objects.get(slug="hackney"))
