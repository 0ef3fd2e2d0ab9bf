"""Generated documents in S3-compatible storage, against a real S3 server (moto's, on a
loopback port): the storage is the one the settings build from DOCUMENTS_S3_BUCKET and its
companions, so what is tested is the production path, from rendering a certificate to
downloading, verifying and deleting it. Only the outside world (S3) is stood in for."""

from __future__ import annotations

import datetime
import hashlib
import json
import runpy
import urllib.request

import boto3
import pytest
from botocore.exceptions import ClientError
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse

from cohorts.services.certificates import enrolment_certificate_issue
from ellw.documents.enums import DocumentStatus
from ellw.documents.models import GeneratedDocument
from ellw.documents.services import documents_erase, documents_file_delete
from tests.factories import EnrolmentFactory, UserFactory, certificate_cohort

pytestmark = pytest.mark.django_db

BUCKET = "ellw-documents-test"
REGION = "eu-west-2"
KEYS = {"aws_access_key_id": "testing-access-key", "aws_secret_access_key": "testing-secret"}


@pytest.fixture(scope="module")
def s3_endpoint():
    """moto's S3 server in a thread, on a free loopback port, for this module's tests."""
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def s3(s3_endpoint):
    """An empty bucket for each test: moto's state is reset before and after it."""

    def reset():
        request = urllib.request.Request(f"{s3_endpoint}/moto-api/reset", method="POST")
        with urllib.request.urlopen(request, timeout=10) as response:
            assert response.status == 200

    reset()
    client = boto3.client("s3", endpoint_url=s3_endpoint, region_name=REGION, **KEYS)
    client.create_bucket(Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": REGION})
    yield client
    reset()


@pytest.fixture
def s3_documents(s3, s3_endpoint, settings, monkeypatch):
    """The documents storage exactly as ellw/settings/base.py builds it when
    DOCUMENTS_S3_BUCKET is set, pointed at the test server."""
    for name, value in {
        "DOCUMENTS_S3_BUCKET": BUCKET,
        "DOCUMENTS_S3_ENDPOINT_URL": s3_endpoint,
        "DOCUMENTS_S3_REGION": REGION,
        "DOCUMENTS_S3_ACCESS_KEY_ID": KEYS["aws_access_key_id"],
        "DOCUMENTS_S3_SECRET_ACCESS_KEY": KEYS["aws_secret_access_key"],
    }.items():
        monkeypatch.setenv(name, value)
    built = runpy.run_path(str(settings.BASE_DIR / "ellw" / "settings" / "base.py"))
    entry = built["STORAGES"]["documents"]
    assert entry["BACKEND"] == "storages.backends.s3.S3Storage"
    settings.STORAGES = {**settings.STORAGES, "documents": entry}
    storage = storages["documents"]
    # The model field resolved its storage when the model was loaded; give it the one the
    # settings now name (Django's handler built it from the entry above).
    monkeypatch.setattr(GeneratedDocument._meta.get_field("file"), "storage", storage)
    return storage


@pytest.fixture
def enrolment(db):
    return EnrolmentFactory(
        cohort=certificate_cohort(),
        participant=UserFactory(full_name="Aisha Khan", email="aisha.private@example.nhs.uk"),
        graduated_on=datetime.date(2022, 3, 29),
    )


def issue(enrolment, django_capture_on_commit_callbacks) -> GeneratedDocument:
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        certificate = enrolment_certificate_issue(
            enrolment=enrolment, actor=None, issued_on=datetime.date(2022, 3, 29)
        )
    certificate.refresh_from_db()
    document = certificate.document
    assert document.status == DocumentStatus.READY, document.error
    return document


def object_key(document: GeneratedDocument) -> str:
    return f"documents/{document.file.name}"


def bucket_keys(s3) -> list[str]:
    return [item["Key"] for item in s3.list_objects_v2(Bucket=BUCKET).get("Contents", [])]


def test_rendering_a_certificate_uploads_its_pdf_to_the_bucket_privately(
    s3, s3_documents, enrolment, django_capture_on_commit_callbacks
):
    document = issue(enrolment, django_capture_on_commit_callbacks)

    assert document.file.name == f"certificate/{document.pk}-{document.sha256[:12]}.pdf"
    assert bucket_keys(s3) == [object_key(document)]
    stored = s3.get_object(Bucket=BUCKET, Key=object_key(document))
    content = stored["Body"].read()
    assert content.startswith(b"%PDF-")
    assert hashlib.sha256(content).hexdigest() == document.sha256
    assert len(content) == document.size
    assert stored["ContentType"] == "application/pdf"
    # default_acl "private": only the bucket's owner may read it.
    grants = s3.get_object_acl(Bucket=BUCKET, Key=object_key(document))["Grants"]
    assert [grant["Permission"] for grant in grants] == ["FULL_CONTROL"]
    assert all(grant["Grantee"]["Type"] == "CanonicalUser" for grant in grants)


def test_the_download_streams_the_bucket_object_through_the_permission_checked_view(
    client, s3, s3_endpoint, s3_documents, enrolment, django_capture_on_commit_callbacks
):
    document = issue(enrolment, django_capture_on_commit_callbacks)
    download = reverse("documents:download", args=[document.pk])

    client.force_login(enrolment.participant)
    response = client.get(download)
    assert response.status_code == 200
    assert not response.has_header("Location")
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment; ")
    assert response["Cache-Control"] == "private, no-store"
    content = b"".join(response.streaming_content)
    assert hashlib.sha256(content).hexdigest() == document.sha256
    assert int(response["Content-Length"]) == document.size
    assert s3_endpoint not in json.dumps(dict(response.headers))

    client.force_login(UserFactory())
    stranger = client.get(download)
    assert stranger.status_code == 403
    assert s3_endpoint not in stranger.content.decode()

    client.logout()
    anonymous = client.get(download)
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith(reverse("account_login"))


def test_the_verification_page_matches_the_pdf_downloaded_from_the_bucket(
    client, s3_documents, enrolment, django_capture_on_commit_callbacks
):
    document = issue(enrolment, django_capture_on_commit_callbacks)
    client.force_login(enrolment.participant)
    content = b"".join(
        client.get(reverse("documents:download", args=[document.pk])).streaming_content
    )
    client.logout()

    certificate = enrolment.certificates.get()
    url = reverse("verify:certificate", args=[certificate.display_code])
    response = client.post(url, {"file": SimpleUploadedFile("c.pdf", content, "application/pdf")})
    assert response.status_code == 200
    assert "This file is the issued certificate, unaltered" in response.content.decode()
    edited = content.replace(b"Aisha Khan", b"Aisha Kahn") + b"\n"
    response = client.post(url, {"file": SimpleUploadedFile("c.pdf", edited, "application/pdf")})
    assert "This file is not the issued certificate" in response.content.decode()


def test_deleting_a_documents_file_removes_the_object_from_the_bucket(
    client, s3, s3_documents, enrolment, django_capture_on_commit_callbacks
):
    document = issue(enrolment, django_capture_on_commit_callbacks)
    key = object_key(document)

    assert documents_file_delete(documents=GeneratedDocument.objects.filter(pk=document.pk)) == 1
    assert bucket_keys(s3) == []
    with pytest.raises(ClientError) as missing:
        s3.head_object(Bucket=BUCKET, Key=key)
    assert missing.value.response["ResponseMetadata"]["HTTPStatusCode"] == 404
    document.refresh_from_db()
    assert (document.status, document.file.name) == (DocumentStatus.DELETED, "")
    # Its fingerprint stays, so a copy can still be checked against it.
    assert len(document.sha256) == 64


def test_erasing_a_document_removes_its_object_once_the_erasure_commits(
    s3, s3_documents, enrolment, django_capture_on_commit_callbacks
):
    document = issue(enrolment, django_capture_on_commit_callbacks)
    key = object_key(document)

    with django_capture_on_commit_callbacks(execute=False) as callbacks, transaction.atomic():
        documents_erase([document])
    assert bucket_keys(s3) == [key]  # not before the commit
    for callback in callbacks:
        callback()
    assert bucket_keys(s3) == []


def test_an_object_missing_from_the_bucket_is_a_404_not_a_500(
    client, s3, s3_documents, enrolment, django_capture_on_commit_callbacks
):
    document = issue(enrolment, django_capture_on_commit_callbacks)
    s3.delete_object(Bucket=BUCKET, Key=object_key(document))

    client.force_login(enrolment.participant)
    assert client.get(reverse("documents:download", args=[document.pk])).status_code == 404


def test_each_test_starts_with_an_empty_bucket(s3, s3_documents):
    assert bucket_keys(s3) == []
    assert not s3_documents.exists("certificate/1-000000000000.pdf")
