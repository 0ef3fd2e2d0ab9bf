"""The programme lead's page of e-mails that could not be sent, with "Try again"."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from ellw.accounts.decorators import permission_required

from . import selectors, services
from .models import OutboundEmail

MANAGE = "mail.manage_failed_emails"
PAGE_SIZE = 50


@permission_required(MANAGE)
def failed_list(request):
    page = Paginator(selectors.outbound_emails_failed(), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "mail/failed_list.html",
        {
            "page": page,
            "page_range": page.paginator.get_elided_page_range(
                page.number, on_each_side=2, on_ends=1
            ),
        },
    )


@permission_required(MANAGE)
@require_POST
def retry(request, pk: int):
    try:
        email = services.outbound_email_retry(email_id=pk, actor=request.user)
    except OutboundEmail.DoesNotExist:
        raise Http404("No such e-mail.") from None
    except services.OutboundEmailRetryError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            f"We are trying again to send “{email.subject}” to {', '.join(email.to)}. "
            "If it fails again it comes back to this list.",
        )
    return redirect("staff:mail:failed")
