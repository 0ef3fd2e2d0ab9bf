from django.apps import AppConfig


class EllwConfig(AppConfig):
    name = "ellw"
    verbose_name = "ELLW Cohorts"
