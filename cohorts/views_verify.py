"""Public certificate verification, no account needed: /verify/ (type a code) and
/verify/<code>/ (from the QR code or the link printed on the certificate). Says whether
the certificate is valid, revoked or replaced, with the name, programme, cohort and issue
date, and nothing more; checks an uploaded PDF against the issued file's SHA-256. Every
look-up counts against the visitor's rate limit, so codes cannot be enumerated."""

from __future__ import annotations

import hashlib

from allauth.core.internal.ratelimit import consume
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from ellw.forms import posted
from ellw.uploads import upload_too_large

from .certificate_codes import certificate_code_display, certificate_code_normalise
from .forms_certificates import VerifyCodeForm, VerifyFileForm
from .selectors.certificates import certificate_for_verification


def _too_many(request):
    return render(request, "cohorts/verify/too_many.html", status=429)


@require_http_methods(["GET"])
def verify(request):
    form = VerifyCodeForm(request.GET if "code" in request.GET else None)
    if form.is_bound and form.is_valid():
        return redirect(
            "verify:certificate", code=certificate_code_display(form.cleaned_data["code"])
        )
    return render(
        request,
        "cohorts/verify/verify.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
def certificate(request, code: str):
    action = "verify_certificate_file" if request.method == "POST" else "verify_certificate"
    # allauth's limiter (the shared cache, its client-IP rules); its public wrapper skips
    # GET requests, and look-ups are GETs, so the call says to count them.
    if consume(request, app="allauth.account", action=action, limit_get=True) is None:
        return _too_many(request)
    canonical = certificate_code_normalise(code)
    if canonical is None:
        return render(
            request,
            "cohorts/verify/not_found.html",
            {"code": code[:40], "malformed": True},
            status=404,
        )
    if code != certificate_code_display(canonical):
        return redirect("verify:certificate", code=certificate_code_display(canonical))
    found = certificate_for_verification(canonical)
    if found is None:
        return render(
            request,
            "cohorts/verify/not_found.html",
            {"code": code, "malformed": False},
            status=404,
        )
    form = VerifyFileForm(posted(request), request.FILES or None)
    if upload_too_large(request):
        form.add_error("file", VerifyFileForm.too_large_message)
    file_matches = None
    if request.method == "POST" and form.is_valid():
        digest = hashlib.sha256()
        for chunk in form.cleaned_data["file"].chunks():
            digest.update(chunk)
        issued = found.document.sha256 if found.document_id else ""
        file_matches = bool(issued) and digest.hexdigest() == issued
    return render(
        request,
        "cohorts/verify/certificate.html",
        {"certificate": found, "form": form, "file_matches": file_matches},
        status=400 if form.errors else 200,
    )
