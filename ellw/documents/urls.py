"""Generated documents, under /documents/ (namespace documents:…)."""

from django.urls import path

from . import views

app_name = "documents"

urlpatterns = [
    path("<int:pk>/", views.progress, name="progress"),
    path("<int:pk>/progress/", views.progress_fragment, name="progress_fragment"),
    path("<int:pk>/download/", views.download, name="download"),
    path("<int:pk>/retry/", views.retry, name="retry"),
]
