"""Staff pages for what is taught, under /staff/modules/ (namespace staff:modules:…)."""

from django.urls import path

from modules import views

app_name = "modules"

# The catalogue, training partners and speakers.
urlpatterns = [
    path("", views.module_list, name="list"),
    path("<int:pk>/edit/", views.module_edit, name="edit"),
    path("partners/", views.partner_list, name="partners"),
    path("partners/new/", views.partner_new, name="partner_new"),
    path("partners/<int:pk>/edit/", views.partner_edit, name="partner_edit"),
    path("partners/<int:pk>/delete/", views.partner_delete, name="partner_delete"),
    path("speakers/", views.speaker_list, name="speakers"),
    path("speakers/new/", views.speaker_new, name="speaker_new"),
    path("speakers/<int:pk>/edit/", views.speaker_edit, name="speaker_edit"),
    path("speakers/<int:pk>/delete/", views.speaker_delete, name="speaker_delete"),
]
