"""The service's URLs with views that fail under two of its tokened paths, for the Sentry
test: an error is raised inside a request whose address carries a link's token."""

from django.urls import path
from django.views.decorators.csrf import csrf_exempt

from ellw.urls import handler400, handler403, handler404, handler500  # noqa: F401
from ellw.urls import urlpatterns as service_urlpatterns


@csrf_exempt  # the request comes straight through the WSGI handler, without a form
def fails(request, token: str):
    raise RuntimeError(
        f"Endorsement failed for {request.POST.get('email', 'nobody')} at {request.path}"
    )


urlpatterns = [
    path("endorse/<str:token>/", fails),
    path("calendar/<str:token>.ics", fails),
    *service_urlpatterns,
]
