"""Import organisations (or memberships) from a CSV or XLSX spreadsheet: every row or none.

Prints each row's outcome and every error with its spreadsheet row number (the header is
row 1). An operator tool: it may add organisations to any network.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from members.import_jobs import ProgressMembershipResource, ProgressOrganisationResource
from members.resources import ImportFileError, Limits, read_dataset
from network.core.progress import progress_bar
from network.models import Network

#: Rows between two moves of the progress bar.
BAR_EVERY = 100


class Command(BaseCommand):
    # Help in English, as in the project's other commands; what the command reports is
    # translated.
    help = ("Import organisations from a CSV (UTF-8) or XLSX spreadsheet. Nothing is "
            "imported unless every row is valid.")

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="The .csv or .xlsx file.")
        parser.add_argument("--network", metavar="SLUG",
                            help="Make every organisation in the file a member of this "
                                 "network (for memberships: the network of rows that name "
                                 "none).")
        parser.add_argument("--dry-run", action="store_true",
                            help="Show what would be imported; save nothing.")
        parser.add_argument("--memberships", action="store_true",
                            help="The file lists memberships (organisation, network, role, "
                                 "since, until), not organisations.")

    def handle(self, *args, file, network, dry_run, memberships, **options):
        if network:
            try:
                network = Network.objects.get(slug=network)
            except Network.DoesNotExist:
                raise CommandError(_("There is no network with the slug %(slug)s.")
                                   % {"slug": network}) from None
        try:
            # Refused before reading a byte when larger than the limit.
            Limits.from_settings().check_size(file.stat().st_size)
            dataset = read_dataset(file.read_bytes(), file.name)
        except OSError as error:
            raise CommandError(_("Cannot read %(file)s: %(error)s")
                               % {"file": file, "error": error.strerror or error}) from error
        except ImportFileError as error:
            raise CommandError(f"{file}: {error}") from error

        resource_class = (ProgressMembershipResource if memberships
                          else ProgressOrganisationResource)
        # A bar over the rows checked (and, for memberships, saved) on stderr; the bulk
        # write of organisations comes after.
        with progress_bar(total=len(dataset), verbosity=options["verbosity"],
                          unit=_("rows")) as bar:
            resource = resource_class(network=network, all_networks=True, every=BAR_EVERY,
                                      on_progress=lambda done: bar.update(done - bar.n))
            result = resource.import_data(dataset, dry_run=dry_run)

        if result.file_errors():
            raise CommandError(f"{file}: " + " ".join(result.file_errors()))
        invalid = 0
        for outcome in result.outcomes():
            self.stdout.write(_("Row %(number)d: %(outcome)s — %(name)s")
                              % {"number": outcome.number, "outcome": outcome.label,
                                 "name": outcome.name})
            for message in outcome.errors:
                self.stdout.write("    " + _("Row %(number)d: %(error)s")
                                  % {"number": outcome.number, "error": message})
            for duplicate in outcome.duplicates:  # a dry run's, as the admin's preview
                self.stdout.write("    " + _("May duplicate %(record)s (%(reasons)s)") % {
                    "record": duplicate.name or _("row %(number)s of this file")
                    % {"number": duplicate.row},
                    "reasons": pgettext("between the reasons of a possible duplicate", "; ")
                    .join(str(reason) for reason in duplicate.reasons)})
            invalid += bool(outcome.errors)
        if invalid or not result.is_valid():
            raise CommandError(ngettext(
                "%(count)d row has errors: nothing was imported.",
                "%(count)d rows have errors: nothing was imported.", invalid)
                % {"count": invalid})

        counts = {"new": result.totals["new"], "update": result.totals["update"],
                  "skip": result.totals["skip"]}
        if dry_run:
            self.stdout.write(_("Dry run, nothing was saved. New: %(new)d, to update: "
                                "%(update)d, unchanged or blank: %(skip)d.") % counts)
        else:
            self.stdout.write(self.style.SUCCESS(
                _("Imported. New: %(new)d, updated: %(update)d, unchanged or blank: %(skip)d.")
                % counts))
