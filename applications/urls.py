from django.urls import path

from . import views

app_name = "applications"

urlpatterns = [
    path("", views.my_applications, name="mine"),
    path("apply/<slug:cohort_slug>/", views.apply, name="apply"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("<int:pk>/delete/", views.delete_draft, name="delete_draft"),
    path("<int:pk>/endorser/", views.change_endorser, name="change_endorser"),
    path("<int:pk>/endorser/resend/", views.resend_endorsement, name="resend_endorsement"),
    path("<int:pk>/offer/", views.respond_to_offer, name="respond_to_offer"),
]
