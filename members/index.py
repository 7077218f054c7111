"""The directory's facet index (see :mod:`network.facetindex`), with what a directory row
shows of every public organisation, so that a directory page needs no query of its own
beyond the text search."""

from django.conf import settings
from django.db.models import prefetch_related_objects
from django.utils.translation import override

from network.core.choices import choice_label
from network.core.links import slug_url
from network.core.places import region_of
from network.core.sorting import sort_key
from network.core.text import normalize
from network.facetindex import CachedIndex, FacetIndex, as_prefetched, grouped
from network.models import Network, Track

from .filters import TrackLink, active_name_order, localized_name_order, name_order
from .models import Membership, Organisation, Person
from .projection import organisation_relations


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


def _row(values, memberships, tracks):
    row = Row()
    for field, value in values.items():
        setattr(row, field, value)
    row.pk = values["id"]
    row.country = str(values["country"])
    # (network, membership id, role, since, until), by network order, as a profile shows.
    row.memberships = sorted(memberships, key=lambda m: (m[0].order, m[0].slug))
    row.list_memberships = [Listed(membership[0]) for membership in row.memberships]
    row.list_tracks = sorted(tracks, key=lambda track: (track.order, track.slug))
    return row


def with_relations(organisation):
    """``organisation`` (from ``public_organisations(related=False)``) with its memberships
    and tracks as ``public_organisations()`` prefetches them: from the directory index's
    row, without a query; prefetched (two queries) when the index does not hold it yet
    (an organisation published a moment ago in another process)."""
    row = directory_index.get().extra["rows"].get(organisation.pk)
    if row is None:
        prefetch_related_objects([organisation], *organisation_relations())
        return organisation
    memberships = []
    for network, pk, role, since, until in row.memberships:
        membership = Membership(id=pk, organisation_id=organisation.pk, role=role,
                                since=since, until=until)
        membership.network = network
        memberships.append(membership)
    as_prefetched(organisation, "memberships", memberships)
    as_prefetched(organisation, "tracks", row.list_tracks)
    return organisation


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
        "organisation_id", "network_id", "id", "role", "since", "until"))
    networks_of = {}
    for organisation_id, network_id, *details in memberships:
        networks_of.setdefault(organisation_id, []).append((by_id[network_id], *details))
    tracks = list(Track.objects.all())
    track_links = list(TrackLink.objects.filter(organisation__in=public).values_list(
        "organisation_id", "track_id"))
    tracks_of = grouped(track_links, tracks)
    rows = {record["id"]: _row(record, networks_of.get(record["id"], ()),
                               tracks_of.get(record["id"], ()))
            for record in records}
    facets = {
        "network": [(pk, by_id[network_id].slug) for pk, network_id, *_m in memberships],
        "region": [(row.pk, region_of(row.country)) for row in rows.values()
                   if region_of(row.country)],
        "country": [(row.pk, row.country) for row in rows.values()],
        "governorate": [(row.pk, row.governorate) for row in rows.values() if row.governorate],
        "track": track_links,
        "kind": [(row.pk, row.kind) for row in rows.values()],
        "women_led": [(row.pk, "yes") for row in rows.values() if row.women_led],
    }
    extra = {"rows": rows, "names": {pk: row.search_names for pk, row in rows.items()},
             "networks": networks, "tracks": tracks}
    return FacetIndex(ids, facets, orders, extra,
                      texts=public.order_by().values_list("id", "search_text").iterator)


directory_index = CachedIndex(build)


def directory_rows(pks):
    """The directory index's rows of the public organisations among ``pks``."""
    rows = directory_index.get().extra["rows"]
    return [rows[pk] for pk in pks if pk in rows]


def in_name_order(organisations):
    """``organisations`` (rows or models) in the directory's order of names in the active
    language; any the index does not hold yet come last, in their given order."""
    index = directory_index.get()
    rank = index.rank(active_name_order(index))
    position = index.position
    last = len(position)
    return sorted(organisations,
                  key=lambda organisation: rank.get(position.get(organisation.pk), last))


class PublicPeople:
    """Every public person's folded names (``names``: ``(pk, folded names, sort key per
    language)``, for the site search) and the organisations having any (``organisations``:
    a profile with none needs no query for its people). Built in one query, with the
    facet indexes and each day (consents expire); ``Person.objects.public()`` is a
    superset of what the projection shows, so a profile never misses a person."""

    def __init__(self, rows):
        self.names = []
        organisations = set()
        for pk, name_ar, name_en, organisation_id in rows:
            self.names.append((pk, normalize(f"{name_ar} {name_en}"),
                               {"ar": sort_key(name_ar or name_en or ""),
                                "en": sort_key(name_en or name_ar or "")}))
            if organisation_id is not None:
                organisations.add(organisation_id)
        self.organisations = frozenset(organisations)


public_people_index = CachedIndex(lambda: PublicPeople(
    Person.objects.public().order_by().values_list("pk", "name_ar", "name_en",
                                                   "organisation_id")))
