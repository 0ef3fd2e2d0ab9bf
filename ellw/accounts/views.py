"""The programme lead's staff people page: who holds a staff role, giving and removing roles."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from ellw.forms import posted

from . import selectors, services
from .decorators import permission_required
from .enums import StaffRole, StaffRoleAction
from .forms import StaffRoleGrantForm, StaffRoleRemoveForm
from .models import User
from .sessions import session_activity_record

MANAGE_STAFF = "accounts.manage_staff"
KEEP_SESSION = "accounts.keep_session_alive"
PEOPLE_PER_PAGE = 25
CHANGES_PER_PAGE = 20


def _people_context(request, form: StaffRoleGrantForm) -> dict:
    people = Paginator(selectors.staff_member_list(), PEOPLE_PER_PAGE).get_page(
        request.GET.get("page")
    )
    for person in people:
        person.staff_roles = selectors.staff_member_roles(person)
        person.status = selectors.staff_member_status(person)
    changes = Paginator(selectors.staff_role_change_list(), CHANGES_PER_PAGE).get_page(
        request.GET.get("changes")
    )
    return {
        "form": form,
        "page": people,
        "page_range": people.paginator.get_elided_page_range(people.number, on_each_side=2),
        "changes": changes,
    }


@permission_required(MANAGE_STAFF)
def people(request):
    form = StaffRoleGrantForm(posted(request))
    if form.is_valid():
        try:
            change = services.staff_member_add(
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
                full_name=form.cleaned_data["full_name"],
                changed_by=request.user,
            )
        except services.StaffRoleError as error:
            form.add_error("email", str(error))
        else:
            role = StaffRole(change.role).with_article
            if change.action == StaffRoleAction.INVITED:
                message = (
                    f"We have invited {change.email} to be {role}. The link in the e-mail "
                    "lets them choose a password; then they set up an authenticator app."
                )
            else:
                message = f"{change.email} is now {role}. We have e-mailed them."
            messages.success(request, message)
            return redirect("staff:people:list")
    return render(request, "staff/people/list.html", _people_context(request, form))


@permission_required(MANAGE_STAFF)
def remove_role(request, pk: int, role: str):
    staff_role = StaffRole.from_slug(role)
    person = get_object_or_404(User, pk=pk)
    if staff_role is None or not person.groups.filter(name=staff_role.value).exists():
        raise Http404("No such staff role")
    form = StaffRoleRemoveForm(posted(request))
    if form.is_valid():
        try:
            services.staff_role_remove(user=person, role=staff_role.value, changed_by=request.user)
        except services.StaffRoleError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"{person.email} is no longer {staff_role.with_article}.")
            return redirect("staff:people:list")
    context = {
        "form": form,
        "person": person,
        "role": staff_role,
        "problem": selectors.staff_role_removal_problem(user=person, role=staff_role.value),
        "removing_own_role": person.pk == request.user.pk,
    }
    return render(request, "staff/people/remove.html", context)


# --- staff sessions: the idle warning's "Stay signed in", and the page after a sign-out ---


@require_POST
@permission_required(KEEP_SESSION)
def session_keep_alive(request):
    """ "Stay signed in": this request is activity (StaffIdleTimeoutMiddleware signed the
    person out first if the session had already been idle too long)."""
    session_activity_record(request, always=True)
    return HttpResponse(status=204)


def signed_out_idle(request):
    """Where a staff session idle too long lands. Someone still signed in (busy in another
    tab when this one's timer ran out) goes back to their page."""
    next_url = request.GET.get("next", "")
    safe = url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    if request.user.is_authenticated:
        return redirect(next_url if safe and next_url else "home")
    return render(
        request,
        "account/signed_out_idle.html",
        {"minutes": settings.ELLW_STAFF_IDLE_MINUTES, "next": next_url if safe else ""},
    )
