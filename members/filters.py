"""The directory's filters: validation, filtering, sorting and facet counts."""

import django_filters
from django.conf import settings
from django.db.models import F, Value
from django.db.models.functions import Coalesce, Collate, NullIf
from django.utils.translation import get_language, override
from django.utils.translation import gettext_lazy as _

from network.core.facets import FacetCache, Facets
from network.core.generation import generation
from network.core.i18n import LANGUAGE_CODES
from network.core.listing import RELEVANCE, CountryFilter, FacetedFilterSet
from network.core.places import Governorate, Region, countries_in, region_of
from network.core.search import on_postgres
from network.core.sorting import country_order
from network.core.text import normalize, terms
from network.models import Network, Track

from .models import Membership, Organisation, Person

TrackLink = Organisation.tracks.through


#: PostgreSQL ICU collations used to sort names the way readers of each language expect.
ICU_COLLATIONS = {"ar": "ar-x-icu", "en": "en-x-icu"}


def name_order(language):
    """The name of the directory's order by name in ``language``."""
    return f"name:{language}"


def active_order(facets, kind="name"):
    """The facets' order of ``kind`` (``name``, ``country``) in the active language (the
    default language's when there is none for it)."""
    order = f"{kind}:{get_language()}"
    return order if order in facets.orders else f"{kind}:{settings.LANGUAGE_CODE}"


def _regions(queryset):
    return [(pk, region_of(country))
            for pk, country in queryset.order_by().values_list("pk", "country")]


def _women_led(queryset):
    return [(pk, "yes") for pk in queryset.filter(women_led=True).values_list("pk", flat=True)]


def localized_name_order(field="name"):
    """An expression ordering by ``field`` in the active language; empty translations are
    replaced by the other language's text rather than sorted first or last."""
    active = get_language()
    others = [code for code, _name in settings.LANGUAGES if code != active]
    expression = Coalesce(NullIf(F(f"{field}_{active}"), Value("")),
                          *(F(f"{field}_{code}") for code in others))
    if on_postgres():
        expression = Collate(expression, ICU_COLLATIONS.get(active, "und-x-icu"))
    return expression


class Sort:
    RELEVANCE = RELEVANCE
    NAME = "name"
    COUNTRY = "country"
    NEWEST = "newest"
    CHOICES = [
        (RELEVANCE, _("Best match")),
        (NAME, _("Name")),
        (COUNTRY, _("Country")),
        (NEWEST, _("Newest")),
    ]


class OrganisationFilter(FacetedFilterSet):
    network = django_filters.ModelChoiceFilter(
        label=_("Network"), queryset=lambda request: Network.for_labels(),
        to_field_name="slug", method="filter_network")
    region = django_filters.ChoiceFilter(label=_("Region"), choices=Region.choices,
                                         method="filter_region")
    country = CountryFilter(label=_("Country"))
    governorate = django_filters.ChoiceFilter(label=_("Iraqi governorate"),
                                              choices=Governorate.choices)
    track = django_filters.ModelChoiceFilter(
        label=_("Thematic track"), queryset=lambda request: Track.for_labels(),
        to_field_name="slug", method="filter_track")
    kind = django_filters.ChoiceFilter(label=_("Kind of organisation"),
                                       choices=Organisation.Kind.choices)
    women_led = django_filters.ChoiceFilter(label=_("Women-led"),
                                            choices=[("yes", _("Women-led only"))],
                                            method="filter_women_led")
    sort = django_filters.ChoiceFilter(label=_("Sort by"), choices=Sort.CHOICES,
                                       method="filter_nothing")

    class Meta:
        model = Organisation
        fields = []

    #: Filters that narrow the list (everything but ``sort``), in the order shown, and
    #: how to read each one's values for the facet counts.
    FACETS = {
        "network": "memberships__network__slug",
        "region": _regions,
        "country": "country",
        "governorate": "governorate",
        "track": "tracks__slug",
        "kind": "kind",
        "women_led": _women_led,
    }

    SORT_BY_LABEL = ("governorate",)

    fuzzy_field = "search_names"
    default_sort = "name"

    # Filters -------------------------------------------------------------------------

    def filter_network(self, queryset, name, value):
        return queryset.filter(id__in=Membership.objects.filter(network=value)
                               .values("organisation_id"))

    def filter_region(self, queryset, name, value):
        return queryset.filter(country__in=countries_in(value))

    def filter_track(self, queryset, name, value):
        return queryset.filter(id__in=TrackLink.objects.filter(track=value)
                               .values("organisation_id"))

    def filter_women_led(self, queryset, name, value):
        return queryset.filter(women_led=True)

    # Orders ----------------------------------------------------------------------------

    @classmethod
    def facet_orders(cls, queryset):
        """By name and by country (then name) in each language, by slug, newest first."""
        orders = {}
        country_of = dict(queryset.order_by().values_list("pk", "country"))
        for language in LANGUAGE_CODES:
            with override(language):
                by_name = list(queryset.order_by(localized_name_order(), "id")
                               .values_list("id", flat=True))
                place = {code: index for index, code in enumerate(country_order())}
            orders[name_order(language)] = by_name
            orders[f"country:{language}"] = sorted(
                by_name, key=lambda pk: place.get(country_of[pk], len(place)))
        orders["slug"] = list(queryset.order_by("slug").values_list("id", flat=True))
        orders["newest"] = list(queryset.order_by("-created_at", "-id")
                                .values_list("id", flat=True))
        return orders

    def order_rows(self, facets, within, ranks):
        choice = self.sort_choice
        if choice == Sort.RELEVANCE:
            ids = facets.ids
            name_rank = facets.rank(active_order(facets))
            return facets.ordered_by(within, lambda p: (-ranks[ids[p]], name_rank[p]))
        if choice == Sort.COUNTRY:
            return facets.ordered(within, active_order(facets, "country"))
        if choice == Sort.NEWEST:
            return facets.ordered(within, "newest")
        return facets.ordered(within, active_order(facets))


directory_facets = FacetCache(
    lambda: Facets.build(OrganisationFilter, Organisation.objects.public()),
    generation)

# The facet counts of what members of these networks see, when it is more than the public
# does: one per set of network ids (a handful: the networks are few), ids only.
_members_facets = {}


def facets_for(viewer):
    """The directory's facet counts for ``viewer``: the public's, or those of the
    organisations a member of these networks sees (built once per content change and
    process, like the public's; asking first whether any of them is for members only cost
    a scan of the table on every request: 25 ms at 10,000)."""
    if viewer.is_public:
        return directory_facets.get()
    cache = _members_facets.get(viewer.networks)
    if cache is None:
        networks = viewer.networks
        cache = _members_facets[networks] = FacetCache(
            lambda: Facets.build(OrganisationFilter, Organisation.objects.visible(networks)),
            generation)
    return cache.get()


class PersonFilter(django_filters.FilterSet):
    """The filters of the people list. Every field is optional; an invalid value is
    reported and the valid ones still apply."""

    q = django_filters.CharFilter(label=_("Name"), method="filter_name", max_length=200)
    network = django_filters.ModelChoiceFilter(
        label=_("Network"), queryset=lambda request: Network.for_labels(),
        to_field_name="slug", method="filter_network")
    country = CountryFilter(label=_("Country"))

    class Meta:
        model = Person
        fields = []

    def filter_name(self, queryset, name, value):
        """People whose names, folded as the directory folds them (hamza, taa marbuta,
        diacritics, case), contain every term of ``value``."""
        # Names are shown under any consent, so searching them reveals nothing more. People
        # are few and have no folded column: their names are folded here (one query).
        wanted = terms(value)
        if not wanted:
            return queryset
        if getattr(self, "_name_matches", None) is None:
            # Once per filterset, over the whole list: each facet count reuses it.
            self._name_matches = [
                pk for pk, name_ar, name_en in self.queryset.values_list(
                    "pk", "name_ar", "name_en")
                if all(term in normalize(f"{name_ar} {name_en}") for term in wanted)]
        return queryset.filter(pk__in=self._name_matches)

    def filter_network(self, queryset, name, value):
        return queryset.filter(pk__in=Person.networks.through.objects.filter(network=value)
                               .values("person_id"))

    def filtered_except(self, queryset, skip):
        """``queryset`` narrowed by every valid filter but ``skip``: the base of that
        filter's counts, so each option says how many results choosing it would give."""
        for name, value in self.form.cleaned_data.items():
            if name != skip and value not in (None, ""):
                queryset = self.filters[name].filter(queryset, value)
        return queryset
