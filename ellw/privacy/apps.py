from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "ellw.privacy"
    label = "privacy"
    verbose_name = "People's rights over their data"
