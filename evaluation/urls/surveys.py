"""Pages outside the staff area for the evaluation: surveys."""

from django.urls import path

from evaluation.views import surveys

app_name = "surveys"

urlpatterns: list = [
    path("", surveys.surveys, name="list"),
    path("<int:pk>/", surveys.survey_answer, name="answer"),
]
