"""People's rights pages: a person's own data (as a page to read or print, and as JSON) and
their request for erasure; the programme lead's page of requests, finding anyone's data by
e-mail address, and carrying erasure out or refusing it."""

from __future__ import annotations

import json

from django.contrib import messages
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from ellw.accounts.decorators import permission_required
from ellw.forms import add_rule_errors, posted

from . import selectors, services
from .forms import (
    ErasureByEmailForm,
    ErasureConfirmForm,
    ErasureRefuseForm,
    ErasureRequestForm,
    PersonFindForm,
)
from .models import ErasureRequest

VIEW_OWN = "privacy.view_own_data"
REQUEST_ERASURE = "privacy.request_erasure"
MANAGE = "privacy.manage"


def _json_download(data: selectors.PersonalData, filename: str) -> HttpResponse:
    body = json.dumps(data.as_json(), cls=DjangoJSONEncoder, indent=2, ensure_ascii=False)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _filename() -> str:
    return f"ellw-personal-data-{timezone.localdate():%Y-%m-%d}.json"


@permission_required(VIEW_OWN)
def your_data(request):
    data = selectors.personal_data_of(user=request.user)
    services.subject_access_record(data=data, actor=None)
    return render(
        request,
        "privacy/your_data.html",
        {"data": data, "open_request": selectors.erasure_request_open_of(request.user)},
    )


@permission_required(VIEW_OWN)
def your_data_json(request):
    data = selectors.personal_data_of(user=request.user)
    services.subject_access_record(data=data, actor=None)
    return _json_download(data, _filename())


@permission_required(REQUEST_ERASURE)
def erasure(request):
    open_request = selectors.erasure_request_open_of(request.user)
    form = ErasureRequestForm(posted(request))
    if open_request is None and request.method == "POST" and form.is_valid():
        try:
            services.erasure_request(user=request.user)
        except services.ErasureError as error:
            add_rule_errors(form, error)
        else:
            messages.success(
                request,
                "We have your request. The programme lead will carry it out or reply by "
                "e-mail, within one month.",
            )
            return redirect("privacy:your_data")
    return render(request, "privacy/erasure.html", {"form": form, "open_request": open_request})


# --- the programme lead ----------------------------------------------------------------


@permission_required(MANAGE)
def requests(request):
    return render(
        request,
        "privacy/requests.html",
        {
            "open_requests": selectors.erasure_requests_open(),
            "decided": selectors.erasure_requests_decided()[:50],
            "form": PersonFindForm(),
        },
    )


@permission_required(MANAGE)
def person(request):
    form = PersonFindForm(request.GET or None)
    data = None
    if form.is_valid():
        data = selectors.personal_data_of_address(form.cleaned_data["email"])
        services.subject_access_record(data=data, actor=request.user)
    return render(
        request,
        "privacy/person.html",
        {
            "form": form,
            "data": data,
            "erase_form": ErasureByEmailForm(initial={"email": form.data.get("email", "")}),
        },
    )


@permission_required(MANAGE)
def person_json(request):
    form = PersonFindForm(request.GET or None)
    if not form.is_valid():
        return redirect("staff:privacy:person")
    data = selectors.personal_data_of_address(form.cleaned_data["email"])
    services.subject_access_record(data=data, actor=request.user)
    return _json_download(data, _filename())


@permission_required(MANAGE)
@require_POST
def person_erase(request):
    form = ErasureByEmailForm(request.POST)
    if form.is_valid():
        try:
            services.person_erase_by_email(email=form.cleaned_data["email"], actor=request.user)
        except services.ErasureError as error:
            add_rule_errors(form, error)
        else:
            messages.success(request, "Erased. Nothing held any longer names that address.")
            return redirect("staff:privacy:requests")
    return render(
        request, "privacy/person.html", {"form": PersonFindForm(), "erase_form": form}, status=400
    )


def _erasure_page(request, erasure_request, *, confirm_form=None, refuse_form=None, status=200):
    data, problems = selectors.erasure_request_review(erasure_request)
    return render(
        request,
        "privacy/request.html",
        {
            "erasure_request": erasure_request,
            "data": data,
            "problems": problems,
            "confirm_form": confirm_form or ErasureConfirmForm(),
            "refuse_form": refuse_form or ErasureRefuseForm(),
        },
        status=status,
    )


@permission_required(MANAGE)
def erasure_request(request, pk: int):
    return _erasure_page(request, get_object_or_404(ErasureRequest, pk=pk))


@permission_required(MANAGE)
@require_POST
def erasure_confirm(request, pk: int):
    erasure_request = get_object_or_404(ErasureRequest, pk=pk)
    form = ErasureConfirmForm(request.POST)
    if form.is_valid():
        try:
            services.erasure_carry_out(request=erasure_request, actor=request.user)
        except services.ErasureError as error:
            add_rule_errors(form, error)
        else:
            messages.success(request, "Erased. The person has been told by e-mail.")
            return redirect("staff:privacy:requests")
    return _erasure_page(request, erasure_request, confirm_form=form, status=400)


@permission_required(MANAGE)
@require_POST
def erasure_refuse(request, pk: int):
    erasure_request = get_object_or_404(ErasureRequest, pk=pk)
    form = ErasureRefuseForm(request.POST)
    if form.is_valid():
        try:
            services.erasure_refuse(
                request=erasure_request, actor=request.user, reason=form.cleaned_data["reason"]
            )
        except services.ErasureError as error:
            add_rule_errors(form, error)
        else:
            messages.success(request, "Refused. The person has been told why by e-mail.")
            return redirect("staff:privacy:requests")
    return _erasure_page(request, erasure_request, refuse_form=form, status=400)
