from django.apps import AppConfig


class MailConfig(AppConfig):
    name = "ellw.mail"
    label = "mail"
    verbose_name = "Mail outbox"
