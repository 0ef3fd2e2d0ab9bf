"""The audit trail: staff actions on personal data, role changes and staff log-ins are
recorded with who, what, which record, when, from where and the request id; nobody can
change or delete a row; the programme lead reads it filtered and exports it as CSV."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from applications.enums import ApplicationStatus
from applications.models import Application
from cohorts.enums import AttendanceStatus, SessionKind
from cohorts.services.attendance import RegisterEntry, session_register_save
from cohorts.services.certificates import (
    certificate_reissue,
    certificate_revoke,
    cohort_certificates_issue,
)
from cohorts.services.graduation import cohort_graduate_completed, enrolment_graduation_undo
from ellw.accounts.roles import PROGRAMME_LEADS, SP_MANAGERS
from ellw.accounts.services import staff_role_grant, staff_role_remove
from ellw.audit.enums import AuditEvent
from ellw.audit.models import AuditEntry
from ellw.audit.services import _entry, audit_record
from modules.models import Module
from tests.factories import (
    ApplicationFactory,
    EnrolmentFactory,
    SessionFactory,
    StaffFactory,
    UserFactory,
    certificate_cohort,
)
from tests.mfa import log_in_with_mfa, totp_activate

pytestmark = pytest.mark.django_db

S = ApplicationStatus
LOG = reverse("staff:audit:log")
EXPORT = reverse("staff:audit:export")


@pytest.fixture
def manager_client(client, sp_manager):
    log_in_with_mfa(client, sp_manager)
    return client


@pytest.fixture
def lead_client(client, programme_lead):
    log_in_with_mfa(client, programme_lead)
    return client


def entries(event: str) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(event=event).order_by("id"))


def csv_rows(response) -> list[dict[str, str]]:
    body = b"".join(response.streaming_content).decode()
    return list(csv.DictReader(io.StringIO(body)))


# --- what is recorded ------------------------------------------------------------------


def test_a_decision_is_recorded_with_who_what_which_record_where_and_the_request_id(
    manager_client, sp_manager
):
    application = ApplicationFactory(status=S.ENDORSED, full_name="Aisha Khan")
    response = manager_client.post(
        reverse("staff:applications:decide", args=[application.pk, "admit"]),
        {"message": "Welcome"},
        REMOTE_ADDR="203.0.113.7",
    )
    assert response.status_code == 302
    [entry] = entries(AuditEvent.APPLICATION_STATUS_CHANGED)
    assert entry.actor == sp_manager
    assert entry.actor_email == sp_manager.email
    assert entry.object_pk == str(application.pk)
    assert entry.content_type.model_class() is Application
    assert entry.object_repr == f"Application {application.pk}"
    assert entry.additional_data == {"from": S.ENDORSED, "to": S.OFFERED}
    assert entry.remote_addr == "203.0.113.7"
    assert entry.cid == response["X-Request-ID"]
    assert len(entry.cid) == 32
    # The trail names the record, not the person it is about.
    assert "Aisha" not in str(AuditEntry.objects.values_list())


def test_an_applicants_own_actions_are_not_staff_actions_and_name_nobody(client, link_worker):
    application = ApplicationFactory(applicant=link_worker, status=S.AWAITING_ENDORSEMENT)
    client.force_login(link_worker)
    response = client.post(reverse("applications:withdraw", args=[application.pk]))
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == S.WITHDRAWN
    assert not AuditEntry.objects.filter(actor_email=link_worker.email).exists()
    assert not AuditEntry.objects.filter(event=AuditEvent.APPLICATION_STATUS_CHANGED).exists()


def test_looking_at_an_application_and_exporting_the_queue_are_recorded(manager_client):
    application = ApplicationFactory(status=S.ENDORSED)
    detail = manager_client.get(reverse("staff:applications:detail", args=[application.pk]))
    assert detail.status_code == 200
    [viewed] = entries(AuditEvent.APPLICATION_VIEWED)
    assert viewed.object_pk == str(application.pk)

    response = manager_client.get(
        reverse("staff:applications:export"),
        {"status": S.ENDORSED, "q": "Aisha Khan", "cohort": str(application.cohort_id)},
    )
    assert response.status_code == 200
    [exported] = entries(AuditEvent.APPLICATIONS_EXPORTED)
    assert exported.object_pk == ""
    assert exported.object_repr == "Applications"
    # What was filtered on, but not the text searched for (it may be someone's name).
    assert exported.additional_data == {
        "filters": {"status": S.ENDORSED, "cohort": str(application.cohort_id)},
        "searched": True,
    }


def test_a_change_that_rolls_back_leaves_no_audit_row(sp_manager):
    application = ApplicationFactory(status=S.ENDORSED)
    with pytest.raises(RuntimeError), transaction.atomic():
        audit_record(
            event=AuditEvent.APPLICATION_STATUS_CHANGED, target=application, actor=sp_manager
        )
        raise RuntimeError("the last write failed")
    assert not entries(AuditEvent.APPLICATION_STATUS_CHANGED)


@pytest.fixture
def cohort():
    return certificate_cohort()


@pytest.fixture
def graduate(cohort):
    from cohorts.models import Attendance

    enrolment = EnrolmentFactory(cohort=cohort, participant=UserFactory(full_name="Ben Okafor"))
    for i, module in enumerate(Module.objects.order_by("position")):
        session = SessionFactory(
            cohort=cohort,
            kind=SessionKind.MODULE,
            module=module,
            starts_at=timezone.make_aware(datetime.datetime(2022, 1, 12, 10))
            + datetime.timedelta(weeks=i),
        )
        Attendance.objects.create(
            session=session,
            enrolment=enrolment,
            status=AttendanceStatus.PRESENT,
            recorded_at=session.ends_at,
        )
    return enrolment


def test_graduation_its_undo_and_every_certificate_change_are_recorded(
    cohort, graduate, programme_lead
):
    with transaction.atomic():
        cohort_graduate_completed(
            cohort=cohort, actor=programme_lead, graduated_on=datetime.date(2022, 3, 29)
        )
        cohort_certificates_issue(cohort=cohort, actor=programme_lead)
    [graduated] = entries(AuditEvent.GRADUATED)
    assert (graduated.object_pk, graduated.actor) == (str(graduate.pk), programme_lead)
    assert graduated.additional_data == {"graduated_on": "2022-03-29"}
    certificate = graduate.certificates.get()
    [issued] = entries(AuditEvent.CERTIFICATE_ISSUED)
    assert issued.object_repr == f"Certificate {certificate.display_code}"

    new = certificate_reissue(
        certificate=certificate, actor=programme_lead, name="Ben Okafor-Smith", reason="Name"
    )
    [reissued] = entries(AuditEvent.CERTIFICATE_REISSUED)
    assert reissued.object_pk == str(certificate.pk)
    assert reissued.additional_data == {"new_certificate": new.pk, "name_changed": True}
    certificate_revoke(certificate=new, actor=programme_lead, reason="Issued in error")
    [revoked] = entries(AuditEvent.CERTIFICATE_REVOKED)
    assert revoked.object_pk == str(new.pk)

    enrolment_graduation_undo(enrolment=graduate, actor=programme_lead, reason="Recorded wrongly")
    [undone] = entries(AuditEvent.GRADUATION_UNDONE)
    assert undone.additional_data == {"was_graduated_on": "2022-03-29"}
    # The typed reasons stay on the records' own history, not in the trail.
    assert "Recorded wrongly" not in str(AuditEntry.objects.values_list())


def test_saving_a_register_is_recorded_once_with_what_changed(graduate, programme_lead):
    session = graduate.cohort.sessions.order_by("starts_at").first()
    entry = RegisterEntry(status=AttendanceStatus.LATE)
    session_register_save(
        session=session, entries={graduate.pk: entry}, actor=programme_lead, may_excuse=True
    )
    # Saving the same register again changes nothing, so records nothing.
    session_register_save(
        session=session, entries={graduate.pk: entry}, actor=programme_lead, may_excuse=True
    )
    [saved] = entries(AuditEvent.REGISTER_SAVED)
    assert saved.object_pk == str(session.pk)
    assert saved.additional_data == {"changed": 1, "enrolments": [graduate.pk]}


def test_role_changes_are_recorded_however_they_are_made(programme_lead):
    person = UserFactory()

    def about_person(event):
        return [e for e in entries(event) if e.object_pk == str(person.pk)]

    staff_role_grant(user=person, role=SP_MANAGERS, changed_by=programme_lead)
    [granted] = about_person(AuditEvent.ROLE_GRANTED)
    assert granted.changes["groups"]["objects"] == [SP_MANAGERS]
    assert granted.object_repr == f"User {person.pk}"
    [made_staff] = about_person(AuditEvent.ACCOUNT_CHANGED)
    assert made_staff.changes == {"is_staff": ["False", "True"]}
    staff_role_remove(user=person, role=SP_MANAGERS, changed_by=programme_lead)
    assert len(about_person(AuditEvent.ROLE_REMOVED)) == 1
    # As the admin or a shell would: straight on the model.
    person.groups.add(Group.objects.get(name=PROGRAMME_LEADS))
    assert len(about_person(AuditEvent.ROLE_GRANTED)) == 2
    person.is_superuser = True
    person.save()
    assert about_person(AuditEvent.ACCOUNT_CHANGED)[-1].changes == {
        "is_superuser": ["False", "True"]
    }


def test_staff_log_ins_and_failed_log_ins_are_recorded_and_nobody_elses(
    client, sp_manager, link_worker
):
    totp_activate(sp_manager)
    login = reverse("account_login")
    client.post(login, {"login": sp_manager.email, "password": "wrong password"})
    client.post(login, {"login": link_worker.email, "password": "wrong password"})
    client.post(login, {"login": "nobody@example.nhs.uk", "password": "wrong password"})
    [failed] = entries(AuditEvent.STAFF_LOGIN_FAILED)
    assert (failed.object_pk, failed.actor) == (str(sp_manager.pk), None)

    client.post(login, {"login": link_worker.email, "password": "password"})
    assert not entries(AuditEvent.STAFF_LOGGED_IN)
    client.logout()
    log_in_with_mfa(client, sp_manager)  # force_login sends the same signal
    [logged_in] = entries(AuditEvent.STAFF_LOGGED_IN)
    assert logged_in.actor == sp_manager


# --- where the request came from --------------------------------------------------------


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "198.51.100.1", "10.0.0.9"),  # no trusted proxy: the header is the client's own
        (1, "198.51.100.1, 203.0.113.5", "203.0.113.5"),  # what our proxy saw
        (2, "198.51.100.1, 203.0.113.5", "198.51.100.1"),
        (2, "203.0.113.5", "10.0.0.9"),  # fewer hops than proxies: the connection's own
    ],
)
def test_the_address_is_the_one_the_trusted_proxy_reports(
    manager_client, settings, proxies, forwarded, expected
):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = proxies
    application = ApplicationFactory(status=S.ENDORSED)
    manager_client.get(
        reverse("staff:applications:detail", args=[application.pk]),
        REMOTE_ADDR="10.0.0.9",
        HTTP_X_FORWARDED_FOR=forwarded,
    )
    [viewed] = entries(AuditEvent.APPLICATION_VIEWED)
    assert viewed.remote_addr == expected


@pytest.mark.parametrize(
    ("proxies", "offered", "kept"),
    [
        (1, "0123456789abcdef0123456789abcdef", True),
        (0, "0123456789abcdef0123456789abcdef", False),  # not from a proxy we trust
        (1, "short", False),
        (1, "x" * 65, False),
        (1, "<script>alert(1)</script>", False),
    ],
)
def test_a_request_id_from_the_proxy_is_used_only_if_trusted_and_well_formed(
    manager_client, settings, proxies, offered, kept
):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = proxies
    application = ApplicationFactory(status=S.ENDORSED)
    response = manager_client.get(
        reverse("staff:applications:detail", args=[application.pk]), HTTP_X_REQUEST_ID=offered
    )
    [entry] = entries(AuditEvent.APPLICATION_VIEWED)
    assert entry.cid == response["X-Request-ID"]
    assert (entry.cid == offered) is kept


# --- append-only ------------------------------------------------------------------------


def test_nobody_can_change_or_delete_an_entry_through_the_model(sp_manager):
    entry = audit_record(
        event=AuditEvent.APPLICATIONS_EXPORTED, target=Application, actor=sp_manager
    )
    entry.object_repr = "something else"
    with pytest.raises(ValueError, match="append-only"):
        entry.save()
    with pytest.raises(ValueError, match="append-only"):
        entry.delete()
    assert entries(AuditEvent.APPLICATIONS_EXPORTED)[0].object_repr == "Applications"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger is PostgreSQL's")
def test_postgresql_refuses_update_and_delete_whoever_asks(sp_manager):
    audit_record(event=AuditEvent.APPLICATIONS_EXPORTED, target=Application, actor=sp_manager)
    from django.db import DatabaseError

    for statement in (
        "UPDATE audit_auditentry SET object_repr = 'x'",
        "DELETE FROM audit_auditentry",
    ):
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(statement)
    assert entries(AuditEvent.APPLICATIONS_EXPORTED)[0].object_repr == "Applications"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger is PostgreSQL's")
def test_deleting_an_actors_account_keeps_their_rows_and_address():
    actor = StaffFactory(role=SP_MANAGERS)
    audit_record(event=AuditEvent.APPLICATIONS_EXPORTED, target=Application, actor=actor)
    email = actor.email
    actor.delete()
    [entry] = entries(AuditEvent.APPLICATIONS_EXPORTED)
    assert (entry.actor_id, entry.actor_email) == (None, email)


def test_the_admin_shows_the_trail_but_cannot_add_change_or_delete(client, sp_manager):
    admin = StaffFactory(role=PROGRAMME_LEADS, is_superuser=True, is_staff=True)
    entry = audit_record(event=AuditEvent.APPLICATIONS_EXPORTED, target=Application, actor=admin)
    log_in_with_mfa(client, admin)
    assert client.get(reverse("admin:audit_auditentry_changelist")).status_code == 200
    assert client.get(reverse("admin:audit_auditentry_add")).status_code == 403
    change = reverse("admin:audit_auditentry_change", args=[entry.pk])
    page = client.get(change)
    assert page.status_code == 200
    assert b'name="_save"' not in page.content
    assert client.post(change, {"object_repr": "x"}).status_code == 403
    assert (
        client.post(
            reverse("admin:audit_auditentry_delete", args=[entry.pk]), {"post": "yes"}
        ).status_code
        == 403
    )
    assert AuditEntry.objects.filter(pk=entry.pk, object_repr="Applications").exists()


# --- the lead's page --------------------------------------------------------------------


@pytest.fixture
def trail(sp_manager, programme_lead):
    first = ApplicationFactory()
    second = ApplicationFactory()
    rows = [
        (sp_manager, AuditEvent.APPLICATION_VIEWED, first, datetime.datetime(2026, 3, 1, 9)),
        (sp_manager, AuditEvent.APPLICATION_STATUS_CHANGED, first, datetime.datetime(2026, 3, 2)),
        (programme_lead, AuditEvent.APPLICATION_VIEWED, second, datetime.datetime(2026, 3, 2, 23)),
    ]
    for actor, event, target, when in rows:
        entry = _entry(event=event, target=target, actor=actor, details=None)
        entry.timestamp = timezone.make_aware(when)
        entry.save()
    return first, second


@pytest.fixture
def applications_only():
    """The filter for records that are applications (the fixtures' staff also have rows
    for their roles and log-ins)."""
    return {"record_type": ContentType.objects.get_for_model(Application).pk}


def listed(response) -> int:
    return response.context["page"].paginator.count


def test_the_lead_filters_by_person_record_action_and_date(
    lead_client, trail, sp_manager, applications_only
):
    first, second = trail
    assert listed(lead_client.get(LOG, applications_only)) == 3
    by_person = {"person": sp_manager.email.upper(), **applications_only}
    assert listed(lead_client.get(LOG, by_person)) == 2
    assert listed(lead_client.get(LOG, {"event": AuditEvent.APPLICATION_VIEWED})) == 2
    by_record = lead_client.get(LOG, {"record_id": first.pk, **applications_only})
    assert listed(by_record) == 2
    # "To" includes the whole of that day; "From" starts at its first moment.
    on_the_second = {"since_0": 2, "since_1": 3, "since_2": 2026}
    on_the_second |= {"until_0": 2, "until_1": 3, "until_2": 2026}
    assert listed(lead_client.get(LOG, on_the_second)) == 2
    until_first = {"until_0": 1, "until_1": 3, "until_2": 2026}
    assert listed(lead_client.get(LOG, until_first)) == 1
    page = lead_client.get(LOG, applications_only).content.decode()
    assert f"Application {first.pk}" in page and "Looked at an application" in page


def test_bad_filters_are_explained_and_change_nothing(lead_client, trail):
    response = lead_client.get(
        LOG, {"person": "x" * 300, "since_0": 31, "since_1": 2, "since_2": 2026}
    )
    assert response.status_code == 200
    errors = response.context["filter"].form.errors
    assert "person" in errors and "since" in errors


def test_the_lead_exports_the_filtered_trail_and_the_export_is_recorded(
    lead_client, trail, sp_manager, programme_lead, applications_only
):
    response = lead_client.get(EXPORT, {"person": sp_manager.email, **applications_only})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = csv_rows(response)
    assert [row["Who"] for row in rows] == [sp_manager.email, sp_manager.email]
    assert rows[0]["What"] == "Changed an application's status"
    assert rows[0]["Record type"] == "applications.application"
    [exported] = entries(AuditEvent.AUDIT_EXPORTED)
    assert exported.actor == programme_lead
    assert exported.additional_data == {
        "filters": {
            "person": sp_manager.email,
            "record_type": str(applications_only["record_type"]),
        }
    }


def test_sp_managers_cannot_read_the_trail(manager_client, trail):
    assert manager_client.get(LOG).status_code == 403
    assert manager_client.get(EXPORT).status_code == 403
    assert not entries(AuditEvent.AUDIT_EXPORTED)


def test_the_page_paginates_and_its_queries_do_not_grow_with_the_trail(
    lead_client, sp_manager, django_assert_max_num_queries
):
    application = ApplicationFactory()
    for _ in range(60):
        audit_record(event=AuditEvent.APPLICATION_VIEWED, target=application, actor=sp_manager)
    with django_assert_max_num_queries(12):
        response = lead_client.get(LOG)
    assert len(response.context["page"].object_list) == 50
    second_page = lead_client.get(LOG, {"page": 2, "event": AuditEvent.APPLICATION_VIEWED})
    assert len(second_page.context["page"].object_list) == 10


def test_an_unknown_event_is_refused_by_the_database_check_of_the_form(lead_client, trail):
    response = lead_client.get(LOG, {"event": "made.up"})
    assert "event" in response.context["filter"].form.errors


def test_an_entry_needs_a_record(sp_manager):
    with pytest.raises(IntegrityError), transaction.atomic():
        AuditEntry.objects.create(event=AuditEvent.APPLICATION_VIEWED, action=3, object_pk="1")
