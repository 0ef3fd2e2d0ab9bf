"""The programme lead's rights pages, under /staff/privacy/ (namespace staff:privacy:…)."""

from django.urls import path

from ellw.privacy import views

app_name = "privacy"

urlpatterns = [
    path("", views.requests, name="requests"),
    path("person/", views.person, name="person"),
    path("person/download.json", views.person_json, name="person_json"),
    path("person/erase/", views.person_erase, name="person_erase"),
    path("erasure/<int:pk>/", views.erasure_request, name="erasure_request"),
    path("erasure/<int:pk>/confirm/", views.erasure_confirm, name="erasure_confirm"),
    path("erasure/<int:pk>/refuse/", views.erasure_refuse, name="erasure_refuse"),
]
