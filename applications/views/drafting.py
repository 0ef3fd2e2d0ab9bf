"""The applicant's pages: their applications, applying, editing, the application's page,
withdrawing and deleting a draft."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from applications import selectors, services
from applications.eligibility import window_problem
from applications.enums import ApplicationStatus
from applications.forms.drafting import ApplicationForm, ReasonForm
from applications.models import Application
from cohorts.models import Cohort
from ellw.accounts.decorators import permission_required
from ellw.forms import ConfirmForm, add_rule_errors, posted


def application_or_404(request, pk: int) -> Application:
    try:
        return selectors.application_detail(pk=pk)
    except Application.DoesNotExist:
        raise Http404("No such application") from None


@login_required
def my_applications(request):
    return render(
        request,
        "applications/drafting/mine.html",
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
            request,
            "applications/drafting/closed.html",
            {"cohort": cohort, "reason": closed.message},
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
            "applications/drafting/closed.html",
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
        "applications/drafting/form.html",
        {"form": form, "cohort": cohort, "application": application},
    )


@permission_required("applications.view_application", fn=application_or_404)
def detail(request, pk: int):
    application = application_or_404(request, pk)
    user = request.user
    return render(
        request,
        "applications/drafting/detail.html",
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
        "applications/drafting/withdraw.html",
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
        request,
        "applications/drafting/delete_draft.html",
        {"application": application, "form": form},
    )
