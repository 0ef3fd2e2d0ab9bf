"""factory_boy factories for the suite."""

from __future__ import annotations

import datetime

import factory
from allauth.account.models import EmailAddress
from django.utils import timezone

from applications.enums import ApplicationStatus
from applications.models import Application
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


class ApplicationFactory(factory.django.DjangoModelFactory):
    """A complete application in any status, written directly (no e-mails, no history).
    Journey tests go through the services instead."""

    class Meta:
        model = Application

    applicant = factory.SubFactory(UserFactory)
    cohort = factory.SubFactory(CohortFactory)
    status = ApplicationStatus.AWAITING_ENDORSEMENT
    full_name = factory.LazyAttribute(lambda o: o.applicant.full_name)
    work_email = factory.LazyAttribute(lambda o: o.applicant.email)
    phone = "020 7946 0000"
    role = factory.LazyFunction(lambda: Role.objects.get(slug="social-prescribing-link-worker"))
    employer = "Hackney GP Confederation"
    pcn = factory.SubFactory(PrimaryCareNetworkFactory)
    place = factory.LazyAttribute(lambda o: o.pcn.place if o.pcn else None)
    started_in_role_on = factory.LazyAttribute(
        lambda o: o.cohort.starts_on - datetime.timedelta(days=800)
    )
    motivation = "I want to lead change in social prescribing across our PCN."
    workplace_benefit = "Coaching skills for my team and a quality improvement project."
    clinical_director_name = "Dr Priya Shah"
    clinical_director_email = factory.Sequence(lambda n: f"cd{n}@nhs.net")
    privacy_consent_at = factory.LazyFunction(timezone.now)
    submitted_at = factory.LazyAttribute(
        lambda o: None if o.status == ApplicationStatus.DRAFT else timezone.now()
    )
    waitlisted_at = factory.LazyAttribute(
        lambda o: timezone.now() if o.status == ApplicationStatus.WAITLISTED else None
    )
    offer_expires_at = factory.LazyAttribute(
        lambda o: (
            timezone.now() + datetime.timedelta(days=7)
            if o.status == ApplicationStatus.OFFERED
            else None
        )
    )


# --- running a cohort ---------------------------------------------------------------------


class EnrolmentFactory(factory.django.DjangoModelFactory):
    """A participant in a cohort, with the accepted application it came from."""

    class Meta:
        model = "cohorts.Enrolment"

    cohort = factory.SubFactory(CohortFactory)
    participant = factory.SubFactory(UserFactory)
    application = factory.SubFactory(
        ApplicationFactory,
        applicant=factory.SelfAttribute("..participant"),
        cohort=factory.SelfAttribute("..cohort"),
        status=ApplicationStatus.ACCEPTED,
    )
    enrolled_at = factory.LazyFunction(timezone.now)


class ActionLearningSetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "cohorts.ActionLearningSet"

    cohort = factory.SubFactory(CohortFactory)
    name = factory.Sequence(lambda n: f"Set {n + 1}")


class SessionFactory(factory.django.DjangoModelFactory):
    """A cohort-wide induction on the cohort's first day, 10am to 1pm London time, unless
    told otherwise."""

    class Meta:
        model = "cohorts.Session"

    cohort = factory.SubFactory(CohortFactory)
    kind = "induction"
    starts_at = factory.LazyAttribute(
        lambda o: timezone.make_aware(
            datetime.datetime.combine(o.cohort.starts_on, datetime.time(10))
        )
    )
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + datetime.timedelta(hours=3))
    venue = "Stratford Library, London E15"


# --- certificates -------------------------------------------------------------------------


def certificate_cohort(**kwargs):
    """A cohort like Cohort 1 (January to March 2022) whose certificates can be issued: it
    names its signatory."""
    return CohortFactory(
        **{
            "name": "Cohort 1",
            "applications_open_on": datetime.date(2021, 11, 1),
            "applications_close_on": datetime.date(2021, 11, 30),
            "starts_on": datetime.date(2022, 1, 10),
            "ends_on": datetime.date(2022, 3, 31),
            "signatory_name": "Gita Malhotra",
            "signatory_title": "Programme Lead",
            **kwargs,
        }
    )


# Evaluation ---------------------------------------------------------------------


class SurveyFactory(factory.django.DjangoModelFactory):
    """An open survey; module feedback needs `module=`."""

    class Meta:
        model = "evaluation.Survey"

    cohort = factory.SubFactory(CohortFactory)
    kind = "baseline"
    opened_at = factory.LazyFunction(timezone.now)


class SurveyResponseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "evaluation.SurveyResponse"

    survey = factory.SubFactory(SurveyFactory)
    enrolment = factory.SubFactory(
        EnrolmentFactory, cohort=factory.SelfAttribute("..survey.cohort")
    )
    submitted_at = factory.LazyFunction(timezone.now)
    updated_at = factory.SelfAttribute("submitted_at")


def self_assessment(survey, enrolment, **confidence):
    """A self-assessment's response with a ConfidenceRating per keyword (skill key with
    dashes as underscores: leading_change=4, coaching=2)."""
    from evaluation.models import ConfidenceRating

    response = SurveyResponseFactory(survey=survey, enrolment=enrolment)
    ConfidenceRating.objects.bulk_create(
        ConfidenceRating(response=response, skill=skill.replace("_", "-"), confidence=value)
        for skill, value in confidence.items()
    )
    return response


class ApprovedTestimonialFactory(factory.django.DjangoModelFactory):
    """An approved testimonial from a PCN clinical director, consented with their name."""

    class Meta:
        model = "evaluation.Testimonial"

    source = "pcn"
    author_name = factory.Faker("name", locale="en_GB")
    author_role = "Clinical director"
    organisation = "Newham Central 1 PCN"
    text = "The programme gave our link worker the confidence to lead change across the PCN."
    consent = "named"
    consent_given_at = factory.LazyFunction(timezone.now)
    status = "approved"
    created_at = factory.LazyFunction(timezone.now)
    submitted_at = factory.SelfAttribute("created_at")


class RecognitionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "evaluation.Recognition"

    kind = "award"
    title = "Winner: Social Prescribing Workforce Initiative of the Year"
    awarded_by = "Link Worker Day 2022 Awards"
    date = datetime.date(2022, 5, 12)
