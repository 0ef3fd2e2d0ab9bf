from django.apps import AppConfig


class HealthConfig(AppConfig):
    name = "ellw.health"
    label = "health"
    verbose_name = "Health check"
