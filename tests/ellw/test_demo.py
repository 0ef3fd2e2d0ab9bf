import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command

from cohorts.models import Cohort, PrimaryCareNetwork
from cohorts.selectors import cohort_list_open_for_applications
from ellw.accounts.models import User
from ellw.demo import DEMO_PASSWORD

pytestmark = pytest.mark.django_db


def counts() -> tuple[int, int, int, int]:
    return (
        User.objects.count(),
        PrimaryCareNetwork.objects.count(),
        Cohort.objects.count(),
        User.objects.filter(groups__isnull=False).count(),
    )


def test_seed_demo_runs_twice_without_duplicates(settings):
    settings.DEBUG = True
    call_command("seed_demo")
    first = counts()
    call_command("seed_demo")
    assert counts() == first
    assert first == (7, 15, 2, 2)
    assert list(cohort_list_open_for_applications()) == [Cohort.objects.get(slug="cohort-2")]
    assert authenticate(email="lead@example.nhs.uk", password=DEMO_PASSWORD) is not None


def test_seed_demo_sets_no_passwords_without_debug(settings):
    settings.DEBUG = False
    call_command("seed_demo")
    assert not User.objects.get(email="lead@example.nhs.uk").has_usable_password()
