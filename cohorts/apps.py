from django.apps import AppConfig


class CohortsConfig(AppConfig):
    name = "cohorts"
    verbose_name = "Cohorts"

    def ready(self) -> None:
        # The public pages (home, the cohorts open for applications) show cohorts and the
        # roles that may apply: a change to either makes every process's copy stale.
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from ellw.cache import public_pages_changed

        from .models import Cohort, Role

        for model in (Cohort, Role):
            post_save.connect(public_pages_changed, sender=model, dispatch_uid=f"public-{model}")
            post_delete.connect(public_pages_changed, sender=model, dispatch_uid=f"public-{model}")
        m2m_changed.connect(
            public_pages_changed,
            sender=Cohort.eligible_roles.through,
            dispatch_uid="public-cohort-roles",
        )
