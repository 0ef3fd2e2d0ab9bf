import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name", ["home", "accessibility", "privacy", "cohorts:open"])
def test_public_pages_have_the_nhs_header_skip_link_and_footer(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 200
    content = response.content.decode()
    assert 'class="nhsuk-header"' in content
    assert 'href="#maincontent"' in content
    assert "Accessibility statement" in content
    assert "Privacy notice" in content


def test_missing_page_is_styled(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert b"Page not found" in response.content
    assert b"nhsuk-header" in response.content


def test_navigation_shows_staff_link_only_to_staff(client, link_worker, sp_manager):
    client.force_login(link_worker)
    assert b'href="/staff/"' not in client.get(reverse("home")).content
    client.force_login(sp_manager)
    assert b'href="/staff/"' in client.get(reverse("home")).content


def test_production_profile_passes_the_deploy_check(tmp_path):
    inherited = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {
        **inherited,
        "DJANGO_SETTINGS_MODULE": "ellw.settings.production",
        "SECRET_KEY": "k" * 30 + "-production-like-secret-0123456789-abcdef",
        "ALLOWED_HOSTS": "ellw.example.nhs.uk",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "EMAIL_URL": "smtp+tls://ellw:secret@smtp.example.nhs.uk:587",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_a_page_without_a_form_sets_no_csrf_cookie(client):
    # The title tag looks for forms with errors; it must not evaluate the lazy CSRF token
    # on the way, or every page would set a cookie (and could not be shared by caches).
    response = client.get(reverse("contact"))
    assert response.status_code == 200
    assert settings.CSRF_COOKIE_NAME not in response.cookies


def test_a_page_with_a_form_still_sets_the_csrf_cookie(client):
    response = client.get(reverse("account_login"))
    assert response.status_code == 200
    assert settings.CSRF_COOKIE_NAME in response.cookies
