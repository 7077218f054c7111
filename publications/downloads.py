"""The library's "download these results": the current filter's published publications
as CSV or JSON, with their public fields and the addresses of their PDFs."""

from django.http import Http404

from network.core import downloads

from .filters import PublicationFilter, library_facets
from .models import Publication
from .projection import PUBLICATION_FIELDS, public_publication_record, public_publications

#: The record's fields, the files as one address column per language.
CSV_COLUMNS = PUBLICATION_FIELDS.columns()


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
        public_publications(), filterset, facets)
    records = [public_publication_record(publication, request) for publication in publications]
    if format == "csv":
        rows = (PUBLICATION_FIELDS.csv_row(record, request) for record in records)
        return downloads.csv_response(CSV_COLUMNS, rows,
                                      stem="publications", truncated=truncated)
    return downloads.json_response(records, stem="publications", truncated=truncated)
