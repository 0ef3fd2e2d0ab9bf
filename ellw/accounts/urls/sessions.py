"""The staff idle timeout's two addresses, under /session/: the warning's "Stay signed in"
and the page shown after an idle sign-out."""

from django.urls import path

from ellw.accounts import views

urlpatterns = [
    path("keep-alive/", views.session_keep_alive, name="session_keep_alive"),
    path("signed-out/", views.signed_out_idle, name="signed_out_idle"),
]
