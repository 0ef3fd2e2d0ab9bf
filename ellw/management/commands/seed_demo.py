from django.core.management.base import BaseCommand, CommandError

from ellw.demo import demo_database_is_demo_only, demo_seed


class Command(BaseCommand):
    help = (
        "Create demo staff and link workers, then each app's demo data (PCNs, cohorts, "
        "modules' partners and speakers, applications, timetables, sets, attendance). "
        "Safe to run more than once. Refuses a database that holds real accounts."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--add-to-existing",
            action="store_true",
            help="Add the demo data to a database that holds other accounts, "
            "without setting any password.",
        )

    def handle(self, *args, add_to_existing: bool = False, **options):
        demo_only = demo_database_is_demo_only()
        if not demo_only and not add_to_existing:
            raise CommandError(
                "This database holds accounts that seed_demo did not create, so it may be a "
                "real one: seed_demo would give demo staff a published password. Nothing was "
                "changed. Point DATABASE_URL at a new database, or pass --add-to-existing to "
                "add demo data with no passwords."
            )
        result = demo_seed(with_passwords=demo_only)
        self.stdout.write(self.style.SUCCESS("Demo data is ready."))
        for line in result.summary:
            self.stdout.write(line)
        if result.password is None:
            self.stdout.write(
                "Demo people have no passwords (DEBUG is off, or the database holds other "
                "accounts)."
            )
            return
        self.stdout.write(f"Demo logins (password for all: {result.password}):")
        for person in result.people:
            self.stdout.write(f"  {person.label:<15} {person.email}")
