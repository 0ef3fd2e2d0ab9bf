"""Decisions and offers: the SP managers deciding, offering the next place, rescinding an
offer and withdrawing a participant; the applicant answering an offer."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from applications import selectors, services
from applications.enums import Decision
from applications.forms.admission import (
    DecisionForm,
    OfferNextForm,
    OfferResponseForm,
    RescindOfferForm,
    WithdrawParticipantForm,
)
from applications.views.drafting import application_or_404
from applications.views.review import DECISION_BUTTON_CLASSES, DECISION_WORDING, REVIEW
from cohorts.models import Cohort
from ellw.accounts.decorators import permission_required
from ellw.forms import add_rule_errors, posted


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
    return render(
        request, "applications/admission/offer.html", {"application": application, "form": form}
    )


@permission_required(REVIEW)
def offer_next(request, cohort_pk: int):
    """Confirm, then offer the free place to the next person on the waitlist, named on the
    page like every other decision. The form carries the application it named: if someone
    else is next by the time it is posted, nothing is offered and the page names them."""
    cohort = get_object_or_404(Cohort, pk=cohort_pk)
    back = f"{reverse('staff:applications:queue')}?cohort={cohort.pk}"
    form = OfferNextForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            application = services.cohort_offer_next_on_waitlist(
                cohort=cohort,
                actor=request.user,
                application_id=form.cleaned_data["application"],
                message=form.cleaned_data["message"],
            )
        except services.ApplicationRuleError as error:
            add_rule_errors(form, error)
        else:
            messages.success(
                request,
                f"{application.full_name} has been offered a place in {cohort.name}. "
                "We have e-mailed them.",
            )
            return redirect(back)
    candidate = selectors.cohort_next_on_waitlist(cohort)
    held = selectors.cohort_places_held(cohort)
    full = selectors.cohort_full_reason(cohort, held=held)
    if candidate is None or full:
        nobody = f"Nobody on the waitlist for {cohort.name} can be offered a place."
        for message in form.non_field_errors() or [full or nobody]:
            messages.error(request, message)
        return redirect(back)
    return render(
        request,
        "applications/admission/offer_next.html",
        {
            "cohort": cohort,
            "candidate": candidate,
            "question": f"Offer a place to {candidate.full_name}?",
            "form": form,
            "held": held,
            "free": cohort.capacity - held,
            "back": back,
        },
        status=400 if form.errors else 200,
    )


@permission_required(REVIEW)
def rescind_offer(request, pk: int):
    """Withdraw an offered place, with a reason that is e-mailed to the applicant."""
    application = application_or_404(request, pk)
    if request.method != "POST" and not selectors.application_offer_rescindable(application):
        messages.error(
            request,
            "Only an open offer of a place can be withdrawn. This application's status is "
            f"{application.get_status_display()}.",
        )
        return redirect("staff:applications:detail", pk=application.pk)
    form = RescindOfferForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.offer_rescind(
                application=application, actor=request.user, reason=form.cleaned_data["reason"]
            )
        except services.ApplicationRuleError as error:
            add_rule_errors(form, error)
        else:
            messages.success(
                request,
                f"The offer to {application.full_name} has been withdrawn and the place is "
                "free again. We have e-mailed them the reason.",
            )
            return redirect("staff:applications:detail", pk=application.pk)
    return render(
        request,
        "applications/admission/rescind_offer.html",
        {
            "application": application,
            "question": f"Withdraw the offer of a place to {application.full_name}?",
            "form": form,
        },
        status=400 if form.errors else 200,
    )


@permission_required("cohorts.withdraw_participant")
def withdraw_participant(request, pk: int):
    """The programme lead withdraws a participant from the cohort, with a reason (kept in the
    enrolment's history and e-mailed to them). The freed place can then be offered to the
    waitlist from the application's page."""
    application = application_or_404(request, pk)
    if selectors.application_active_enrolment(application) is None:
        messages.error(
            request,
            "Only a participant of the cohort can be withdrawn from it. This application's "
            f"status is {application.get_status_display()}.",
        )
        return redirect("staff:applications:detail", pk=application.pk)
    form = WithdrawParticipantForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.application_withdraw(
                application=application, actor=request.user, reason=form.cleaned_data["reason"]
            )
        except services.ApplicationRuleError as error:
            add_rule_errors(form, error)
        else:
            messages.success(
                request,
                f"{application.full_name} has been withdrawn from {application.cohort.name}. "
                "We have e-mailed them. Their place is free.",
            )
            return redirect("staff:applications:detail", pk=application.pk)
    return render(
        request,
        "applications/admission/withdraw_participant.html",
        {
            "application": application,
            "question": f"Withdraw {application.full_name} from {application.cohort.name}?",
            "form": form,
        },
        status=400 if form.errors else 200,
    )


@permission_required(REVIEW)
def decide(request, pk: int, decision: str):
    if decision not in Decision.values:
        raise Http404("No such decision")
    decision = Decision(decision)
    application = application_or_404(request, pk)
    wording = DECISION_WORDING[decision]
    names = {"name": application.full_name, "cohort": application.cohort.name}
    form = DecisionForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.application_decide(
                application=application,
                actor=request.user,
                decision=decision,
                message=form.cleaned_data["message"],
            )
        except services.ApplicationRuleError as error:
            add_rule_errors(form, error)
        else:
            messages.success(request, wording["done"].format(**names))
            return redirect("staff:applications:detail", pk=application.pk)
    return render(
        request,
        "applications/admission/decide.html",
        {
            "application": application,
            "decision": decision,
            "question": wording["question"].format(**names),
            "button": wording["button"],
            "button_classes": DECISION_BUTTON_CLASSES[decision],
            "form": form,
            "places": selectors.cohort_places(application.cohort, waitlist_shown=0)
            if decision == Decision.ADMIT
            else None,
        },
        status=400 if form.errors else 200,
    )
