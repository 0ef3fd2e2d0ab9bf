"""Staff pages for evaluating the programme, under /staff/evaluation/ (namespace
staff:evaluation:…). Each part of the evaluation adds its paths here."""

from django.urls import path  # noqa: F401

app_name = "evaluation"

urlpatterns: list = []
