"""Staff pages for a cohort's timetable: the list (staff), and scheduling, changing and
deleting sessions (the programme lead)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from cohorts.forms.timetable import SessionForm
from cohorts.models import Cohort, Session
from cohorts.selectors.timetable import (
    cohort_timetable,
    session_for_timetable,
    session_to_copy,
    session_when,
)
from cohorts.services.timetable import (
    SessionRuleError,
    SessionWarnings,
    session_delete,
    session_delete_problem,
    session_save,
    session_series_save,
)
from ellw.accounts.decorators import permission_required
from ellw.forms import ConfirmForm, add_rule_errors, posted


def _session_or_404(pk: int) -> Session:
    session = session_for_timetable(pk)
    if session is None:
        raise Http404("No such session")
    return session


@permission_required("cohorts.view_cohort")
def timetable(request, pk: int):
    cohort = get_object_or_404(Cohort, pk=pk)
    return render(
        request,
        "cohorts/timetable/timetable.html",
        {"cohort": cohort, "sessions": cohort_timetable(cohort)},
    )


def _copy_of(request, cohort: Cohort) -> Session | None:
    pk = request.GET.get("copy", "")
    return session_to_copy(cohort, int(pk)) if pk.isdigit() else None


def _save(form: SessionForm, *, cohort: Cohort, session: Session | None) -> list[Session]:
    values = {
        "values": form.values,
        "speakers": form.cleaned_data["speakers"],
        "confirmed_warnings": form.confirmed_warnings,
    }
    if session is not None:
        return [session_save(cohort=cohort, session=session, **values)]
    more_weeks = form.cleaned_data.get("repeat_weeks") or 0
    return session_series_save(cohort=cohort, more_weeks=more_weeks, **values)


def _session_form_page(request, *, cohort: Cohort, session: Session | None):
    copy_of = _copy_of(request, cohort) if session is None else None
    form = SessionForm(posted(request), cohort=cohort, session=session, copy_of=copy_of)
    warnings: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            saved = _save(form, cohort=cohort, session=session)
        except SessionRuleError as error:
            add_rule_errors(form, error)
        except SessionWarnings as warning:
            warnings = warning.messages
            # Ask again, naming these warnings: a tick given for other warnings does not count.
            data = request.POST.copy()
            data["warnings_seen"] = warning.digest
            data.pop("save_anyway", None)
            form = SessionForm(data, cohort=cohort, session=session)
            form.is_valid()
        else:
            first = saved[0]
            done = "scheduled" if session is None else "changed"
            if len(saved) > 1:
                done = f"scheduled every week {len(saved)} times"
            note = " ".join(form.ambiguities)
            messages.success(
                request,
                f"{first.display_title} is {done}: "
                f"{session_when(first.starts_at, first.ends_at)}"
                f"{' onwards' if len(saved) > 1 else ''}. {note}".strip(),
            )
            if request.POST.get("then") == "another":
                new = reverse("staff:cohorts:session_new", args=[cohort.pk])
                return redirect(f"{new}?copy={saved[-1].pk}")
            return redirect("staff:cohorts:timetable", pk=cohort.pk)
    if not warnings:
        form.fields.pop("save_anyway")
    return render(
        request,
        "cohorts/timetable/session_form.html",
        {
            "cohort": cohort,
            "session": session,
            "form": form,
            "warnings": warnings,
            "copy_of": copy_of,
        },
        status=400 if form.errors else 200,
    )


@permission_required("cohorts.manage_timetable")
def session_new(request, pk: int):
    cohort = get_object_or_404(Cohort, pk=pk)
    return _session_form_page(request, cohort=cohort, session=None)


@permission_required("cohorts.manage_timetable")
def session_edit(request, pk: int):
    session = _session_or_404(pk)
    return _session_form_page(request, cohort=session.cohort, session=session)


@permission_required("cohorts.manage_timetable")
def session_delete_confirm(request, pk: int):
    session = _session_or_404(pk)
    cohort = session.cohort
    form = ConfirmForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            session_delete(session=session)
        except SessionRuleError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(request, f"{session.display_title} has been deleted.")
        return redirect("staff:cohorts:timetable", pk=cohort.pk)
    return render(
        request,
        "cohorts/timetable/session_delete.html",
        {
            "cohort": cohort,
            "session": session,
            "when": session_when(session.starts_at, session.ends_at),
            "deletable": session_delete_problem(session) is None,
            "form": form,
        },
    )
