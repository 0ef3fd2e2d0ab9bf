from django.apps import AppConfig


class HealthConfig(AppConfig):
    name = "ellw.health"
    label = "health"
    verbose_name = "Health check"

    def ready(self) -> None:
        from django.core import checks

        from .checks import check_heartbeat_outlasts_its_interval

        checks.register(check_heartbeat_outlasts_its_interval, "health")
