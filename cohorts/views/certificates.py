"""Certificate pages. The lead's, for a cohort: the graduates with their certificates,
issuing them all in one step, printing them as one PDF, revoking and reissuing.

And public verification, no account needed: /verify/ (type a code) and /verify/<code>/
(from the QR code or the link printed on the certificate). Says whether the certificate is
valid, revoked or replaced, with the name, programme, cohort and issue date, and nothing
more; checks an uploaded PDF against the issued file's SHA-256. Every look-up counts
against the visitor's rate limit, so codes cannot be enumerated."""

from __future__ import annotations

import hashlib

from allauth.core.internal.ratelimit import consume
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from cohorts.codes import certificate_code_display, certificate_code_normalise
from cohorts.forms.certificates import (
    CertificateReissueForm,
    CertificateRevokeForm,
    VerifyCodeForm,
    VerifyFileForm,
)
from cohorts.models import Certificate, Cohort
from cohorts.selectors.certificates import (
    certificate_for_verification,
    certificate_verification_state,
    cohort_certificates_page,
)
from cohorts.services.certificates import (
    CertificateRuleError,
    certificate_reissue,
    certificate_revoke,
    cohort_certificates_issue,
    cohort_certificates_print,
)
from ellw.accounts.decorators import permission_required
from ellw.cache import public_page_by_state
from ellw.forms import ConfirmForm, posted
from ellw.text import count_of
from ellw.uploads import upload_too_large


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


# --- Public verification ------------------------------------------------------------------


def _too_many(request):
    return render(request, "cohorts/certificates/verification/too_many.html", status=429)


@require_http_methods(["GET"])
def verify(request):
    form = VerifyCodeForm(request.GET if "code" in request.GET else None)
    if form.is_bound and form.is_valid():
        return redirect(
            "verify:certificate", code=certificate_code_display(form.cleaned_data["code"])
        )
    return render(
        request,
        "cohorts/certificates/verification/verify.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
def verify_certificate(request, code: str):
    action = "verify_certificate_file" if request.method == "POST" else "verify_certificate"
    # allauth's limiter (the shared cache, its client-IP rules); its public wrapper skips
    # GET requests, and look-ups are GETs, so the call says to count them.
    if consume(request, app="allauth.account", action=action, limit_get=True) is None:
        return _too_many(request)
    canonical = certificate_code_normalise(code)
    if canonical is None:
        return render(
            request,
            "cohorts/certificates/verification/not_found.html",
            {"code": code[:40], "malformed": True},
            status=404,
        )
    if code != certificate_code_display(canonical):
        return redirect("verify:certificate", code=certificate_code_display(canonical))
    found = certificate_for_verification(canonical)
    if found is None:
        return render(
            request,
            "cohorts/certificates/verification/not_found.html",
            {"code": code, "malformed": False},
            status=404,
        )
    form = VerifyFileForm(
        posted(request), request.FILES or None, too_large=upload_too_large(request)
    )
    if request.method == "GET":
        return public_page_by_state(
            request,
            state=certificate_verification_state(found),
            render=lambda: render(
                request,
                "cohorts/certificates/verification/certificate.html",
                {"certificate": found, "form": form, "file_matches": None},
            ),
        )
    file_matches = None
    if form.is_valid():
        digest = hashlib.sha256()
        for chunk in form.cleaned_data["file"].chunks():
            digest.update(chunk)
        issued = found.document.sha256 if found.document_id else ""
        file_matches = bool(issued) and digest.hexdigest() == issued
    return render(
        request,
        "cohorts/certificates/verification/certificate.html",
        {"certificate": found, "form": form, "file_matches": file_matches},
        status=400 if form.errors else 200,
    )
