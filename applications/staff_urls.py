"""Staff pages for applications, under /staff/applications/ (namespace staff:applications:…).

Filled in by the review-queue work; see applications/staff_views.py.
"""

from django.urls import path

from . import staff_views

app_name = "applications"

urlpatterns = [
    path("", staff_views.queue, name="queue"),
]
