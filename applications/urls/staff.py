"""Staff pages for applications, under /staff/applications/ (namespace staff:applications:…)."""

from django.urls import path

from applications.views import admission, review

app_name = "applications"

urlpatterns = [
    path("", review.queue, name="queue"),
    path("export/", review.export, name="export"),
    path("<int:pk>/", review.detail, name="detail"),
    path("<int:pk>/notes/", review.add_note, name="add_note"),
    path("<int:pk>/decide/<str:decision>/", admission.decide, name="decide"),
    path("<int:pk>/rescind-offer/", admission.rescind_offer, name="rescind_offer"),
    path("<int:pk>/withdraw/", admission.withdraw_participant, name="withdraw"),
    path("cohorts/<int:cohort_pk>/offer-next/", admission.offer_next, name="offer_next"),
]
