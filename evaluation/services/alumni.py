"""Alumni progress: some months after graduating (ELLW_ALUMNI_UPDATE_MONTHS) each graduate
is e-mailed a link (ellw.links: signed, expiring, single-use, no log-in) to a short update
on their role and leadership since the programme; they answer it once."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from cohorts.models import Enrolment
from ellw.accounts.models import User
from ellw.dates import add_months
from ellw.links import LinkState, link_find, link_keys_new, link_state, link_token, links_erase
from ellw.mail.services import email_queue
from evaluation.models import AlumniUpdate
from evaluation.selectors.alumni import alumni_links_past_retention

ALUMNI_LINK_SALT = "evaluation.alumni"
# AlumniUpdate rows the session keeps links for (ellw.links.link_session_keep).
LINK_KIND = "alumni_update"
# The answers a graduate gives; at least one must be given.
ANSWER_FIELDS = (
    "current_role",
    "organisation",
    "promoted",
    "new_responsibilities",
    "leadership_activities",
    "qi_projects_led",
    "mentoring_others",
)


class AlumniRuleError(Exception):
    """The update breaks a rule; the message says which."""


def graduated_by(today: datetime.date, months: int) -> datetime.date:
    """The last graduation day whose update at `months` is due by `today`: those who
    graduated on it or before have had `months` calendar months (31 August + 6 months is
    28 February, the month's last day)."""
    day = add_months(today, -months)
    # Graduating on 29, 30 or 31 August also reaches 28 February: step on while it does.
    while add_months(day + datetime.timedelta(days=1), months) <= today:
        day += datetime.timedelta(days=1)
    return day


def alumni_update_link(update: AlumniUpdate) -> str:
    token = link_token(ALUMNI_LINK_SALT, update.link_nonce)
    return settings.SITE_URL + reverse("alumni:link", args=[token])


# A request is not sent about three months late: the window counts back from the latest
# graduation date the interval has reached (graduated_by), so it is about 90 days overdue.
OVERDUE_WINDOW = datetime.timedelta(days=90)


def alumni_updates_request(*, now: datetime.datetime | None = None) -> int:
    """Ask each graduate (not withdrawn) for an update at each interval once it is due:
    graduated_on + N calendar months on or before today. An interval already overtaken by a
    later one (a graduate of two years ago is not asked how things were at 6 months) is
    skipped, so nobody gets two requests at once. Each row is claimed through the unique
    (enrolment, months_after) constraint before its e-mail is queued, so running twice, or
    twice at once, never sends two. Returns how many were sent."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    intervals = sorted(set(settings.ELLW_ALUMNI_UPDATE_MONTHS))
    sent = 0
    for i, months in enumerate(intervals):
        due = Enrolment.objects.filter(
            graduated_on__lte=graduated_by(today, months),
            # Not long overdue: the first run after a deploy (or a long pause) does not ask
            # people who graduated years ago how things were a year on.
            graduated_on__gt=graduated_by(today, months) - OVERDUE_WINDOW,
            withdrawn_at__isnull=True,
        ).exclude(alumni_updates__months_after=months)
        if i + 1 < len(intervals):
            due = due.filter(graduated_on__gt=graduated_by(today, intervals[i + 1]))
        for enrolment_id in list(due.values_list("pk", flat=True)):
            sent += _alumni_update_request(enrolment_id=enrolment_id, months=months, now=now)
    return sent


@transaction.atomic
def _alumni_update_request(*, enrolment_id: int, months: int, now: datetime.datetime) -> int:
    keys = link_keys_new(ALUMNI_LINK_SALT)
    try:
        with transaction.atomic():
            update = AlumniUpdate.objects.create(
                enrolment_id=enrolment_id,
                months_after=months,
                requested_at=now,
                link_nonce=keys.nonce,
                token_hash=keys.token_hash,
                link_expires_at=now + datetime.timedelta(days=settings.ELLW_ALUMNI_LINK_DAYS),
            )
    except IntegrityError:  # another run claimed it first
        return 0
    enrolment = Enrolment.objects.select_related("cohort", "participant").get(pk=enrolment_id)
    email_queue(
        to=enrolment.participant.email,
        template="alumni_update_request",
        context={
            "name": enrolment.participant.get_full_name(),
            "cohort": enrolment.cohort,
            "months": months,
            "link": alumni_update_link(update),
            "expires_at": update.link_expires_at,
        },
    )
    return 1


@transaction.atomic
def alumni_update_resend(
    *, update: AlumniUpdate, actor: User, now: datetime.datetime | None = None
) -> AlumniUpdate:
    """The lead sends an unanswered request again: a new link (the old one stops working)
    with a new expiry, e-mailed to the graduate. At most once per ELLW_ALUMNI_RESEND_HOURS;
    the row's lock makes two clicks at once send once."""
    now = now or timezone.now()
    update = (
        AlumniUpdate.objects.select_for_update(of=("self",))
        .select_related("enrolment__cohort", "enrolment__participant")
        .get(pk=update.pk)
    )
    name = update.enrolment.participant.get_full_name()
    if update.submitted_at is not None:
        raise AlumniRuleError(f"{name} has already answered this request.")
    if update.enrolment.withdrawn_at is not None:
        raise AlumniRuleError(f"{name} withdrew from the programme: they are not asked.")
    last = update.last_sent_at or update.requested_at
    next_at = last + datetime.timedelta(hours=settings.ELLW_ALUMNI_RESEND_HOURS)
    if next_at > now:
        raise AlumniRuleError(
            f"The request to {name} was sent less than {settings.ELLW_ALUMNI_RESEND_HOURS} "
            f"hours ago. You can send it again after "
            f"{timezone.localtime(next_at):%-d %B %Y, %H:%M}."
        )
    keys = link_keys_new(ALUMNI_LINK_SALT)
    update.link_nonce, update.token_hash = keys.nonce, keys.token_hash
    update.link_expires_at = now + datetime.timedelta(days=settings.ELLW_ALUMNI_LINK_DAYS)
    update.last_sent_at = now
    update.save(update_fields=["link_nonce", "token_hash", "link_expires_at", "last_sent_at"])
    email_queue(
        to=update.enrolment.participant.email,
        template="alumni_update_request",
        context={
            "name": name,
            "cohort": update.enrolment.cohort,
            "months": update.months_after,
            "link": alumni_update_link(update),
            "expires_at": update.link_expires_at,
        },
    )
    return update


@dataclass(frozen=True)
class AlumniLink:
    state: LinkState
    update: AlumniUpdate | None


def alumni_link_check(token: str, *, for_update: bool = False) -> AlumniLink:
    """What an update link is worth: tampered, used, expired or valid."""
    updates = AlumniUpdate.objects.select_related("enrolment__cohort", "enrolment__participant")
    if for_update:
        updates = updates.select_for_update(of=("self",))
    update = link_find(updates, ALUMNI_LINK_SALT, token)
    if update is None:
        return AlumniLink(LinkState.TAMPERED, None)
    state = link_state(used_at=update.submitted_at, expires_at=update.link_expires_at)
    return AlumniLink(state, update)


def _answered(value: Any) -> bool:
    return value is not None and value != ""


@transaction.atomic
def alumni_update_submit(*, token: str, answers: dict[str, Any]) -> AlumniLink:
    """The graduate's answers, through their link, once. Returns the link's state
    beforehand: anything but VALID means nothing changed (a second submit gets USED)."""
    link = alumni_link_check(token, for_update=True)
    if link.state != LinkState.VALID:
        return link
    unknown = set(answers) - set(ANSWER_FIELDS)
    if unknown:
        raise ValueError(f"Not an answer: {', '.join(sorted(unknown))}")
    if not any(_answered(answers.get(field)) for field in ANSWER_FIELDS):
        raise AlumniRuleError("Answer at least one question")
    update = link.update
    for field in ANSWER_FIELDS:
        value = answers.get(field)
        if isinstance(value, str):
            value = value.strip()
        setattr(update, field, value if _answered(value) else _empty(field))
    update.submitted_at = timezone.now()
    update.save(update_fields=[*ANSWER_FIELDS, "submitted_at"])
    return link


def _empty(field: str) -> Any:
    """What an unanswered question stores: "" for text, None (not asked) otherwise."""
    return None if field in ("promoted", "qi_projects_led", "mentoring_others") else ""


def alumni_links_erase_past_retention(now: datetime.datetime) -> int:
    """Erase the keys of update links past their retention. The request and its answers
    stay; an unanswered one can still be sent again (a new link)."""
    return links_erase(alumni_links_past_retention(now))
