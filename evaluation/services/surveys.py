"""Surveys: opening each one to its cohort when it falls due (with its e-mail), automatic and
manual reminders to those who have not answered, and the lead closing and reopening a
survey. A participant's answers are saved by evaluation.services.survey_responses.

When each survey falls due:
- the baseline self-assessment as soon as the cohort has a participant and its first session
  has not started (or none is scheduled yet): it is answered before the first session;
- a module's feedback once the cohort's last session of that module has ended;
- the end-of-programme self-assessment and the final evaluation once the cohort's last
  module session has ended (or, with no module sessions, once the cohort's last day passed).

Every send is claimed first (the survey's unique constraints when opening, a conditional
UPDATE of `reminders_sent` for automatic reminders, the survey's row lock for the lead's
button), so two runs at once, or a re-run, e-mail each person once.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, Max, Min, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from cohorts.enums import SessionKind
from cohorts.models import Cohort, Enrolment, Session
from ellw.accounts.models import User
from ellw.mail.services import email_queue
from ellw.text import moment_text
from evaluation.enums import (
    SurveyKind,
)
from evaluation.models import Survey, SurveyResponse, survey_closing_date
from modules.models import Module

K = SurveyKind

# A survey whose moment passed longer ago than this is not opened by itself: a cohort that
# ran before surveys existed (or while the task was stopped for weeks) is not e-mailed
# about sessions long past. The baseline is bounded by its own rule (before the first
# session, in a cohort that has not ended).
OPENING_WINDOW = datetime.timedelta(days=28)


class SurveyRuleError(ValidationError):
    """A survey rule refused the change; the message says why, for the person."""


# One sentence on what the survey is for, in its e-mails.
PURPOSES = {
    K.BASELINE: "It asks how confident you feel in the skills the programme covers, so we "
    "can see what changes by the end. Please answer it before your first session.",
    K.MODULE_FEEDBACK: "It asks what you thought of the module, so we can keep improving it.",
    K.END_OF_PROGRAMME: "It asks the same confidence questions as at the start, so we can "
    "see what has changed for you.",
    K.FINAL_EVALUATION: "It asks what the programme has changed in your practice; your "
    "answers help us win funding for the next cohort.",
}


# --- when a moment is shown to people ---------------------------------------------------


# --- e-mails ----------------------------------------------------------------------------


def _active_enrolments(cohort_id: int) -> QuerySet[Enrolment]:
    return (
        Enrolment.objects.filter(cohort_id=cohort_id, withdrawn_at__isnull=True)
        .select_related("participant")
        .order_by("pk")
    )


def survey_non_respondents(survey: Survey) -> QuerySet[Enrolment]:
    """The cohort's active participants who have not answered the survey."""
    answered = SurveyResponse.objects.filter(survey_id=survey.pk, enrolment=OuterRef("pk"))
    return _active_enrolments(survey.cohort_id).filter(~Exists(answered))


def _survey_context(survey: Survey) -> dict[str, Any]:
    return {
        "survey": survey,
        "title": survey.title,
        # As a sentence names it: "your feedback on the Coaching module".
        "name": (
            f"feedback on the {survey.module.name} module"
            if survey.kind == K.MODULE_FEEDBACK
            else survey.get_kind_display().lower()
        ),
        "cohort": survey.cohort,
        "purpose": PURPOSES[survey.kind],
        "link": settings.SITE_URL + reverse("surveys:answer", args=[survey.pk]),
    }


def _surveys_open_emails(surveys: list[Survey], enrolments) -> int:
    """One e-mail per participant for every survey of their cohort that opened together
    (the last module's feedback, the end-of-programme self-assessment and the final
    evaluation open at the same moment), not one each."""
    listed = [_survey_context(survey) for survey in surveys]
    first = listed[0]
    context: dict[str, Any] = {
        **first,
        "surveys": listed,
        "headline": (
            f"Your {first['name']} for {first['cohort'].name} is open"
            if len(listed) == 1
            else f"{len(listed)} surveys for {first['cohort'].name} are open"
        ),
    }
    sent = 0
    for enrolment in enrolments:
        email_queue(
            to=enrolment.participant.email,
            template="survey_open",
            context={**context, "participant_name": enrolment.participant.get_full_name()},
        )
        sent += 1
    return sent


def _survey_emails(survey: Survey, enrolments, template: str) -> int:
    context = _survey_context(survey)
    sent = 0
    for enrolment in enrolments:
        email_queue(
            to=enrolment.participant.email,
            template=template,
            context={**context, "participant_name": enrolment.participant.get_full_name()},
        )
        sent += 1
    return sent


# --- opening ----------------------------------------------------------------------------


def _surveys_due(now: datetime.datetime) -> list[tuple[int, str, int | None]]:
    """(cohort id, kind, module id) of every survey due and not yet opened."""
    today = timezone.localdate(now)
    active = Enrolment.objects.filter(cohort=OuterRef("pk"), withdrawn_at__isnull=True)
    cohorts = Cohort.objects.filter(Exists(active))

    def opened(kind: str):
        return Survey.objects.filter(cohort=OuterRef("pk"), kind=kind)

    due: list[tuple[int, str, int | None]] = []
    baseline = (
        cohorts.filter(~Exists(opened(K.BASELINE)), ends_on__gte=today)
        .annotate(first_start=Min("sessions__starts_at"))
        .filter(Q(first_start__isnull=True) | Q(first_start__gt=now))
    )
    due += [(pk, K.BASELINE, None) for pk in baseline.values_list("pk", flat=True)]

    modules = (
        Session.objects.filter(
            kind=SessionKind.MODULE,
            cohort__in=cohorts,
            module__isnull=False,
        )
        .filter(
            ~Exists(
                Survey.objects.filter(
                    cohort_id=OuterRef("cohort_id"), module_id=OuterRef("module_id")
                )
            )
        )
        .values("cohort_id", "module_id")
        .annotate(last_end=Max("ends_at"))
        .filter(last_end__lte=now, last_end__gt=now - OPENING_WINDOW)
        .order_by("cohort_id", "last_end", "module_id")
    )
    due += [(row["cohort_id"], K.MODULE_FEEDBACK, row["module_id"]) for row in modules]

    # The programme is over once every module has been taught and its last session has
    # ended; a timetable still being built (some modules not scheduled yet) waits for the
    # cohort's last day instead, so the end-of-programme answers are never asked mid-way.
    module_sessions = Q(sessions__kind=SessionKind.MODULE)
    ended = cohorts.annotate(
        last_module_end=Max("sessions__ends_at", filter=module_sessions),
        modules_taught=Count("sessions__module", filter=module_sessions, distinct=True),
    ).filter(
        Q(
            modules_taught__gte=Module.objects.count(),
            last_module_end__lte=now,
            last_module_end__gt=now - OPENING_WINDOW,
        )
        | (
            Q(ends_on__lt=today, ends_on__gte=today - OPENING_WINDOW)
            & (Q(last_module_end__isnull=True) | Q(last_module_end__lte=now))
        )
    )
    for kind in (K.END_OF_PROGRAMME, K.FINAL_EVALUATION):
        pks = ended.filter(~Exists(opened(kind))).values_list("pk", flat=True)
        due += [(pk, kind, None) for pk in pks]
    return due


def surveys_open_due(*, now: datetime.datetime | None = None) -> int:
    """Open every survey that is due (see the module's docstring) and e-mail the cohort's
    active participants a link to it. Returns how many surveys were opened. Safe to run
    twice, or twice at once: the database lets each survey be created once, and only the
    run that created it sends its e-mails."""
    now = now or timezone.now()
    due: dict[int, list[tuple[str, int | None]]] = {}
    for cohort_id, kind, module_id in _surveys_due(now):
        due.setdefault(cohort_id, []).append((kind, module_id))
    return sum(
        _cohort_surveys_open(cohort_id=cohort_id, surveys=surveys, now=now)
        for cohort_id, surveys in due.items()
    )


@transaction.atomic
def _cohort_surveys_open(
    *, cohort_id: int, surveys: list[tuple[str, int | None]], now: datetime.datetime
) -> int:
    """Open these surveys of one cohort and e-mail its active participants once about
    those this run opened (one another run opened first is left to that run's e-mail)."""
    opened = []
    for kind, module_id in surveys:
        try:
            with transaction.atomic():
                opened.append(
                    Survey.objects.create(
                        cohort_id=cohort_id, kind=kind, module_id=module_id, opened_at=now
                    ).pk
                )
        except IntegrityError:
            continue  # another run opened it (and e-mailed)
    if opened:
        in_order = Survey.objects.filter(pk__in=opened).select_related("cohort", "module")
        _surveys_open_emails(
            sorted(in_order, key=lambda survey: opened.index(survey.pk)),
            _active_enrolments(cohort_id),
        )
    return len(opened)


def _survey_open(
    *, cohort_id: int, kind: str, module_id: int | None, now: datetime.datetime
) -> int:
    return _cohort_surveys_open(cohort_id=cohort_id, surveys=[(kind, module_id)], now=now)


# --- reminders --------------------------------------------------------------------------


def _manual_reminder_interval() -> datetime.timedelta:
    return datetime.timedelta(hours=settings.ELLW_SURVEY_MANUAL_REMINDER_HOURS)


def surveys_remind_due(*, now: datetime.datetime | None = None) -> int:
    """Remind the active participants who have not answered an open survey, after each
    interval in ELLW_SURVEY_REMINDER_DAYS from its opening. Each reminder is claimed first
    (a conditional UPDATE of reminders_sent), so it goes once; after a pause longer than
    several intervals only the latest one due is sent. Returns the e-mails queued."""
    now = now or timezone.now()
    sent = 0
    numbered = list(enumerate(settings.ELLW_SURVEY_REMINDER_DAYS, start=1))
    started = Session.objects.filter(cohort_id=OuterRef("cohort_id"), starts_at__lte=now)
    for number, days in reversed(numbered):
        due = (
            Survey.objects.filter(
                closed_at__isnull=True,
                closes_on__gte=timezone.localtime(now).date(),
                reminders_sent__lt=number,
                opened_at__lte=now - datetime.timedelta(days=days),
            )
            # The baseline is asked before the first session: once the programme has
            # started nobody is chased for it (the lead can still remind by hand).
            .exclude(Q(kind=K.BASELINE) & Exists(started))
            .order_by("pk")
        )
        for survey_id in list(due.values_list("pk", flat=True)):
            sent += _survey_reminder_send(survey_id=survey_id, number=number, now=now)
    return sent


@transaction.atomic
def _survey_reminder_send(*, survey_id: int, number: int, now: datetime.datetime) -> int:
    claimed = Survey.objects.filter(
        pk=survey_id, reminders_sent__lt=number, closed_at__isnull=True
    ).update(reminders_sent=number)
    if not claimed:
        return 0
    survey = Survey.objects.select_related("cohort", "module").get(pk=survey_id)
    # The lead has just reminded everyone by hand: this one is counted as sent, not repeated.
    if survey.reminded_at and survey.reminded_at > now - _manual_reminder_interval():
        return 0
    return _survey_emails(survey, survey_non_respondents(survey), "survey_reminder")


@transaction.atomic
def survey_remind(*, survey: Survey, actor: User, now: datetime.datetime | None = None) -> int:
    """The lead's "Send a reminder": e-mail the active participants who have not answered,
    now. At most once per ELLW_SURVEY_MANUAL_REMINDER_HOURS per survey; the survey's row
    lock makes two clicks at once send once. Returns how many were e-mailed."""
    now = now or timezone.now()
    survey = (
        Survey.objects.select_for_update(of=("self",))
        .select_related("cohort", "module")
        .get(pk=survey.pk)
    )
    if survey.is_closed_at(now):
        raise SurveyRuleError("This survey is closed. Reopen it before sending a reminder.")
    if survey.reminded_at is not None:
        next_at = survey.reminded_at + _manual_reminder_interval()
        if next_at > now:
            hours = settings.ELLW_SURVEY_MANUAL_REMINDER_HOURS
            raise SurveyRuleError(
                f"A reminder for {survey.title} was sent less than {hours} hours ago. "
                f"You can send another after {moment_text(next_at, now)}."
            )
    waiting = list(survey_non_respondents(survey))
    if not waiting:
        return 0
    survey.reminded_at = now
    survey.save(update_fields=["reminded_at"])
    return _survey_emails(survey, waiting, "survey_reminder")


# --- closing and reopening ----------------------------------------------------------------


def surveys_close_due(*, now: datetime.datetime | None = None) -> int:
    """Close every open survey whose closing date has passed, as of the end of that day (so
    a late run records the true time). Safe to run twice. Returns how many it closed."""
    now = now or timezone.now()
    today = timezone.localtime(now).date()
    closed = 0
    for survey in Survey.objects.filter(closed_at__isnull=True, closes_on__lt=today):
        end_of_last_day = timezone.make_aware(
            datetime.datetime.combine(
                survey.closes_on + datetime.timedelta(days=1), datetime.time()
            )
        )
        closed += Survey.objects.filter(pk=survey.pk, closed_at__isnull=True).update(
            closed_at=end_of_last_day
        )
    return closed


@transaction.atomic
def survey_close(*, survey: Survey, actor: User | None) -> Survey:
    """Close the survey: answers can no longer be given or changed, and no more reminders."""
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    if survey.is_closed:
        raise SurveyRuleError("This survey is already closed.")
    survey.closed_at = timezone.now()
    survey.closed_by = actor
    survey.save(update_fields=["closed_at", "closed_by"])
    return survey


@transaction.atomic
def survey_reopen(*, survey: Survey, actor: User | None) -> Survey:
    """Open a closed survey again: participants can answer and change their answers."""
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    if not survey.is_closed:
        raise SurveyRuleError("This survey is already open.")
    survey.closed_at = None
    survey.closed_by = None
    # A reopened survey takes answers for a full period again, from today.
    survey.closes_on = max(survey.closes_on, survey_closing_date(timezone.now()))
    survey.save(update_fields=["closed_at", "closed_by", "closes_on"])
    return survey
