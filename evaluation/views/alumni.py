"""Alumni progress: the lead's outcomes page (figures per interval, the updates received)
and the update link a graduate opens from our e-mail, no log-in needed."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from ellw.accounts.decorators import permission_required
from ellw.forms import posted
from ellw.links import (
    LinkState,
    link_opened,
    link_problem_status,
    link_session_token,
)
from evaluation.forms.alumni import AlumniFilterForm, AlumniUpdateForm
from evaluation.models import AlumniUpdate
from evaluation.selectors.alumni import (
    alumni_cohorts,
    alumni_requests_waiting,
    alumni_update_received,
    alumni_updates_submitted,
)
from evaluation.selectors.figures import evaluation_figures
from evaluation.services.alumni import (
    LINK_KIND,
    AlumniRuleError,
    alumni_link_check,
    alumni_update_resend,
    alumni_update_submit,
)

PAGE_SIZE = 25


def _intervals_text() -> str:
    """(6, 12) → "6 and 12 months"."""
    months = [str(m) for m in sorted(set(settings.ELLW_ALUMNI_UPDATE_MONTHS))]
    if len(months) > 1:
        return f"{', '.join(months[:-1])} and {months[-1]} months"
    return f"{''.join(months)} months"


@permission_required("evaluation.view_alumni_outcomes")
def alumni_outcomes(request):
    filter_form = AlumniFilterForm(request.GET or None)
    cohort = filter_form.chosen()
    cohort_ids = [cohort.pk] if cohort else list(alumni_cohorts().values_list("pk", flat=True))
    updates = alumni_updates_submitted(cohort_ids=[cohort.pk] if cohort else None)
    page = Paginator(updates, PAGE_SIZE).get_page(request.GET.get("page"))
    waiting = Paginator(
        alumni_requests_waiting(cohort_ids=[cohort.pk] if cohort else None), PAGE_SIZE
    ).get_page(request.GET.get("waiting"))
    return render(
        request,
        "evaluation/alumni/outcomes.html",
        {
            "filter_form": filter_form,
            "cohort": cohort,
            "outcomes": evaluation_figures(cohort_ids).alumni,
            "intervals_text": _intervals_text(),
            "first_interval": min(settings.ELLW_ALUMNI_UPDATE_MONTHS, default=0),
            "page": page,
            "waiting": waiting,
            "now": timezone.now(),
            "page_range": page.paginator.get_elided_page_range(
                page.number, on_each_side=2, on_ends=1
            ),
        },
    )


@permission_required("evaluation.view_alumni_outcomes")
def alumni_update_detail(request, pk: int):
    """One graduate's update in full: the written answers the list leaves out."""
    update = alumni_update_received(pk)
    if update is None:
        raise Http404
    return render(request, "evaluation/alumni/detail.html", {"update": update})


@permission_required("evaluation.request_alumni_updates")
@require_POST
def alumni_request_resend(request, pk: int):
    update = get_object_or_404(AlumniUpdate, pk=pk)
    try:
        sent = alumni_update_resend(update=update, actor=request.user)
    except AlumniRuleError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            f"The request is sent again to {sent.enrolment.participant.get_full_name()} "
            f"with a new link, which works until {sent.link_expires_at:%-d %B %Y}. "
            "The old link no longer works.",
        )
    return redirect("staff:evaluation:alumni")


# --- the update link ----------------------------------------------------------------------------


def _link_problem(request, state: str, update: AlumniUpdate | None):
    return render(
        request,
        "evaluation/alumni/link_problem.html",
        {"state": state, "update": update},
        status=link_problem_status(state),
    )


@never_cache
def alumni_update_link(request, token: str):
    """The link in the update e-mail: kept in this browser's session and swapped at once
    for a token-free address (ellw.links), as the endorsement link is."""
    link = alumni_link_check(token)
    return link_opened(
        request,
        state=link.state,
        kind=LINK_KIND,
        pk=link.update.pk if link.update else None,
        token=token,
        to="alumni:update",
        problem=lambda: _link_problem(request, link.state, link.update),
    )


@never_cache
def alumni_update_write(request, pk: int):
    """The graduate's form, at a token-free address: the token comes from the session."""
    token = link_session_token(request, LINK_KIND, pk)
    if token is None:
        return render(
            request, "evaluation/alumni/link_problem.html", {"state": "not_open"}, status=404
        )
    link = alumni_link_check(token)
    if link.state != LinkState.VALID:
        return _link_problem(request, link.state, link.update)
    form = AlumniUpdateForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            result = alumni_update_submit(token=token, answers=form.cleaned_data)
        except AlumniRuleError as error:
            form.add_error(None, str(error))
        else:
            if result.state != LinkState.VALID:
                return _link_problem(request, result.state, result.update)
            return render(request, "evaluation/alumni/thanks.html", {"update": link.update})
    return render(
        request,
        "evaluation/alumni/update.html",
        {"update": link.update, "form": form},
        status=400 if form.errors else 200,
    )
