"""Staff pages for evaluating the programme, under /staff/evaluation/ (namespace
staff:evaluation:…). Each part of the evaluation adds its paths here."""

from django.urls import path  # noqa: F401

app_name = "evaluation"

urlpatterns: list = []

# --- testimonials and alumni outcomes (evaluation.views_testimonials, .views_alumni) ---
from .views import alumni as views_alumni  # noqa: E402
from .views import testimonials as views_testimonials  # noqa: E402

urlpatterns += [
    path("testimonials/", views_testimonials.testimonials, name="testimonials"),
    path(
        "testimonials/record/",
        views_testimonials.testimonial_record_page,
        name="testimonial_record",
    ),
    path(
        "testimonials/request/",
        views_testimonials.testimonial_request_page,
        name="testimonial_request",
    ),
    path(
        "testimonials/<int:pk>/",
        views_testimonials.testimonial_detail_page,
        name="testimonial_detail",
    ),
    path(
        "testimonials/<int:pk>/edit/",
        views_testimonials.testimonial_edit_page,
        name="testimonial_edit",
    ),
    path(
        "testimonials/<int:pk>/approve/",
        views_testimonials.testimonial_approve_page,
        name="testimonial_approve",
    ),
    path(
        "testimonials/<int:pk>/not-used/",
        views_testimonials.testimonial_not_used_page,
        name="testimonial_not_used",
    ),
    path("alumni/", views_alumni.alumni_outcomes, name="alumni"),
    path("alumni/<int:pk>/", views_alumni.alumni_update_detail, name="alumni_update"),
]

# --- surveys: a cohort's response rates and the lead's actions (evaluation.views_surveys) ---
from .views import surveys as views_surveys  # noqa: E402

urlpatterns += [
    path("cohorts/<int:pk>/surveys/", views_surveys.cohort_surveys, name="cohort_surveys"),
    path(
        "cohorts/<int:pk>/surveys/<int:survey_pk>/remind/",
        views_surveys.survey_remind_view,
        name="survey_remind",
    ),
    path(
        "cohorts/<int:pk>/surveys/<int:survey_pk>/close/",
        views_surveys.survey_close_view,
        name="survey_close",
    ),
    path(
        "cohorts/<int:pk>/surveys/<int:survey_pk>/reopen/",
        views_surveys.survey_reopen_view,
        name="survey_reopen",
    ),
]

# --- the influencing report: its versions and a new one (evaluation.views_report) ---
from .views import report as views_report  # noqa: E402

urlpatterns += [
    path("reports/", views_report.reports, name="reports"),
    path("reports/new/", views_report.report_new, name="report_new"),
]

# --- the evaluation dashboard and recognition (evaluation.views_dashboard, .views_recognition) ---
from .views import dashboard as views_dashboard  # noqa: E402
from .views import recognition as views_recognition  # noqa: E402

urlpatterns += [
    path("", views_dashboard.dashboard, name="dashboard"),
    path("cohorts/<int:pk>/", views_dashboard.cohort_dashboard, name="cohort_dashboard"),
    path("recognition/", views_recognition.recognition, name="recognition"),
    path("recognition/new/", views_recognition.recognition_new, name="recognition_new"),
    path("recognition/<int:pk>/edit/", views_recognition.recognition_edit, name="recognition_edit"),
    path(
        "recognition/<int:pk>/delete/",
        views_recognition.recognition_delete_page,
        name="recognition_delete",
    ),
]
