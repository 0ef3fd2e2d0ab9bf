"""Public certificate verification: codes (check character, forgiving reading), the page for
valid, revoked, replaced, unknown and malformed codes, the file check, and the rate limit."""

from __future__ import annotations

import datetime
import re

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import reverse

from cohorts.codes import (
    ALPHABET,
    _check_character,
    certificate_code_display,
    certificate_code_new,
    certificate_code_normalise,
)
from cohorts.services.certificates import (
    certificate_reissue,
    certificate_revoke,
    enrolment_certificate_issue,
)
from cohorts.services.erasure import cohorts_personal_data_erase
from tests.factories import EnrolmentFactory, UserFactory, certificate_cohort

# --- codes -------------------------------------------------------------------------------


def test_new_codes_are_twelve_characters_of_the_alphabet_and_pass_their_check():
    codes = {certificate_code_new() for _ in range(2000)}
    assert len(codes) == 2000
    for code in codes:
        assert len(code) == 12 and set(code) <= set(ALPHABET)
        assert certificate_code_normalise(code) == code


def test_every_single_mistyped_character_is_caught():
    code = certificate_code_new()
    for position in range(len(code)):
        for char in ALPHABET:
            if char != code[position]:
                typo = code[:position] + char + code[position + 1 :]
                assert certificate_code_normalise(typo) is None, typo


def test_swapped_neighbours_are_caught_when_the_characters_differ():
    caught = total = 0
    for _ in range(300):
        code = certificate_code_new()
        for i in range(len(code) - 1):
            if code[i] != code[i + 1]:
                total += 1
                swapped = code[:i] + code[i + 1] + code[i] + code[i + 2 :]
                caught += certificate_code_normalise(swapped) is None
    # Luhn mod 32 misses only the swap of two characters whose values are 0 and 31 apart
    # in a particular way: well over 99% are caught.
    assert caught / total > 0.99


def test_reading_a_code_forgives_case_spaces_hyphens_and_look_alike_letters():
    body = "0123456789A"
    code = body + _check_character(body)
    assert certificate_code_normalise(code) == code
    # Lower case, spaces for hyphens, the letter O for zero and L for one.
    sloppy = " o l23 4567 89a" + code[-1].lower() + " "
    assert certificate_code_normalise(sloppy) == code
    assert certificate_code_normalise("0123-4567-89A" + code[-1]) == code


@pytest.mark.parametrize(
    "typed", ["", "ABC", "7K2M-9QXD-4HR", "7K2M-9QXD-4HR8-X", "7K2M-9QXD-4HRU", "7K2M_9QXD_4HR8"]
)
def test_malformed_codes_are_refused(typed):
    assert certificate_code_normalise(typed) is None


# --- the page ----------------------------------------------------------------------------


@pytest.fixture
def certificate(db, django_capture_on_commit_callbacks):
    cohort = certificate_cohort()
    enrolment = EnrolmentFactory(
        cohort=cohort,
        participant=UserFactory(full_name="Aisha Khan", email="aisha.private@example.nhs.uk"),
        graduated_on=datetime.date(2022, 3, 29),
    )
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        certificate = enrolment_certificate_issue(
            enrolment=enrolment, actor=None, issued_on=datetime.date(2022, 3, 29)
        )
    certificate.refresh_from_db()
    return certificate


def verify_url(code: str) -> str:
    return reverse("verify:certificate", args=[code])


@pytest.mark.django_db
def test_a_valid_certificate_shows_name_programme_cohort_issue_date_and_nothing_more(
    client, certificate
):
    response = client.get(verify_url(certificate.display_code))
    assert response.status_code == 200
    page = response.content.decode()
    assert "This certificate is valid" in page
    for shown in ("Aisha Khan", "Emerging Leaders Link Worker Programme", "Cohort 1"):
        assert shown in page
    assert "29 March 2022" in page
    assert certificate.document.sha256 in page
    # Nothing more: not the e-mail, the modules, the CPD hours or the signatory.
    for hidden in ("aisha.private", "CPD", "Gita Malhotra", "Coaching"):
        assert hidden not in page


@pytest.mark.django_db
def test_a_code_typed_loosely_redirects_to_its_canonical_page(client, certificate):
    response = client.get(verify_url(certificate.code.lower()))
    assert response.status_code == 302
    assert response.url == verify_url(certificate.display_code)


@pytest.mark.django_db
def test_the_form_finds_a_code_and_explains_a_malformed_one(client, certificate):
    response = client.get(reverse("verify:verify"), {"code": f" {certificate.code.lower()} "})
    assert response.url == verify_url(certificate.display_code)
    response = client.get(reverse("verify:verify"), {"code": "7K2M-9QXD-4HRX"})
    assert response.status_code == 400
    assert "cannot be a certificate code" in response.content.decode()
    response = client.get(reverse("verify:verify"), {"code": ""})
    assert "Enter the certificate code" in response.content.decode()
    assert client.get(reverse("verify:verify")).status_code == 200


@pytest.mark.django_db
def test_a_revoked_certificate_says_so_without_the_reason(client, certificate):
    certificate_revoke(certificate=certificate, actor=None, reason="Private reason")
    page = client.get(verify_url(certificate.display_code)).content.decode()
    assert "This certificate was revoked" in page
    assert "This certificate is valid" not in page
    assert "Private reason" not in page


@pytest.mark.django_db
def test_a_replaced_certificate_says_so_and_the_new_one_is_valid(client, certificate):
    new = certificate_reissue(
        certificate=certificate, actor=None, name="Aisha Khan-Smith", reason="x"
    )
    page = client.get(verify_url(certificate.display_code)).content.decode()
    assert "This certificate was replaced" in page
    # It does not give away the new code.
    assert new.display_code not in page
    assert "This certificate is valid" in client.get(verify_url(new.display_code)).content.decode()


@pytest.mark.django_db
def test_unknown_and_malformed_codes_are_a_plain_not_found(client, certificate):
    unknown = certificate_code_new()
    response = client.get(verify_url(certificate_code_display(unknown)))
    assert response.status_code == 404
    assert "No certificate has the code" in response.content.decode()
    response = client.get(verify_url("not-a-code"))
    assert response.status_code == 404
    assert "is not a certificate code" in response.content.decode()


@pytest.mark.django_db
def test_the_issued_file_verifies_and_an_edited_one_does_not(client, certificate):
    with certificate.document.file.open("rb") as handle:
        issued = handle.read()
    url = verify_url(certificate.display_code)
    response = client.post(url, {"file": SimpleUploadedFile("cert.pdf", issued, "application/pdf")})
    assert "This file is the issued certificate, unaltered" in response.content.decode()
    edited = issued.replace(b"Aisha Khan", b"Aisha Kahn")
    response = client.post(
        url, {"file": SimpleUploadedFile("cert.pdf", edited + b"\n", "application/pdf")}
    )
    assert "This file is not the issued certificate" in response.content.decode()
    response = client.post(url, {})
    assert response.status_code == 400
    assert "Choose the PDF file to check" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"Name,Cohort\nAisha Khan,1\n", "This is not a PDF."),
        (b"\x89PNG\r\n\x1a\n" + b"0" * 200, "This is not a PDF."),
        (b"", "The file you chose is empty"),
    ],
    ids=["csv", "png", "empty"],
)
def test_a_file_that_is_not_a_pdf_is_named_so_not_called_a_different_certificate(
    client, certificate, content, message
):
    response = client.post(
        verify_url(certificate.display_code),
        {"file": SimpleUploadedFile("cert.pdf", content, "application/pdf")},
    )

    page = response.content.decode()
    assert response.status_code == 400
    assert message in page
    assert "This file is not the issued certificate" not in page
    assert "Choose the PDF file to check" not in page


@pytest.mark.django_db
def test_a_pdf_header_after_a_few_bytes_of_junk_is_still_read_as_a_pdf(client, certificate):
    response = client.post(
        verify_url(certificate.display_code),
        {"file": SimpleUploadedFile("cert.pdf", b"\r\n%PDF-1.7 other", "application/pdf")},
    )

    assert "This file is not the issued certificate" in response.content.decode()


@pytest.mark.django_db
def test_look_ups_are_rate_limited_per_address_so_codes_cannot_be_enumerated(client, certificate):
    # The configured limit: 20 look-ups a minute from one address, found or not.
    statuses = [
        client.get(verify_url(certificate_code_display(certificate_code_new()))).status_code
        for _ in range(20)
    ]
    assert statuses == [404] * 20
    response = client.get(verify_url(certificate.display_code))
    assert response.status_code == 429
    assert "Too many checks" in response.content.decode()
    # Another address is not held back.
    other = client.get(verify_url(certificate.display_code), REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 200


@pytest.mark.django_db
def test_behind_a_proxy_each_visitor_has_their_own_limit(client, certificate, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    url = verify_url(certificate.display_code)
    for _ in range(20):
        assert client.get(url, HTTP_X_FORWARDED_FOR="203.0.113.7").status_code == 200
    assert client.get(url, HTTP_X_FORWARDED_FOR="203.0.113.7").status_code == 429
    # Same proxy (REMOTE_ADDR), another visitor.
    assert client.get(url, HTTP_X_FORWARDED_FOR="198.51.100.4").status_code == 200


@pytest.mark.django_db
def test_a_file_over_the_cap_is_refused_before_it_is_stored(
    client, certificate, settings, monkeypatch
):
    from django.core.files import uploadhandler

    settings.ELLW_UPLOAD_MAX_BYTES = 1024 * 1024
    stored = []
    for handler in (
        uploadhandler.MemoryFileUploadHandler,
        uploadhandler.TemporaryFileUploadHandler,
    ):
        real = handler.receive_data_chunk

        def spy(self, raw_data, start, real=real):
            stored.append(len(raw_data))
            return real(self, raw_data, start)

        monkeypatch.setattr(handler, "receive_data_chunk", spy)
    big = SimpleUploadedFile("big.pdf", b"%PDF-" + b"x" * (3 * 1024 * 1024), "application/pdf")
    response = client.post(verify_url(certificate.display_code), {"file": big})
    assert response.status_code == 400
    page = response.content.decode()
    assert page.count("The file must be smaller than 10 MB") == 2  # the summary and the field
    assert "Choose the PDF file" not in page.replace("Choose the PDF file. It is not kept", "")
    assert stored == []
    # Under the cap, the file is read as usual.
    small = SimpleUploadedFile("small.pdf", b"%PDF-1.7 not ours", "application/pdf")
    response = client.post(verify_url(certificate.display_code), {"file": small})
    assert "This file is not the issued certificate" in response.content.decode()
    assert sum(stored) == len(b"%PDF-1.7 not ours")


# --- the page kept for visitors who are not signed in (ellw.cache.public_page_by_state) ----


@pytest.mark.django_db
def test_each_visitor_gets_a_csrf_token_of_their_own_that_works(certificate):
    url = verify_url(certificate.display_code)
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    tokens = []
    for visitor in (first, second):
        page = visitor.get(url)
        assert "This certificate is valid" in page.content.decode()
        (token,) = re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode())
        tokens.append(token)
        assert settings.CSRF_COOKIE_NAME in page.cookies
    assert tokens[0] != tokens[1]
    with certificate.document.file.open("rb") as handle:
        issued = handle.read()
    for visitor, token in ((first, tokens[0]), (second, tokens[1])):
        upload = SimpleUploadedFile("cert.pdf", issued, "application/pdf")
        response = visitor.post(url, {"file": upload, "csrfmiddlewaretoken": token})
        assert response.status_code == 200
        assert "This file is the issued certificate, unaltered" in response.content.decode()


@pytest.mark.django_db
def test_a_page_seen_before_a_revocation_says_revoked_at_once(client, certificate):
    url = verify_url(certificate.display_code)
    assert "This certificate is valid" in client.get(url).content.decode()
    assert "This certificate is valid" in client.get(url).content.decode()
    certificate_revoke(certificate=certificate, actor=None, reason="Issued in error")
    page = client.get(url).content.decode()
    assert "This certificate was revoked" in page
    assert "This certificate is valid" not in page


@pytest.mark.django_db
def test_a_page_seen_before_a_reissue_or_an_erasure_shows_the_change_at_once(client, certificate):
    url = verify_url(certificate.display_code)
    client.get(url)
    new = certificate_reissue(
        certificate=certificate, actor=None, name="Aisha Khan-Smith", reason="x"
    )
    assert "This certificate was replaced" in client.get(url).content.decode()
    new_url = verify_url(new.display_code)
    assert "Aisha Khan-Smith" in client.get(new_url).content.decode()
    cohorts_personal_data_erase(user=new.enrolment.participant, emails=[])
    page = client.get(new_url).content.decode()
    assert "Aisha Khan-Smith" not in page
    assert "Their name is no longer held" in page
