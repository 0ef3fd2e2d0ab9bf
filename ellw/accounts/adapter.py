"""allauth hooks: its e-mails go through our outbox like every other e-mail."""

from allauth.account.adapter import DefaultAccountAdapter
from django.urls import reverse

from ellw.mail.services import email_queue_message


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        message = self.render_mail(template_prefix, email, context)
        email_queue_message(message=message, template=template_prefix)

    def get_login_redirect_url(self, request) -> str:
        if request.user.has_perm("accounts.access_staff_area"):
            return reverse("staff:dashboard")
        return super().get_login_redirect_url(request)
