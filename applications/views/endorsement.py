"""Endorsement: the applicant changing or re-sending to their clinical director, and the
clinical director's link pages (no account needed)."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from applications import selectors, services
from applications.enums import EndorsementLinkState
from applications.forms.endorsement import EndorsementForm, EndorserForm
from applications.views.drafting import _back_to_application, application_or_404
from ellw.accounts.decorators import permission_required
from ellw.forms import add_rule_errors, posted
from ellw.links import (
    link_opened,
    link_problem_status,
    link_session_key,
    link_session_token,
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
        "applications/endorsement/change_endorser.html",
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
        return render(
            request, "applications/endorsement/link_problem.html", {"state": "not_open"}, status=404
        )
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
                "applications/endorsement/thanks.html",
                {"application": link.request.application, "outcome": form.cleaned_data["outcome"]},
            )
    return render(
        request,
        "applications/endorsement/endorse.html",
        {"application": link.request.application, "request_": link.request, "form": form},
    )


def _endorsement_link_problem(request, link):
    return render(
        request,
        "applications/endorsement/link_problem.html",
        {"state": link.state, "request_": link.request},
        status=link_problem_status(link.state),
    )
