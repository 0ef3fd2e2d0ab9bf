from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from ellw.celery import app


class Command(BaseCommand):
    help = (
        "Run every periodic task in CELERY_BEAT_SCHEDULE once, now, in this process: "
        "endorsement reminders, lapsing offers, re-sending e-mails. For a laptop without "
        "Redis and beat; each task is safe to run at any time."
    )

    def add_arguments(self, parser):
        parser.add_argument("names", nargs="*", help="Only these task names.")

    def handle(self, *args, names: list[str], **options):
        app.loader.import_default_modules()
        scheduled = [entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()]
        unknown = sorted(set(names) - set(scheduled))
        if unknown:
            raise CommandError(
                f"Not a periodic task: {', '.join(unknown)}. "
                f"Periodic tasks are: {', '.join(scheduled)}."
            )
        for name in names or scheduled:
            result = app.tasks[name].apply()
            if result.failed():
                raise CommandError(f"{name} failed: {result.result!r}")
            self.stdout.write(f"Ran {name}.")
