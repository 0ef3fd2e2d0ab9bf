from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "ellw.documents"
    label = "documents"
    verbose_name = "Generated documents"
