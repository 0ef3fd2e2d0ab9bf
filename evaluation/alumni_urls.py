"""Pages outside the staff area for alumni: the update link a graduate opens from our e-mail
(no log-in needed), and the token-free page it swaps to, where they answer."""

from django.urls import path

from .views import alumni as views_alumni

app_name = "alumni"

urlpatterns = [
    path("update/<int:pk>/", views_alumni.alumni_update_write, name="update"),
    path("<str:token>/", views_alumni.alumni_update_link, name="link"),
]
