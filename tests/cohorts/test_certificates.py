"""Certificates: issuing (once, whatever the clicks), what the PDF says (text and QR code),
re-rendering from the snapshot, revoking and reissuing, printing the cohort as one PDF, and
who may do and download what."""

from __future__ import annotations

import datetime
import io

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from cohorts.codes import certificate_code_normalise
from cohorts.enums import AttendanceStatus, SessionKind
from cohorts.models import Attendance, Certificate, Enrolment
from cohorts.selectors.certificates import certificate_linkedin_url
from cohorts.services.certificates import (
    CertificateRuleError,
    certificate_reissue,
    certificate_revoke,
    cohort_certificates_issue,
    cohort_certificates_print,
    enrolment_certificate_issue,
)
from cohorts.services.graduation import enrolment_graduation_undo
from ellw.documents.enums import DocumentKind, DocumentStatus
from ellw.documents.models import GeneratedDocument
from ellw.documents.services import document_rerender
from modules.models import Module
from tests.factories import (
    CohortFactory,
    EnrolmentFactory,
    SessionFactory,
    UserFactory,
    certificate_cohort,
)
from tests.mfa import log_in_with_mfa

pytestmark = pytest.mark.django_db

GRADUATED = datetime.date(2022, 3, 29)


@pytest.fixture
def cohort():
    return certificate_cohort()


@pytest.fixture
def module_sessions(cohort):
    return [
        SessionFactory(
            cohort=cohort,
            kind=SessionKind.MODULE,
            module=module,
            starts_at=timezone.make_aware(
                datetime.datetime(2022, 1, 12, 10) + datetime.timedelta(weeks=i)
            ),
        )
        for i, module in enumerate(Module.objects.order_by("position"))
    ]


def graduate(cohort, sessions, *, name="Aisha Khan", missed=0) -> Enrolment:
    enrolment = EnrolmentFactory(
        cohort=cohort, participant=UserFactory(full_name=name), graduated_on=GRADUATED
    )
    Attendance.objects.bulk_create(
        Attendance(
            session=session,
            enrolment=enrolment,
            status=AttendanceStatus.ABSENT if i < missed else AttendanceStatus.PRESENT,
            recorded_at=session.ends_at,
        )
        for i, session in enumerate(sessions)
    )
    return enrolment


def issue(cohort, actor=None, **kwargs) -> int:
    with transaction.atomic():
        return cohort_certificates_issue(cohort=cohort, actor=actor, **kwargs)


def pdf_text(document: GeneratedDocument) -> str:
    from pypdf import PdfReader

    with document.file.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    return "\n".join(page.extract_text() for page in reader.pages)


# --- issuing -----------------------------------------------------------------------------


def test_issuing_gives_each_graduate_one_certificate_with_a_valid_code_and_its_pdf(
    cohort, module_sessions, django_capture_on_commit_callbacks
):
    aisha = graduate(cohort, module_sessions)
    ben = graduate(cohort, module_sessions, name="Ben Okafor", missed=1)
    not_graduated = EnrolmentFactory(cohort=cohort)

    with django_capture_on_commit_callbacks(execute=True):
        assert issue(cohort, issued_on=GRADUATED) == 2

    assert not not_graduated.certificates.exists()
    for enrolment in (aisha, ben):
        certificate = enrolment.certificates.get()
        assert certificate_code_normalise(certificate.display_code) == certificate.code
        assert certificate.document.status == DocumentStatus.READY
        assert certificate.document.sha256 and certificate.document.size > 1000
    snapshot = ben.certificates.get().snapshot
    # Ben missed the first module: six modules, 36 hours.
    assert len(snapshot["modules"]) == 6
    assert snapshot["total_cpd_hours"] == "36"
    assert snapshot["signatory_name"] == "Gita Malhotra"


def test_issuing_twice_leaves_one_certificate_with_one_code(cohort, module_sessions):
    enrolment = graduate(cohort, module_sessions)
    assert issue(cohort) == 1
    code = enrolment.certificates.get().code
    assert issue(cohort) == 0
    again = enrolment_certificate_issue(enrolment=enrolment, actor=None)
    assert enrolment.certificates.get().code == code == again.code
    assert GeneratedDocument.objects.filter(kind=DocumentKind.CERTIFICATE).count() == 1


def test_the_database_refuses_a_second_current_certificate(cohort, module_sessions):
    from django.db import IntegrityError

    enrolment = graduate(cohort, module_sessions)
    issue(cohort)
    first = enrolment.certificates.get()
    with pytest.raises(IntegrityError), transaction.atomic():
        Certificate.objects.create(
            enrolment=enrolment, code="X" * 12, issued_on=GRADUATED, snapshot=first.snapshot
        )


def test_issuing_needs_a_signatory(cohort, module_sessions):
    graduate(cohort, module_sessions)
    cohort.signatory_name = ""
    cohort.save()
    with pytest.raises(CertificateRuleError, match="Set who signs"):
        issue(cohort)
    assert not Certificate.objects.exists()


def test_withdrawn_or_not_graduated_get_no_certificate(cohort, module_sessions):
    enrolment = EnrolmentFactory(cohort=cohort)
    with pytest.raises(CertificateRuleError, match="Only graduates"):
        enrolment_certificate_issue(enrolment=enrolment, actor=None)
    withdrawn = graduate(cohort, module_sessions)
    Enrolment.objects.filter(pk=withdrawn.pk).update(withdrawn_at=timezone.now())
    assert issue(cohort) == 0


# --- the PDF -----------------------------------------------------------------------------


def test_the_pdf_states_name_cohort_code_and_total_cpd_hours_and_its_qr_code_verifies(
    cohort, module_sessions, django_capture_on_commit_callbacks, settings
):
    import pypdfium2
    from pyzbar.pyzbar import decode

    settings.SITE_URL = "https://ellw.example.nhs.uk"
    graduate(cohort, module_sessions, name="Zoë Wójcik")
    with django_capture_on_commit_callbacks(execute=True):
        issue(cohort, issued_on=GRADUATED)
    certificate = Certificate.objects.get()
    document = certificate.document

    text = pdf_text(document)
    assert "Zoë Wójcik" in text
    assert "Cohort 1" in text
    assert certificate.display_code in text
    assert "Total: 42 CPD hours" in text
    assert "Gita Malhotra" in text
    assert "29 March 2022" in text

    with document.file.open("rb") as handle:
        image = pypdfium2.PdfDocument(handle.read())[0].render(scale=150 / 72).to_pil()
    decoded = [symbol.data.decode() for symbol in decode(image)]
    assert decoded == [f"https://ellw.example.nhs.uk/verify/{certificate.display_code}/"]


def test_the_pdf_is_pdf_a_with_its_metadata_and_landscape_a4(
    cohort, module_sessions, django_capture_on_commit_callbacks
):
    from pypdf import PdfReader

    graduate(cohort, module_sessions)
    with django_capture_on_commit_callbacks(execute=True):
        issue(cohort, issued_on=GRADUATED)
    document = Certificate.objects.get().document
    with document.file.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    meta = reader.metadata
    assert meta.title.startswith("Certificate ")
    assert meta.author == "NHS North East London"
    assert "Emerging Leaders Link Worker Programme" in meta.subject
    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode()
    assert 'pdfaid:part="3" pdfaid:conformance="B"' in xmp
    assert "/OutputIntents" in reader.trailer["/Root"]
    assert reader.trailer["/Root"]["/Lang"] == "en-GB"
    # Tagged for screen readers.
    assert "/StructTreeRoot" in reader.trailer["/Root"]
    assert bool(reader.trailer["/Root"]["/MarkInfo"]["/Marked"])
    width, height = (float(v) for v in reader.pages[0].mediabox[2:])
    assert (round(width / 72 * 25.4), round(height / 72 * 25.4)) == (297, 210)


def test_rendering_again_reproduces_the_issued_file_from_its_snapshot(
    cohort, module_sessions, django_capture_on_commit_callbacks
):
    enrolment = graduate(cohort, module_sessions)
    with django_capture_on_commit_callbacks(execute=True):
        issue(cohort, issued_on=GRADUATED)
    document = Certificate.objects.get().document
    issued_sha = document.sha256
    # The participant's account name and the cohort's signatory change later...
    enrolment.participant.full_name = "Someone Else"
    enrolment.participant.save()
    cohort.signatory_name = "A New Lead"
    cohort.save()
    with django_capture_on_commit_callbacks(execute=True):
        document_rerender(document=document, failed_only=False)
    document.refresh_from_db()
    assert document.status == DocumentStatus.READY
    # ...the certificate still says what it said, byte for byte.
    assert document.sha256 == issued_sha
    assert "Aisha Khan" in pdf_text(document)


# --- revoke, reissue, undo ---------------------------------------------------------------


def test_reissue_after_a_name_correction_gives_a_new_code_and_replaces_the_old(
    cohort, module_sessions, programme_lead
):
    enrolment = graduate(cohort, module_sessions, name="Aisha Kahn")
    issue(cohort)
    old = enrolment.certificates.get()
    new = certificate_reissue(
        certificate=old, actor=programme_lead, name="  Aisha   Khan ", reason="Misspelt"
    )
    old.refresh_from_db()
    assert new.code != old.code
    assert new.snapshot["name"] == "Aisha Khan"
    assert old.standing == "replaced" and old.replaced_by == new
    assert old.replacement_reason == "Misspelt"
    assert new.standing == "valid"
    with pytest.raises(CertificateRuleError, match="already been replaced"):
        certificate_reissue(certificate=old, actor=None, name="X", reason="again")


def test_revoke_needs_a_reason_and_happens_once(cohort, module_sessions, programme_lead):
    enrolment = graduate(cohort, module_sessions)
    issue(cohort)
    certificate = enrolment.certificates.get()
    with pytest.raises(CertificateRuleError, match="Give the reason"):
        certificate_revoke(certificate=certificate, actor=programme_lead, reason="  ")
    certificate_revoke(certificate=certificate, actor=programme_lead, reason="Issued in error")
    certificate.refresh_from_db()
    assert certificate.standing == "revoked"
    with pytest.raises(CertificateRuleError, match="already revoked"):
        certificate_revoke(certificate=certificate, actor=programme_lead, reason="again")
    # Issuing again does not quietly undo the lead's decision...
    assert issue(cohort) == 0
    with pytest.raises(CertificateRuleError, match="was revoked: reissue it"):
        enrolment_certificate_issue(enrolment=enrolment, actor=programme_lead)
    # ...but reissuing a revoked certificate does, and the old one stays revoked.
    new = certificate_reissue(
        certificate=certificate, actor=programme_lead, name="Aisha Khan", reason="Revoked in error"
    )
    certificate.refresh_from_db()
    assert certificate.standing == "revoked" and new.standing == "valid"


def test_undoing_a_graduation_revokes_its_certificate(cohort, module_sessions, programme_lead):
    enrolment = graduate(cohort, module_sessions)
    issue(cohort)
    enrolment_graduation_undo(enrolment=enrolment, actor=programme_lead, reason="Recorded in error")
    certificate = enrolment.certificates.get()
    assert certificate.standing == "revoked"
    assert certificate.revocation_reason == "Graduation undone: Recorded in error"


# --- printing the cohort -----------------------------------------------------------------


def test_print_all_makes_one_pdf_with_a_page_per_current_certificate(
    cohort, module_sessions, programme_lead, django_capture_on_commit_callbacks
):
    from pypdf import PdfReader

    names = ["Aisha Khan", "Ben Okafor", "Chloe Murphy"]
    enrolments = [graduate(cohort, module_sessions, name=n) for n in names]
    issue(cohort)
    certificate_revoke(
        certificate=enrolments[1].certificates.get(), actor=programme_lead, reason="Error"
    )
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        batch = cohort_certificates_print(cohort=cohort, actor=programme_lead)
    batch.refresh_from_db()
    assert batch.status == DocumentStatus.READY
    assert batch.pages_done == batch.pages_total == 2
    with batch.file.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    assert len(reader.pages) == 2
    texts = [page.extract_text() for page in reader.pages]
    assert "Aisha Khan" in texts[0] and "Chloe Murphy" in texts[1]
    assert "Ben Okafor" not in "".join(texts)


def test_print_all_while_one_is_being_made_returns_it(cohort, module_sessions, programme_lead):
    graduate(cohort, module_sessions)
    issue(cohort)
    first = cohort_certificates_print(cohort=cohort, actor=programme_lead)  # not committed
    second = cohort_certificates_print(cohort=cohort, actor=programme_lead)
    assert first.pk == second.pk
    assert GeneratedDocument.objects.filter(kind=DocumentKind.CERTIFICATE_BATCH).count() == 1


def test_print_all_with_no_certificates_says_so(cohort, programme_lead):
    with pytest.raises(CertificateRuleError, match="no certificates to print"):
        cohort_certificates_print(cohort=cohort, actor=programme_lead)


# --- LinkedIn ----------------------------------------------------------------------------


def test_linkedin_add_to_profile_link_carries_the_certification(cohort, module_sessions, settings):
    from urllib.parse import parse_qs, urlparse

    settings.SITE_URL = "https://ellw.example.nhs.uk"
    graduate(cohort, module_sessions)
    issue(cohort, issued_on=GRADUATED)
    certificate = Certificate.objects.get()
    url = urlparse(certificate_linkedin_url(certificate))
    assert (url.netloc, url.path) == ("www.linkedin.com", "/profile/add")
    query = {key: values[0] for key, values in parse_qs(url.query).items()}
    assert query == {
        "startTask": "CERTIFICATION_NAME",
        "name": "Emerging Leaders Link Worker Programme (Cohort 1)",
        "organizationName": "NHS North East London",
        "issueYear": "2022",
        "issueMonth": "3",
        "certUrl": f"https://ellw.example.nhs.uk/verify/{certificate.display_code}/",
        "certId": certificate.display_code,
    }


# --- the lead's pages and who may download what -------------------------------------------


def test_lead_issues_and_prints_from_the_certificates_page(
    client, cohort, module_sessions, programme_lead, django_capture_on_commit_callbacks
):
    graduate(cohort, module_sessions)
    graduate(cohort, module_sessions, name="Ben Okafor")
    log_in_with_mfa(client, programme_lead)
    page = client.get(reverse("staff:cohorts:certificates", args=[cohort.pk]))
    assert page.status_code == 200
    assert "Issue certificates (2)" in page.content.decode()

    confirm = client.get(reverse("staff:cohorts:certificates_issue", args=[cohort.pk]))
    assert "Issue 2 certificates?" in confirm.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("staff:cohorts:certificates_issue", args=[cohort.pk]), follow=True
        )
    assert "2 certificates issued" in response.content.decode()
    assert Certificate.objects.filter(document__status=DocumentStatus.READY).count() == 2

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("staff:cohorts:certificates_print", args=[cohort.pk]))
    batch = GeneratedDocument.objects.get(kind=DocumentKind.CERTIFICATE_BATCH)
    assert response.url == reverse("documents:progress", args=[batch.pk])
    progress = client.get(response.url)
    assert "Ready." in progress.content.decode()
    download = client.get(reverse("documents:download", args=[batch.pk]))
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert download["Cache-Control"] == "private, no-store"
    body = b"".join(download.streaming_content)
    assert body.startswith(b"%PDF-")
    assert len(body) == batch.size


def test_revoke_and_reissue_pages_validate_and_change_nothing_on_bad_input(
    client, cohort, module_sessions, programme_lead
):
    enrolment = graduate(cohort, module_sessions)
    issue(cohort)
    certificate = enrolment.certificates.get()
    log_in_with_mfa(client, programme_lead)
    revoke = reverse("staff:cohorts:certificate_revoke", args=[cohort.pk, certificate.pk])
    response = client.post(revoke, {"reason": ""})
    assert response.status_code == 400
    assert "Give the reason for revoking the certificate" in response.content.decode()
    response = client.post(revoke, {"reason": "x" * 2001})
    assert response.status_code == 400
    certificate.refresh_from_db()
    assert certificate.is_current

    reissue = reverse("staff:cohorts:certificate_reissue", args=[cohort.pk, certificate.pk])
    assert "Aisha Khan" in client.get(reissue).content.decode()
    response = client.post(reissue, {"name": "   ", "reason": "Typo"})
    assert response.status_code == 400
    assert enrolment.certificates.count() == 1
    response = client.post(reissue, {"name": "Aisha Khan-Smith", "reason": "Married name"})
    assert response.status_code == 302
    assert enrolment.certificates.count() == 2

    # A certificate of another cohort is not found through this cohort's address.
    other = CohortFactory()
    assert (
        client.get(
            reverse("staff:cohorts:certificate_revoke", args=[other.pk, certificate.pk])
        ).status_code
        == 404
    )


def test_participant_downloads_their_own_certificate_and_nobody_elses(
    client, cohort, module_sessions, django_capture_on_commit_callbacks
):
    aisha = graduate(cohort, module_sessions)
    ben = graduate(cohort, module_sessions, name="Ben Okafor")
    with django_capture_on_commit_callbacks(execute=True):
        issue(cohort, issued_on=GRADUATED)
    own = aisha.certificates.get().document
    other = ben.certificates.get().document

    client.force_login(aisha.participant)
    page = client.get(reverse("programme:home")).content.decode()
    assert "Download your certificate" in page
    assert reverse("documents:download", args=[own.pk]) in page
    assert "linkedin.com/profile/add" in page
    response = client.get(reverse("documents:download", args=[own.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert client.get(reverse("documents:download", args=[other.pk])).status_code == 403
    assert client.get(reverse("documents:progress", args=[other.pk])).status_code == 403

    # Once revoked, it is no longer theirs to download, and their page says so.
    certificate_revoke(certificate=aisha.certificates.get(), actor=None, reason="Error")
    assert client.get(reverse("documents:download", args=[own.pk])).status_code == 403
    page = client.get(reverse("programme:home")).content.decode()
    assert "Your certificate is no longer valid" in page
    assert "Download your certificate" not in page


def test_a_graduate_without_a_certificate_yet_is_told_it_is_coming(client, cohort, module_sessions):
    enrolment = graduate(cohort, module_sessions)
    client.force_login(enrolment.participant)
    page = client.get(reverse("programme:home")).content.decode()
    assert "Your certificate has not been issued yet" in page


def test_sp_managers_see_certificates_but_cannot_issue_print_or_revoke(
    client, cohort, module_sessions, sp_manager
):
    enrolment = graduate(cohort, module_sessions)
    issue(cohort)
    certificate = enrolment.certificates.get()
    log_in_with_mfa(client, sp_manager)
    page = client.get(reverse("staff:cohorts:certificates", args=[cohort.pk]))
    assert page.status_code == 200
    assert "Issue certificates" not in page.content.decode()
    for url in (
        reverse("staff:cohorts:certificates_issue", args=[cohort.pk]),
        reverse("staff:cohorts:certificates_print", args=[cohort.pk]),
        reverse("staff:cohorts:certificate_revoke", args=[cohort.pk, certificate.pk]),
        reverse("staff:cohorts:certificate_reissue", args=[cohort.pk, certificate.pk]),
    ):
        assert client.post(url, {"reason": "x", "name": "x"}).status_code == 403, url
    assert (
        client.get(reverse("documents:download", args=[certificate.document.pk])).status_code == 403
    )
    certificate.refresh_from_db()
    assert certificate.is_current
    assert not GeneratedDocument.objects.filter(kind=DocumentKind.CERTIFICATE_BATCH).exists()


# --- what an issued certificate says does not move -----------------------------------------


def _pdf_bytes(document: GeneratedDocument) -> bytes:
    document.refresh_from_db()
    with document.file.open("rb") as handle:
        return handle.read()


def test_a_later_change_of_site_url_changes_neither_the_file_nor_its_fingerprint(
    cohort, module_sessions, django_capture_on_commit_callbacks, settings
):
    import pypdfium2
    from pyzbar.pyzbar import decode

    settings.SITE_URL = "https://ellw.example.nhs.uk"
    graduate(cohort, module_sessions)
    with django_capture_on_commit_callbacks(execute=True):
        issue(cohort, issued_on=GRADUATED)
    certificate = Certificate.objects.get()
    first, fingerprint = _pdf_bytes(certificate.document), certificate.document.sha256

    settings.SITE_URL = "https://cohorts.example.org"
    with django_capture_on_commit_callbacks(execute=True):
        document_rerender(document=certificate.document, failed_only=False)

    again = _pdf_bytes(certificate.document)
    assert again == first
    assert certificate.document.sha256 == fingerprint
    image = pypdfium2.PdfDocument(again)[0].render(scale=150 / 72).to_pil()
    assert [s.data.decode() for s in decode(image)] == [
        f"https://ellw.example.nhs.uk/verify/{certificate.display_code}/"
    ]
    assert "ellw.example.nhs.uk/verify/" in pdf_text(certificate.document)
    assert "https%3A%2F%2Fellw.example.nhs.uk%2Fverify%2F" in certificate_linkedin_url(certificate)


def test_certificates_issued_before_the_address_was_pinned_are_pinned_by_the_migration(
    cohort, module_sessions, settings
):
    import importlib

    from django.apps import apps

    migration = importlib.import_module(
        "cohorts.migrations.0007_pin_certificate_verification_address"
    )
    settings.SITE_URL = "https://ellw.example.nhs.uk"
    graduate(cohort, module_sessions)
    issue(cohort, issued_on=GRADUATED)
    certificate = Certificate.objects.get()
    old_snapshot = {
        k: v
        for k, v in certificate.snapshot.items()
        if k not in ("verification_url", "verification_page")
    }
    Certificate.objects.filter(pk=certificate.pk).update(snapshot=old_snapshot)

    migration.pin_verification_address(apps, None)

    certificate.refresh_from_db()
    assert certificate.snapshot["verification_url"] == (
        f"https://ellw.example.nhs.uk/verify/{certificate.display_code}/"
    )
    assert certificate.snapshot["verification_page"] == "ellw.example.nhs.uk/verify/"
    assert certificate.snapshot["name"] == old_snapshot["name"]


def _struct_figures(reader) -> list:
    """Every Figure in the PDF's structure tree (the tagged PDF readers and screen readers
    use), as its dictionary."""
    found, stack = [], [reader.trailer["/Root"]["/StructTreeRoot"]]
    while stack:
        node = stack.pop()
        if hasattr(node, "get_object"):
            node = node.get_object()
        if isinstance(node, list):
            stack.extend(node)
        elif isinstance(node, dict):
            if node.get("/S") == "/Figure":
                found.append(node)
            if "/K" in node:
                stack.append(node["/K"])
    return found


def test_each_qr_code_carries_its_address_as_alternative_text(
    cohort, module_sessions, django_capture_on_commit_callbacks, settings
):
    from pypdf import PdfReader

    settings.SITE_URL = "https://ellw.example.nhs.uk"
    for index in range(3):
        graduate(cohort, module_sessions, name=f"Graduate {index}")
    with django_capture_on_commit_callbacks(execute=True):
        issue(cohort, issued_on=GRADUATED)
        cohort_certificates_print(cohort=cohort, actor=None)
    batch = GeneratedDocument.objects.get(kind=DocumentKind.CERTIFICATE_BATCH)

    figures = _struct_figures(PdfReader(io.BytesIO(_pdf_bytes(batch))))

    codes = sorted(c.display_code for c in Certificate.objects.all())
    assert len(figures) == 3
    alts = sorted(str(figure.get("/Alt", "")) for figure in figures)
    assert alts == sorted(
        f"QR code that opens the verification page https://ellw.example.nhs.uk/verify/{code}/"
        for code in codes
    )


@pytest.mark.parametrize("name", ["A" * 190, "Wolfeschlegelsteinhausenbergerdorff " * 5])
def test_a_very_long_name_stays_inside_the_border_and_above_the_signature(
    cohort, module_sessions, django_capture_on_commit_callbacks, name
):
    import pypdfium2

    name = name.strip()[:190]
    graduate(cohort, module_sessions, name=name)
    with django_capture_on_commit_callbacks(execute=True):
        issue(cohort, issued_on=GRADUATED)
    page = pypdfium2.PdfDocument(_pdf_bytes(Certificate.objects.get().document))[0]
    width, height = page.get_size()
    mm = 72 / 25.4
    inside = (10 + 1.5) * mm  # the page margin and the border
    signature_top = height - (10 + 159.5) * mm
    text = page.get_textpage()
    boxes = [text.get_charbox(i) for i in range(text.count_chars())]
    chars = text.get_text_range()
    assert boxes
    for left, _, right, _ in boxes:
        assert inside - 0.5 <= left and right <= width - inside + 0.5
    name_start = chars.index(name[:20])
    name_boxes = boxes[name_start : name_start + len(name)]
    assert min(bottom for _, bottom, _, _ in name_boxes) > signature_top
    # Nothing before the signature reaches down into it.
    signatory = chars.index("Gita Malhotra")
    assert min(b[1] for b in boxes[:signatory] if b[3] > b[1]) > signature_top
