"""A participant's own programme pages, under /my-programme/ (namespace programme:…)."""

from django.urls import path  # noqa: F401

app_name = "programme"

urlpatterns: list = []

# The participant's programme and calendar (issue 7).
from . import views_participant  # noqa: E402

urlpatterns += [
    path("", views_participant.home, name="home"),
    path(
        "calendar/<int:pk>/reset/",
        views_participant.feed_reset,
        name="calendar_feed_reset",
    ),
    path("sessions/<int:pk>.ics", views_participant.session_ics, name="session_ics"),
]
