from django.contrib import admin
from django.urls import include, path

from applications import views as application_views
from cohorts import views as cohort_views

from . import views

admin.site.site_header = "ELLW Cohorts administration"
admin.site.site_title = "ELLW Cohorts"

staff_patterns = [
    path("", cohort_views.staff_dashboard, name="dashboard"),
    path("applications/", include("applications.staff_urls")),
]

urlpatterns = [
    path("", views.home, name="home"),
    path("accessibility/", views.accessibility_statement, name="accessibility"),
    path("privacy/", views.privacy_notice, name="privacy"),
    path("contact/", views.contact, name="contact"),
    path("cohorts/", include("cohorts.urls")),
    path("applications/", include("applications.urls")),
    path("endorse/<str:token>/", application_views.endorsement, name="endorsement"),
    path("staff/", include((staff_patterns, "staff"))),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
]

handler400 = "ellw.views.bad_request"
handler403 = "ellw.views.permission_denied"
handler404 = "ellw.views.page_not_found"
handler500 = "ellw.views.server_error"
