"""``manage.py send_consent_reminders``: the weekly consent reminders (members/reminders.py).

Production runs it once a week (README, "Running in production"), e.g. from cron:
``0 7 * * 1 cd /srv/directory && .venv/bin/python manage.py send_consent_reminders``.
"""

from django.core.management.base import BaseCommand

from members.reminders import send_consent_reminders


class Command(BaseCommand):
    help = ("Send renewal links to people whose consent reaches its review date soon, and "
            "each curator a digest of the consents due or lapsed in her networks.")

    def handle(self, *args, **options):
        people, curators = send_consent_reminders()
        self.stdout.write(f"Renewal links sent: {people}; curators' digests sent: {curators}")
