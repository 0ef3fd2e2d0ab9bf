"""Pages outside the staff area for alumni: the update link a graduate opens from our e-mail
(no log-in needed), and the token-free page it swaps to, where they answer."""

from django.urls import path

from evaluation.views import alumni

app_name = "alumni"

urlpatterns = [
    path("update/<int:pk>/", alumni.alumni_update_write, name="update"),
    path("<str:token>/", alumni.alumni_update_link, name="link"),
]
