from django.apps import AppConfig


class MailConfig(AppConfig):
    name = "ellw.mail"
    label = "mail"
    verbose_name = "Mail outbox"

    def ready(self) -> None:
        from django.core import checks

        from .checks import check_email_backend, check_stale_claim_outlasts_sends

        checks.register(check_email_backend, "mail", deploy=True)
        checks.register(check_stale_claim_outlasts_sends, "mail")
