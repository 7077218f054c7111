"""The library's filters: validation, filtering, sorting and facet counts."""

from collections import Counter

import django_filters
from django import forms
from django.conf import settings
from django.db.models import Count, F, Q
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from members.filters import localized_name_order
from members.places import Region, countries_in, region_of
from network.listing import RELEVANCE, FacetedFilterSet
from network.models import Network, Track

from .models import Publication, PublicationFile, coded_value_contains, split_codes

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


def _country_choices():
    return list(countries)


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
    country = django_filters.ChoiceFilter(label=_("Country covered"),
                                          choices=_country_choices, method="filter_country")
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

    # Sorting ---------------------------------------------------------------------------

    def sorted(self):
        """The filtered publications in the chosen order (newest, then id, breaks ties)."""
        queryset = self.qs
        newest = [F("published_on").desc(nulls_last=True), "-created_at", "-id"]
        choice = self.sort_choice
        if choice == Sort.RELEVANCE:
            return self.ranked(queryset).order_by("-rank", *newest)
        if choice == Sort.TITLE:
            return queryset.order_by(localized_name_order("title"), *newest)
        return queryset.order_by(*newest)

    # Facets ----------------------------------------------------------------------------

    def facets(self):
        """For each filter, its values with the number of publications each would give,
        counting with every *other* active filter applied (one query per filter)."""
        def ids(skip):
            return self.filter_except(skip).values("id")

        def by(field, skip):
            rows = self.filter_except(skip).order_by().values(field).annotate(n=Count("id"))
            return {row[field]: row["n"] for row in rows}

        def through(link, field, skip):
            rows = (link.objects.filter(publication_id__in=ids(skip)).order_by()
                    .values(field).annotate(n=Count("publication_id", distinct=True)))
            return {row[field]: row["n"] for row in rows}

        years = {
            row["year"]: row["n"]
            for row in self.filter_except("year").exclude(published_on=None).order_by()
            .annotate(year=ExtractYear("published_on")).values("year").annotate(n=Count("id"))
        }
        return {
            "network": through(NetworkLink, "network_id", "network"),
            "track": through(TrackLink, "track_id", "track"),
            "region": self._coverage_counts("region"),
            "country": self._coverage_counts("country"),
            "year": years,
            "language": through(PublicationFile, "language", "language"),
            "kind": by("kind", "kind"),
        }

    def _coverage_counts(self, facet):
        """Regions or countries covered, counted in Python from one query: a publication
        covering a region counts for every country in it."""
        counts = Counter()
        rows = self.filter_except(facet).order_by().values_list("countries", "regions")
        for country_codes, region_codes in rows:
            regions = set(split_codes(region_codes))
            if facet == "region":
                regions.update(filter(None, (region_of(code)
                                             for code in split_codes(country_codes))))
                counts.update(regions)
                continue
            covered = set(split_codes(country_codes))
            for region in regions:
                covered.update(countries_in(region))
            counts.update(covered)
        return dict(counts)
