"""One row per retention run (the daily task or `manage.py retention`): when it ran and how
many of each kind it purged, so the staff page can say when it last ran. What was purged is
also in the audit trail."""

from django.db import models


class RetentionRun(models.Model):
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField()
    # {kind: count} for every kind the run purged, zero included.
    counts = models.JSONField(default=dict)
    # Kinds another run was purging at the same moment (so this one left them), and kinds
    # whose purge failed (logged; tried again at the next run).
    skipped = models.JSONField(default=list)
    failed = models.JSONField(default=list)

    class Meta:
        ordering = ["-started_at", "-id"]
        get_latest_by = "started_at"

    def __str__(self) -> str:
        return f"Retention run {self.started_at:%Y-%m-%d %H:%M}"
