from django.contrib import admin
from django.urls import include, path

from applications import selectors as application_selectors
from applications import views as application_views
from cohorts import views as cohort_views
from cohorts import views_participant as cohort_calendar_views
from modules import views as module_views

from . import views

staff_patterns = [
    path(
        "",
        cohort_views.staff_dashboard,
        {"cohorts": application_selectors.cohort_list_with_decision_counts},
        name="dashboard",
    ),
    path("applications/", include("applications.staff_urls")),
    path("cohorts/", include("cohorts.staff_urls")),
    path("modules/", include("modules.staff_urls")),
    path("people/", include("ellw.accounts.urls")),
    path("emails/", include("ellw.mail.urls")),
    path("evaluation/", include("evaluation.urls.staff")),
]

urlpatterns = [
    path("", views.home, name="home"),
    path("accessibility/", views.accessibility_statement, name="accessibility"),
    path("privacy/", views.privacy_notice, name="privacy"),
    path("contact/", views.contact, name="contact"),
    path("programme/", module_views.programme, name="programme"),
    path("cohorts/", include("cohorts.urls")),
    path("applications/", include("applications.urls")),
    path("my-programme/", include("cohorts.participant_urls")),
    path("documents/", include("ellw.documents.urls")),
    path("verify/", include("cohorts.verify_urls")),
    path("surveys/", include("evaluation.urls.surveys")),
    path("testimonials/", include("evaluation.urls.testimonials")),
    path("alumni/", include("evaluation.urls.alumni")),
    path("endorse/<str:token>/", application_views.endorsement, name="endorsement"),
    path("calendar/<str:token>.ics", cohort_calendar_views.calendar_feed, name="calendar_feed"),
    path(
        "endorse/review/<int:pk>/",
        application_views.endorsement_review,
        name="endorsement_review",
    ),
    path("staff/", include((staff_patterns, "staff"))),
    path("accounts/2fa/", include("ellw.accounts.mfa_urls")),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
]

handler400 = "ellw.views.bad_request"
handler403 = "ellw.views.permission_denied"
handler404 = "ellw.views.page_not_found"
handler500 = "ellw.views.server_error"
