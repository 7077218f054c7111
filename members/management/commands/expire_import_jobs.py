"""Fail the import jobs whose preview waited longer than ``IMPORT_JOB_CONFIRM_DAYS`` for a
confirmation, dropping their files. Production runs it daily (README: Running in
production)."""

from django.core.management.base import BaseCommand

from members.import_jobs import expire_unconfirmed


class Command(BaseCommand):
    help = "Fail import jobs never confirmed in time, and drop their files."

    def handle(self, *args, **options):
        count = expire_unconfirmed()
        if options["verbosity"]:
            self.stdout.write(f"{count} import jobs expired.")
