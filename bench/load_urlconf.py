"""bench/load.py's URL conf: the floor view, then every URL of the service unchanged."""

from django.http import HttpResponse
from django.urls import include, path


def floor(request):
    """The least a request can cost here: the whole middleware stack, no query, no template."""
    return HttpResponse("ok")


urlpatterns = [
    path("bench/floor/", floor, name="bench_floor"),
    path("", include("ellw.urls")),
]

handler400 = "ellw.views.bad_request"
handler403 = "ellw.views.permission_denied"
handler404 = "ellw.views.page_not_found"
handler500 = "ellw.views.server_error"
