"""Applicant and clinical-director views: applying, status, offers, endorsement links."""

from django.http import HttpResponse


def _todo(request, *args, **kwargs):
    return HttpResponse("todo")


my_applications = apply = detail = edit = withdraw = change_endorser = _todo
resend_endorsement = respond_to_offer = endorsement = _todo
