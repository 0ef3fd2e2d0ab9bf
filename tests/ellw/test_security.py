"""Headers on every response, NUL bytes refused once for every view, and the shared cache."""

import json
import os
import socket
from urllib.parse import urlparse

import pytest
import redis
from django.conf import settings
from django.core.cache.backends.db import DatabaseCache
from django.core.checks import Error, Tags, run_checks
from django.db import connection
from django.urls import reverse

from ellw.accounts.checks import check_shared_cache
from ellw.cache import PrefixedRedisCache
from tests.factories import PASSWORD, ApplicationFactory, PrimaryCareNetworkFactory
from tests.mfa import log_in_with_mfa
from tests.profiles import profile_run

pytestmark = pytest.mark.django_db

CSP = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
    "base-uri": "'none'",
    "object-src": "'none'",
}
PERMISSIONS_POLICY = (
    "accelerometer=(), browsing-topics=(), camera=(), display-capture=(), geolocation=(), "
    "gyroscope=(), magnetometer=(), microphone=(), midi=(), payment=(), usb=()"
)


# --- Content-Security-Policy and Permissions-Policy --------------------------------------


def csp(response) -> dict:
    """The policy's directives (django-csp writes them in no fixed order)."""
    directives = [
        part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";")
    ]
    return dict(directives)


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/", 200),
        ("/no-such-page/", 404),
        ("/accounts/login/", 200),
        ("/accounts/signup/", 200),
        ("/staff/", 302),
    ],
)
def test_every_response_carries_csp_and_permissions_policy(client, path, status):
    response = client.get(path)
    assert response.status_code == status
    assert csp(response) == CSP
    assert response["Permissions-Policy"] == PERMISSIONS_POLICY


def test_csp_allows_the_totp_qr_code_and_nothing_inline(client, sp_manager, settings):
    settings.ELLW_STAFF_MFA_REQUIRED = True
    client.force_login(sp_manager)
    client.post(
        f"{reverse('account_reauthenticate')}?next=/accounts/2fa/totp/activate/",
        {"password": PASSWORD},
    )
    response = client.get(reverse("mfa_activate_totp"))
    assert response.status_code == 200
    content = response.content.decode()
    # The QR code, drawn inline as SVG or as a data: image (img-src allows data:), with no
    # inline style or script for the policy to block.
    assert "<svg" in content or 'src="data:image/svg+xml;base64,' in content
    assert "style=" not in content
    assert "<script>" not in content and "<style" not in content
    assert csp(response) == CSP


def test_admin_carries_csp(client, programme_lead):
    log_in_with_mfa(client, programme_lead)
    response = client.get("/admin/cohorts/cohort/")
    assert response.status_code == 200
    assert csp(response) == CSP
    assert response["Permissions-Policy"] == PERMISSIONS_POLICY


# --- NUL bytes -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "/?q=%00",
        "/cohorts/?page=1%00",
        "/accounts/login/?next=/%00",
        "/admin/cohorts/primarycarenetwork/?place__id__exact=%00",
        "/staff/applications/?q=a%00b",
        "/no-such-page%00/",
        "/admin/%00/",
    ],
)
def test_nul_byte_in_path_or_query_string_is_a_bad_request(client, programme_lead, url):
    log_in_with_mfa(client, programme_lead)
    response = client.get(url)
    assert response.status_code == 400
    assert b"nhsuk-header" in response.content
    assert csp(response) == CSP


def test_nul_byte_in_a_query_parameter_name_is_a_bad_request(client):
    assert client.get("/cohorts/?pa%00ge=1").status_code == 400


def test_nul_byte_in_log_in_form_is_a_bad_request(client, link_worker):
    response = client.post(
        reverse("account_login"), {"login": link_worker.email + "\x00", "password": PASSWORD}
    )
    assert response.status_code == 400
    assert "_auth_user_id" not in client.session


def test_percent_encoded_nul_in_posted_form_changes_nothing(client, programme_lead):
    log_in_with_mfa(client, programme_lead)
    pcn = PrimaryCareNetworkFactory()
    name = pcn.name
    response = client.post(
        f"/admin/cohorts/primarycarenetwork/{pcn.pk}/change/",
        data=f"name=Evil%00Name&place={pcn.place_id}&_save=Save",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 400
    pcn.refresh_from_db()
    assert pcn.name == name


def test_nul_byte_in_multipart_form_changes_nothing(client, link_worker):
    application = ApplicationFactory(applicant=link_worker)
    client.force_login(link_worker)
    before = application.clinical_director_email
    response = client.post(
        reverse("applications:change_endorser", args=[application.pk]),
        {"clinical_director_name": "Dr\x00 Who", "clinical_director_email": "dr.who@nhs.net"},
    )
    assert response.status_code == 400
    application.refresh_from_db()
    assert application.clinical_director_email == before


def test_ordinary_requests_pass_the_nul_guard(client, link_worker):
    client.force_login(link_worker)
    assert client.get("/cohorts/?page=1").status_code == 200
    assert client.post(reverse("account_logout")).status_code == 302


# --- The shared cache ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "backend",
    [
        "django.core.cache.backends.locmem.LocMemCache",
        "django.core.cache.backends.dummy.DummyCache",
        "django.core.cache.backends.filebased.FileBasedCache",
    ],
)
def test_deploy_check_fails_on_a_process_local_cache(settings, backend):
    settings.CACHES = {"default": {"BACKEND": backend, "LOCATION": "/tmp/ellw-cache"}}
    errors = run_checks(include_deployment_checks=True, tags=[Tags.caches])
    assert [error.id for error in errors if isinstance(error, Error)] == ["accounts.E001"]


@pytest.mark.parametrize(
    "backend",
    ["django.core.cache.backends.db.DatabaseCache", "ellw.cache.PrefixedRedisCache"],
)
def test_deploy_check_accepts_a_shared_cache(settings, backend):
    settings.CACHES = {"default": {"BACKEND": backend, "LOCATION": "x"}}
    assert check_shared_cache(None) == []


def _production_caches(**env) -> dict:
    code = (
        "import json, django; django.setup(); "
        "from django.conf import settings; print(json.dumps(settings.CACHES))"
    )
    result = profile_run("-c", code, unset=("REDIS_URL",), **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_production_cache_is_the_database_without_redis():
    assert _production_caches() == {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "ellw_cache",
        }
    }


def test_production_cache_is_redis_with_a_prefix_when_redis_url_is_set():
    assert _production_caches(REDIS_URL="redis://redis:6379/0") == {
        "default": {
            "BACKEND": "ellw.cache.PrefixedRedisCache",
            "LOCATION": "redis://redis:6379/0",
            "KEY_PREFIX": "ellw-cache",
        }
    }


def test_database_cache_table_is_made_by_migrate():
    assert "ellw_cache" in connection.introspection.table_names()
    cache = DatabaseCache("ellw_cache", {})
    cache.set("k", "v")
    assert cache.get("k") == "v"


def _redis_url() -> str:
    url = settings.REDIS_URL or "redis://127.0.0.1:6379/15"
    parts = urlparse(url)
    try:
        socket.create_connection((parts.hostname, parts.port or 6379), timeout=1).close()
    except OSError:
        if os.environ.get("CI"):
            raise
        pytest.skip("no Redis here (CI always has one)")
    return url


def test_redis_cache_clear_leaves_the_celery_broker_keys():
    url = _redis_url()
    cache = PrefixedRedisCache(url, {"KEY_PREFIX": "ellw-cache-test"})
    client = redis.Redis.from_url(url)
    client.set("celery-test-queue", "a task")
    try:
        cache.set("rate-limit", 3)
        assert cache.get("rate-limit") == 3
        cache.clear()
        assert cache.get("rate-limit") is None
        assert client.get("celery-test-queue") == b"a task"
    finally:
        client.delete("celery-test-queue")
