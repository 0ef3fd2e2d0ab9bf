"""A person's own data, under /your-data/ (namespace privacy:…)."""

from django.urls import path

from ellw.privacy import views

app_name = "privacy"

urlpatterns = [
    path("", views.your_data, name="your_data"),
    path("download.json", views.your_data_json, name="your_data_json"),
    path("erasure/", views.erasure, name="erasure"),
]
