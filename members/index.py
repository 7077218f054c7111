"""The directory's facet index (see :mod:`network.facetindex`), with what a directory row
shows of every public organisation, so that a directory page needs no query of its own
beyond the text search."""

from django.conf import settings
from django.utils.translation import override

from network.choices import choice_label
from network.facetindex import CachedIndex, FacetIndex
from network.links import slug_url
from network.models import Network, Track

from .filters import TrackLink, localized_name_order
from .models import Membership, Organisation
from .places import region_of


def name_order(language):
    return f"name:{language}"


class Listed:
    """A network membership as a row shows it: the network."""

    __slots__ = ("network",)

    def __init__(self, network):
        self.network = network


class Row:
    """What a directory row (members/includes/_organisation_card.html) shows of a public
    organisation, with the same attribute and method names as the model."""

    def get_absolute_url(self):
        return slug_url("members:organisation-detail", self.slug)

    def get_kind_display(self):
        return _display("kind", self.kind)

    def get_governorate_display(self):
        return _display("governorate", self.governorate)


def _display(field, value):
    return choice_label(Organisation._meta.get_field(field), value)


NAME_FIELDS = tuple(f"name_{code}" for code, _name in settings.LANGUAGES)
ROW_FIELDS = ("id", "country", "governorate", "kind", "women_led", "created_at", "slug",
              "acronym", "is_sample", "search_names", *NAME_FIELDS)


def _row(values, memberships):
    row = Row()
    for field, value in values.items():
        setattr(row, field, value)
    row.pk = values["id"]
    row.rendered = {}  # its card's HTML per language (network.templatetags row_html)
    row.country = str(values["country"])
    row.list_memberships = [Listed(network) for network in
                            sorted(memberships, key=lambda n: (n.order, n.slug))]
    return row


def build():
    """Every public organisation's filter values, orders and row (eight queries; one more
    for the text index, on the first text search)."""
    public = Organisation.objects.public().rewrite(False)
    records = list(public.order_by("id").values(*ROW_FIELDS))
    ids = [record["id"] for record in records]
    orders = {}
    for language, _name in settings.LANGUAGES:
        with override(language):
            orders[name_order(language)] = list(
                public.order_by(localized_name_order(), "id").values_list("id", flat=True))
    orders["slug"] = list(public.order_by("slug").values_list("id", flat=True))
    orders["newest"] = [record["id"] for record in sorted(
        records, key=lambda record: (record["created_at"], record["id"]), reverse=True)]
    networks = list(Network.objects.all())
    by_id = {network.pk: network for network in networks}
    memberships = list(Membership.objects.filter(organisation__in=public).values_list(
        "organisation_id", "network_id"))
    networks_of = {}
    for organisation_id, network_id in memberships:
        networks_of.setdefault(organisation_id, []).append(by_id[network_id])
    rows = {record["id"]: _row(record, networks_of.get(record["id"], ()))
            for record in records}
    facets = {
        "network": [(pk, by_id[network_id].slug) for pk, network_id in memberships],
        "region": [(row.pk, region_of(row.country)) for row in rows.values()
                   if region_of(row.country)],
        "country": [(row.pk, row.country) for row in rows.values()],
        "governorate": [(row.pk, row.governorate) for row in rows.values() if row.governorate],
        "track": TrackLink.objects.filter(organisation__in=public).values_list(
            "organisation_id", "track_id"),
        "kind": [(row.pk, row.kind) for row in rows.values()],
        "women_led": [(row.pk, "yes") for row in rows.values() if row.women_led],
    }
    extra = {"rows": rows, "names": {pk: row.search_names for pk, row in rows.items()},
             "networks": networks, "tracks": list(Track.objects.all())}
    return FacetIndex(ids, facets, orders, extra,
                      texts=public.order_by().values_list("id", "search_text").iterator)


directory_index = CachedIndex(build)
