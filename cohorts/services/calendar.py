"""A participant's calendar: the secret feed address (ellw.links), resetting it, and
iCalendar files (the feed, one session) built with the icalendar package."""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Iterable
from urllib.parse import urlparse

import icalendar
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from cohorts.enums import EnrolmentEventKind
from cohorts.models import Enrolment, EnrolmentEvent, Session
from cohorts.selectors.participant import CALENDAR_FEED_SALT
from ellw.links import link_keys_new, link_token

PRODID = "-//ELLW Cohorts//Emerging Leaders Link Worker programme//EN"
# How long a rendered feed is kept (its key changes with its content, so this only bounds
# the memory a feed no longer asked for takes).
CALENDAR_FILE_SECONDS = 24 * 60 * 60


def enrolment_calendar_feed_token(*, enrolment: Enrolment) -> str:
    """The token of the enrolment's feed address, creating the address on first use.
    Two first views at once agree: only one nonce is ever stored (conditional UPDATE)."""
    if not enrolment.calendar_feed_nonce:
        keys = link_keys_new(CALENDAR_FEED_SALT)
        Enrolment.objects.filter(pk=enrolment.pk, calendar_feed_nonce="").update(
            calendar_feed_nonce=keys.nonce, calendar_feed_token_hash=keys.token_hash
        )
        enrolment.refresh_from_db(fields=["calendar_feed_nonce", "calendar_feed_token_hash"])
    return link_token(CALENDAR_FEED_SALT, enrolment.calendar_feed_nonce)


@transaction.atomic
def enrolment_calendar_feed_reset(*, enrolment: Enrolment, actor) -> str:
    """Give the feed a new address: the old one stops working at once. Returns the token."""
    keys = link_keys_new(CALENDAR_FEED_SALT)
    Enrolment.objects.filter(pk=enrolment.pk).update(
        calendar_feed_nonce=keys.nonce, calendar_feed_token_hash=keys.token_hash
    )
    enrolment.calendar_feed_nonce = keys.nonce
    enrolment.calendar_feed_token_hash = keys.token_hash
    EnrolmentEvent.objects.create(
        enrolment=enrolment,
        kind=EnrolmentEventKind.FEED_RESET,
        actor=actor,
        actor_label=getattr(actor, "full_name", "") or str(actor),
        description="Calendar feed address reset",
    )
    return link_token(CALENDAR_FEED_SALT, keys.nonce)


def calendar_feed_url(token: str) -> str:
    return settings.SITE_URL + reverse("calendar_feed", kwargs={"token": token})


def calendar_feed_webcal_url(token: str) -> str:
    """The same address as webcal://, which calendar apps open as a subscription."""
    return "webcal://" + calendar_feed_url(token).split("://", 1)[1]


def _session_event_fields(session: Session, *, host: str) -> tuple[tuple[str, object], ...]:
    """What a session's event says, as (property, value) pairs: plain values, so a feed's
    events can be compared (and its rendering kept) without building iCalendar objects."""
    programme_url = settings.SITE_URL + reverse("programme:home")
    fields: list[tuple[str, object]] = [
        ("uid", f"session-{session.pk}@{host}"),
        ("last-modified", session.updated_at),
        ("dtstart", timezone.localtime(session.starts_at)),
        ("dtend", timezone.localtime(session.ends_at)),
        ("summary", f"ELLW: {session.display_title}"),
    ]
    location = session.venue or session.online_link
    if location:
        fields.append(("location", location))
    fields.append(("url", session.online_link or programme_url))
    lines = [session.get_kind_display()]
    if session.venue and session.online_link:
        lines.append(f"Online: {session.online_link}")
    if session.training_partner_id:
        lines.append(f"Delivered by {session.training_partner.name}")
    speakers = [speaker.full_name for speaker in session.speakers.all()]
    if speakers:
        lines.append("Speakers: " + ", ".join(speakers))
    if session.notes:
        lines.append(session.notes)
    lines.append(f"Your programme: {programme_url}")
    fields.append(("description", "\n\n".join(lines)))
    return tuple(fields)


def _calendar_render(
    name: str, events: list[tuple[tuple[str, object], ...]], *, stamp: datetime.datetime
) -> bytes:
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", settings.TIME_ZONE)
    for fields in events:
        event = icalendar.Event()
        event.add("dtstamp", stamp)
        for prop, value in fields:
            event.add(prop, value)
        cal.add_component(event)
    cal.add_missing_timezones()
    return cal.to_ical()


def calendar_ics(*, name: str, sessions: Iterable[Session]) -> bytes:
    """An iCalendar file of these sessions at their London times (TZID=Europe/London, with
    the VTIMEZONE that defines it). Sessions need module, set, partner and speakers loaded.

    Calendar apps fetch a feed again every few hours, and rendering with icalendar costs far
    more than reading the sessions, so the file is kept in the shared cache under a digest
    of everything it says: any change to a session, a speaker or the name gives a new key,
    so a kept file is never out of date. (It names no person: every participant of a
    cohort gets the same file. DTSTAMP is when that file was made.)"""
    host = urlparse(settings.SITE_URL).hostname or "localhost"
    events = [_session_event_fields(session, host=host) for session in sessions]
    digest = hashlib.sha256(repr((name, settings.TIME_ZONE, events)).encode()).hexdigest()
    key = f"calendar-ics:{digest}"
    body = cache.get(key)
    if body is None:
        body = _calendar_render(name, events, stamp=timezone.now())
        cache.set(key, body, CALENDAR_FILE_SECONDS)
    return body
