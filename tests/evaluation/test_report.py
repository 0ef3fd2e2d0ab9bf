"""The influencing report: what its snapshot records (quotes only as consented), the PDF it
renders (headline figures worked out here from the fixture, A4 portrait, page numbers, the
same bytes every time), the lead's journey from the form to the download, and who may do
what."""

from __future__ import annotations

import datetime
import io

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from applications.models import EndorsementRequest
from cohorts.enums import AttendanceStatus, SessionKind
from cohorts.models import Attendance, Place
from ellw.documents.enums import DocumentKind, DocumentStatus
from ellw.documents.models import GeneratedDocument
from ellw.documents.services import document_rerender
from evaluation.documents.report import report_document_render
from evaluation.models import AlumniUpdate, InfluencingReport, Survey
from evaluation.selectors.report import QUOTES_SHOWN, report_snapshot
from evaluation.services.report import (
    ReportRuleError,
    influencing_report_request,
    report_default_title,
)
from modules.models import Module
from tests.factories import (
    ApplicationFactory,
    CohortFactory,
    EnrolmentFactory,
    PrimaryCareNetworkFactory,
    RecognitionFactory,
    SessionFactory,
    SurveyFactory,
    SurveyResponseFactory,
    UserFactory,
    certificate_cohort,
    self_assessment,
)
from tests.factories import (
    ApprovedTestimonialFactory as _TestimonialFactory,
)
from tests.mfa import log_in_with_mfa

pytestmark = pytest.mark.django_db

NAMED_QUOTE = "I now run a monthly huddle with our care coordinators."
ANONYMISED_QUOTE = "Coaching conversations with patients who feel stuck."
REFUSED_QUOTE = "Something I would rather keep to myself."
BLANK_CONSENT_QUOTE = "Words given before the consent question was answered."
PCN_TESTIMONIAL = "Our link worker now leads the PCN's social prescribing huddle."
PARTNER_TESTIMONIAL = "Participants arrived ready to lead and left leading."
UNAPPROVED_TESTIMONIAL = "Words the lead has not approved yet."
GRADUATED = datetime.date(2022, 3, 29)


def _endorse(application) -> None:
    EndorsementRequest.objects.create(
        application=application,
        endorser_name="Dr Priya Shah",
        endorser_email=application.clinical_director_email,
        link_nonce=f"nonce-{application.pk}",
        token_hash=f"hash-{application.pk}",
        created_at=timezone.now(),
        expires_at=timezone.now() + datetime.timedelta(days=14),
        outcome="endorsed",
        decided_at=timezone.now(),
    )


@pytest.fixture
def programme():
    """Two cohorts with everything the report shows, and the figures worked out by hand."""
    hackney = Place.objects.get(slug="hackney")
    newham = Place.objects.get(slug="newham")
    pcn_a = PrimaryCareNetworkFactory(place=hackney)
    pcn_b = PrimaryCareNetworkFactory(place=newham)
    pcn_c = PrimaryCareNetworkFactory(place=newham)
    one = certificate_cohort()
    two = CohortFactory(
        name="Cohort 2",
        applications_open_on=datetime.date(2022, 6, 1),
        applications_close_on=datetime.date(2022, 7, 1),
        starts_on=datetime.date(2022, 9, 12),
        ends_on=datetime.date(2022, 12, 9),
    )
    left_out = CohortFactory(name="Cohort 3")

    def enrol(cohort, name, pcn, *, graduated=True, withdrawn=False):
        person = UserFactory(full_name=name)
        return EnrolmentFactory(
            cohort=cohort,
            participant=person,
            application__pcn=pcn,
            graduated_on=GRADUATED if graduated else None,
            withdrawn_at=timezone.now() if withdrawn else None,
        )

    aisha = enrol(one, "Aisha Khan", pcn_a)
    ben = enrol(one, "Ben Okafor", pcn_b)
    chloe = enrol(one, "Chloe Adams", pcn_c)
    dev = enrol(one, "Dev Patel", pcn_a, graduated=False, withdrawn=True)
    ella = enrol(two, "Ella Brown", pcn_b)
    femi = enrol(two, "Femi Ade", pcn_a, graduated=False)
    enrolments = [aisha, ben, chloe, dev, ella, femi]
    rejected = [
        ApplicationFactory(cohort=one, status="rejected", pcn=pcn_a),
        ApplicationFactory(cohort=two, status="rejected", pcn=pcn_b),
    ]
    ApplicationFactory(cohort=one, status="draft", pcn=pcn_a, submitted_at=None)  # not counted
    EnrolmentFactory(cohort=left_out)  # another cohort: never counted
    endorsed = [aisha.application, ben.application, chloe.application, ella.application]
    endorsed.append(rejected[0])
    for application in endorsed:
        _endorse(application)

    # One module session each; Dev's excused apologies do not count.
    registers = {
        one: [
            (aisha, AttendanceStatus.PRESENT),
            (ben, AttendanceStatus.LATE),
            (chloe, AttendanceStatus.ABSENT),
            (dev, AttendanceStatus.APOLOGIES),
        ],
        two: [(ella, AttendanceStatus.PRESENT), (femi, AttendanceStatus.ABSENT)],
    }
    coaching = Module.objects.get(slug="coaching")
    for cohort, register in registers.items():
        session = SessionFactory(cohort=cohort, kind=SessionKind.MODULE, module=coaching)
        for enrolment, status in register:
            Attendance.objects.create(
                session=session,
                enrolment=enrolment,
                status=status,
                apologies_excused=status == AttendanceStatus.APOLOGIES,
                recorded_at=session.ends_at,
            )

    # Self-assessments: (baseline, end) per participant; a skill missing on one side is
    # not a pair.
    answers = {
        aisha: ({"coaching": 2, "leading_change": 3}, {"coaching": 4, "leading_change": 4}),
        ben: ({"coaching": 3}, {"coaching": 4, "leading_change": 5}),
        ella: ({"coaching": 1, "mentoring": 2}, {"coaching": 4}),
        chloe: ({"coaching": 5}, None),
    }
    for cohort in (one, two):
        baseline = SurveyFactory(cohort=cohort, kind="baseline")
        end = SurveyFactory(cohort=cohort, kind="end_of_programme")
        for enrolment, (before, after) in answers.items():
            if enrolment.cohort_id != cohort.pk:
                continue
            self_assessment(baseline, enrolment, **before)
            if after:
                self_assessment(end, enrolment, **after)
    changes = [
        after[skill] - before[skill]
        for before, after in answers.values()
        if after
        for skill in before
        if skill in after
    ]

    feedback = SurveyFactory(cohort=one, kind="module_feedback", module=coaching)
    SurveyResponseFactory(survey=feedback, enrolment=aisha, overall_rating=5, usefulness=4)
    SurveyResponseFactory(survey=feedback, enrolment=ben, overall_rating=4, usefulness=5)

    final_one = SurveyFactory(cohort=one, kind="final_evaluation")
    final_two = SurveyFactory(cohort=two, kind="final_evaluation")
    finals = [
        (final_one, aisha, 5, "yes", "named", {"practice_change": NAMED_QUOTE}),
        (final_one, ben, 4, "yes", "anonymised", {"take_back": ANONYMISED_QUOTE}),
        (final_one, chloe, 3, "not_sure", "no", {"practice_change": REFUSED_QUOTE}),
        (final_two, ella, 4, "yes", "", {"practice_change": BLANK_CONSENT_QUOTE}),
    ]
    for survey, enrolment, rating, recommend, consent, text in finals:
        SurveyResponseFactory(
            survey=survey,
            enrolment=enrolment,
            overall_rating=rating,
            would_recommend=recommend,
            quote_consent=consent,
            **text,
        )

    _TestimonialFactory(
        author_name="Dr Samir Haddad", cohort=one, organisation="Hackney North PCN",
        text=PCN_TESTIMONIAL,
    )  # fmt: skip
    _TestimonialFactory(
        source="training_partner", author_name="Jo Hidden", author_role="Facilitator",
        organisation="Leading Well Ltd", consent="anonymised", text=PARTNER_TESTIMONIAL,
    )  # fmt: skip
    _TestimonialFactory(text=UNAPPROVED_TESTIMONIAL, status="awaiting_approval")
    RecognitionFactory()
    RecognitionFactory(title="A milestone of another cohort", cohort=left_out)

    now = timezone.now()
    AlumniUpdate.objects.create(
        enrolment=aisha, months_after=6, requested_at=now, link_nonce="a", token_hash="a",
        link_expires_at=now, submitted_at=now, current_role="Lead link worker",
        promoted=True, qi_projects_led=2, mentoring_others=True,
    )  # fmt: skip
    AlumniUpdate.objects.create(
        enrolment=ben, months_after=6, requested_at=now, link_nonce="b", token_hash="b",
        link_expires_at=now,
    )  # fmt: skip

    admitted = len(enrolments)
    completed = sum(1 for e in enrolments if e.graduated_on)
    counted = [s for r in registers.values() for _, s in r if s != AttendanceStatus.APOLOGIES]
    attended = [s for s in counted if s in (AttendanceStatus.PRESENT, AttendanceStatus.LATE)]
    ratings = [rating for _, _, rating, _, _, _ in finals]
    recommends = [recommend for _, _, _, recommend, _, _ in finals]
    return {
        "cohorts": [one, two],
        "left_out": left_out,
        "aisha": aisha,
        "applications": admitted + len(rejected),
        "endorsed": len(endorsed),
        "admitted": admitted,
        "completed": completed,
        "completion": round(100 * completed / admitted),
        "attendance": round(100 * len(attended) / len(counted)),
        "mean_change": sum(changes) / len(changes),
        "pairs": max(sum(1 for b, a in answers.values() if a and s in b and s in a) for s in
                     ("coaching", "leading_change")),
        "rating": sum(ratings) / len(ratings),
        "recommend": round(100 * recommends.count("yes") / len(recommends)),
    }  # fmt: skip


def request_report(programme, actor=None, **kwargs) -> InfluencingReport:
    with transaction.atomic():
        return influencing_report_request(
            cohort_ids=[c.pk for c in programme["cohorts"]], actor=actor, **kwargs
        )


def pdf_reader(content: bytes):
    from pypdf import PdfReader

    return PdfReader(io.BytesIO(content))


def pdf_text(content: bytes) -> str:
    """The PDF's text, its whitespace collapsed (lines wrap anywhere)."""
    return " ".join(" ".join(page.extract_text() for page in pdf_reader(content).pages).split())


def squeezed(text: str) -> str:
    return "".join(text.split())


def rendered(report: InfluencingReport) -> bytes:
    report.refresh_from_db()
    return report_document_render(report.document, lambda done, total: None).content


# --- the snapshot ------------------------------------------------------------------------


def test_snapshot_records_figures_derived_values_and_the_programme(programme):
    snapshot = report_snapshot([c.pk for c in programme["cohorts"]])

    assert [c["name"] for c in snapshot["cohorts"]] == ["Cohort 1", "Cohort 2"]
    assert len(snapshot["modules"]) == 7
    assert snapshot["modules"][0] == {
        "name": "Coaching",
        "summary": Module.objects.get(slug="coaching").summary,
        "cpd_hours": f"{Module.objects.get(slug='coaching').default_cpd_hours.normalize():f}",
    }
    figures = snapshot["figures"]
    assert figures["reach"]["applications"] == programme["applications"]
    assert figures["reach"]["completion_percent"] == programme["completion"]
    assert figures["reach"]["attendance_percent"] == programme["attendance"]
    assert figures["reach"]["pcns"] == 3
    assert figures["mean_change"] == programme["mean_change"] == 1.75
    assert figures["pairs"] == programme["pairs"] == 3
    coaching = next(s for s in figures["skills"] if s["skill"] == "coaching")
    assert (coaching["pairs"], coaching["baseline_mean"], coaching["end_mean"]) == (3, 2.0, 4.0)
    assert coaching["change"] == 2.0
    assert figures["final"]["recommend_percent"] == programme["recommend"]
    assert figures["alumni"][0]["promoted_percent"] == 100
    assert [r["title"] for r in snapshot["recognition"]] == [
        "Winner: Social Prescribing Workforce Initiative of the Year"
    ]
    assert [group["source"] for group in snapshot["testimonials"]] == ["pcn", "training_partner"]


def test_quotes_only_with_consent_and_anonymised_ones_carry_no_name(programme):
    quotes = report_snapshot([c.pk for c in programme["cohorts"]])["quotes"]

    assert quotes["consented"] == 2
    assert [{k: v for k, v in q.items() if k != "id"} for q in quotes["shown"]] == [
        {
            "text": NAMED_QUOTE,
            "attribution": "Aisha Khan, Social Prescribing Link Worker, Cohort 1",
            "named": True,
        },
        {"text": ANONYMISED_QUOTE, "attribution": "A participant, Cohort 1", "named": False},
    ]


def test_quotes_are_bounded_and_taken_from_each_cohort_in_turn():
    big, small = certificate_cohort(), CohortFactory(name="Cohort 2")
    for cohort, count in ((big, QUOTES_SHOWN + 5), (small, 2)):
        survey = SurveyFactory(cohort=cohort, kind="final_evaluation")
        for i in range(count):
            SurveyResponseFactory(
                survey=survey, quote_consent="anonymised", take_back=f"{cohort.name} quote {i}"
            )

    quotes = report_snapshot([big.pk, small.pk])["quotes"]

    assert quotes["consented"] == QUOTES_SHOWN + 7
    assert len(quotes["shown"]) == QUOTES_SHOWN
    assert [q["text"] for q in quotes["shown"]].count("Cohort 2 quote 0") == 1
    assert sum(q["attribution"].endswith("Cohort 2") for q in quotes["shown"]) == 2


def test_snapshot_takes_the_same_number_of_queries_for_one_cohort_or_several(programme):
    with CaptureQueriesContext(connection) as one:
        report_snapshot([programme["cohorts"][0].pk])
    with CaptureQueriesContext(connection) as three:
        report_snapshot([c.pk for c in programme["cohorts"]] + [programme["left_out"].pk])
    assert len(one) == len(three)


# --- the PDF -----------------------------------------------------------------------------


def test_report_pdf_holds_the_headline_figures_worked_out_from_the_fixture(
    programme, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        report = request_report(programme)
    report.refresh_from_db()
    document = report.document
    assert document.status == DocumentStatus.READY
    with document.file.open("rb") as handle:
        content = handle.read()
    text = pdf_text(content)

    p = programme
    assert (
        f"{p['applications']} link workers applied and {p['endorsed']} were endorsed by their "
        f"clinical director; {p['admitted']} took up a place, from 3 primary care networks in "
        f"2 places, and {p['completed']} completed the programme."
    ) in text
    # The headline figures: the value, then its label and detail (squeezed: the text of a
    # figure's boxes comes out without spaces between them).
    figures = squeezed(text)
    for headline in (
        f"{p['applications']} Applications",
        f"{p['endorsed']} Endorsed by their clinical director",
        f"{p['admitted']} Admitted",
        f"{p['completed']} Completed",
        f"{p['completion']}% Completion {p['completed']} of {p['admitted']} admitted",
        f"{p['attendance']}% Attendance",
        f"+{p['mean_change']:.2f} Confidence change mean on a 1–5 scale, n = {p['pairs']} paired",
        f"{p['rating']:.1f} Overall rating",
        f"{p['recommend']}% Would recommend",
    ):
        assert squeezed(headline) in figures, headline
    # Quotes as consented; testimonials approved, with consent; recognition of these cohorts.
    assert NAMED_QUOTE in text
    assert "Aisha Khan, Social Prescribing Link Worker, Cohort 1" in text
    assert ANONYMISED_QUOTE in text
    assert "A participant, Cohort 1" in text
    assert "Ben Okafor" not in text
    assert REFUSED_QUOTE not in text
    assert BLANK_CONSENT_QUOTE not in text
    assert PCN_TESTIMONIAL in text and "Dr Samir Haddad" in text
    assert PARTNER_TESTIMONIAL in text and "Jo Hidden" not in text
    assert UNAPPROVED_TESTIMONIAL not in text
    assert "Social Prescribing Workforce Initiative of the Year" in text
    assert "A milestone of another cohort" not in text
    assert "2 of 2 consented quotes are shown" in text
    # Names never reach the file in any form (metadata, structure tags, unextracted text).
    assert b"Ben Okafor" not in content and b"Jo Hidden" not in content


def test_report_pdf_is_a4_portrait_numbered_and_titled(
    programme, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        report = request_report(programme)
    content = rendered(report)
    reader = pdf_reader(content)
    pages = len(reader.pages)

    assert pages >= 10
    for page in reader.pages:
        box = page.mediabox
        assert (round(float(box.width)), round(float(box.height))) == (595, 842)
    text = pdf_text(content)
    assert f"Page 2 of {pages}" in text
    assert f"Page {pages} of {pages}" in text
    assert "Page 1 of" not in text  # the cover has no footer
    assert "Influencing report: Cohort 1 and Cohort 2" in reader.pages[3].extract_text()
    assert reader.metadata.title == "Influencing report: Cohort 1 and Cohort 2"
    assert reader.metadata.author == "NHS North East London"


def test_rendering_a_version_again_gives_the_same_bytes_even_after_the_data_changes(
    programme, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        report = request_report(programme)
    report.refresh_from_db()
    first = report.document.sha256
    snapshot = report.snapshot
    assert snapshot is not None

    # New answers after the version was made do not change it...
    EnrolmentFactory(cohort=programme["cohorts"][0])
    assert rendered(report) == rendered(report)
    with django_capture_on_commit_callbacks(execute=True):
        document_rerender(document=report.document, failed_only=False)
    report.refresh_from_db()
    assert report.document.sha256 == first
    assert report.snapshot == snapshot

    # ...but a new version has them.
    with django_capture_on_commit_callbacks(execute=True):
        newer = request_report(programme)
    newer.refresh_from_db()
    assert newer.snapshot["figures"]["reach"]["admitted"] == programme["admitted"] + 1
    assert newer.document.sha256 != first


# --- the service -------------------------------------------------------------------------


def test_request_makes_a_dated_version_with_a_queued_document(programme, programme_lead):
    report = request_report(programme, actor=programme_lead)

    assert report.title == "Influencing report: Cohort 1 and Cohort 2"
    assert set(report.cohorts.all()) == set(programme["cohorts"])
    assert report.snapshot is None  # recorded at the first render
    assert report.requested_by == programme_lead
    document = report.document
    assert document.kind == DocumentKind.INFLUENCING_REPORT
    assert document.owner == report
    assert document.status == DocumentStatus.QUEUED
    assert document.pages_total > 1
    assert document.title.startswith("Influencing report: Cohort 1 and Cohort 2 – ")


def test_asking_again_while_one_is_being_made_returns_it(programme):
    first = request_report(programme)  # not committed, so not rendered
    assert request_report(programme) == first
    with transaction.atomic():
        other = influencing_report_request(
            cohort_ids=[programme["cohorts"][0].pk], actor=None, title="Cohort 1 only"
        )
    assert other != first
    assert other.title == "Cohort 1 only"


def test_request_refuses_no_cohorts_unknown_cohorts_and_long_titles(programme):
    with pytest.raises(ReportRuleError, match="Select at least one cohort"):
        influencing_report_request(cohort_ids=[], actor=None)
    with pytest.raises(ReportRuleError, match="Select cohorts from the list"):
        influencing_report_request(cohort_ids=[programme["cohorts"][0].pk, 999_999], actor=None)
    with pytest.raises(ReportRuleError, match="The title must be 200 characters or fewer"):
        request_report(programme, title="x" * 201)
    assert not InfluencingReport.objects.exists()


def test_default_title_names_up_to_three_cohorts():
    cohorts = [CohortFactory(name=f"Cohort {n}") for n in range(1, 5)]
    assert report_default_title(cohorts[:1]) == "Influencing report: Cohort 1"
    assert report_default_title(cohorts[:3]) == (
        "Influencing report: Cohort 1, Cohort 2 and Cohort 3"
    )
    assert report_default_title(cohorts) == "Influencing report: 4 cohorts, Cohort 1 to Cohort 4"


# --- the lead's pages and permissions ----------------------------------------------------


def test_lead_makes_a_report_watches_it_and_downloads_the_pdf(
    client, programme, programme_lead, django_capture_on_commit_callbacks
):
    log_in_with_mfa(client, programme_lead)
    page = client.get(reverse("staff:evaluation:reports"))
    assert page.status_code == 200
    assert "No influencing report has been made yet." in page.content.decode()
    assert reverse("staff:evaluation:report_new") in page.content.decode()

    form = client.get(reverse("staff:evaluation:report_new"))
    assert "Cohort 1 (10 January 2022 to 31 March 2022)" in form.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("staff:evaluation:report_new"),
            {"cohorts": [c.pk for c in programme["cohorts"]], "title": ""},
        )
    report = InfluencingReport.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("documents:progress", args=[report.document_id])

    progress = client.get(response.url).content.decode()
    assert "Ready." in progress
    assert "Back to influencing reports" in progress
    listing = client.get(reverse("staff:evaluation:reports")).content.decode()
    assert "Cohort 1, Cohort 2" in listing
    assert reverse("documents:download", args=[report.document_id]) in listing
    download = client.get(reverse("documents:download", args=[report.document_id]))
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    body = b"".join(download.streaming_content)
    assert body.startswith(b"%PDF-")
    assert NAMED_QUOTE in pdf_text(body)


def test_report_form_explains_bad_input_and_changes_nothing(client, programme, programme_lead):
    log_in_with_mfa(client, programme_lead)
    url = reverse("staff:evaluation:report_new")

    response = client.post(url, {"title": "Kept as typed"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page
    assert "Select at least one cohort" in page
    assert 'value="Kept as typed"' in page

    response = client.post(url, {"cohorts": ["999999"]})
    assert response.status_code == 400
    assert "Select cohorts from the list" in response.content.decode()

    one = programme["cohorts"][0]
    response = client.post(url, {"cohorts": [one.pk], "title": "x" * 201})
    assert response.status_code == 400
    page = response.content.decode()
    assert "The title must be 200 characters or fewer (you have 201)" in page
    assert f'value="{one.pk}" checked' in page
    assert not InfluencingReport.objects.exists()
    assert not GeneratedDocument.objects.exists()


def test_sp_managers_list_and_download_reports_but_cannot_make_one(
    client, programme, sp_manager, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        report = request_report(programme)
    report.refresh_from_db()
    log_in_with_mfa(client, sp_manager)

    page = client.get(reverse("staff:evaluation:reports"))
    assert page.status_code == 200
    assert reverse("staff:evaluation:report_new") not in page.content.decode()
    assert client.get(reverse("staff:evaluation:report_new")).status_code == 403
    response = client.post(
        reverse("staff:evaluation:report_new"), {"cohorts": [programme["cohorts"][0].pk]}
    )
    assert response.status_code == 403
    assert InfluencingReport.objects.count() == 1
    assert client.get(reverse("documents:download", args=[report.document_id])).status_code == 200


def test_participants_and_visitors_cannot_see_or_download_reports(
    client, programme, sp_manager, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        report = request_report(programme)
    urls = [
        reverse("staff:evaluation:reports"),
        reverse("staff:evaluation:report_new"),
        reverse("documents:progress", args=[report.document_id]),
        reverse("documents:download", args=[report.document_id]),
    ]
    for url in urls:
        assert client.get(url).status_code == 302
        assert client.get(url).url.startswith(reverse("account_login"))

    client.force_login(programme["aisha"].participant)
    for url in urls:
        assert client.get(url).status_code == 403

    # Staff whose session did not pass MFA have no staff powers: the staff pages send them
    # to set up an authenticator, the document pages refuse.
    client.force_login(sp_manager)
    for url in urls[:2]:
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith("/accounts/2fa/")
    for url in urls[2:]:
        assert client.get(url).status_code == 403


def test_reports_page_lists_versions_newest_first_with_their_status(
    client, programme, programme_lead
):
    older = request_report(programme, title="The older one")
    InfluencingReport.objects.filter(pk=older.pk).update(
        requested_at=timezone.now() - datetime.timedelta(days=30)
    )
    GeneratedDocument.objects.filter(pk=older.document_id).update(status=DocumentStatus.FAILED)
    with transaction.atomic():
        newer = influencing_report_request(
            cohort_ids=[programme["cohorts"][1].pk], actor=programme_lead
        )
    log_in_with_mfa(client, programme_lead)
    page = client.get(reverse("staff:evaluation:reports")).content.decode()

    assert page.index("Influencing report: Cohort 2") < page.index("The older one")
    assert reverse("documents:progress", args=[newer.document_id]) in page
    assert ">Queued<" in page and ">Failed<" in page
    assert programme_lead.get_full_name() in page


def test_long_unbroken_words_in_the_title_quotes_and_testimonials_stay_on_the_page(programme):
    import pypdfium2

    title_word = "Influencing" + "x" * 69  # 80 characters, no space
    testimonial_word = "Huddle" + "y" * 1394  # 1,400 characters
    quote_word = "Link" + "z" * 596
    _TestimonialFactory(cohort=programme["cohorts"][0], text=testimonial_word)
    survey = Survey.objects.get(cohort=programme["cohorts"][0], kind="final_evaluation")
    SurveyResponseFactory(survey=survey, quote_consent="anonymised", take_back=quote_word)
    report = request_report(programme, title=f"{title_word} report")
    content = rendered(report)

    text = squeezed(pdf_text(content))
    assert title_word in text and testimonial_word in text
    mm = 72 / 25.4
    for page in pypdfium2.PdfDocument(content):
        width, _ = page.get_size()
        chars = page.get_textpage()
        for i in range(chars.count_chars()):
            left, _, right, _ = chars.get_charbox(i)
            if right > left:  # a drawn character, not a line break
                assert left >= 0 and right <= width - 10 * mm, (left, right, width)


# --- the lead's choices ---------------------------------------------------------------------


def test_the_lead_writes_an_introduction_and_chooses_the_testimonials(
    client, programme, programme_lead, django_capture_on_commit_callbacks
):
    log_in_with_mfa(client, programme_lead)
    form = client.get(reverse("staff:evaluation:report_new")).context["form"]
    offered = {t.text: t for t in form.fields["testimonials"].queryset}
    assert PCN_TESTIMONIAL in offered and PARTNER_TESTIMONIAL in offered
    assert UNAPPROVED_TESTIMONIAL not in offered
    assert set(form["testimonials"].value()) == {t.pk for t in offered.values()}  # all, at first

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("staff:evaluation:report_new"),
            {
                "cohorts": [c.pk for c in programme["cohorts"]],
                "title": "",
                "introduction": "Why we ran it.\n\nWhat we ask of you.",
                "testimonials": [offered[PCN_TESTIMONIAL].pk],
            },
        )

    report = InfluencingReport.objects.get()
    text = pdf_text(rendered(report))
    assert "Introduction Why we ran it. What we ask of you." in text
    assert squeezed(PCN_TESTIMONIAL) in squeezed(text)
    assert squeezed(PARTNER_TESTIMONIAL) not in squeezed(text)


def test_a_new_version_like_an_earlier_one_starts_from_its_choices(
    client, programme, programme_lead
):
    first = request_report(
        programme, title="Spring report", introduction="Our words.", testimonial_ids=[]
    )
    log_in_with_mfa(client, programme_lead)

    listing = client.get(reverse("staff:evaluation:reports")).content.decode()
    like = f"{reverse('staff:evaluation:report_new')}?like={first.pk}"
    assert like in listing
    form = client.get(like).context["form"]

    assert form["title"].value() == "Spring report"
    assert form["introduction"].value() == "Our words."
    assert list(form["testimonials"].value()) == []
    assert {getattr(c, "pk", c) for c in form["cohorts"].value()} == {
        c.pk for c in programme["cohorts"]
    }


def test_an_introduction_over_the_cap_is_refused_and_nothing_is_made(
    client, programme, programme_lead
):
    log_in_with_mfa(client, programme_lead)

    response = client.post(
        reverse("staff:evaluation:report_new"),
        {"cohorts": [programme["cohorts"][0].pk], "introduction": "x" * 3001},
    )

    assert response.status_code == 400
    assert "The introduction must be 3,000 characters or fewer (you have 3,001)" in (
        response.content.decode()
    )
    assert not InfluencingReport.objects.exists()


def test_a_new_version_can_leave_out_quotes_and_quotes_others_instead(
    client, programme, programme_lead, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = request_report(programme)  # rendered: its snapshot is recorded
    first.refresh_from_db()
    shown = {q["text"]: q["id"] for q in first.snapshot["quotes"]["shown"]}
    assert set(shown) == {NAMED_QUOTE, ANONYMISED_QUOTE}
    like = f"{reverse('staff:evaluation:report_new')}?like={first.pk}"
    log_in_with_mfa(client, programme_lead)
    form = client.get(like).context["form"]
    assert set(form["quotes_kept"].value()) == set(shown.values())

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            like,
            {
                "cohorts": [c.pk for c in programme["cohorts"]],
                "testimonials": [],
                "quotes_kept": [shown[ANONYMISED_QUOTE]],
            },
        )

    second = InfluencingReport.objects.exclude(pk=first.pk).get()
    assert second.left_out_quote_ids == [shown[NAMED_QUOTE]]
    text = pdf_text(rendered(second))
    assert squeezed(ANONYMISED_QUOTE) in squeezed(text)
    assert squeezed(NAMED_QUOTE) not in squeezed(text)
    first_again = pdf_text(rendered(first))
    assert squeezed(NAMED_QUOTE) in squeezed(first_again)  # a version never changes
