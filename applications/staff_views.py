"""Staff views for the review queue, application review and decisions."""

from django.http import HttpResponse

from ellw.accounts.decorators import permission_required


@permission_required("applications.review_applications")
def queue(request):
    return HttpResponse("Review queue")
