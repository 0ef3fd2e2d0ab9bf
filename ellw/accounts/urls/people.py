"""The staff people page, under /staff/people/ (namespace staff:people:…)."""

from django.urls import path

from ellw.accounts import views

app_name = "people"

urlpatterns = [
    path("", views.people, name="list"),
    path("<int:pk>/remove/<slug:role>/", views.remove_role, name="remove"),
]
