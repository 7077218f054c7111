"""Load the real WASL and ICSSI content from ``network/data/networks.json``."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from network.services import load_networks

DEFAULT_FILE = Path(__file__).resolve().parents[2] / "data" / "networks.json"


class Command(BaseCommand):
    help = (
        "Create the networks, charter values, approach, tracks and milestones from the data "
        "file. Safe to run again: existing records are left as curators edited them unless "
        "--update is given."
    )

    def add_arguments(self, parser):
        parser.add_argument("--file", type=Path, default=DEFAULT_FILE,
                            help="JSON data file (default: the one shipped with the product).")
        parser.add_argument("--update", action="store_true",
                            help="Overwrite existing records with the file's text.")

    def handle(self, *args, file, update, **options):
        try:
            data = json.loads(file.read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            raise CommandError(f"Cannot read {file}: {error}") from error
        try:
            counts = load_networks(data, update=update)
        except (KeyError, TypeError, ValueError) as error:
            raise CommandError(f"{file} is not a valid networks file: {error!r}") from error
        if options["verbosity"] < 1:
            return
        self.stdout.write(self.style.SUCCESS(_("Networks loaded.")))
        for name, (created, updated) in counts.items():
            self.stdout.write("  " + _("%(model)s: %(created)d created, %(updated)d updated")
                              % {"model": name, "created": created, "updated": updated})
