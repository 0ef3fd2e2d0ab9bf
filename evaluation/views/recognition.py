"""The lead's pages for recognition: the list of awards, shortlistings and milestones, and
adding, changing and deleting them."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render

from ellw.accounts.decorators import permission_required
from ellw.forms import ConfirmForm, add_rule_errors, posted
from evaluation.forms.recognition import RecognitionForm
from evaluation.models import Recognition
from evaluation.selectors.recognition import recognition_list
from evaluation.services.recognition import (
    recognition_delete,
    recognition_record,
    recognition_update,
)

PER_PAGE = 25


@permission_required("evaluation.manage_recognition")
def recognition(request):
    page = Paginator(recognition_list(), PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "evaluation/recognition/list.html",
        {
            "page": page,
            "page_range": page.paginator.get_elided_page_range(page.number, on_each_side=2),
        },
    )


def _form_page(request, *, recognition: Recognition | None):
    form = RecognitionForm(posted(request), recognition=recognition)
    if request.method == "POST" and form.is_valid():
        try:
            if recognition is None:
                saved = recognition_record(values=form.values, actor=request.user)
            else:
                saved = recognition_update(recognition=recognition, values=form.values)
        except ValidationError as error:
            add_rule_errors(form, error)
        else:
            done = "recorded" if recognition is None else "changed"
            messages.success(request, f"{saved.title} is {done}.")
            return redirect("staff:evaluation:recognition")
    return render(
        request,
        "evaluation/recognition/form.html",
        {"form": form, "recognition": recognition},
        status=400 if form.errors else 200,
    )


@permission_required("evaluation.manage_recognition")
def recognition_new(request):
    return _form_page(request, recognition=None)


@permission_required("evaluation.manage_recognition")
def recognition_edit(request, pk: int):
    return _form_page(request, recognition=get_object_or_404(Recognition, pk=pk))


@permission_required("evaluation.manage_recognition")
def recognition_delete_page(request, pk: int):
    recognition = get_object_or_404(Recognition, pk=pk)
    form = ConfirmForm(posted(request))
    if request.method == "POST" and form.is_valid():
        recognition_delete(recognition=recognition)
        messages.success(request, f"{recognition.title} is deleted.")
        return redirect("staff:evaluation:recognition")
    return render(request, "evaluation/recognition/delete.html", {"recognition": recognition})
