"""Demo evaluation for Cohort 1 (after cohorts has run it): both self-assessments, feedback
on each module, the final evaluation with consent to be quoted, testimonials from a PCN's
clinical director, a training partner and a system leader, the May 2022 award, and the
graduates' updates at 6 and 12 months, so the dashboard and the influencing report are full.

Written straight to the models with the dates they happened; nothing is e-mailed. Safe to
run again: a cohort whose surveys exist keeps them, and each other record is made once.
"""

from __future__ import annotations

import datetime
import random
from zoneinfo import ZoneInfo

from dateutil.relativedelta import relativedelta

from cohorts.enums import SessionKind
from cohorts.models import Cohort, Enrolment
from ellw.accounts.models import User
from ellw.links import link_keys_new
from evaluation.enums import (
    QuoteConsent,
    RecognitionKind,
    Recommend,
    SurveyKind,
    TestimonialConsent,
    TestimonialSource,
    TestimonialStatus,
)
from evaluation.models import (
    LEADING_CHANGE,
    AlumniUpdate,
    ConfidenceRating,
    Recognition,
    Survey,
    SurveyResponse,
    Testimonial,
)
from evaluation.services.alumni import ALUMNI_LINK_SALT
from modules.models import Module

DEMO_AFTER = ("cohorts",)
LONDON = ZoneInfo("Europe/London")
COHORT_1 = "cohort-1"
LEAD_EMAIL = "lead@example.nhs.uk"

# What each graduate wrote in the final evaluation, in the order of their names, with the
# consent each gave to be quoted. Two did not answer it.
FINAL_ANSWERS = [
    (
        "I now run a monthly peer session for the link workers in our PCN, which I would "
        "never have put myself forward for before the programme.",
        "The coaching questions. I use them with patients and with colleagues every week.",
        QuoteConsent.NAMED,
    ),
    (
        "I negotiated protected time with our practice managers for social prescribing "
        "case reviews. Six months ago I would not have known how to ask.",
        "How to frame a request around what the practice needs, not what I need.",
        QuoteConsent.NAMED,
    ),
    (
        "I understand how decisions are made across the system now, and who to talk to. "
        "Our team feels less invisible.",
        "The stakeholder map we built in the networks module.",
        QuoteConsent.ANONYMISED,
    ),
    (
        "I led my first quality-improvement project: we cut the wait for a first "
        "appointment from five weeks to two.",
        "Plan-do-study-act cycles, and the courage to try small changes.",
        QuoteConsent.NAMED,
    ),
    (
        "I present our outcomes to the PCN board every quarter now. The presentation "
        "skills session changed how I prepare.",
        "Start with the story of one person, then the numbers.",
        QuoteConsent.ANONYMISED,
    ),
    (
        "Mentoring two new link workers has made me a better practitioner as well.",
        "Listening more than I talk.",
        QuoteConsent.NO,
    ),
    (
        "I feel I have permission to lead, even without a manager's title. That has "
        "changed how I speak in multidisciplinary meetings.",
        "The action learning set: we still meet every month.",
        QuoteConsent.ANONYMISED,
    ),
    (
        "I set up a partnership with the local food bank and two voluntary groups, which "
        "now take referrals directly.",
        "Networks matter more than structures.",
        QuoteConsent.NAMED,
    ),
    (
        "More confidence to challenge when referrals are not appropriate, kindly and clearly.",
        "Personal authority comes from knowing what you stand for.",
        QuoteConsent.NO,
    ),
]

MODULE_WORKED = [
    "Practising with real cases from our own caseloads.",
    "Small groups and time to reflect.",
    "A trainer who knew primary care from the inside.",
    "Clear models we could use the next day.",
]
MODULE_IMPROVE = [
    "More time for practice, less on theory.",
    "Send the pre-reading a week earlier.",
    "A follow-up session a month later would help it stick.",
    "",
]

TESTIMONIALS = [
    {
        "source": TestimonialSource.PCN,
        "author_name": "Dr Priya Shah",
        "author_role": "Clinical director",
        "organisation": "Barking and Dagenham North PCN",
        "email": "priya.shah@nhs.net",
        "text": (
            "Since the programme, Aisha has become the person our practices turn to when "
            "they want to join up care with the community. She led a review of our "
            "social prescribing pathway that has already cut duplicate referrals, and she "
            "presents to our PCN board with real authority. I would encourage every "
            "clinical director to put their link workers forward."
        ),
        "consent": TestimonialConsent.NAMED,
    },
    {
        "source": TestimonialSource.TRAINING_PARTNER,
        "author_name": "Marcus Reid",
        "author_role": "Lead facilitator",
        "organisation": "Leadership Academy London",
        "email": "marcus.reid@example.org",
        "text": (
            "This cohort arrived with deep knowledge of their communities and left with "
            "the language and confidence to lead change in the system. The growth we saw "
            "between the coaching module in January and the presentations in March was "
            "remarkable."
        ),
        "consent": TestimonialConsent.NAMED,
    },
    {
        "source": TestimonialSource.SYSTEM_LEADER,
        "author_name": "Helen Adeyemi",
        "author_role": "Director of personalised care",
        "organisation": "NHS North East London",
        "email": "helen.adeyemi@nhs.net",
        "text": (
            "Link workers hold relationships across health, care and the voluntary sector "
            "that nobody else does. Investing in their leadership is one of the most "
            "direct ways we have of making personalised care real across north east London."
        ),
        "consent": TestimonialConsent.ANONYMISED,
    },
]

# Graduates' updates: (months after, index of graduate, role, organisation, promoted,
# responsibilities, activities, QI projects, mentoring)
ALUMNI_ANSWERS = [
    (
        6,
        0,
        "Senior social prescribing link worker",
        "Well Street Common PCN",
        True,
        "Supervises three link workers.",
        "Chairs the PCN's social prescribing group.",
        1,
        True,
    ),
    (
        6,
        1,
        "Social prescribing link worker",
        "Barking and Dagenham North PCN",
        False,
        "Leads the PCN's pathway review.",
        "Presents outcomes to the PCN board.",
        1,
        True,
    ),
    (6, 2, "Social prescribing link worker", "Royal Docks PCN", False, "", "", 0, False),
    (
        6,
        3,
        "Social prescribing link worker",
        "City and Hackney PCN",
        False,
        "Local lead for the waiting-time project.",
        "",
        1,
        False,
    ),
    (
        6,
        4,
        "Care coordination lead",
        "Romford Central PCN",
        True,
        "Manages the care coordinators' rota.",
        "Member of the place-based partnership board.",
        2,
        True,
    ),
    (
        6,
        6,
        "Social prescribing link worker",
        "Isle of Dogs PCN",
        False,
        "",
        "Facilitates an action learning set for new link workers.",
        0,
        True,
    ),
    (
        6,
        7,
        "Social prescribing link worker",
        "Hornchurch PCN",
        False,
        "Lead for voluntary sector partnerships.",
        "",
        1,
        False,
    ),
    (
        6,
        8,
        "Social prescribing link worker",
        "Walthamstow Central PCN",
        False,
        "",
        "",
        0,
        True,
    ),
    (
        12,
        0,
        "Social prescribing team lead",
        "Well Street Common PCN",
        True,
        "Runs the team of five and its budget.",
        "Chairs the borough's link worker network.",
        2,
        True,
    ),
    (
        12,
        1,
        "Senior social prescribing link worker",
        "Barking and Dagenham North PCN",
        True,
        "Supervises two link workers.",
        "Co-facilitates Cohort 2's action learning sets.",
        2,
        True,
    ),
    (
        12,
        3,
        "Quality-improvement lead (personalised care)",
        "City and Hackney GP Confederation",
        True,
        "Leads QI across four PCNs.",
        "Speaker at the NEL personalised care conference.",
        3,
        True,
    ),
    (
        12,
        4,
        "Care coordination lead",
        "Romford Central PCN",
        False,
        "",
        "",
        2,
        True,
    ),
    (
        12,
        6,
        "Social prescribing link worker",
        "Isle of Dogs PCN",
        False,
        "Lead for the men's health outreach project.",
        "",
        1,
        True,
    ),
    (
        12,
        9,
        "Health and wellbeing coach",
        "Barking Riverside PCN",
        False,
        "",
        "Mentors a new link worker.",
        0,
        True,
    ),
]


def _at(day: datetime.date, hour: int = 9) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=LONDON)


def demo_seed(*, context) -> None:
    """Nothing before the cohorts have run: see demo_run."""


def demo_run(*, context) -> None:
    cohort = Cohort.objects.filter(slug=COHORT_1).first()
    if cohort is None:
        return
    lead = User.objects.filter(email=LEAD_EMAIL).first()
    enrolments = list(
        Enrolment.objects.filter(cohort=cohort, withdrawn_at__isnull=True)
        .select_related("participant")
        .order_by("participant__full_name")
    )
    if not enrolments:
        return
    if not cohort.surveys.exists():
        _surveys(cohort, enrolments, lead)
    _testimonials(cohort, lead)
    _recognition(lead)
    _alumni(enrolments)
    context.summary.append(
        f"Evaluation: Cohort 1's surveys ({cohort.surveys.count()}), "
        f"{Testimonial.objects.count()} testimonials, {Recognition.objects.count()} "
        f"recognitions, {AlumniUpdate.objects.filter(enrolment__cohort=cohort).count()} "
        "alumni update requests."
    )


def _surveys(cohort: Cohort, enrolments: list[Enrolment], lead: User | None) -> None:
    rng = random.Random(2022)
    modules = list(Module.objects.order_by("position"))
    module_sessions = {
        session.module_id: session
        for session in cohort.sessions.filter(kind=SessionKind.MODULE).order_by("starts_at")
    }
    last_session_end = max(session.ends_at for session in module_sessions.values())
    closed_at = _at(cohort.ends_on + datetime.timedelta(days=30), 17)

    def survey(kind: str, opened_at: datetime.datetime, module: Module | None = None) -> Survey:
        return Survey.objects.create(
            cohort=cohort,
            kind=kind,
            module=module,
            opened_at=opened_at,
            closed_at=closed_at,
            closed_by=lead,
            reminders_sent=2,
        )

    def respond(survey_: Survey, enrolment: Enrolment, at: datetime.datetime, **answers):
        return SurveyResponse.objects.create(
            survey=survey_, enrolment=enrolment, submitted_at=at, updated_at=at, **answers
        )

    skills = [module.slug for module in modules] + [LEADING_CHANGE]
    baseline = survey(SurveyKind.BASELINE, _at(cohort.starts_on - datetime.timedelta(days=21)))
    end = survey(SurveyKind.END_OF_PROGRAMME, last_session_end)
    ratings = []
    for index, enrolment in enumerate(enrolments):
        before = {skill: rng.choice((1, 2, 2, 2, 3, 3)) for skill in skills}
        response = respond(
            baseline,
            enrolment,
            baseline.opened_at + datetime.timedelta(days=2 + index % 9),
            reflection=rng.choice(
                (
                    "Confidence to speak up in meetings with GPs and practice managers.",
                    "How to influence decisions about our service.",
                    "Coaching skills for the people I support.",
                    "Understanding quality improvement.",
                )
            ),
        )
        # One participant left "negotiation" out at the baseline: not paired for it.
        ratings += [
            ConfidenceRating(response=response, skill=skill, confidence=value)
            for skill, value in before.items()
            if not (index == 3 and skill == "negotiation")
        ]
        if index == len(enrolments) - 1:
            continue  # did not complete the end-of-programme self-assessment
        response = respond(
            end,
            enrolment,
            end.opened_at + datetime.timedelta(days=1 + index % 6),
            reflection=rng.choice(
                (
                    "I speak up now, and people listen.",
                    "I plan change in small steps and measure it.",
                    "I ask better questions, of patients and of colleagues.",
                )
            ),
        )
        ratings += [
            ConfidenceRating(
                response=response,
                skill=skill,
                confidence=min(5, value + rng.choice((0, 1, 1, 1, 2, 2, 2, 3))),
            )
            for skill, value in before.items()
        ]
    ConfidenceRating.objects.bulk_create(ratings)

    for module in modules:
        session = module_sessions.get(module.pk)
        if session is None:
            continue
        feedback = survey(SurveyKind.MODULE_FEEDBACK, session.ends_at, module)
        for index, enrolment in enumerate(enrolments):
            if (index + module.position) % 6 == 0:
                continue  # about one in six did not give feedback on a module
            respond(
                feedback,
                enrolment,
                session.ends_at + datetime.timedelta(hours=2 + index),
                overall_rating=rng.choice((4, 4, 5, 5, 5, 3)),
                usefulness=rng.choice((4, 5, 5, 5, 3)),
                what_worked=rng.choice(MODULE_WORKED),
                what_to_improve=rng.choice(MODULE_IMPROVE),
            )

    final = survey(SurveyKind.FINAL_EVALUATION, last_session_end)
    for index, (enrolment, answers) in enumerate(zip(enrolments, FINAL_ANSWERS, strict=False)):
        practice_change, take_back, consent = answers
        respond(
            final,
            enrolment,
            final.opened_at + datetime.timedelta(days=2 + index),
            overall_rating=5 if index % 4 else 4,
            would_recommend=Recommend.NOT_SURE if index == 8 else Recommend.YES,
            practice_change=practice_change,
            take_back=take_back,
            quote_consent=consent,
        )


def _testimonials(cohort: Cohort, lead: User | None) -> None:
    received = _at(datetime.date(2022, 4, 20), 11)
    for values in TESTIMONIALS:
        Testimonial.objects.get_or_create(
            author_name=values["author_name"],
            defaults={
                **values,
                "cohort": cohort,
                "status": TestimonialStatus.APPROVED,
                "consent_given_at": received,
                "created_by": lead,
                "created_at": received,
                "submitted_at": received,
                "decided_by": lead,
                "decided_at": received + datetime.timedelta(days=1),
            },
        )


def _recognition(lead: User | None) -> None:
    Recognition.objects.get_or_create(
        title="Winner: Social Prescribing Workforce Initiative of the Year",
        defaults={
            "kind": RecognitionKind.AWARD,
            "awarded_by": "Link Worker Day 2022 Awards",
            "date": datetime.date(2022, 5, 12),
            "description": (
                "The Emerging Leaders Link Worker programme was named the year's best "
                "initiative for the social prescribing workforce."
            ),
            "recorded_by": lead,
        },
    )
    Recognition.objects.get_or_create(
        title="Cohort 1 graduates: 11 link workers",
        defaults={
            "kind": RecognitionKind.MILESTONE,
            "awarded_by": "Graduation event",
            "date": datetime.date(2022, 3, 29),
            "recorded_by": lead,
        },
    )


def _alumni(enrolments: list[Enrolment]) -> None:
    graduates = [enrolment for enrolment in enrolments if enrolment.graduated_on]
    answers = {(months, index): rest for months, index, *rest in ALUMNI_ANSWERS}
    for months in (6, 12):
        for index, enrolment in enumerate(graduates):
            requested = _at(enrolment.graduated_on + relativedelta(months=months))
            if AlumniUpdate.objects.filter(enrolment=enrolment, months_after=months).exists():
                continue
            keys = link_keys_new(ALUMNI_LINK_SALT)
            update = AlumniUpdate(
                enrolment=enrolment,
                months_after=months,
                requested_at=requested,
                link_nonce=keys.nonce,
                token_hash=keys.token_hash,
                link_expires_at=requested + datetime.timedelta(days=60),
            )
            answer = answers.get((months, index))
            if answer:
                role, organisation, promoted, responsibilities, activities, projects, mentoring = (
                    answer
                )
                update.submitted_at = requested + datetime.timedelta(days=3 + index)
                update.current_role = role
                update.organisation = organisation
                update.promoted = promoted
                update.new_responsibilities = responsibilities
                update.leadership_activities = activities
                update.qi_projects_led = projects
                update.mentoring_others = mentoring
            update.save()
