"""Pages outside the staff area for the evaluation: surveys."""

from django.urls import path

from .views import surveys as views_surveys

app_name = "surveys"

urlpatterns: list = [
    path("", views_surveys.surveys, name="list"),
    path("<int:pk>/", views_surveys.survey_answer, name="answer"),
]
