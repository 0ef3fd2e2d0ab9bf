"""Testimonials: the lead's pages (list, record, request, detail with approve, not used and
correcting the text) and the request link a person opens to write theirs, no account
needed."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from ellw.accounts.decorators import permission_required
from ellw.forms import ConfirmForm, add_rule_errors, posted
from ellw.links import (
    LinkState,
    link_opened,
    link_problem_status,
    link_session_token,
)
from evaluation.enums import TestimonialSource, TestimonialStatus
from evaluation.forms.testimonials import (
    CONSENT_AS_THE_AUTHOR_SAYS,
    TestimonialEditForm,
    TestimonialFilterForm,
    TestimonialRecordForm,
    TestimonialRequestForm,
    TestimonialWriteForm,
)
from evaluation.models import Testimonial
from evaluation.selectors.testimonials import (
    testimonial_attribution,
    testimonial_detail,
    testimonial_is_written,
    testimonial_list,
    testimonial_may_become,
    testimonial_status_counts,
    testimonial_text_may_change,
)
from evaluation.services.testimonials import (
    LINK_KIND,
    TestimonialRuleError,
    testimonial_approve,
    testimonial_edit,
    testimonial_link_check,
    testimonial_not_use,
    testimonial_record,
    testimonial_request,
    testimonial_submit,
)

PAGE_SIZE = 25
MANAGE = "evaluation.manage_testimonials"
# The NHS tag colour of each status: yellow waiting on the author, blue ready for the lead's
# decision, green in use, grey set aside.
STATUS_TAGS = {
    TestimonialStatus.REQUESTED: "nhsuk-tag--yellow",
    TestimonialStatus.AWAITING_APPROVAL: "nhsuk-tag--blue",
    TestimonialStatus.APPROVED: "nhsuk-tag--green",
    TestimonialStatus.NOT_USED: "nhsuk-tag--grey",
}


def _testimonial_or_404(pk: int) -> Testimonial:
    testimonial = testimonial_detail(pk).first()
    if testimonial is None:
        raise Http404("No such testimonial")
    return testimonial


# --- the lead's pages -------------------------------------------------------------------------


@permission_required(MANAGE)
def testimonials(request):
    filter_form = TestimonialFilterForm(request.GET or None)
    chosen = filter_form.filters()
    page = Paginator(testimonial_list(**chosen), PAGE_SIZE).get_page(request.GET.get("page"))
    counts = testimonial_status_counts(source=chosen["source"])
    return render(
        request,
        "evaluation/testimonials/list.html",
        {
            "filter_form": filter_form,
            "page": page,
            "page_range": page.paginator.get_elided_page_range(
                page.number, on_each_side=2, on_ends=1
            ),
            "status_counts": [(status, counts[status.value]) for status in TestimonialStatus],
            "rows": [(t, STATUS_TAGS[t.status]) for t in page.object_list],
            "source_label": TestimonialSource(chosen["source"]).label if chosen["source"] else "",
            "filtered": any(chosen.values()),
        },
    )


@permission_required(MANAGE)
def testimonial_record_page(request):
    form = TestimonialRecordForm(posted(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            testimonial = testimonial_record(
                actor=request.user,
                source=data["source"],
                cohort=data["cohort"],
                author_name=data["author_name"],
                author_role=data["author_role"],
                organisation=data["organisation"],
                text=data["text"],
                consent=data["consent"],
                consent_confirmed=data["consent_confirmed"],
            )
        except TestimonialRuleError as error:
            add_rule_errors(form, error)
        else:
            messages.success(
                request,
                f"{testimonial.author_name}'s testimonial is recorded. Approve it to use it "
                "in reports.",
            )
            return redirect("staff:evaluation:testimonial_detail", pk=testimonial.pk)
    return render(
        request,
        "evaluation/testimonials/record.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


@permission_required(MANAGE)
def testimonial_request_page(request):
    form = TestimonialRequestForm(posted(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            testimonial = testimonial_request(
                actor=request.user,
                name=data["name"],
                email=data["email"],
                role=data["role"],
                organisation=data["organisation"],
                source=data["source"],
                cohort=data["cohort"],
            )
        except TestimonialRuleError as error:
            add_rule_errors(form, error)
        else:
            messages.success(
                request,
                f"We have e-mailed {testimonial.author_name} a link to write their "
                f"testimonial. It works once, until "
                f"{timezone.localtime(testimonial.link_expires_at):%-d %B %Y}.",
            )
            return redirect("staff:evaluation:testimonial_detail", pk=testimonial.pk)
    return render(
        request,
        "evaluation/testimonials/request.html",
        {"form": form, "link_days": settings.ELLW_TESTIMONIAL_LINK_DAYS},
        status=400 if form.errors else 200,
    )


def _detail_context(testimonial: Testimonial) -> dict:
    written = testimonial_is_written(testimonial)
    return {
        "testimonial": testimonial,
        "attribution": testimonial_attribution(
            consent=testimonial.consent,
            source=testimonial.source,
            author_name=testimonial.author_name,
            author_role=testimonial.author_role,
            organisation=testimonial.organisation,
        )
        if written
        else "",
        "can_approve": testimonial_may_become(testimonial, TestimonialStatus.APPROVED),
        "can_not_use": testimonial_may_become(testimonial, TestimonialStatus.NOT_USED),
        "can_edit": testimonial_text_may_change(testimonial),
        "awaiting_reply": testimonial.status == TestimonialStatus.REQUESTED,
        "link_expired": bool(
            testimonial.link_expires_at and testimonial.link_expires_at <= timezone.now()
        ),
        "written_by_author": testimonial.link_used_at is not None,
        "tag_class": STATUS_TAGS[testimonial.status],
    }


@permission_required(MANAGE)
def testimonial_detail_page(request, pk: int):
    testimonial = _testimonial_or_404(pk)
    return render(request, "evaluation/testimonials/detail.html", _detail_context(testimonial))


def _decide(request, pk: int, service, done: str):
    """POST only, from the detail page's buttons."""
    testimonial = _testimonial_or_404(pk)
    form = ConfirmForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            service(testimonial=testimonial, actor=request.user)
        except TestimonialRuleError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, done.format(name=testimonial.author_name))
    return redirect("staff:evaluation:testimonial_detail", pk=pk)


@permission_required(MANAGE)
@require_POST
def testimonial_approve_page(request, pk: int):
    return _decide(
        request, pk, testimonial_approve, "{name}'s testimonial is approved for use in reports."
    )


@permission_required(MANAGE)
@require_POST
def testimonial_not_used_page(request, pk: int):
    # Before an answer this withdraws the request, and its link stops working.
    withdrawn = _testimonial_or_404(pk).status == TestimonialStatus.REQUESTED
    done = (
        "You have withdrawn the request to {name}. Their link no longer works."
        if withdrawn
        else "{name}'s testimonial is marked not used."
    )
    return _decide(request, pk, testimonial_not_use, done)


@permission_required(MANAGE)
def testimonial_edit_page(request, pk: int):
    testimonial = _testimonial_or_404(pk)
    form = TestimonialEditForm(posted(request), initial={"text": testimonial.text})
    if request.method == "POST" and form.is_valid():
        try:
            testimonial_edit(
                testimonial=testimonial, actor=request.user, text=form.cleaned_data["text"]
            )
        except TestimonialRuleError as error:
            add_rule_errors(form, error)
        else:
            messages.success(request, "The testimonial's text is saved.")
            return redirect("staff:evaluation:testimonial_detail", pk=pk)
    return render(
        request,
        "evaluation/testimonials/edit.html",
        {"testimonial": testimonial, "form": form},
        status=400 if form.errors else 200,
    )


# --- the request link ---------------------------------------------------------------------------


def _link_problem(request, state: str, testimonial: Testimonial | None):
    return render(
        request,
        "evaluation/testimonials/link_problem.html",
        {"state": state, "testimonial": testimonial},
        status=link_problem_status(state),
    )


@never_cache
def testimonial_link(request, token: str):
    """The link in the request e-mail: kept in this browser's session and swapped at once
    for a token-free address (ellw.links), as the endorsement link is."""
    link = testimonial_link_check(token)
    return link_opened(
        request,
        state=link.state,
        kind=LINK_KIND,
        pk=link.testimonial.pk if link.testimonial else None,
        token=token,
        to="testimonials:write",
        problem=lambda: _link_problem(request, link.state, link.testimonial),
    )


@never_cache
def testimonial_write(request, pk: int):
    """The person's page, at a token-free address: the token comes from the session."""
    token = link_session_token(request, LINK_KIND, pk)
    if token is None:
        return render(
            request, "evaluation/testimonials/link_problem.html", {"state": "not_open"}, status=404
        )
    link = testimonial_link_check(token)
    if link.state != LinkState.VALID:
        return _link_problem(request, link.state, link.testimonial)
    testimonial = link.testimonial
    form = TestimonialWriteForm(
        posted(request),
        initial={
            "author_name": testimonial.author_name,
            "author_role": testimonial.author_role,
            "organisation": testimonial.organisation,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            result = testimonial_submit(
                token=token,
                author_name=data["author_name"],
                author_role=data["author_role"],
                organisation=data["organisation"],
                text=data["text"],
                consent=data["consent"],
            )
        except TestimonialRuleError as error:
            add_rule_errors(form, error)
        else:
            if result.state != LinkState.VALID:
                return _link_problem(request, result.state, result.testimonial)
            return render(
                request,
                "evaluation/testimonials/thanks.html",
                {"use": CONSENT_AS_THE_AUTHOR_SAYS[result.testimonial.consent]},
            )
    return render(
        request,
        "evaluation/testimonials/write.html",
        {
            "testimonial": testimonial,
            "form": form,
            "source_label": TestimonialSource(testimonial.source).label,
        },
        status=400 if form.errors else 200,
    )
