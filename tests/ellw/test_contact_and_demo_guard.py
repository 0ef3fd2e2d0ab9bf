"""Contact details and the data controller on every page; seed_demo refuses real databases;
the periodic tasks can be run once by hand; `make run HOST=…` sends links to that host."""

import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command
from django.urls import reverse

from applications.enums import ApplicationStatus
from applications.models import Application
from ellw.accounts.models import User
from ellw.demo import DEMO_PASSWORD
from tests.factories import ApplicationFactory, UserFactory

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    "name", ["home", "contact", "privacy", "accessibility", "account_login", "cohorts:open"]
)
def test_every_page_footer_names_the_contact_and_data_controller(client, name):
    html = client.get(reverse(name)).content.decode()
    assert settings.ELLW_CONTACT["email"] in html
    assert settings.ELLW_DATA_CONTROLLER["name"] in html
    assert reverse("contact") in html


def test_contact_page_gives_email_phone_and_the_data_protection_officer(client):
    html = client.get(reverse("contact")).content.decode()
    assert settings.ELLW_CONTACT["phone"] in html
    assert settings.ELLW_DATA_CONTROLLER["dpo_email"] in html


def test_contact_details_come_from_settings(client, settings):
    settings.ELLW_CONTACT = {**settings.ELLW_CONTACT, "email": "team@ellw.nhs.uk"}
    html = client.get(reverse("contact")).content.decode()
    assert 'href="mailto:team@ellw.nhs.uk"' in html


def test_privacy_notice_names_the_data_controller_and_address(client):
    html = client.get(reverse("privacy")).content.decode()
    assert settings.ELLW_DATA_CONTROLLER["name"] in html
    assert settings.ELLW_DATA_CONTROLLER["address"] in html


def test_403_page_says_how_to_contact_the_team(client, link_worker):
    other = ApplicationFactory()
    client.force_login(link_worker)
    response = client.get(reverse("applications:detail", args=[other.pk]))
    assert response.status_code == 403
    assert reverse("contact") in response.content.decode()


def test_accessibility_statement_gives_the_contact_it_promises(client):
    html = client.get(reverse("accessibility")).content.decode()
    assert "contact the programme team" in html
    assert settings.ELLW_CONTACT["phone"] in html


def test_seed_demo_refuses_a_database_with_real_accounts(settings):
    settings.DEBUG = True
    UserFactory(email="real.person@nhs.net")
    with pytest.raises(CommandError, match="may be a real one"):
        call_command("seed_demo")
    assert User.objects.count() == 1
    assert not User.objects.filter(email="lead@example.nhs.uk").exists()


def test_seed_demo_adds_to_a_real_database_only_without_passwords(settings):
    settings.DEBUG = True
    UserFactory(email="real.person@nhs.net")
    call_command("seed_demo", "--add-to-existing")
    lead = User.objects.get(email="lead@example.nhs.uk")
    assert not lead.has_usable_password()
    assert authenticate(email="lead@example.nhs.uk", password=DEMO_PASSWORD) is None


def test_seed_demo_runs_again_on_its_own_database_after_someone_signed_up(settings):
    settings.DEBUG = True
    call_command("seed_demo")
    UserFactory(email="tried.the.demo@gmail.com")
    call_command("seed_demo")
    assert authenticate(email="lead@example.nhs.uk", password=DEMO_PASSWORD) is not None


def test_run_periodic_tasks_lapses_an_expired_offer_once(capsys):
    application = ApplicationFactory(status=ApplicationStatus.OFFERED)
    Application.objects.filter(pk=application.pk).update(
        offer_expires_at=application.offer_expires_at.replace(year=2020)
    )
    call_command("run_periodic_tasks")
    application.refresh_from_db()
    assert application.status == ApplicationStatus.OFFER_LAPSED
    out = capsys.readouterr().out
    assert "Ran applications.lapse_expired_offers." in out
    assert "Ran mail.resend_pending." in out


def test_run_periodic_tasks_refuses_an_unknown_name():
    with pytest.raises(CommandError, match="Not a periodic task: nope"):
        call_command("run_periodic_tasks", "nope")


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_run_sends_links_to_the_host_it_serves():
    out = subprocess.run(
        ["make", "-n", "run", "HOST=127.0.0.1:8101"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        env={"PATH": "/usr/bin:/bin"},
    ).stdout
    assert "SITE_URL=http://127.0.0.1:8101 .venv/bin/python manage.py seed_demo" in out
    assert "SITE_URL=http://127.0.0.1:8101 .venv/bin/python manage.py runserver" in out
    assert out.rstrip().endswith(" 127.0.0.1:8101")
