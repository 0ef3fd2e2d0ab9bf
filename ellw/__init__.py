"""ELLW Cohorts: configuration and the shared plumbing (accounts, mail outbox, documents)."""

from .celery import app as celery_app

__all__ = ("celery_app",)
