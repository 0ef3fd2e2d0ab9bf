"""A participant's calendar: the secret feed address (ellw.links), resetting it, and
iCalendar files (the feed, one session) built with the icalendar package."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from urllib.parse import urlparse

import icalendar
from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from cohorts.enums import EnrolmentEventKind
from cohorts.models import Enrolment, EnrolmentEvent, Session
from cohorts.selectors.participant import CALENDAR_FEED_SALT
from ellw.links import link_keys_new, link_token

PRODID = "-//ELLW Cohorts//Emerging Leaders Link Worker programme//EN"


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


def _session_event(session: Session, *, host: str, stamp: datetime.datetime) -> icalendar.Event:
    event = icalendar.Event()
    event.add("uid", f"session-{session.pk}@{host}")
    event.add("dtstamp", stamp)
    event.add("last-modified", session.updated_at)
    event.add("dtstart", timezone.localtime(session.starts_at))
    event.add("dtend", timezone.localtime(session.ends_at))
    event.add("summary", f"ELLW: {session.display_title}")
    location = session.venue or session.online_link
    if location:
        event.add("location", location)
    url = session.online_link or settings.SITE_URL + reverse("programme:home")
    event.add("url", url)
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
    lines.append(f"Your programme: {settings.SITE_URL}{reverse('programme:home')}")
    event.add("description", "\n\n".join(lines))
    return event


def calendar_ics(*, name: str, sessions: Iterable[Session]) -> bytes:
    """An iCalendar file of these sessions at their London times (TZID=Europe/London, with
    the VTIMEZONE that defines it). Sessions need module, set, partner and speakers loaded."""
    host = urlparse(settings.SITE_URL).hostname or "localhost"
    stamp = timezone.now()
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", settings.TIME_ZONE)
    for session in sessions:
        cal.add_component(_session_event(session, host=host, stamp=stamp))
    cal.add_missing_timezones()
    return cal.to_ical()
