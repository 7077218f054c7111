"""Writes that touch several publication models or files, each inside one transaction.

Files on disk cannot roll back with the database: new files are deleted when the
transaction fails, and replaced or removed files only once it has committed.
"""

import datetime
import errno
import logging

from django.core.files.base import ContentFile, File
from django.db import IntegrityError, transaction
from django.utils import timezone

from network.core.i18n import per_language
from network.models import Network, Track

from .models import KeyArea, Publication, PublicationFile, Series
from .pdf import PdfRejected, inspect_pdf

logger = logging.getLogger(__name__)

# The errors of a write to a full disk, or past the account's disk quota.
DISK_FULL = {errno.ENOSPC, errno.EDQUOT}


class StorageFull(Exception):
    """The disk that holds the PDFs is full: the upload was not stored."""


def find_duplicate(sha256):
    """The stored file with this checksum, with its publication, or ``None``."""
    return (PublicationFile.objects.select_related("publication")
            .filter(sha256=sha256).first())


def inspect_publication_file(upload):
    """Check ``upload`` as :func:`~publications.pdf.inspect_pdf` does, and refuse a file
    already stored; raise :class:`~publications.pdf.PdfRejected` with the reason."""
    inspected = inspect_pdf(upload)
    existing = find_duplicate(inspected.sha256)
    if existing is not None:
        raise PdfRejected("duplicate", existing=existing)
    return inspected


def delete_files(names):
    """Delete these stored files, logging (not raising) what cannot be deleted."""
    storage = PublicationFile._meta.get_field("pdf").storage
    for name in names:
        try:
            storage.delete(name)
        except OSError:
            logger.exception("Could not delete the stored file %s", name)


def _save_file(record, field_name, filename, content, written):
    """Save ``content`` as ``record``'s file, adding its name to ``written`` before the
    first byte is written, so that a file left half-written (a full disk) is deleted too."""
    field = record._meta.get_field(field_name)
    # The generated name holds a random UUID: the storage keeps it, as no file has it.
    name = field.generate_filename(record, filename)
    written.append(name)
    stored = field.storage.save(name, content, max_length=field.max_length)
    if stored != name:
        written.append(stored)
    setattr(record, field_name, stored)


def add_publication_file(*, publication, language, upload, inspected=None):
    """Store ``upload`` as ``publication``'s PDF in ``language`` — replacing an earlier
    one — with its size, page count, checksum, text and cover, and refresh the
    publication's search text.

    Raises :class:`~publications.pdf.PdfRejected` and stores nothing when the file is
    rejected, and :class:`StorageFull`, leaving no part of a file behind, when the disk
    is full; ``inspected`` is the result of :func:`inspect_publication_file` when the
    caller (the admin form) has already checked the file.
    """
    if inspected is None:
        inspected = inspect_publication_file(upload)
    if not isinstance(upload, File):
        upload = File(upload, name=inspected.name)
    written = []
    try:
        with transaction.atomic():
            existing = find_duplicate(inspected.sha256)
            if existing is not None:
                raise PdfRejected("duplicate", existing=existing)
            record = (PublicationFile.objects.select_for_update()
                      .filter(publication=publication, language=language).first())
            replaced = []
            if record is None:
                record = PublicationFile(publication=publication, language=language)
            else:
                replaced = [field.name for field in (record.pdf, record.cover) if field]
            _save_file(record, "pdf", "upload.pdf", upload, written)
            _save_file(record, "cover", "cover.webp", ContentFile(inspected.cover), written)
            record.original_name = inspected.name[:255]
            record.size = inspected.size
            record.page_count = inspected.page_count
            record.sha256 = inspected.sha256
            record.text = inspected.text
            record.cover_width = inspected.cover_width
            record.cover_height = inspected.cover_height
            record.uploaded_at = timezone.now()
            record.save()
            publication.update_search_text()
            transaction.on_commit(lambda: delete_files(replaced))
    except IntegrityError:
        delete_files(written)
        # Another upload of the same file won the race to the unique checksum.
        existing = find_duplicate(inspected.sha256)
        if existing is not None:
            raise PdfRejected("duplicate", existing=existing) from None
        raise
    except OSError as error:
        delete_files(written)
        if error.errno in DISK_FULL:
            raise StorageFull from error
        raise
    except BaseException:
        delete_files(written)
        raise
    return record


@transaction.atomic
def remove_publication_file(*, publication_file):
    """Delete one language's PDF and cover, and refresh the publication's search text."""
    names = [field.name for field in (publication_file.pdf, publication_file.cover) if field]
    publication = publication_file.publication
    publication_file.delete()
    publication.update_search_text()
    transaction.on_commit(lambda: delete_files(names))


@transaction.atomic
def delete_publications(publications):
    """Delete publications with their key areas, files and the files' stored PDFs."""
    names = []
    for record in PublicationFile.objects.filter(publication__in=publications):
        names += [field.name for field in (record.pdf, record.cover) if field]
    for publication in publications:
        publication.delete()
    transaction.on_commit(lambda: delete_files(names))


# Seed data ---------------------------------------------------------------------------

def _date(value):
    return datetime.date.fromisoformat(value) if value else None


@transaction.atomic
def load_publications(data, *, update=False):
    """Create (or with ``update``, overwrite) series and publications from ``data``.

    Returns ``(created, updated)`` publication counts. Publications a curator added are
    never touched, and neither are files a curator uploaded.
    """
    networks = {network.slug: network for network in Network.objects.all()}
    tracks = {track.slug: track for track in Track.objects.all()}
    series = {}
    for item in data.get("series", []):
        defaults = per_language(item, "name")
        defaults["network"] = networks.get(item.get("network"))
        record, created = Series.objects.get_or_create(slug=item["slug"], defaults=defaults)
        if update and not created and any(
                getattr(record, key) != value for key, value in defaults.items()):
            # Through save(), so that the change is a version in the series' history.
            for key, value in defaults.items():
                setattr(record, key, value)
            record.save()
        series[record.slug] = record

    created_count = updated_count = 0
    for item in data["publications"]:
        missing = [slug for slug in item.get("networks", []) if slug not in networks]
        if missing:
            raise ValueError(f"unknown networks {missing}: run load_networks first")
        defaults = per_language(item, "title", "subtitle", "summary", "consultation_who")
        consultation = item.get("consultation") or {}
        defaults.update(
            kind=item["kind"],
            status=item.get("status", Publication.Status.PUBLISHED),
            series=series.get(item.get("series")),
            series_number=item.get("series_number"),
            published_on=_date(item.get("published_on")),
            published_precision=item.get("published_precision", "day"),
            countries=item.get("countries", []),
            regions=",".join(item.get("regions", [])),
            consultation_on=_date(consultation.get("date")),
            consultation_precision=consultation.get("precision", "month"),
            consultation_participants=consultation.get("participants"),
            consultation_participants_more_than=consultation.get("more_than", False),
            consultation_participants_women=consultation.get("women", False),
            consultation_countries=consultation.get("countries"),
            original_url=item.get("original_url", ""),
        )
        publication = Publication.objects.filter(slug=item["slug"]).first()
        if publication is not None and not update:
            continue
        if publication is None:
            publication = Publication(slug=item["slug"])
            created_count += 1
        else:
            updated_count += 1
        for key, value in defaults.items():
            setattr(publication, key, value)
        publication.full_clean()
        publication.save()
        for order, area in enumerate(item.get("key_areas", []), start=1):
            KeyArea.objects.update_or_create(publication=publication, order=order,
                                             defaults=per_language(area, "text", "detail"))
        publication.networks.add(*(networks[slug] for slug in item.get("networks", [])))
        publication.tracks.add(*(tracks[slug] for slug in item.get("tracks", [])
                                 if slug in tracks))
        publication.update_search_text()
    return created_count, updated_count
