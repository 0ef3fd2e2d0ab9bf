"""Applicant and clinical-director views: applying, status, offers, endorsement links."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from cohorts.models import Cohort
from ellw.accounts.decorators import permission_required
from ellw.forms import ConfirmForm, add_rule_errors, posted
from ellw.links import (
    link_opened,
    link_problem_status,
    link_session_key,
    link_session_token,
)

from . import selectors, services
from .eligibility import window_problem
from .enums import ApplicationStatus, EndorsementLinkState
from .forms import (
    ApplicationForm,
    EndorsementForm,
    EndorserForm,
    OfferResponseForm,
    ReasonForm,
)
from .models import Application


def application_or_404(request, pk: int) -> Application:
    try:
        return selectors.application_detail(pk=pk)
    except Application.DoesNotExist:
        raise Http404("No such application") from None


@login_required
def my_applications(request):
    return render(
        request,
        "applications/mine.html",
        {
            "rows": selectors.application_rows_for_applicant(applicant=request.user),
            "open_cohorts": selectors.cohorts_open_to_applicant(applicant=request.user),
        },
    )


@login_required
def apply(request, cohort_slug: str):
    cohort = get_object_or_404(Cohort, slug=cohort_slug)
    existing = selectors.application_for_applicant_in_cohort(applicant=request.user, cohort=cohort)
    if existing is not None:
        # One application per cohort: a draft is carried on, anything else is shown.
        if request.user.has_perm("applications.edit_application", existing):
            if request.method == "POST":
                return edit(request, pk=existing.pk)
            return redirect("applications:edit", pk=existing.pk)
        messages.info(request, f"You have already applied to {cohort.name}.")
        return redirect("applications:detail", pk=existing.pk)
    closed = window_problem(cohort, timezone.localdate())
    if closed:
        return render(
            request, "applications/closed.html", {"cohort": cohort, "reason": closed.message}
        )
    initial = {"full_name": request.user.full_name, "work_email": request.user.email}
    return _application_form(request, cohort=cohort, application=None, initial=initial)


@permission_required("applications.edit_application", fn=application_or_404)
def edit(request, pk: int):
    application = application_or_404(request, pk)
    closed = window_problem(application.cohort, timezone.localdate())
    if closed:
        return render(
            request,
            "applications/closed.html",
            {"cohort": application.cohort, "reason": closed.message, "application": application},
        )
    return _application_form(request, cohort=application.cohort, application=application)


def _application_form(request, *, cohort: Cohort, application: Application | None, initial=None):
    form = ApplicationForm(
        posted(request),
        instance=application,
        initial=initial,
        cohort=cohort,
        applicant=request.user,
    )
    if request.method == "POST" and form.is_valid():
        try:
            application = services.application_save_draft(
                applicant=request.user,
                cohort=cohort,
                data=form.draft_data(),
                application=application,
            )
        except services.ApplicationRuleError as error:
            add_rule_errors(form, error)
        else:
            if request.POST.get("action") != "submit":
                messages.success(request, "Your application is saved as a draft.")
                return redirect("applications:edit", pk=application.pk)
            try:
                services.application_submit(application=application, actor=request.user)
            except services.ApplicationRuleError as error:
                add_rule_errors(form, error)
                form.saved_as_draft = True
            else:
                messages.success(
                    request,
                    "Your application is submitted. We have e-mailed your clinical director.",
                )
                return redirect("applications:detail", pk=application.pk)
    return render(
        request,
        "applications/form.html",
        {"form": form, "cohort": cohort, "application": application},
    )


@permission_required("applications.view_application", fn=application_or_404)
def detail(request, pk: int):
    application = application_or_404(request, pk)
    user = request.user
    return render(
        request,
        "applications/detail.html",
        {
            "application": application,
            "view": selectors.application_applicant_view(application),
            "timeline": selectors.application_timeline(application),
            "endorsement": selectors.application_current_endorsement(application),
            "can_edit": user.has_perm("applications.edit_application", application),
            "can_withdraw": user.has_perm("applications.withdraw_application", application),
            "can_delete_draft": user.has_perm("applications.delete_draft", application),
            "leaving_cohort": application.status == ApplicationStatus.ACCEPTED,
            "can_manage_endorsement": user.has_perm("applications.manage_endorsement", application),
            "can_resend_endorsement": user.has_perm("applications.resend_endorsement", application),
            "can_respond_to_offer": user.has_perm("applications.respond_to_offer", application),
        },
    )


def _back_to_application(request, application: Application):
    if request.user.has_perm("applications.review_applications"):
        return redirect("staff:applications:detail", pk=application.pk)
    return redirect("applications:detail", pk=application.pk)


@permission_required("applications.withdraw_application", fn=application_or_404)
def withdraw(request, pk: int):
    application = application_or_404(request, pk)
    form = ReasonForm(posted(request))
    if request.method == "POST" and form.is_valid():
        was_participant = application.status == ApplicationStatus.ACCEPTED
        services.application_withdraw(
            application=application, actor=request.user, reason=form.cleaned_data["reason"]
        )
        messages.success(
            request,
            "You have left the cohort."
            if was_participant
            else "You have withdrawn your application.",
        )
        return redirect("applications:detail", pk=application.pk)
    return render(
        request,
        "applications/withdraw.html",
        {
            "application": application,
            "form": form,
            "leaving_cohort": application.status == ApplicationStatus.ACCEPTED,
        },
    )


@permission_required("applications.delete_draft", fn=application_or_404)
def delete_draft(request, pk: int):
    """Confirm, then delete the applicant's own unsent draft."""
    application = application_or_404(request, pk)
    form = ConfirmForm(posted(request))
    if request.method == "POST" and form.is_valid():
        cohort_name = application.cohort.name
        try:
            services.application_draft_delete(application=application, actor=request.user)
        except services.ApplicationRuleError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("applications:detail", pk=application.pk)
        messages.success(request, f"Your draft application to {cohort_name} has been deleted.")
        return redirect("applications:mine")
    return render(
        request, "applications/delete_draft.html", {"application": application, "form": form}
    )


@permission_required("applications.manage_endorsement", fn=application_or_404)
def change_endorser(request, pk: int):
    """Name another clinical director: while the link waits, or after a decline."""
    application = application_or_404(request, pk)
    view = selectors.application_applicant_view(application)
    form = EndorserForm(
        posted(request),
        cohort=application.cohort,
        application=application,
        by_applicant=request.user.pk == application.applicant_id,
        # After a decline the form starts empty: the point is to name someone else.
        initial={}
        if view.endorsement_declined
        else {
            "clinical_director_name": application.clinical_director_name,
            "clinical_director_email": application.clinical_director_email,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.endorsement_change_endorser(
                application=application,
                actor=request.user,
                endorser_name=form.cleaned_data["clinical_director_name"],
                endorser_email=form.cleaned_data["clinical_director_email"],
            )
        except services.ApplicationRuleError as error:
            add_rule_errors(form, error)
        else:
            messages.success(
                request,
                f"We have sent a new link to {form.cleaned_data['clinical_director_email']}. "
                "Earlier links no longer work.",
            )
            return _back_to_application(request, application)
    return render(
        request,
        "applications/change_endorser.html",
        {"application": application, "form": form, "declined": view.endorsement_declined},
    )


@require_POST
@permission_required("applications.resend_endorsement", fn=application_or_404)
def resend_endorsement(request, pk: int):
    application = application_or_404(request, pk)
    try:
        services.endorsement_resend(application=application, actor=request.user)
    except services.ApplicationRuleError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            f"We have sent the link again to {application.clinical_director_email}. "
            "Earlier links no longer work.",
        )
    return _back_to_application(request, application)


@permission_required("applications.respond_to_offer", fn=application_or_404)
def respond_to_offer(request, pk: int):
    application = application_or_404(request, pk)
    form = OfferResponseForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            if form.cleaned_data["response"] == "accept":
                services.offer_accept(application=application, actor=request.user)
                messages.success(request, f"You have accepted your place on {application.cohort}.")
            else:
                services.offer_decline(application=application, actor=request.user)
                messages.success(request, "You have declined your place.")
        except services.ApplicationRuleError as error:
            messages.error(request, " ".join(error.messages))
        return redirect("applications:detail", pk=application.pk)
    return render(request, "applications/offer.html", {"application": application, "form": form})


# The links opened in this browser, by EndorsementRequest pk, are kept in the session under
# this key (ellw.links: each token encrypted, one entry and token-free address per link).
ENDORSEMENT_LINK_KIND = "endorsement"
ENDORSEMENT_SESSION_KEY = link_session_key(ENDORSEMENT_LINK_KIND)


@never_cache
def endorsement(request, token: str):
    """The link in the clinical director's e-mail: no account, just the link.

    A working link is kept in this browser's session and swapped at once for a token-free
    address (as Django's PasswordResetConfirmView does), so the token appears in this one
    request only: not in the address bar, later access-log lines or any Referer. A
    tampered, expired, used or replaced link gets its explanation here, keeps nothing in
    the session and changes nothing."""
    link = services.endorsement_link_check(token)
    return link_opened(
        request,
        state=link.state,
        kind=ENDORSEMENT_LINK_KIND,
        pk=link.request.pk if link.request else None,
        token=token,
        to="endorsement_review",
        problem=lambda: _endorsement_link_problem(request, link),
    )


@never_cache
def endorsement_review(request, pk: int):
    """The clinical director's page, at a token-free address: the token comes from the
    session, so it works only in the browser that opened the link (whoever is signed in
    there, or nobody)."""
    token = link_session_token(request, ENDORSEMENT_LINK_KIND, pk)
    if token is None:
        return render(request, "endorsement/link_problem.html", {"state": "not_open"}, status=404)
    link = services.endorsement_link_check(token)
    if link.state != EndorsementLinkState.VALID:
        return _endorsement_link_problem(request, link)
    form = EndorsementForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            result = services.endorsement_record(
                token=token,
                outcome=form.cleaned_data["outcome"],
                comment=form.cleaned_data["comment"],
            )
        except services.ApplicationRuleError as error:
            add_rule_errors(form, error)
        else:
            if result.state != EndorsementLinkState.VALID:
                return _endorsement_link_problem(request, result)
            return render(
                request,
                "endorsement/thanks.html",
                {"application": link.request.application, "outcome": form.cleaned_data["outcome"]},
            )
    return render(
        request,
        "endorsement/endorse.html",
        {"application": link.request.application, "request_": link.request, "form": form},
    )


def _endorsement_link_problem(request, link):
    return render(
        request,
        "endorsement/link_problem.html",
        {"state": link.state, "request_": link.request},
        status=link_problem_status(link.state),
    )
