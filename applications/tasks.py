"""Celery interfaces to the periodic application services."""

from celery import shared_task

from .services import endorsement_reminders_send, offers_lapse_expired


@shared_task(name="applications.send_endorsement_reminders", ignore_result=True, time_limit=600)
def endorsement_reminders_send_task() -> None:
    endorsement_reminders_send()


@shared_task(name="applications.lapse_expired_offers", ignore_result=True, time_limit=600)
def offers_lapse_expired_task() -> None:
    offers_lapse_expired()
