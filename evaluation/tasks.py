"""Celery interfaces to the periodic evaluation services."""

from celery import shared_task

from .services.surveys import surveys_close_due, surveys_open_due, surveys_remind_due


@shared_task(name="evaluation.open_and_remind_surveys", ignore_result=True, time_limit=600)
def surveys_open_and_remind_task() -> None:
    surveys_close_due()
    surveys_open_due()
    surveys_remind_due()


# --- alumni progress (evaluation.services.alumni) ---


@shared_task(name="evaluation.request_alumni_updates", ignore_result=True, time_limit=600)
def alumni_updates_request_task() -> None:
    # Imported here so this task's block stands on its own below the surveys' task.
    from .services.alumni import alumni_updates_request

    alumni_updates_request()
