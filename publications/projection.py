"""The public fields of a published publication, declared once: the record (the JSON
download), the API's ``PublicationOut`` and the CSV download's columns derive from
:data:`PUBLICATION_FIELDS`."""

from typing import Literal

from django.db.models import Prefetch
from ninja import Schema
from pydantic import Field

from members.models import Organisation
from network.core import publicfields
from network.core.api import I18n, Lang, texts
from network.core.i18n import LANGUAGE_CODES
from network.core.links import absolute_url

from .models import Publication, PublicationFile


class FileOut(Schema):
    language: Lang
    size: int = Field(description="Bytes.")
    page_count: int
    sha256: str
    download_url: str = Field(description="Absolute URL of the PDF.")
    cover_url: str | None = Field(description="Absolute URL of the cover thumbnail.")


class SeriesOut(Schema):
    slug: str
    name: str
    name_i18n: I18n
    number: int | None


def published_on(publication):
    """The publication date to its precision: ``2016``, ``2016-03`` or ``2016-03-08``."""
    if publication.published_on is None:
        return ""
    length = {"year": 4, "month": 7}.get(publication.published_precision, 10)
    return publication.published_on.isoformat()[:length]


class Series(publicfields.Public):
    """The series and the number in it: slugs in the record and the CSV, an object with
    the series' names in the API."""

    def __init__(self):
        super().__init__("series", annotation=SeriesOut | None)

    def record_keys(self):
        return ["series", "series_number"]

    def record(self, row, request):
        return {"series": row.series.slug if row.series else "",
                "series_number": row.series_number}

    def api(self, row, request):
        series = row.series
        return {"series": {"slug": series.slug, **texts(series, "name"),
                           "number": row.series_number} if series else None}

    def columns(self):
        return ("series", "series_number")

    def cells(self, record, request):
        return {"series": record["series"], "series_number": record["series_number"]}


class PublishedOn(publicfields.Public):
    """The date to its precision (``2016-03``) in the record and the CSV; the API gives a
    full ISO date and the precision beside it."""

    def __init__(self):
        super().__init__("published_on", get=published_on)

    def schema(self):
        return {
            "date_published": (str | None, Field(
                description="ISO date; for a year or month, its first day.")),
            "date_precision": (Literal["year", "month", "day"], ...),
        }

    def api(self, row, request):
        return {"date_published": row.published_on.isoformat() if row.published_on else None,
                "date_precision": row.published_precision}


def file_out(request, record):
    cover = record.get_cover_url()
    return {
        "language": record.language, "size": record.size, "page_count": record.page_count,
        "sha256": record.sha256,
        "download_url": absolute_url(request, record.get_absolute_url()),
        "cover_url": absolute_url(request, cover) if cover else None,
    }


class Files(publicfields.Public):
    """The PDFs, one per language: their addresses, sizes and pages in the record, more in
    the API, one address column per language in the CSV."""

    def __init__(self):
        super().__init__("files", annotation=list[FileOut],
                         description="One PDF per language.")

    def record(self, row, request):
        return {"files": [{"language": record.language,
                           "url": absolute_url(request, record.get_absolute_url()),
                           "size": record.size, "page_count": record.page_count}
                          for record in row.files.all()]}

    def api(self, row, request):
        return {"files": [file_out(request, record) for record in row.files.all()]}

    def columns(self):
        return tuple(f"pdf_{code}" for code in LANGUAGE_CODES)

    def cells(self, record, request):
        files = {item["language"]: item["url"] for item in record["files"]}
        return {f"pdf_{code}": files.get(code, "") for code in LANGUAGE_CODES}


#: THE public fields of a published publication, in the record's order.
PUBLICATION_FIELDS = publicfields.PublicFields((
    publicfields.Public("slug"),
    publicfields.Page(lambda publication: publication.get_absolute_url(), absolute=True,
                      i18n=False, csv_per_language=True),
    publicfields.Choice("kind", Publication.Kind, csv_label=False),
    Series(),
    publicfields.Translated("title", api="name", description="The title."),
    publicfields.Translated("subtitle", api="alternate_name", description="The subtitle."),
    publicfields.Translated("summary", api="description", description="The summary."),
    PublishedOn(),
    publicfields.Slugs("networks", get=lambda publication: [
        network.slug for network in publication.networks.all()]),
    # The list API leaves the authors to the publication's own endpoint.
    publicfields.Slugs("authors", api=False, get=lambda publication: [
        organisation.slug for organisation in publication.public_authors]),
    publicfields.Slugs("tracks", get=lambda publication: [
        track.slug for track in publication.tracks.all()]),
    publicfields.Slugs("regions", get=lambda publication: publication.region_codes),
    publicfields.Slugs("countries", description="ISO codes of the countries covered.",
                       get=lambda publication: [
                           str(country.code) for country in publication.countries]),
    Files(),
    publicfields.ApiLink("publications"),
))
#: The keys of every publication record, in this order.
PUBLICATION_RECORD_FIELDS = PUBLICATION_FIELDS.record_keys()


def public_publications(authors=True):
    """Published publications with what their public fields read: the series (joined),
    files without their text, networks, tracks and (``authors``) the public authors."""
    queryset = Publication.objects.published().select_related("series").prefetch_related(
        Prefetch("files", queryset=PublicationFile.objects.defer("text")
                 .order_by("language")),
        "networks", "tracks")
    if authors:
        queryset = queryset.prefetch_related(Prefetch(
            "authors", queryset=Organisation.objects.public().order_by("slug"),
            to_attr="public_authors"))
    return queryset


def public_publication_record(publication, request):
    """The public record of a publication fetched with :func:`public_publications`."""
    return PUBLICATION_FIELDS.record(publication, request)
