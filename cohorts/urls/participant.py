"""A participant's own programme pages, under /my-programme/ (namespace programme:…)."""

from django.urls import path

from cohorts.views import participant

app_name = "programme"

urlpatterns = [
    path("", participant.home, name="home"),
    path("calendar/<int:pk>/reset/", participant.feed_reset, name="calendar_feed_reset"),
    path("sessions/<int:pk>.ics", participant.session_ics, name="session_ics"),
]
