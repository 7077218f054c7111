"""``manage.py send_checkin_requests``: the yearly check-in mail to the managers of each
organisation not checked for ``FRESHNESS_DAYS`` (members/freshness.py).

Production runs it once a week (README, "Running in production"), e.g. from cron:
``30 7 * * 1 cd /srv/directory && .venv/bin/python manage.py send_checkin_requests``.
"""

from django.core.management.base import BaseCommand

from members.freshness import send_checkin_requests


class Command(BaseCommand):
    help = "Ask the managers of organisations not checked for a year to check them."

    def handle(self, *args, **options):
        count = send_checkin_requests()
        self.stdout.write(f"Organisations whose managers were asked: {count}")
