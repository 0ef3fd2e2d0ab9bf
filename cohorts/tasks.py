"""Celery interfaces to the periodic cohort services."""

from celery import shared_task

from .services.timetable import session_reminders_send


@shared_task(name="cohorts.send_session_reminders", ignore_result=True, time_limit=600)
def session_reminders_send_task() -> None:
    session_reminders_send()
