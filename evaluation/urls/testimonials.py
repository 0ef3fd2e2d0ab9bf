"""Pages outside the staff area for testimonials: the request link a person opens from our
e-mail (no account), and the token-free page it swaps to, where they write it."""

from django.urls import path

from evaluation.views import testimonials

app_name = "testimonials"

urlpatterns = [
    path("write/<int:pk>/", testimonials.testimonial_write, name="write"),
    path("<str:token>/", testimonials.testimonial_link, name="link"),
]
