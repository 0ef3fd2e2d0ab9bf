from django.apps import AppConfig


class RetentionConfig(AppConfig):
    name = "ellw.retention"
    label = "retention"
    verbose_name = "Data retention"
