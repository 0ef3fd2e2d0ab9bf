"""Pages outside the staff area for testimonials: the request link a person opens from our
e-mail (no account), and the token-free page it swaps to, where they write it."""

from django.urls import path

from .views import testimonials as views_testimonials

app_name = "testimonials"

urlpatterns = [
    path("write/<int:pk>/", views_testimonials.testimonial_write, name="write"),
    path("<str:token>/", views_testimonials.testimonial_link, name="link"),
]
