"""The public programme page, and the lead's pages for the module catalogue, training
partners and speakers."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render

from ellw.accounts.decorators import permission_required
from ellw.cache import public_page
from ellw.forms import add_rule_errors

from . import selectors, services
from .forms import ModuleForm, SpeakerForm, TrainingPartnerForm
from .models import Module, Speaker, TrainingPartner

PER_PAGE = 25


@public_page
def programme(request):
    """What the programme is, for anyone: who it is for, the seven modules, the sets and
    graduation."""
    modules = selectors.programme_modules()
    return render(
        request,
        "modules/programme.html",
        {"modules": modules, "cpd_hours_total": sum(m.cpd_hours for m in modules)},
    )


def _page(request, queryset):
    page = Paginator(queryset, PER_PAGE).get_page(request.GET.get("page"))
    return {
        "page": page,
        "page_range": page.paginator.get_elided_page_range(page.number, on_each_side=2),
    }


def _form_page(request, template: str, context: dict):
    status = 400 if context["form"].errors else 200
    return render(request, template, context, status=status)


# The catalogue.


@permission_required("modules.manage_catalogue")
def module_list(request):
    return render(request, "modules/module_list.html", {"modules": selectors.module_list()})


@permission_required("modules.manage_catalogue")
def module_edit(request, pk: int):
    module = get_object_or_404(Module, pk=pk)
    form = ModuleForm(request.POST or None, module=module)
    if request.method == "POST" and form.is_valid():
        try:
            services.module_update(module=module, **form.cleaned_data)
        except ValidationError as error:
            add_rule_errors(form, error)
        else:
            messages.success(request, f"{module.name} is changed.")
            return redirect("staff:modules:list")
    return _form_page(request, "modules/module_form.html", {"form": form, "module": module})


# Training partners.


@permission_required("modules.manage_partners")
def partner_list(request):
    return render(
        request, "modules/partner_list.html", _page(request, selectors.training_partner_list())
    )


def _partner_form_page(request, *, partner: TrainingPartner | None):
    form = TrainingPartnerForm(request.POST or None, partner=partner)
    if request.method == "POST" and form.is_valid():
        try:
            if partner is None:
                saved = services.training_partner_create(values=form.values)
            else:
                saved = services.training_partner_update(partner=partner, values=form.values)
        except ValidationError as error:
            add_rule_errors(form, error)
        else:
            done = "added" if partner is None else "changed"
            messages.success(request, f"{saved.name} is {done}.")
            return redirect("staff:modules:partners")
    return _form_page(request, "modules/partner_form.html", {"form": form, "partner": partner})


@permission_required("modules.manage_partners")
def partner_new(request):
    return _partner_form_page(request, partner=None)


@permission_required("modules.manage_partners")
def partner_edit(request, pk: int):
    return _partner_form_page(request, partner=get_object_or_404(TrainingPartner, pk=pk))


@permission_required("modules.manage_partners")
def partner_delete(request, pk: int):
    partner = get_object_or_404(TrainingPartner, pk=pk)
    if request.method == "POST":
        try:
            services.training_partner_delete(partner=partner)
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(request, f"{partner.name} is deleted.")
        return redirect("staff:modules:partners")
    return render(
        request,
        "modules/delete.html",
        {
            "name": partner.name,
            "problem": selectors.training_partner_delete_problem(partner),
            "what": "training partner",
            "back": "staff:modules:partners",
            "back_label": "Back to training partners",
        },
    )


# Speakers.


@permission_required("modules.manage_partners")
def speaker_list(request):
    return render(request, "modules/speaker_list.html", _page(request, selectors.speaker_list()))


def _speaker_form_page(request, *, speaker: Speaker | None):
    form = SpeakerForm(request.POST or None, speaker=speaker)
    if request.method == "POST" and form.is_valid():
        try:
            if speaker is None:
                saved = services.speaker_create(values=form.values)
            else:
                saved = services.speaker_update(speaker=speaker, values=form.values)
        except ValidationError as error:
            add_rule_errors(form, error)
        else:
            done = "added" if speaker is None else "changed"
            messages.success(request, f"{saved.full_name} is {done}.")
            return redirect("staff:modules:speakers")
    return _form_page(request, "modules/speaker_form.html", {"form": form, "speaker": speaker})


@permission_required("modules.manage_partners")
def speaker_new(request):
    return _speaker_form_page(request, speaker=None)


@permission_required("modules.manage_partners")
def speaker_edit(request, pk: int):
    return _speaker_form_page(request, speaker=get_object_or_404(Speaker, pk=pk))


@permission_required("modules.manage_partners")
def speaker_delete(request, pk: int):
    speaker = get_object_or_404(Speaker, pk=pk)
    if request.method == "POST":
        try:
            services.speaker_delete(speaker=speaker)
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(request, f"{speaker.full_name} is deleted.")
        return redirect("staff:modules:speakers")
    return render(
        request,
        "modules/delete.html",
        {
            "name": speaker.full_name,
            "problem": selectors.speaker_delete_problem(speaker),
            "what": "speaker",
            "back": "staff:modules:speakers",
            "back_label": "Back to speakers",
        },
    )
