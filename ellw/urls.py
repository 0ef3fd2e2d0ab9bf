from django.contrib import admin
from django.urls import include, path

from applications import selectors as application_selectors
from applications.views import endorsement as endorsement_views
from cohorts import selectors as cohort_selectors
from cohorts.views import cohorts as cohort_views
from cohorts.views import participant as cohort_calendar_views
from ellw.health import views as health_views
from modules import views as module_views

from . import views

staff_patterns = [
    path(
        "",
        cohort_views.staff_dashboard,
        {"cohorts": application_selectors.cohort_list_with_decision_counts},
        name="dashboard",
    ),
    path("applications/", include("applications.urls.staff")),
    path("cohorts/", include("cohorts.urls.staff")),
    path("modules/", include("modules.urls")),
    path("people/", include("ellw.accounts.urls.people")),
    path("emails/", include("ellw.mail.urls")),
    path("audit/", include("ellw.audit.urls")),
    path("retention/", include("ellw.retention.urls")),
    path("privacy/", include("ellw.privacy.urls.staff")),
    path("evaluation/", include("evaluation.urls.staff")),
]

urlpatterns = [
    path(
        "",
        views.home,
        {"open_cohorts": cohort_selectors.cohort_list_open_for_applications},
        name="home",
    ),
    path("accessibility/", views.accessibility_statement, name="accessibility"),
    path("privacy/", views.privacy_notice, name="privacy"),
    path("contact/", views.contact, name="contact"),
    path("your-data/", include("ellw.privacy.urls.person")),
    path("programme/", module_views.programme, name="programme"),
    path("cohorts/", include("cohorts.urls.public")),
    path("applications/", include("applications.urls.applicant")),
    path("my-programme/", include("cohorts.urls.participant")),
    path("documents/", include("ellw.documents.urls")),
    path("verify/", include("cohorts.urls.verification")),
    path("surveys/", include("evaluation.urls.surveys")),
    path("testimonials/", include("evaluation.urls.testimonials")),
    path("alumni/", include("evaluation.urls.alumni")),
    path("endorse/<str:token>/", endorsement_views.endorsement, name="endorsement"),
    path("calendar/<str:token>.ics", cohort_calendar_views.calendar_feed, name="calendar_feed"),
    path(
        "endorse/review/<int:pk>/",
        endorsement_views.endorsement_review,
        name="endorsement_review",
    ),
    path("staff/", include((staff_patterns, "staff"))),
    path("session/", include("ellw.accounts.urls.sessions")),
    path("accounts/2fa/", include("ellw.accounts.urls.authenticators")),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    # No trailing slash: what load balancers and monitors ask for by convention.
    path("healthz", health_views.healthz, name="healthz"),
]

handler400 = "ellw.views.bad_request"
handler403 = "ellw.views.permission_denied"
handler404 = "ellw.views.page_not_found"
handler500 = "ellw.views.server_error"
