"""The directory's "download these results": the current filter's organisations as CSV
(in the staff import's columns, so a file re-imports, with readable labels beside the
codes) or JSON (the full public record)."""

from django.http import Http404
from django.utils.translation import get_language

from network.core import downloads
from network.core.choices import choice_label
from network.core.sorting import country_name

from .filters import OrganisationFilter, directory_facets
from .models import Organisation
from .projection import public_organisation_record, public_organisations

#: The staff import's columns (members.resources.OrganisationResource), public ones only:
#: contact details stay out, so re-importing a download can never blank hidden ones.
IMPORT_COLUMNS = (
    "slug", "name_ar", "name_en", "acronym", "kind", "country", "governorate", "city",
    "city_en", "website", "founded", "women_led", "networks", "tracks", "description_ar",
    "description_en",
)
#: What a reader needs beside them, in the reader's language: the profile's address, the
#: labels of the codes, and whether the record is invented sample data. The staff import
#: leaves these out (``members.resources.DOWNLOAD_ONLY_COLUMNS``).
CSV_COLUMNS = (
    "slug", "url", "name_ar", "name_en", "acronym", "kind", "kind_label", "country",
    "country_name", "governorate", "governorate_label", "city", "city_en", "website",
    "founded", "women_led", "networks", "tracks", "description_ar", "description_en",
    "is_sample",
)

#: The filters a file name tells, in this order (``members-wasl-iq-<date>.csv``).
NAMED_FILTERS = ("network", "region", "country", "governorate", "track", "kind", "women_led")


def _label(field, value):
    return str(choice_label(Organisation._meta.get_field(field), value)) if value else ""


def csv_row(record, request):
    """One CSV row from a public organisation record, labels in the active language."""
    return {
        **{column: record[column] for column in IMPORT_COLUMNS if column in record},
        "url": request.build_absolute_uri(record[f"url_{get_language()}"]),
        "kind_label": _label("kind", record["kind"]),
        "country_name": country_name(record["country"]),
        "governorate_label": _label("governorate", record["governorate"]),
        "city": record["city_ar"],
        "founded": record["founded_year"],
        "women_led": "yes" if record["women_led"] else "no",
        "networks": ";".join(membership["network"] for membership in record["networks"]),
        "tracks": ";".join(record["tracks"]),
        "is_sample": "yes" if record["is_sample"] else "no",
    }


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
        return downloads.csv_response(CSV_COLUMNS, (csv_row(r, request) for r in records),
                                      stem=stem, truncated=truncated)
    return downloads.json_response(records, stem=stem, truncated=truncated)
