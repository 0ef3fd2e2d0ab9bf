from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "ellw.documents"
    label = "documents"
    verbose_name = "Generated documents"

    def ready(self) -> None:
        from django.core import checks

        from .checks import (
            check_fonts_installed,
            check_reproducible_font_subsets,
            check_s3_storage_installed,
            check_stale_claim_outlasts_renders,
        )

        checks.register(check_fonts_installed, "documents")
        checks.register(check_stale_claim_outlasts_renders, "documents")
        checks.register(check_s3_storage_installed, "documents")
        checks.register(check_reproducible_font_subsets, "documents", deploy=True)
