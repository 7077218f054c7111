"""The library's filters: validation, filtering, sorting and facet counts."""

import django_filters
from django import forms
from django.conf import settings
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from network.core.listing import RELEVANCE, CountryFilter, FacetedFilterSet
from network.core.places import Region, countries_in, region_of
from network.models import Network, Track

from .models import Publication, PublicationFile, coded_value_contains

__all__ = ["PublicationFilter", "Sort"]

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


class YearFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField


class PublicationFilter(FacetedFilterSet):
    network = django_filters.ModelChoiceFilter(
        label=_("Network"), queryset=lambda request: Network.objects.all(),
        to_field_name="slug", method="filter_network")
    track = django_filters.ModelChoiceFilter(
        label=_("Thematic track"), queryset=lambda request: Track.objects.all(),
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

    # The facet index -------------------------------------------------------------------

    FACETS = ("network", "track", "region", "country", "year", "language", "kind")

    def index_key(self, name, value):
        if name in ("network", "track"):
            return value.id
        if name == "year":
            return int(value)
        return value

    def index_order(self, index, within, ranks):
        choice = self.sort_choice
        if choice == Sort.RELEVANCE:
            ids = index.ids
            newest = index.rank("newest")
            return index.ordered_by(within, lambda p: (-ranks[ids[p]], newest[p]))
        if choice == Sort.TITLE:
            order = f"title:{get_language()}"
            if order not in index.orders:
                order = f"title:{settings.LANGUAGE_CODE}"
            return index.ordered(within, order)
        return index.ordered(within, "newest")
