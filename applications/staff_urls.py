"""Staff pages for applications, under /staff/applications/ (namespace staff:applications:…)."""

from django.urls import path

from . import staff_views

app_name = "applications"

urlpatterns = [
    path("", staff_views.queue, name="queue"),
    path("export/", staff_views.export, name="export"),
    path("<int:pk>/", staff_views.detail, name="detail"),
    path("<int:pk>/notes/", staff_views.add_note, name="add_note"),
    path("<int:pk>/decide/<str:decision>/", staff_views.decide, name="decide"),
    path("<int:pk>/rescind-offer/", staff_views.rescind_offer, name="rescind_offer"),
    path("<int:pk>/withdraw/", staff_views.withdraw_participant, name="withdraw"),
    path("cohorts/<int:cohort_pk>/offer-next/", staff_views.offer_next, name="offer_next"),
]
