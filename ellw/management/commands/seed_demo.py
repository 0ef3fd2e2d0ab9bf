from django.core.management.base import BaseCommand

from ellw.demo import demo_seed


class Command(BaseCommand):
    help = (
        "Create demo staff, link workers, PCNs, cohorts and applications. "
        "Safe to run more than once."
    )

    def handle(self, *args, **options):
        result = demo_seed()
        self.stdout.write(self.style.SUCCESS("Demo data is ready."))
        counts = ", ".join(f"{name}: {n}" for name, n in result.applications.items())
        self.stdout.write(f"Applications: {counts}.")
        if result.password is None:
            self.stdout.write("DEBUG is off, so demo people have no passwords.")
            return
        self.stdout.write(f"Demo logins (password for all: {result.password}):")
        for person in result.people:
            self.stdout.write(f"  {person.label:<15} {person.email}")
