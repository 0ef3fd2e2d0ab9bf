"""Staff pages for running cohorts, under /staff/cohorts/ (namespace staff:cohorts:…).
Each part of a cohort's life adds its paths here."""

from django.urls import path  # noqa: F401

app_name = "cohorts"

urlpatterns: list = []

# The timetable (issue 7): sessions of a cohort.
from . import views_timetable  # noqa: E402

urlpatterns += [
    path("<int:pk>/timetable/", views_timetable.timetable, name="timetable"),
    path("<int:pk>/timetable/new/", views_timetable.session_new, name="session_new"),
    path("sessions/<int:pk>/edit/", views_timetable.session_edit, name="session_edit"),
    path(
        "sessions/<int:pk>/delete/",
        views_timetable.session_delete_confirm,
        name="session_delete",
    ),
]

# Cohort set-up and overview (issue 7).
from . import views_setup  # noqa: E402

urlpatterns += [
    path("new/", views_setup.cohort_create_page, name="create"),
    path("<int:pk>/", views_setup.cohort_detail, name="detail"),
    path("<int:pk>/edit/", views_setup.cohort_edit, name="edit"),
]

# Action learning sets and the attendance register (issue 7).
from . import views_register, views_sets  # noqa: E402

urlpatterns += [
    path("<int:pk>/sets/", views_sets.sets, name="sets"),
    path("<int:pk>/sets/assign/", views_sets.sets_assign, name="sets_assign"),
    path("<int:pk>/sets/new/", views_sets.set_new, name="set_new"),
    path("<int:pk>/sets/suggest/", views_sets.sets_suggest, name="sets_suggest"),
    path("sets/<int:pk>/edit/", views_sets.set_edit, name="set_edit"),
    path("sets/<int:pk>/delete/", views_sets.set_delete, name="set_delete"),
    path("sessions/<int:pk>/register/", views_register.register, name="register"),
    path("<int:pk>/attendance/", views_register.attendance_overview, name="attendance"),
]

# The completion rule and graduation (issue 7).
from . import views_graduation  # noqa: E402

urlpatterns += [
    path("<int:pk>/graduation/", views_graduation.graduation, name="graduation"),
    path(
        "<int:pk>/graduation/confirm/",
        views_graduation.graduation_confirm,
        name="graduation_confirm",
    ),
    path(
        "<int:pk>/graduation/<int:enrolment_pk>/override/",
        views_graduation.graduation_override,
        name="graduation_override",
    ),
    path(
        "<int:pk>/graduation/<int:enrolment_pk>/undo/",
        views_graduation.graduation_undo,
        name="graduation_undo",
    ),
]

# Certificates (issue 8).
from . import views_certificates  # noqa: E402

urlpatterns += [
    path("<int:pk>/certificates/", views_certificates.certificates, name="certificates"),
    path(
        "<int:pk>/certificates/issue/",
        views_certificates.certificates_issue,
        name="certificates_issue",
    ),
    path(
        "<int:pk>/certificates/print/",
        views_certificates.certificates_print,
        name="certificates_print",
    ),
    path(
        "<int:pk>/certificates/<int:certificate_pk>/revoke/",
        views_certificates.certificate_revoke_page,
        name="certificate_revoke",
    ),
    path(
        "<int:pk>/certificates/<int:certificate_pk>/reissue/",
        views_certificates.certificate_reissue_page,
        name="certificate_reissue",
    ),
]
