"""The library's "download these results": the current filter's published publications
as CSV or JSON, with their public fields and the addresses of their PDFs."""

from django.db.models import Prefetch
from django.http import Http404
from django.urls import reverse
from django.utils.translation import override

from members.models import Organisation
from network.core import downloads
from network.core.i18n import LANGUAGE_CODES
from network.core.links import absolute_url

from .filters import PublicationFilter, library_facets
from .models import Publication, PublicationFile

#: The keys of every publication record, in this order; the CSV's columns follow it,
#: with the files as one column per language.
PUBLICATION_RECORD_FIELDS = (
    "slug", "url_ar", "url_en", "kind", "series", "series_number", "title_ar", "title_en",
    "subtitle_ar", "subtitle_en", "summary_ar", "summary_en", "published_on",
    "networks", "authors", "tracks", "regions", "countries", "files",
)
CSV_COLUMNS = (*PUBLICATION_RECORD_FIELDS[:-1], "pdf_ar", "pdf_en")


def with_record_details(queryset):
    """Publications with what a record gives: the series (joined), files without their
    text, networks, tracks and public authors."""
    return queryset.select_related("series").prefetch_related(
        Prefetch("files", queryset=PublicationFile.objects.defer("text")),
        "networks", "tracks",
        Prefetch("authors", queryset=Organisation.objects.public(), to_attr="public_authors"),
    )


def published_on(publication):
    """The publication date to its precision: ``2016``, ``2016-03`` or ``2016-03-08``."""
    if publication.published_on is None:
        return ""
    length = {"year": 4, "month": 7}.get(publication.published_precision, 10)
    return publication.published_on.isoformat()[:length]


def public_publication_record(publication, request):
    """The public record of a publication fetched with :func:`with_record_details`."""
    urls = {}
    for code in LANGUAGE_CODES:
        with override(code):
            urls[f"url_{code}"] = absolute_url(request, reverse(
                "publications:publication-detail", kwargs={"slug": publication.slug}))
    return {
        "slug": publication.slug, **urls, "kind": publication.kind,
        "series": publication.series.slug if publication.series else "",
        "series_number": publication.series_number,
        **{f"{name}_{code}": getattr(publication, f"{name}_{code}") or ""
           for name in ("title", "subtitle", "summary") for code in LANGUAGE_CODES},
        "published_on": published_on(publication),
        "networks": [network.slug for network in publication.networks.all()],
        "authors": [organisation.slug for organisation in publication.public_authors],
        "tracks": [track.slug for track in publication.tracks.all()],
        "regions": publication.region_codes,
        "countries": [str(country.code) for country in publication.countries],
        "files": [{"language": record.language,
                   "url": absolute_url(request, record.get_absolute_url()),
                   "size": record.size, "page_count": record.page_count}
                  for record in publication.files.all()],
    }


def csv_row(record):
    row = {column: record.get(column) for column in CSV_COLUMNS}
    for column in ("networks", "authors", "tracks", "regions", "countries"):
        row[column] = ";".join(record[column])
    files = {item["language"]: item["url"] for item in record["files"]}
    row.update({f"pdf_{code}": files.get(code, "") for code in LANGUAGE_CODES})
    return row


def publication_download(request, format):
    """The filtered published publications in the page's order, at most ``MAX_ROWS``."""
    if format not in downloads.FORMATS:
        raise Http404
    facets = library_facets.get()
    filterset = PublicationFilter(request.GET, queryset=Publication.objects.published(),
                                  request=request)
    if not filterset.is_valid():
        return downloads.invalid_filters(filterset.form)
    publications, truncated = downloads.capped(
        with_record_details(Publication.objects.published()), filterset, facets)
    records = [public_publication_record(publication, request) for publication in publications]
    if format == "csv":
        return downloads.csv_response(CSV_COLUMNS, map(csv_row, records),
                                      stem="publications", truncated=truncated)
    return downloads.json_response(records, stem="publications", truncated=truncated)
