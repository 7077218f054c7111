"""The directory's facet index (see :mod:`network.facetindex`)."""

from django.conf import settings
from django.utils.translation import override

from network.facetindex import CachedIndex, FacetIndex
from network.models import Network, Track

from .filters import TrackLink, localized_name_order
from .models import Membership, Organisation
from .places import region_of


def name_order(language):
    return f"name:{language}"


def build():
    """Every public organisation's filter values and orders (six queries)."""
    public = Organisation.objects.public()
    rows = list(public.order_by("id").values_list("id", "country", "governorate", "kind",
                                                  "women_led", "created_at"))
    ids = [row[0] for row in rows]
    orders = {}
    for language, _name in settings.LANGUAGES:
        with override(language):
            orders[name_order(language)] = list(
                public.order_by(localized_name_order(), "id").values_list("id", flat=True))
    orders["newest"] = [row[0] for row in sorted(rows, key=lambda row: (row[5], row[0]),
                                                 reverse=True)]
    memberships = Membership.objects.filter(organisation__in=public).values_list(
        "organisation_id", "network__slug")
    tracks = TrackLink.objects.filter(organisation__in=public).values_list(
        "organisation_id", "track_id")
    facets = {
        "network": memberships,
        "region": [(row[0], region_of(row[1])) for row in rows if region_of(row[1])],
        "country": [(row[0], str(row[1])) for row in rows],
        "governorate": [(row[0], row[2]) for row in rows if row[2]],
        "track": tracks,
        "kind": [(row[0], row[3]) for row in rows],
        "women_led": [(row[0], "yes") for row in rows if row[4]],
    }
    extra = {
        "country": {row[0]: str(row[1]) for row in rows},
        "networks": list(Network.objects.all()),
        "tracks": list(Track.objects.all()),
    }
    return FacetIndex(ids, facets, orders, extra)


directory_index = CachedIndex(build)
