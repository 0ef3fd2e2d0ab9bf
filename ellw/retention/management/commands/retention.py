from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from ellw.retention.kinds import retention_kinds
from ellw.retention.selectors import retention_due
from ellw.retention.services import retention_run


class Command(BaseCommand):
    help = (
        "Delete or anonymise what is past its retention period (settings.ELLW_RETENTION_KINDS), "
        "each kind in its own transaction, recorded in the audit trail. With --dry-run, "
        "print what would go, by kind, and change nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Print the counts; change nothing."
        )

    def handle(self, *args, dry_run: bool = False, **options):
        now = timezone.now()
        if dry_run:
            for row in retention_due(now):
                self.stdout.write(
                    f"{row.kind.key}: {row.count} would be {row.kind.action} "
                    f"({row.kind.label}, kept {row.period})"
                )
            return
        kinds = {kind.key: kind for kind in retention_kinds()}
        result = retention_run(now=now)
        for key, count in result.counts.items():
            self.stdout.write(f"{key}: {count} {kinds[key].action}")
        for key in result.skipped:
            self.stdout.write(f"{key}: left to another run purging it now")
        if result.failed:
            raise CommandError(f"Retention purge failed for: {', '.join(result.failed)}")
