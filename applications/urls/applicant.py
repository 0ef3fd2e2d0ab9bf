"""The applicant's pages, under /applications/ (namespace applications:…)."""

from django.urls import path

from applications.views import admission, drafting, endorsement

app_name = "applications"

urlpatterns = [
    path("", drafting.my_applications, name="mine"),
    path("apply/<slug:cohort_slug>/", drafting.apply, name="apply"),
    path("<int:pk>/", drafting.detail, name="detail"),
    path("<int:pk>/edit/", drafting.edit, name="edit"),
    path("<int:pk>/withdraw/", drafting.withdraw, name="withdraw"),
    path("<int:pk>/delete/", drafting.delete_draft, name="delete_draft"),
    path("<int:pk>/endorser/", endorsement.change_endorser, name="change_endorser"),
    path("<int:pk>/endorser/resend/", endorsement.resend_endorsement, name="resend_endorsement"),
    path("<int:pk>/offer/", admission.respond_to_offer, name="respond_to_offer"),
]
