from django.urls import path

from . import views

app_name = "cohorts"

urlpatterns = [
    path("", views.open_cohort_list, name="open"),
]
