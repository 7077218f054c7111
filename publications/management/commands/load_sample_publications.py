"""Fill the library with invented sample publications, for benchmarks and demonstrations.

Texts come from ``publications/sample_data.py``; every summary says the publication is
invented. Each sample is published, covers a country or a region, belongs to one network
(a few to both) and its tracks, names up to two public sample organisations as authors
when the sample directory is loaded, and has a small generated PDF in Arabic, English or
both. Samples are numbered and found again by their slug (``sample-publication-0001-…``):
running the command again creates nothing, and a larger ``--count`` adds only the missing
ones. Rows are written with ``bulk_create`` in batches, each record with its first version
(so that a curator's first edit can be undone); the whole run is one transaction.
"""

import contextlib
import hashlib

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, override
from simple_history.utils import bulk_create_with_history

from members.models import Membership, Organisation
from network.core.progress import progress_bar, write_beside
from network.models import Network, Track
from publications.models import (
    KeyArea,
    Publication,
    PublicationFile,
    pdf_name,
)
from publications.sample_data import (
    DEFAULT_COUNT,
    ICSSI,
    SLUG_INDEX,
    SLUG_PREFIX,
    WASL,
    generate,
    sample_pdf,
)

BATCH_SIZE = 500


def sample_publications():
    return Publication.objects.filter(slug__startswith=SLUG_PREFIX)


class Command(BaseCommand):
    help = (
        "Create invented sample publications (published, each with a small generated PDF "
        "per language) for benchmarks and demonstrations. Safe to run again: existing "
        "samples are left as they are and only missing ones are added."
    )

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, default=DEFAULT_COUNT,
                            help=f"How many sample publications the library should hold "
                                 f"(default {DEFAULT_COUNT}).")
        parser.add_argument("--clear", action="store_true",
                            help="First remove every sample publication and its files "
                                 "(never other publications).")

    def handle(self, *args, count, clear, **options):
        if count < 0:
            raise CommandError(_("The number of sample publications cannot be negative."))
        self.verbosity = options["verbosity"]
        networks, tracks = self._networks_and_tracks()
        authors = self._authors()
        written = []
        try:
            with transaction.atomic():
                if clear:
                    removed = self._clear()
                    self._say(ngettext(
                        "Removed %(count)d sample publication and its files.",
                        "Removed %(count)d sample publications and their files.",
                        removed) % {"count": removed})
                existing = self._existing_indexes()
                samples = [item for item in generate(count) if item.index not in existing]
                already = count - len(samples)
                created = 0
                with progress_bar(total=len(samples), verbosity=self.verbosity,
                                  unit=_("publications")) as bar:
                    for start in range(0, len(samples), BATCH_SIZE):
                        batch = samples[start:start + BATCH_SIZE]
                        self._create(batch, networks, tracks, authors, written)
                        created += len(batch)
                        bar.update(len(batch))
                        write_beside(self._say, "  " + _("%(done)d/%(total)d publications")
                                     % {"done": already + created, "total": count})
        except BaseException:
            _delete_files(written)
            raise

        if created:
            self._say(ngettext(
                "Created %(count)d sample publication.",
                "Created %(count)d sample publications.", created) % {"count": created},
                success=True)
        if already > 0:
            self._say(ngettext(
                "%(count)d sample publication was already there and was left unchanged.",
                "%(count)d sample publications were already there and were left unchanged.",
                already) % {"count": already})

    def _say(self, message, success=False):
        if self.verbosity >= 1:
            self.stdout.write(self.style.SUCCESS(message) if success else message)

    def _networks_and_tracks(self):
        if Network.objects.filter(slug__in=[WASL, ICSSI]).count() < 2:
            self._say(_("The networks are not loaded yet; loading them first."))
            call_command("load_networks", verbosity=0)
        networks = dict(Network.objects.filter(slug__in=[WASL, ICSSI])
                        .values_list("slug", "pk"))
        tracks = dict(Track.objects.values_list("slug", "pk"))
        if len(networks) < 2:
            raise CommandError(_("The sample publications need the networks shipped with the "
                                 "product. Restore them with “manage.py load_networks”."))
        return networks, tracks

    def _authors(self):
        """Public sample organisations per network, in a fixed order, to draw authors from."""
        authors = {}
        for slug in (WASL, ICSSI):
            members = Membership.objects.filter(network__slug=slug).values("organisation_id")
            authors[slug] = list(
                Organisation.objects.public().filter(is_sample=True, id__in=members)
                .order_by("slug").values_list("pk", flat=True))
        return authors

    def _clear(self):
        """Delete the sample publications; their key areas and file records go with them,
        the stored files once the transaction has committed."""
        files = PublicationFile.objects.filter(publication__in=sample_publications())
        names = [name for pair in files.values_list("pdf", "cover") for name in pair if name]
        _total, per_model = sample_publications().delete()
        transaction.on_commit(lambda: _delete_files(names))
        return per_model.get(Publication._meta.label, 0)

    def _existing_indexes(self):
        slugs = sample_publications().values_list("slug", flat=True)
        return {int(match[1]) for slug in slugs if (match := SLUG_INDEX.match(slug))}

    def _create(self, batch, networks, tracks, authors, written):
        # The untranslated columns take the value of the active language: write them in
        # the default language, as the admin does.
        with override(getattr(settings, "MODELTRANSLATION_DEFAULT_LANGUAGE",
                              settings.LANGUAGE_CODE)):
            publications = []
            for item in batch:
                publication = Publication(slug=item.slug, **item.fields)
                publication.search_text = publication.build_search_text()
                publication.search_titles = publication.build_search_titles()
                publications.append(publication)
            Publication.objects.bulk_create(publications, batch_size=BATCH_SIZE)
        if any(publication.pk is None for publication in publications):
            ids = dict(Publication.objects.filter(slug__in=[item.slug for item in batch])
                       .values_list("slug", "pk"))
            for publication in publications:
                publication.pk = ids[publication.slug]
        pairs = list(zip(publications, batch, strict=True))

        bulk_create_with_history(
            [KeyArea(publication_id=publication.pk, order=order, text_ar=text_ar,
                     text_en=text_en)
             for publication, item in pairs
             for order, (text_ar, text_en) in enumerate(item.key_areas, start=1)],
            KeyArea, batch_size=BATCH_SIZE)
        NetworkLink = Publication.networks.through
        NetworkLink.objects.bulk_create(
            [NetworkLink(publication_id=publication.pk, network_id=networks[slug])
             for publication, item in pairs for slug in item.networks],
            batch_size=BATCH_SIZE)
        TrackLink = Publication.tracks.through
        TrackLink.objects.bulk_create(
            [TrackLink(publication_id=publication.pk, track_id=tracks[slug])
             for publication, item in pairs for slug in item.tracks if slug in tracks],
            batch_size=BATCH_SIZE)
        AuthorLink = Publication.authors.through
        links = []
        for publication, item in pairs:
            pool = authors[item.networks[0]]
            chosen = {pool[int(pick * len(pool))] for pick in item.author_picks if pool}
            links += [AuthorLink(publication_id=publication.pk, organisation_id=pk)
                      for pk in sorted(chosen)]
        AuthorLink.objects.bulk_create(links, batch_size=BATCH_SIZE)

        storage = PublicationFile._meta.get_field("pdf").storage
        files = []
        for publication, item in pairs:
            for language in item.languages:
                data, text = sample_pdf(item, language)
                name = storage.save(pdf_name(None, "sample.pdf"), ContentFile(data))
                written.append(name)
                files.append(PublicationFile(
                    publication_id=publication.pk, language=language, pdf=name,
                    original_name=f"{item.slug}-{language}.pdf", size=len(data),
                    page_count=1, sha256=hashlib.sha256(data).hexdigest(), text=text))
        bulk_create_with_history(files, PublicationFile, batch_size=BATCH_SIZE)

        # The search columns read the key areas, networks and files written above.
        rows = (Publication.objects.filter(pk__in=[p.pk for p in publications])
                .select_related("series").prefetch_related("key_areas", "networks"))
        updated = []
        for publication in rows:
            publication.search_text = publication.build_search_text()
            updated.append(publication)
        Publication.objects.bulk_update(updated, ["search_text"], batch_size=BATCH_SIZE)
        # The first version, once the publication is whole.
        Publication.revisions.bulk_history_create(updated, batch_size=BATCH_SIZE)


def _delete_files(names):
    storage = PublicationFile._meta.get_field("pdf").storage
    for name in names:
        with contextlib.suppress(OSError):
            storage.delete(name)
