"""The shared secret-link helpers: a link's state at its edges, the status its problem page
gets, finding a row by token (a tampered token costs no query), and the session that swaps
a token for a token-free address."""

from __future__ import annotations

import datetime
from importlib import import_module

import pytest
from django.conf import settings
from django.http import HttpResponse
from django.test import RequestFactory
from django.utils import timezone

from applications.enums import EndorsementLinkState
from ellw import crypto
from ellw.links import (
    LINK_SESSION_LINKS,
    LinkState,
    link_find,
    link_keys_new,
    link_no_referrer,
    link_problem_status,
    link_session_keep,
    link_session_key,
    link_session_token,
    link_state,
    link_token,
)
from evaluation import models as evaluation_models
from tests import factories

NOW = timezone.make_aware(datetime.datetime(2026, 11, 25, 12, 0))
SALT = "tests.links"


def test_link_state_is_valid_one_second_before_expiry():
    expires = NOW + datetime.timedelta(seconds=1)
    assert link_state(used_at=None, expires_at=expires, now=NOW) == LinkState.VALID


def test_link_state_is_expired_exactly_at_expiry():
    assert link_state(used_at=None, expires_at=NOW, now=NOW) == LinkState.EXPIRED


def test_link_state_used_wins_over_superseded_and_expired():
    past = NOW - datetime.timedelta(days=1)
    state = link_state(used_at=past, superseded_at=past, expires_at=past, now=NOW)
    assert state == LinkState.USED


def test_link_state_superseded_wins_over_expired():
    past = NOW - datetime.timedelta(days=1)
    assert link_state(used_at=None, superseded_at=past, expires_at=past, now=NOW) == (
        LinkState.SUPERSEDED
    )


def test_link_problem_status_is_404_for_tampered_and_410_for_the_rest():
    assert [link_problem_status(state) for state in LinkState if state != LinkState.VALID] == [
        404,
        410,
        410,
        410,
    ]
    with pytest.raises(ValueError):
        link_problem_status(LinkState.VALID)


def test_endorsement_link_state_is_the_shared_link_state():
    assert EndorsementLinkState is LinkState


def test_link_token_changes_with_the_salt_and_carries_its_signature():
    keys = link_keys_new(SALT)
    token = link_token(SALT, keys.nonce)
    assert token != link_token("another.salt", keys.nonce)
    assert token.count(":") == 1


@pytest.mark.django_db
def test_link_find_finds_the_row_of_a_token(django_assert_num_queries):
    keys = link_keys_new(SALT)
    testimonial = factories.ApprovedTestimonialFactory(
        link_nonce=keys.nonce, token_hash=keys.token_hash
    )
    factories.ApprovedTestimonialFactory()  # another row, no link
    with django_assert_num_queries(1):
        found = link_find(
            evaluation_models.Testimonial.objects.all(), SALT, link_token(SALT, keys.nonce)
        )
    assert found == testimonial


@pytest.mark.django_db
def test_link_find_refuses_a_tampered_token_without_a_query(django_assert_num_queries):
    keys = link_keys_new(SALT)
    factories.ApprovedTestimonialFactory(link_nonce=keys.nonce, token_hash=keys.token_hash)
    token = link_token(SALT, keys.nonce)
    tampered = token[:-1] + ("A" if token[-1] != "A" else "B")
    with django_assert_num_queries(0):
        assert link_find(evaluation_models.Testimonial.objects.all(), SALT, tampered) is None
    # Signed under another salt: a link of another kind never opens this one.
    with django_assert_num_queries(0):
        assert link_find(evaluation_models.Testimonial.objects.all(), "another.salt", token) is None


def _request():
    request = RequestFactory().get("/")
    request.session = import_module(settings.SESSION_ENGINE).SessionStore()
    return request


def test_link_session_keeps_the_token_encrypted_and_gives_it_back():
    request = _request()
    link_session_keep(request, "testimonial", 7, "secret-token:signature")
    stored = request.session["testimonial_links"]
    assert list(stored) == ["7"]
    assert "secret-token" not in stored["7"]
    assert link_session_token(request, "testimonial", 7) == "secret-token:signature"


def test_link_session_keeps_kinds_and_rows_apart():
    request = _request()
    link_session_keep(request, "testimonial", 7, "a")
    link_session_keep(request, "alumni_update", 7, "b")
    assert link_session_token(request, "testimonial", 7) == "a"
    assert link_session_token(request, "alumni_update", 7) == "b"
    assert link_session_token(request, "testimonial", 8) is None
    assert link_session_key("endorsement") == "endorsement_links"


def test_link_session_forgets_the_oldest_beyond_its_limit():
    request = _request()
    for pk in range(LINK_SESSION_LINKS + 1):
        link_session_keep(request, "testimonial", pk, f"token-{pk}")
    # Opening link 1 again makes it the newest: link 0 went, 1 stays.
    link_session_keep(request, "testimonial", 1, "token-1")
    link_session_keep(request, "testimonial", 99, "token-99")
    assert link_session_token(request, "testimonial", 0) is None
    assert link_session_token(request, "testimonial", 2) is None
    assert link_session_token(request, "testimonial", 1) == "token-1"
    assert len(request.session["testimonial_links"]) == LINK_SESSION_LINKS


def test_link_session_token_is_none_when_it_cannot_be_decrypted():
    request = _request()
    request.session["testimonial_links"] = {"7": crypto.PREFIX + "not-a-fernet-token"}
    assert link_session_token(request, "testimonial", 7) is None


def test_link_no_referrer_sets_the_header():
    response = link_no_referrer(HttpResponse())
    assert response["Referrer-Policy"] == "no-referrer"
