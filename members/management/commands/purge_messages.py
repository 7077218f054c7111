"""Delete the contact relay's messages past ``MESSAGE_RETENTION_DAYS`` and the unconfirmed
ones whose link expired. Production runs it daily (README: the contact relay)."""

from django.core.management.base import BaseCommand

from members.relay import purge_messages


class Command(BaseCommand):
    help = "Delete messages through the site past their retention, and expired unconfirmed ones."

    def handle(self, *args, **options):
        count = purge_messages()
        if options["verbosity"]:
            self.stdout.write(f"{count} messages deleted.")
