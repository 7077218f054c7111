"""The directory's "download these results": the current filter's organisations as CSV
(in the staff import's columns, so a file re-imports) or JSON (the full public record)."""

from django.http import Http404

from network import downloads

from .filters import OrganisationFilter
from .index import directory_index
from .models import Organisation
from .projection import public_organisation_record, public_organisations

#: The staff import's columns (members.resources.OrganisationResource), public ones only:
#: contact details stay out, so re-importing a download can never blank hidden ones.
CSV_COLUMNS = (
    "slug", "name_ar", "name_en", "acronym", "kind", "country", "governorate", "city",
    "city_en", "website", "founded", "women_led", "networks", "tracks", "description_ar",
    "description_en",
)


def csv_row(record):
    """One CSV row from a public organisation record."""
    return {
        **{column: record[column] for column in CSV_COLUMNS if column in record},
        "city": record["city_ar"],
        "founded": record["founded_year"],
        "women_led": "yes" if record["women_led"] else "no",
        "networks": ";".join(membership["network"] for membership in record["networks"]),
        "tracks": ";".join(record["tracks"]),
    }


def organisation_download(request, format):
    """The filtered organisations in the page's order, at most ``MAX_ROWS`` (three
    queries: the rows, memberships with networks, tracks; and the text search's own)."""
    if format not in downloads.FORMATS:
        raise Http404
    index = directory_index.get()
    filterset = OrganisationFilter(request.GET, queryset=Organisation.objects.public(),
                                   request=request)
    if not filterset.is_valid():
        return downloads.invalid_filters(filterset.form)
    organisations, truncated = downloads.capped(public_organisations(), filterset, index)
    records = [public_organisation_record(organisation) for organisation in organisations]
    if format == "csv":
        return downloads.csv_response(CSV_COLUMNS, map(csv_row, records),
                                      stem="organisations", truncated=truncated)
    return downloads.json_response(records, stem="organisations", truncated=truncated)
