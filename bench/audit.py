"""What the audit trail costs per write, and what the alternative would. Prints figures.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ellw_bench .venv/bin/python bench/audit.py [N]
    .venv/bin/python bench/audit.py                                   # SQLite in memory

Creates a throw-away test database, makes N applications, and times N status changes (one
UPDATE each, in its own transaction, as a request would be) four ways:

- no audit at all (the floor);
- the way the service records: `audit_record` writes one row beside the change (django-
  auditlog's model, one INSERT);
- auditlog's automatic registration of the model (what it does for roles): before the save
  it reads the old row to diff it, then writes the row (a SELECT and an INSERT);
- on PostgreSQL, a trigger of the shape django-pghistory installs: AFTER UPDATE, insert the
  new row as JSON into an event table, inside the statement.

The figure is the median per write over N writes, after a warm-up.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ellw.settings.test")

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402

TRIGGER = """
CREATE TABLE bench_application_event (
    id bigserial PRIMARY KEY, pgh_created_at timestamptz NOT NULL DEFAULT now(),
    pgh_obj_id bigint NOT NULL, pgh_label text NOT NULL, pgh_data jsonb NOT NULL
);
CREATE FUNCTION bench_application_event() RETURNS trigger AS $$
BEGIN
    INSERT INTO bench_application_event (pgh_obj_id, pgh_label, pgh_data)
    VALUES (NEW.id, 'status_changed', to_jsonb(NEW));
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER bench_application_event AFTER UPDATE ON applications_application
    FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status)
    EXECUTE FUNCTION bench_application_event();
"""
UNTRIGGER = """
DROP TRIGGER bench_application_event ON applications_application;
DROP FUNCTION bench_application_event();
DROP TABLE bench_application_event;
"""


def per_write(applications, write) -> float:
    """Median ms of one status change in its own transaction."""
    samples = []
    for i, application in enumerate(applications):
        application.status = "rejected" if i % 2 else "waitlisted"
        start = time.perf_counter()
        with transaction.atomic():
            write(application)
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples[5:])


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 500
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        from auditlog.registry import auditlog

        from applications.models import Application
        from ellw.audit.enums import AuditEvent
        from ellw.audit.models import AuditEntry
        from ellw.audit.services import audit_record
        from tests.factories import ApplicationFactory, StaffFactory

        actor = StaffFactory()
        applications = ApplicationFactory.create_batch(count, status="endorsed")

        def plain(application):
            application.save(update_fields=["status", "updated_at"])

        def explicit(application):
            application.save(update_fields=["status", "updated_at"])
            audit_record(
                event=AuditEvent.APPLICATION_STATUS_CHANGED,
                target=application,
                actor=actor,
                details={"to": application.status},
            )

        rows = [("No audit (the floor)", per_write(applications, plain))]
        before = AuditEntry.objects.count()
        rows.append(("audit_record: one row beside the change", per_write(applications, explicit)))
        assert AuditEntry.objects.count() - before == count
        auditlog.register(Application, include_fields=["status"])
        try:
            rows.append(("auditlog registration: read old row, diff, write row",
                         per_write(applications, plain)))  # fmt: skip
        finally:
            auditlog.unregister(Application)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(TRIGGER, None)
            try:
                rows.append(("Trigger as django-pghistory installs it",
                             per_write(applications, plain)))  # fmt: skip
            finally:
                with connection.cursor() as cursor:
                    cursor.execute(UNTRIGGER, None)
        floor = rows[0][1]
        print(f"{count} status changes, {connection.vendor}; median per write")
        print(f"{'':54} {'ms':>7} {'added':>7}")
        for label, ms in rows:
            print(f"{label:54} {ms:7.3f} {ms - floor:+7.3f}")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
