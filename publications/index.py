"""The library's facet index (see :mod:`network.facetindex`)."""

from django.conf import settings
from django.db.models import F
from django.utils.translation import override

from members.filters import localized_name_order
from members.places import countries_in, region_of
from network.facetindex import CachedIndex, FacetIndex
from network.models import Network, Track

from .filters import NetworkLink, TrackLink
from .models import Publication, PublicationFile, split_codes

#: The library's default order: newest publication date first, undated ones after.
NEWEST = (F("published_on").desc(nulls_last=True), "-created_at", "-id")


def coverage(country_codes, region_codes):
    """``(countries, regions)`` a publication covers: a region covers every country in
    it, and a country its region (as the country and region filters match)."""
    countries = set(split_codes(country_codes))
    regions = set(split_codes(region_codes))
    covered_countries = set(countries)
    for region in regions:
        covered_countries.update(countries_in(region))
    covered_regions = regions | {region_of(code) for code in countries} - {None}
    return covered_countries, covered_regions


def build():
    """Every published publication's filter values and orders (seven queries)."""
    published = Publication.objects.published()
    rows = list(published.order_by("id").values_list("id", "kind", "countries", "regions",
                                                     "published_on", "search_titles"))
    orders = {"newest": list(published.order_by(*NEWEST).values_list("id", flat=True))}
    for language, _name in settings.LANGUAGES:
        with override(language):
            orders[f"title:{language}"] = list(
                published.order_by(localized_name_order("title"), *NEWEST)
                .values_list("id", flat=True))
    covered = {row[0]: coverage(row[2], row[3]) for row in rows}
    facets = {
        "network": NetworkLink.objects.filter(publication__in=published).values_list(
            "publication_id", "network_id"),
        "track": TrackLink.objects.filter(publication__in=published).values_list(
            "publication_id", "track_id"),
        "region": [(pk, region) for pk, (_c, regions) in covered.items() for region in regions],
        "country": [(pk, code) for pk, (codes, _r) in covered.items() for code in codes],
        "year": [(row[0], row[4].year) for row in rows if row[4]],
        "language": PublicationFile.objects.filter(publication__in=published).values_list(
            "publication_id", "language"),
        "kind": [(row[0], row[1]) for row in rows],
    }
    extra = {"names": {row[0]: row[5] for row in rows},
             "networks": list(Network.objects.all()), "tracks": list(Track.objects.all())}
    return FacetIndex([row[0] for row in rows], facets, orders, extra)


library_index = CachedIndex(build)
