"""Fill the directory with a clearly labelled set of invented sample organisations.

Every record gets ``is_sample=True``; names, places and descriptions come from
``members/sample_data.py``; the invented individual activists and their consents from
``members/sample_people.py`` (always the same 24, linked to sample organisations when
these exist). Samples are numbered and found again by their slug
(``sample-0001-…``), so running the command again creates nothing, and a larger
``--count`` adds only the samples that are missing. Rows are written with
``bulk_create`` in batches, each record with its first version (so that a curator's
first edit can be undone); the whole run is one transaction.
"""

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, override
from simple_history.utils import bulk_create_with_history

from members.models import Membership, Organisation
from members.sample_data import (
    DEFAULT_COUNT,
    ICSSI,
    ICSSI_TRACKS,
    SLUG_INDEX,
    SLUG_PREFIX,
    WASL,
    WASL_TRACKS,
    generate,
)
from members.sample_people import clear_sample_people, load_sample_people
from network.core import generation
from network.core.progress import progress_bar, write_beside
from network.models import Network, Track

BATCH_SIZE = 1000


class Command(BaseCommand):
    help = (
        "Create invented sample organisations (marked as sample records) with their "
        "memberships and tracks, and invented individual activists with their consents. "
        "Safe to run again: existing samples are left as they are and only missing ones "
        "are added."
    )

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, default=DEFAULT_COUNT,
                            help=f"How many samples the directory should hold "
                                 f"(default {DEFAULT_COUNT}).")
        parser.add_argument("--clear", action="store_true",
                            help="First remove every sample organisation and sample person "
                                 "(never other records).")

    def handle(self, *args, count, clear, **options):
        if count < 0:
            raise CommandError(_("The number of sample organisations cannot be negative."))
        self.verbosity = options["verbosity"]
        networks, tracks = self._networks_and_tracks()

        # One transaction for the run: a failure leaves the directory as it was, never
        # half-filled, and --clear never removes samples without putting new ones back.
        with transaction.atomic():
            if clear:
                removed_people = clear_sample_people()
                self._say(ngettext(
                    "Removed %(count)d sample individual activist and her or his consents.",
                    "Removed %(count)d sample individual activists and their consents.",
                    removed_people) % {"count": removed_people})
                removed = self._clear()
                self._say(ngettext(
                    "Removed %(count)d sample organisation and its memberships.",
                    "Removed %(count)d sample organisations and their memberships.",
                    removed) % {"count": removed})
            existing = self._existing_indexes()
            samples = [sample for sample in generate(count) if sample.index not in existing]
            already = count - len(samples)
            created = 0
            with progress_bar(total=len(samples), verbosity=self.verbosity,
                              unit=_("organisations")) as bar:
                for start in range(0, len(samples), BATCH_SIZE):
                    batch = samples[start:start + BATCH_SIZE]
                    self._create(batch, networks, tracks)
                    created += len(batch)
                    bar.update(len(batch))
                    write_beside(self._say, "  " + _("%(done)d/%(total)d organisations")
                                 % {"done": already + created, "total": count})
            # After the organisations, which the people may be linked to.
            people_created, people_already = load_sample_people()
        # bulk_create sends no save signals: the cached pages are dropped here.
        generation.invalidate()

        if created:
            self._say(ngettext(
                "Created %(count)d sample organisation.",
                "Created %(count)d sample organisations.", created) % {"count": created},
                success=True)
        if already:
            self._say(ngettext(
                "%(count)d sample organisation was already there and was left unchanged.",
                "%(count)d sample organisations were already there and were left unchanged.",
                already) % {"count": already})
        if people_created:
            self._say(ngettext(
                "Created %(count)d sample individual activist.",
                "Created %(count)d sample individual activists.",
                people_created) % {"count": people_created}, success=True)
        if people_already:
            self._say(ngettext(
                "%(count)d sample individual activist was already there and was left "
                "unchanged.",
                "%(count)d sample individual activists were already there and were left "
                "unchanged.", people_already) % {"count": people_already})

    def _say(self, message, success=False):
        if self.verbosity >= 1:
            self.stdout.write(self.style.SUCCESS(message) if success else message)

    def _networks_and_tracks(self):
        """The two real networks and their tracks, loading the networks if they are absent."""
        if Network.objects.filter(slug__in=[WASL, ICSSI]).count() < 2:
            self._say(_("The networks are not loaded yet; loading them first."))
            call_command("load_networks", verbosity=0)
        networks = dict(Network.objects.filter(slug__in=[WASL, ICSSI])
                        .values_list("slug", "pk"))
        tracks = dict(Track.objects.filter(slug__in=ICSSI_TRACKS + WASL_TRACKS)
                      .values_list("slug", "pk"))
        missing = [slug for slug in ICSSI_TRACKS + WASL_TRACKS if slug not in tracks]
        if len(networks) < 2 or missing:
            raise CommandError(
                _("The sample data needs the networks and tracks shipped with the product; "
                  "these are missing: %(names)s. Restore them with “manage.py load_networks”.")
                % {"names": ", ".join(sorted({WASL, ICSSI} - set(networks)) + missing)})
        return networks, tracks

    def _clear(self):
        """Delete the sample organisations; memberships and track links go with them."""
        _total, per_model = Organisation.objects.filter(is_sample=True).delete()
        return per_model.get(Organisation._meta.label, 0)

    def _existing_indexes(self):
        """Sample numbers already taken, read from the ``sample-0001-…`` slugs."""
        slugs = Organisation.objects.filter(slug__startswith=SLUG_PREFIX).values_list(
            "slug", flat=True)
        return {int(match[1]) for slug in slugs if (match := SLUG_INDEX.match(slug))}

    def _create(self, batch, networks, tracks):
        # The untranslated ``name``/``city``/``description`` columns take the value of
        # the active language; write them in the default language, as the admin does.
        with override(getattr(settings, "MODELTRANSLATION_DEFAULT_LANGUAGE",
                              settings.LANGUAGE_CODE)):
            organisations = []
            for sample in batch:
                organisation = Organisation(**sample.fields)
                # bulk_create skips save(), which is what fills the search columns.
                organisation.refresh_search_fields()
                organisations.append(organisation)
            organisations = bulk_create_with_history(organisations, Organisation,
                                                     batch_size=BATCH_SIZE)
        if any(organisation.pk is None for organisation in organisations):
            ids = dict(Organisation.objects.filter(
                slug__in=[sample.slug for sample in batch]).values_list("slug", "pk"))
            for organisation in organisations:
                organisation.pk = ids[organisation.slug]

        Through = Organisation.tracks.through
        Through.objects.bulk_create(
            [Through(organisation_id=organisation.pk, track_id=tracks[slug])
             for organisation, sample in zip(organisations, batch, strict=True)
             for slug in sample.tracks],
            batch_size=BATCH_SIZE)
        bulk_create_with_history(
            [Membership(organisation_id=organisation.pk, network_id=networks[network],
                        role=role, since=since)
             for organisation, sample in zip(organisations, batch, strict=True)
             for network, role, since in sample.memberships],
            Membership, batch_size=BATCH_SIZE)
