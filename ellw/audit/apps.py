from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "ellw.audit"
    label = "audit"
    verbose_name = "Audit trail"

    def ready(self) -> None:
        from . import receivers

        receivers.connect()
