"""Staff pages for running cohorts, under /staff/cohorts/ (namespace staff:cohorts:…)."""

from django.urls import path

from cohorts.views import attendance, certificates, graduation, sets, setup, timetable

app_name = "cohorts"

urlpatterns = [
    path("<int:pk>/timetable/", timetable.timetable, name="timetable"),
    path("<int:pk>/timetable/new/", timetable.session_new, name="session_new"),
    path("sessions/<int:pk>/edit/", timetable.session_edit, name="session_edit"),
    path(
        "sessions/<int:pk>/delete/",
        timetable.session_delete_confirm,
        name="session_delete",
    ),
    path("new/", setup.cohort_create_page, name="create"),
    path("<int:pk>/", setup.cohort_detail, name="detail"),
    path("<int:pk>/edit/", setup.cohort_edit, name="edit"),
    path("<int:pk>/sets/", sets.sets, name="sets"),
    path("<int:pk>/sets/assign/", sets.sets_assign, name="sets_assign"),
    path("<int:pk>/sets/new/", sets.set_new, name="set_new"),
    path("<int:pk>/sets/suggest/", sets.sets_suggest, name="sets_suggest"),
    path("sets/<int:pk>/edit/", sets.set_edit, name="set_edit"),
    path("sets/<int:pk>/delete/", sets.set_delete, name="set_delete"),
    path("sessions/<int:pk>/register/", attendance.register, name="register"),
    path("<int:pk>/attendance/", attendance.attendance_overview, name="attendance"),
    path("<int:pk>/graduation/", graduation.graduation, name="graduation"),
    path(
        "<int:pk>/graduation/confirm/",
        graduation.graduation_confirm,
        name="graduation_confirm",
    ),
    path(
        "<int:pk>/graduation/<int:enrolment_pk>/override/",
        graduation.graduation_override,
        name="graduation_override",
    ),
    path(
        "<int:pk>/graduation/<int:enrolment_pk>/undo/",
        graduation.graduation_undo,
        name="graduation_undo",
    ),
    path("<int:pk>/certificates/", certificates.certificates, name="certificates"),
    path(
        "<int:pk>/certificates/issue/",
        certificates.certificates_issue,
        name="certificates_issue",
    ),
    path(
        "<int:pk>/certificates/print/",
        certificates.certificates_print,
        name="certificates_print",
    ),
    path(
        "<int:pk>/certificates/<int:certificate_pk>/revoke/",
        certificates.certificate_revoke_page,
        name="certificate_revoke",
    ),
    path(
        "<int:pk>/certificates/<int:certificate_pk>/reissue/",
        certificates.certificate_reissue_page,
        name="certificate_reissue",
    ),
]
