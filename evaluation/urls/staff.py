"""Staff pages for evaluating the programme, under /staff/evaluation/ (namespace
staff:evaluation:…), concept by concept."""

from django.urls import path

from evaluation.views import alumni, dashboard, recognition, report, surveys, testimonials

app_name = "evaluation"

urlpatterns = [
    # testimonials and alumni outcomes
    path("testimonials/", testimonials.testimonials, name="testimonials"),
    path(
        "testimonials/record/",
        testimonials.testimonial_record_page,
        name="testimonial_record",
    ),
    path(
        "testimonials/request/",
        testimonials.testimonial_request_page,
        name="testimonial_request",
    ),
    path(
        "testimonials/<int:pk>/",
        testimonials.testimonial_detail_page,
        name="testimonial_detail",
    ),
    path(
        "testimonials/<int:pk>/edit/",
        testimonials.testimonial_edit_page,
        name="testimonial_edit",
    ),
    path(
        "testimonials/<int:pk>/approve/",
        testimonials.testimonial_approve_page,
        name="testimonial_approve",
    ),
    path(
        "testimonials/<int:pk>/not-used/",
        testimonials.testimonial_not_used_page,
        name="testimonial_not_used",
    ),
    path("alumni/", alumni.alumni_outcomes, name="alumni"),
    path("alumni/<int:pk>/", alumni.alumni_update_detail, name="alumni_update"),
    path("alumni/<int:pk>/send-again/", alumni.alumni_request_resend, name="alumni_resend"),
    # surveys: a cohort's response rates and the lead's actions
    path("cohorts/<int:pk>/surveys/", surveys.cohort_surveys, name="cohort_surveys"),
    path(
        "cohorts/<int:pk>/surveys/<int:survey_pk>/remind/",
        surveys.survey_remind_view,
        name="survey_remind",
    ),
    path(
        "cohorts/<int:pk>/surveys/<int:survey_pk>/close/",
        surveys.survey_close_view,
        name="survey_close",
    ),
    path(
        "cohorts/<int:pk>/surveys/<int:survey_pk>/reopen/",
        surveys.survey_reopen_view,
        name="survey_reopen",
    ),
    # the influencing report: its versions and a new one
    path("reports/", report.reports, name="reports"),
    path("reports/new/", report.report_new, name="report_new"),
    # the evaluation dashboard and recognition
    path("", dashboard.dashboard, name="dashboard"),
    path("cohorts/<int:pk>/", dashboard.cohort_dashboard, name="cohort_dashboard"),
    path("recognition/", recognition.recognition, name="recognition"),
    path("recognition/new/", recognition.recognition_new, name="recognition_new"),
    path("recognition/<int:pk>/edit/", recognition.recognition_edit, name="recognition_edit"),
    path(
        "recognition/<int:pk>/delete/",
        recognition.recognition_delete_page,
        name="recognition_delete",
    ),
]
