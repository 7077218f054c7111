"""Facet counts and orders of a list from bitmaps of row positions, derived from its FilterSet.

Counting each facet with a SQL ``GROUP BY``, once per filter with the other filters
applied, costs tens of milliseconds a page at 10,000 organisations. Instead each process
keeps, per list, a :class:`Facets`: the rows' primary keys, for every value of every
filter the rows having it as a bitmap (a Python int whose bit *i* stands for the *i*-th
row) and the list's orders as row positions. It holds ids only: no row objects, no text,
no HTML. The FilterSet declares how each filter's values are read (``FACETS``) and which
orders the list has (``facet_orders``); the rows a page shows, and the text search, come
from the database.

A structure is rebuilt when it may be stale (:class:`FacetCache`): the content
generation moved (any committed change in any process), a change was saved in this
process, the day changed, or it is older than ``FACET_INDEX_SECONDS`` (default 300).
"""

import time
import weakref

from django.conf import settings
from django.utils import timezone

__all__ = ["FacetCache", "Facets", "mark_stale", "plain", "read_facet"]

#: The set bits of each byte value, as offsets.
_BITS = [tuple(bit for bit in range(8) if value >> bit & 1) for value in range(256)]


def _bitmap(positions, size):
    """An int with the bits at ``positions`` set."""
    buffer = bytearray((size + 7) // 8)
    for position in positions:
        buffer[position >> 3] |= 1 << (position & 7)
    return int.from_bytes(buffer, "little")


def plain(queryset):
    """``queryset`` reading columns as stored: django-modeltranslation's queryset rewrites
    every ``values_list`` row for its fallbacks, which costs more than the query itself
    when reading ids and codes of thousands of rows."""
    rewrite = getattr(queryset, "rewrite", None)
    return rewrite(False) if rewrite is not None else queryset


def read_facet(spec, queryset):
    """``(primary key, value)`` pairs of one filter over ``queryset``: ``spec`` is a lookup
    path (``"kind"``, ``"memberships__network__slug"``) or a callable taking the
    queryset; empty values are left out."""
    pairs = spec(queryset) if callable(spec) else queryset.order_by().values_list("pk", spec)
    return [(pk, value) for pk, value in pairs if value not in (None, "")]


class Facets:
    """Primary keys (a row's position is its bit), a bitmap per filter value, orders."""

    def __init__(self, ids, values, orders):
        """``values``: ``{filter: (pk, value) pairs}``; ``orders``: ``{name: pks}``."""
        self.ids = list(ids)
        self.position = {pk: index for index, pk in enumerate(self.ids)}
        self.size = len(self.ids)
        self.all = (1 << self.size) - 1
        self.bitmaps = {}
        for name, pairs in values.items():
            positions = {}
            for pk, value in pairs:
                index = self.position.get(pk)
                if index is not None:
                    positions.setdefault(value, []).append(index)
            self.bitmaps[name] = {value: _bitmap(found, self.size)
                                  for value, found in positions.items()}
        self.orders = {name: [self.position[pk] for pk in keys if pk in self.position]
                       for name, keys in orders.items()}
        self._ranks = {}

    @classmethod
    def build(cls, filterset_class, queryset):
        """The structure of ``queryset``'s rows for ``filterset_class``'s declarations
        (a query for the ids, one per facet and one per order it reads)."""
        queryset = plain(queryset)
        ids = queryset.order_by("pk").values_list("pk", flat=True)
        values = {name: read_facet(spec, queryset)
                  for name, spec in filterset_class.FACETS.items()}
        return cls(ids, values, filterset_class.facet_orders(queryset))

    def bits(self, name, value):
        """The rows having ``value`` for filter ``name`` (0 when none has it)."""
        return self.bitmaps[name].get(value, 0)

    def bits_of(self, pks):
        """The rows among primary keys ``pks`` (others are ignored)."""
        position = self.position
        return _bitmap((position[pk] for pk in pks if pk in position), self.size)

    def counts(self, name, within):
        """``{value: rows within ``within`` having it}``, leaving out values with none."""
        result = {}
        for value, bitmap in self.bitmaps[name].items():
            count = (bitmap & within).bit_count()
            if count:
                result[value] = count
        return result

    def rank(self, order):
        """``{position: place in order}`` for ``order`` (computed once)."""
        ranks = self._ranks.get(order)
        if ranks is None:
            ranks = self._ranks[order] = {position: place for place, position
                                          in enumerate(self.orders[order])}
        return ranks

    def pk_rank(self, order):
        """``{primary key: place in order}``, for sorting rows found elsewhere."""
        ids = self.ids
        return {ids[position]: place for position, place in self.rank(order).items()}

    def ordered(self, within, order):
        """The primary keys of the rows ``within`` in ``order``, listed lazily by slice."""
        return Ordered(self, within, self.orders[order])

    def ordered_by(self, within, key):
        """The primary keys of the rows ``within``, sorted by ``key(position)``."""
        positions = self.positions(within)
        positions.sort(key=key)
        ids = self.ids
        return [ids[position] for position in positions]

    def positions(self, within):
        """The positions of the rows ``within``, ascending."""
        found = []
        extend = found.extend
        data = within.to_bytes((self.size + 7) // 8 or 1, "little")
        for byte_index, byte in enumerate(data):
            if byte:
                extend(map((byte_index << 3).__add__, _BITS[byte]))
        return found


class Ordered:
    """Primary keys of a bitmap's rows in a precomputed order, for a Paginator."""

    def __init__(self, facets, within, order):
        self.facets = facets
        self.within = within
        self.order = order
        self._count = within.bit_count()

    def __len__(self):
        return self._count

    def count(self):
        return self._count

    def __getitem__(self, item):
        if not isinstance(item, slice):
            raise TypeError("Ordered takes slices only")
        start, stop, _step = item.indices(self._count)
        wanted = stop - start
        if wanted <= 0:
            return []
        if self.within == self.facets.all:
            positions = self.order[start:stop]
        else:
            data = self.within.to_bytes((self.facets.size + 7) // 8 or 1, "little")
            positions = []
            seen = 0
            for position in self.order:
                if data[position >> 3] >> (position & 7) & 1:
                    if seen >= start:
                        positions.append(position)
                        if len(positions) == wanted:
                            break
                    seen += 1
        ids = self.facets.ids
        return [ids[position] for position in positions]


_caches = weakref.WeakSet()


def mark_stale():
    """Every structure of this process is rebuilt before its next use (a change was saved
    here: the content generation only moves once the transaction commits)."""
    for cached in list(_caches):
        cached.stale = True


class FacetCache:
    """One process's :class:`Facets` of a list, rebuilt by ``build()`` when it may be stale.

    ``generation`` gives the content generation (one query a request, which also makes a
    page answer 503 while the database is unreachable, as every page does)."""

    def __init__(self, build, generation):
        self.build = build
        self.generation = generation
        self.facets = None
        self.key = None
        self.built_at = 0.0
        self.stale = False
        _caches.add(self)

    def get(self):
        key = (self.generation(), timezone.localdate())
        max_age = getattr(settings, "FACET_INDEX_SECONDS", 300)
        if (self.facets is None or self.stale or key != self.key
                or time.monotonic() - self.built_at > max_age):
            # The generation is read before the rows: a change committed in between moves
            # it again, and the next request rebuilds.
            self.stale = False
            self.facets = self.build()
            self.key = key
            self.built_at = time.monotonic()
        return self.facets
