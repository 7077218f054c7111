"""The directory's "download these results": the current filter's organisations as CSV
(in the staff import's columns, so a file re-imports, with readable labels beside the
codes) or JSON (the full public record)."""

from django.http import Http404

from network.core import downloads

from .filters import OrganisationFilter, directory_facets
from .models import Organisation
from .projection import ORGANISATION_FIELDS, public_organisation_record, public_organisations

#: The staff import's columns (members.resources.OrganisationResource), public ones only,
#: and what a reader needs beside them in the reader's language: the profile's address,
#: the labels of the codes, whether the record is invented sample data (the staff import
#: ignores these: ``members.resources.DOWNLOAD_ONLY_COLUMNS``). Contact details stay out,
#: so re-importing a download can never blank hidden ones.
CSV_COLUMNS = ORGANISATION_FIELDS.columns()

#: The filters a file name tells, in this order (``members-wasl-iq-<date>.csv``).
NAMED_FILTERS = ("network", "region", "country", "governorate", "track", "kind", "women_led")


def file_stem(filterset):
    """``members`` and the filters' values (slugs and codes), e.g. ``members-wasl-iq``."""
    data = filterset.form.cleaned_data
    parts = ["members"]
    for name in NAMED_FILTERS:
        value = data.get(name)
        if value in (None, ""):
            continue
        parts.append(str(getattr(value, "slug", value)).lower())
    return "-".join(parts).replace("_", "-")


def organisation_download(request, format):
    """The filtered organisations in the page's order, at most ``MAX_ROWS`` (three
    queries: the rows, memberships with networks, tracks; and the text search's own)."""
    if format not in downloads.FORMATS:
        raise Http404
    facets = directory_facets.get()
    filterset = OrganisationFilter(request.GET, queryset=Organisation.objects.public(),
                                   request=request)
    if not filterset.is_valid():
        return downloads.invalid_filters(filterset.form)
    organisations, truncated = downloads.capped(public_organisations(), filterset, facets)
    records = [public_organisation_record(organisation) for organisation in organisations]
    stem = file_stem(filterset)
    if format == "csv":
        return downloads.csv_response(CSV_COLUMNS,
                                      (ORGANISATION_FIELDS.csv_row(r, request) for r in records),
                                      stem=stem, truncated=truncated)
    return downloads.json_response(records, stem=stem, truncated=truncated)
