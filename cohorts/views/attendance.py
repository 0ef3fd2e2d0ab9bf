"""Staff pages for attendance: a session's register (SP managers and the lead; only the
lead excuses apologies) and a cohort's attendance counts per session."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from cohorts.forms.attendance import RegisterForm
from cohorts.models import Cohort, Session
from cohorts.selectors.attendance import (
    cohort_attendance_overview,
    session_attendances,
    session_expected_enrolments,
    session_for_register,
    session_register_history,
)
from cohorts.selectors.timetable import session_when
from cohorts.services.attendance import AttendanceRuleError, session_register_save
from ellw.accounts.decorators import permission_required


def _session_or_404(pk: int) -> Session:
    session = session_for_register(pk)
    if session is None:
        raise Http404("No such session")
    return session


@permission_required("cohorts.take_attendance")
def register(request, pk: int):
    session = _session_or_404(pk)
    may_excuse = request.user.has_perm("cohorts.excuse_apologies")
    posted = request.method == "POST"

    def make_form(data=None):
        return RegisterForm(
            data,
            enrolments=list(session_expected_enrolments(session)),
            recorded=session_attendances(session),
            may_excuse=may_excuse,
        )

    form = make_form(request.POST if posted else None)
    notice = None
    if posted and request.POST.get("action") == "everyone_present":
        form = form.with_everyone_present()
        notice = (
            "Everyone not yet marked is shown as present. Nothing is saved yet: change "
            "anyone who was not there, then save the register."
        )
    elif posted and form.is_valid():
        try:
            changed = session_register_save(
                session=session, entries=form.entries, actor=request.user, may_excuse=may_excuse
            )
        except AttendanceRuleError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            if changed:
                messages.success(
                    request,
                    f"Register saved: {changed} {'change' if changed == 1 else 'changes'}.",
                )
            else:
                messages.info(request, "Register saved: nothing had changed.")
            return redirect("staff:cohorts:register", pk=session.pk)
    return render(
        request,
        "cohorts/attendance/register.html",
        {
            "session": session,
            "cohort": session.cohort,
            "when": session_when(session.starts_at, session.ends_at),
            "form": form,
            "rows": form.bound_rows(),
            "may_excuse": may_excuse,
            "history": session_register_history(session),
            "notice": notice,
            "in_future": session.starts_at > timezone.now(),
        },
        status=400 if form.errors and not notice else 200,
    )


@permission_required("cohorts.view_cohort")
def attendance_overview(request, pk: int):
    cohort = get_object_or_404(Cohort, pk=pk)
    sessions = list(cohort_attendance_overview(cohort))
    for session in sessions:
        session.when = session_when(session.starts_at, session.ends_at)
    return render(
        request,
        "cohorts/attendance/overview.html",
        {"cohort": cohort, "sessions": sessions},
    )
