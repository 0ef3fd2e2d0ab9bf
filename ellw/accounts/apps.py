from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "ellw.accounts"
    label = "accounts"
    verbose_name = "Accounts"
