"""The lead's certificate pages for a cohort: the graduates with their certificates,
issuing them all in one step, printing them as one PDF, revoking and reissuing."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render

from ellw.accounts.decorators import permission_required
from ellw.forms import ConfirmForm, posted
from ellw.text import count_of

from .forms_certificates import CertificateReissueForm, CertificateRevokeForm
from .models import Certificate, Cohort
from .selectors.certificates import cohort_certificates_page
from .services.certificates import (
    CertificateRuleError,
    certificate_reissue,
    certificate_revoke,
    cohort_certificates_issue,
    cohort_certificates_print,
)


@permission_required("cohorts.view_certificates")
def certificates(request, pk: int):
    cohort = get_object_or_404(Cohort, pk=pk)
    return render(
        request,
        "cohorts/certificates/certificates.html",
        {"cohort": cohort, "page": cohort_certificates_page(cohort)},
    )


@permission_required("cohorts.issue_certificates")
def certificates_issue(request, pk: int):
    cohort = get_object_or_404(Cohort, pk=pk)
    page = cohort_certificates_page(cohort)
    form = ConfirmForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            count = cohort_certificates_issue(cohort=cohort, actor=request.user)
        except CertificateRuleError as error:
            form.add_error(None, str(error))
        else:
            if count:
                messages.success(
                    request,
                    f"{count_of(count, 'certificate')} issued. Each PDF is being made; see below.",
                )
            else:
                messages.info(request, "No certificates issued: every graduate already has one.")
            return redirect("staff:cohorts:certificates", pk=cohort.pk)
    return render(
        request,
        "cohorts/certificates/issue.html",
        {"cohort": cohort, "page": page, "form": form},
        status=400 if form.errors else 200,
    )


@permission_required("cohorts.print_certificates")
def certificates_print(request, pk: int):
    """POST only from the certificates page's "Print all" button: starts (or finds) the
    print-ready PDF and shows its progress."""
    cohort = get_object_or_404(Cohort, pk=pk)
    form = ConfirmForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            document = cohort_certificates_print(cohort=cohort, actor=request.user)
        except CertificateRuleError as error:
            messages.error(request, str(error))
            return redirect("staff:cohorts:certificates", pk=cohort.pk)
        return redirect("documents:progress", pk=document.pk)
    return redirect("staff:cohorts:certificates", pk=cohort.pk)


def _certificate(pk: int, certificate_pk: int) -> Certificate:
    return get_object_or_404(
        Certificate.objects.select_related("enrolment__cohort", "enrolment__participant"),
        pk=certificate_pk,
        enrolment__cohort_id=pk,
    )


@permission_required("cohorts.revoke_certificate")
def certificate_revoke_page(request, pk: int, certificate_pk: int):
    certificate = _certificate(pk, certificate_pk)
    form = CertificateRevokeForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            certificate_revoke(
                certificate=certificate, actor=request.user, reason=form.cleaned_data["reason"]
            )
        except CertificateRuleError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Certificate {certificate.display_code} is revoked.")
            return redirect("staff:cohorts:certificates", pk=pk)
    return render(
        request,
        "cohorts/certificates/revoke.html",
        {"cohort": certificate.enrolment.cohort, "certificate": certificate, "form": form},
        status=400 if form.errors else 200,
    )


@permission_required("cohorts.issue_certificates")
def certificate_reissue_page(request, pk: int, certificate_pk: int):
    certificate = _certificate(pk, certificate_pk)
    form = CertificateReissueForm(
        posted(request), initial={"name": certificate.snapshot.get("name", "")}
    )
    if request.method == "POST" and form.is_valid():
        try:
            new = certificate_reissue(
                certificate=certificate,
                actor=request.user,
                name=form.cleaned_data["name"],
                reason=form.cleaned_data["reason"],
            )
        except CertificateRuleError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                f"Certificate {new.display_code} issued in place of "
                f"{certificate.display_code}, which now shows as replaced.",
            )
            return redirect("staff:cohorts:certificates", pk=pk)
    return render(
        request,
        "cohorts/certificates/reissue.html",
        {"cohort": certificate.enrolment.cohort, "certificate": certificate, "form": form},
        status=400 if form.errors else 200,
    )
