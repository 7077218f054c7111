"""Load the library's seed publications from ``publications/data/publications.json``."""

import json
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from publications.services import load_publications

DEFAULT_FILE = Path(__file__).resolve().parents[2] / "data" / "publications.json"


class Command(BaseCommand):
    help = (
        "Create the seed series and publications (WASL's first policy brief) from the data "
        "file. Run after load_networks. Safe to run again: existing publications are left as "
        "curators edited them unless --update is given; uploaded files are never touched."
    )

    def add_arguments(self, parser):
        parser.add_argument("--file", type=Path, default=DEFAULT_FILE,
                            help="JSON data file (default: the one shipped with the product).")
        parser.add_argument("--update", action="store_true",
                            help="Overwrite existing seed publications with the file's text.")

    def handle(self, *args, file, update, **options):
        try:
            data = json.loads(file.read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            raise CommandError(f"Cannot read {file}: {error}") from error
        try:
            created, updated = load_publications(data, update=update)
        except (KeyError, TypeError, ValueError, ValidationError) as error:
            raise CommandError(f"{file} is not a valid publications file: {error}") from error
        if options["verbosity"] >= 1:
            self.stdout.write(self.style.SUCCESS(
                _("Publications loaded: %(created)d created, %(updated)d updated.")
                % {"created": created, "updated": updated}))
