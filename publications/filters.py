"""The library's filters: validation, filtering, sorting and facet counts."""

import django_filters
from django import forms
from django.conf import settings
from django.db.models import Q
from django.utils.translation import get_language, override
from django.utils.translation import gettext_lazy as _

from members.filters import localized_name_order
from network.core.facets import FacetCache, Facets
from network.core.generation import generation
from network.core.i18n import LANGUAGE_CODES
from network.core.listing import RELEVANCE, CountryFilter, FacetedFilterSet
from network.core.places import Region, countries_in, region_of
from network.models import Network, Track

from .models import (
    NEWEST_FIRST,
    Publication,
    PublicationFile,
    coded_value_contains,
    split_codes,
)

__all__ = ["PublicationFilter", "Sort", "coverage", "library_facets"]

NetworkLink = Publication.networks.through
TrackLink = Publication.tracks.through


class Sort:
    RELEVANCE = RELEVANCE
    NEWEST = "newest"
    TITLE = "title"
    CHOICES = [
        (RELEVANCE, _("Best match")),
        (NEWEST, _("Newest first")),
        (TITLE, _("Title")),
    ]


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


def _covered(queryset):
    return [(pk, coverage(countries, regions))
            for pk, countries, regions in queryset.order_by().values_list(
                "pk", "countries", "regions")]


def _regions_covered(queryset):
    return [(pk, region) for pk, (_countries, regions) in _covered(queryset)
            for region in regions]


def _countries_covered(queryset):
    return [(pk, code) for pk, (countries, _regions) in _covered(queryset)
            for code in countries]


class YearFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField


class PublicationFilter(FacetedFilterSet):
    network = django_filters.ModelChoiceFilter(
        label=_("Network"), queryset=lambda request: Network.for_labels(),
        to_field_name="slug", method="filter_network")
    track = django_filters.ModelChoiceFilter(
        label=_("Thematic track"), queryset=lambda request: Track.for_labels(),
        to_field_name="slug", method="filter_track")
    region = django_filters.ChoiceFilter(label=_("Region covered"), choices=Region.choices,
                                         method="filter_region")
    country = CountryFilter(label=_("Country covered"), method="filter_country")
    year = YearFilter(
        label=_("Year"), method="filter_year", min_value=1900, max_value=2100,
        error_messages={"invalid": _("The year must be a whole number, such as 2016.")})
    language = django_filters.ChoiceFilter(label=_("Available in"), choices=settings.LANGUAGES,
                                           method="filter_language")
    kind = django_filters.ChoiceFilter(label=_("Kind of publication"),
                                       choices=Publication.Kind.choices)
    sort = django_filters.ChoiceFilter(label=_("Sort by"), choices=Sort.CHOICES,
                                       method="filter_nothing")

    class Meta:
        model = Publication
        fields = []

    #: Filters that narrow the list, in the order shown, and how to read their values.
    FACETS = {
        "network": "networks__slug",
        "track": "tracks__slug",
        "region": _regions_covered,
        "country": _countries_covered,
        "year": "published_on__year",
        "language": "files__language",
        "kind": "kind",
    }

    OFFER_ONLY_FOUND = ("track", "kind")

    fuzzy_field = "search_titles"
    label_field = "title"
    default_sort = "newest"

    # Filters -------------------------------------------------------------------------

    def filter_network(self, queryset, name, value):
        return queryset.filter(id__in=NetworkLink.objects.filter(network=value)
                               .values("publication_id"))

    def filter_track(self, queryset, name, value):
        return queryset.filter(id__in=TrackLink.objects.filter(track=value)
                               .values("publication_id"))

    def filter_region(self, queryset, name, value):
        """Publications covering the region, or a country in it."""
        in_region = "|".join(countries_in(value))
        return queryset.filter(coded_value_contains("regions", value)
                               | Q(countries__regex=rf"(^|,)({in_region})(,|$)"))

    def filter_country(self, queryset, name, value):
        """Publications covering the country, by name or through its region."""
        condition = coded_value_contains("countries", value)
        region = region_of(value)
        if region:
            condition |= coded_value_contains("regions", region)
        return queryset.filter(condition)

    def filter_year(self, queryset, name, value):
        return queryset.filter(published_on__year=int(value))

    def filter_language(self, queryset, name, value):
        return queryset.filter(id__in=PublicationFile.objects.filter(language=value)
                               .values("publication_id"))

    # Orders ----------------------------------------------------------------------------

    @classmethod
    def facet_orders(cls, queryset):
        """Newest first, and by title in each language (then newest first)."""
        orders = {"newest": list(queryset.order_by(*NEWEST_FIRST)
                                 .values_list("id", flat=True))}
        for language in LANGUAGE_CODES:
            with override(language):
                orders[f"title:{language}"] = list(
                    queryset.order_by(localized_name_order("title"), *NEWEST_FIRST)
                    .values_list("id", flat=True))
        return orders

    def order_rows(self, facets, within, ranks):
        choice = self.sort_choice
        if choice == Sort.RELEVANCE:
            ids = facets.ids
            newest = facets.rank("newest")
            return facets.ordered_by(within, lambda p: (-ranks[ids[p]], newest[p]))
        if choice == Sort.TITLE:
            order = f"title:{get_language()}"
            if order not in facets.orders:
                order = f"title:{settings.LANGUAGE_CODE}"
            return facets.ordered(within, order)
        return facets.ordered(within, "newest")


library_facets = FacetCache(
    lambda: Facets.build(PublicationFilter, Publication.objects.published()),
    generation)
