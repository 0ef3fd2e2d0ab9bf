from django.apps import AppConfig


class ModulesConfig(AppConfig):
    name = "modules"
    verbose_name = "Skill modules"

    def ready(self) -> None:
        # The programme page lists the modules: a change makes every process's copy stale.
        from django.db.models.signals import post_delete, post_save

        from ellw.cache import public_pages_changed

        from .models import Module

        post_save.connect(public_pages_changed, sender=Module, dispatch_uid="public-module")
        post_delete.connect(public_pages_changed, sender=Module, dispatch_uid="public-module")
