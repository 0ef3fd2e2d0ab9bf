"""A participant's own pages: their programme (timetable, set, attendance, calendar feed),
resetting the feed's address, the feed itself and one session's calendar file."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET

from cohorts.models import Enrolment, Session
from cohorts.selectors.participant import (
    enrolment_for_calendar_token,
    enrolment_sessions,
    participant_programmes,
)
from cohorts.selectors.timetable import session_for_timetable
from cohorts.services.calendar import (
    calendar_feed_url,
    calendar_feed_webcal_url,
    calendar_ics,
    enrolment_calendar_feed_reset,
    enrolment_calendar_feed_token,
)
from ellw.accounts.decorators import permission_required
from ellw.forms import ConfirmForm, posted

ICS_CONTENT_TYPE = "text/calendar; charset=utf-8"


@login_required
def home(request):
    """A participant's programme. Anyone else signed in (an applicant waiting for a place,
    say) is told what the page is for and how to get a place, not refused."""
    if not request.user.has_perm("cohorts.view_own_programme"):
        return render(request, "cohorts/participant/no_place.html")
    programmes = participant_programmes(request.user)
    for programme in programmes:
        if programme.withdrawn:
            continue
        token = enrolment_calendar_feed_token(enrolment=programme.enrolment)
        programme.feed_url = calendar_feed_url(token)
        programme.webcal_url = calendar_feed_webcal_url(token)
    return render(request, "cohorts/participant/home.html", {"programmes": programmes})


def _own_enrolment(request, pk: int) -> Enrolment:
    return get_object_or_404(Enrolment.objects.select_related("cohort"), pk=pk)


@permission_required("cohorts.reset_calendar_feed", fn=_own_enrolment)
def feed_reset(request, pk: int):
    enrolment = _own_enrolment(request, pk)
    form = ConfirmForm(posted(request))
    if request.method == "POST" and form.is_valid():
        enrolment_calendar_feed_reset(enrolment=enrolment, actor=request.user)
        messages.success(
            request,
            "Your calendar feed has a new address. The old one no longer works: subscribe "
            "again with the new address below.",
        )
        return redirect("programme:home")
    return render(request, "cohorts/participant/feed_reset.html", {"enrolment": enrolment})


def _ics_response(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type=ICS_CONTENT_TYPE)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    # A feed address is a secret: keep it out of shared caches and referrers.
    response["Cache-Control"] = "private, no-store"
    response["Referrer-Policy"] = "no-referrer"
    return response


@require_GET
def calendar_feed(request, token: str):
    """The personal feed: no log-in (calendar apps cannot log in); the address is the key.
    A withdrawn participant's feed is empty, so their calendar app clears the sessions."""
    enrolment = enrolment_for_calendar_token(token)
    if enrolment is None:
        raise Http404("No such calendar")
    sessions = (
        enrolment_sessions(enrolment).order_by("starts_at", "pk")
        if enrolment.withdrawn_at is None
        else Session.objects.none()
    )
    body = calendar_ics(name=f"ELLW {enrolment.cohort.name}", sessions=sessions)
    return _ics_response(body, f"ellw-{enrolment.cohort.slug}.ics")


def _session(request, pk: int) -> Session:
    session = session_for_timetable(pk)
    if session is None:
        raise Http404("No such session")
    return session


@permission_required("cohorts.download_session_calendar", fn=_session)
def session_ics(request, pk: int):
    session = _session(request, pk)
    body = calendar_ics(name=f"ELLW {session.cohort.name}", sessions=[session])
    return _ics_response(body, f"ellw-session-{session.pk}.ics")
