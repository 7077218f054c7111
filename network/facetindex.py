"""Facet indexes: the directory's and the library's filters, counts and orders in memory.

Counting a facet in SQL is a GROUP BY over every public row, once per filter; at 10,000
organisations that was most of a directory page's time. Instead each process keeps, per
list, a :class:`FacetIndex` built from the database in a few queries: for every value of
every filter, the set of rows having it as a bitmap (a Python int whose bit *i* stands
for the *i*-th row). Filtering is AND, a count is ``int.bit_count()``, an order is a list
of row positions computed once by the database with the same expressions as before.

An index is rebuilt when it may be stale (:class:`CachedIndex`):

* the content generation moved (any save, delete or many-to-many change in the content
  apps, once committed, in any process: the page cache's generation, a row in the
  database read once a request, so another process's change is seen at the next request);
* a change was saved in this process (at once, before the commit);
* the day changed, or it is older than ``FACET_INDEX_SECONDS`` (default 300): changes
  that bypass the signals (an ``update()`` in a shell) are caught up.

A page served from an index still checks that the database answers (503 otherwise, as
for every page). A record's own page reads the record from the database, and may take
relations it shares with its list row (networks, tracks) from the index
(:func:`as_prefetched`). An index also keeps a text index (:class:`TextIndex`, built on
the first text search) and what is rendered from its rows (:class:`Kept`: list rows' HTML,
API records), all dropped with it.
"""

import time
import weakref
from bisect import bisect_right

from django.conf import settings
from django.utils import timezone

__all__ = ["CachedIndex", "FacetIndex", "Kept", "TextIndex", "as_prefetched", "grouped",
           "mark_stale"]


#: The set bits of each byte value, as offsets.
_BITS = [tuple(bit for bit in range(8) if value >> bit & 1) for value in range(256)]


def _bitmap(positions, size):
    """An int with the bits at ``positions`` set (linear in ``size``)."""
    buffer = bytearray((size + 7) // 8)
    for position in positions:
        buffer[position >> 3] |= 1 << (position & 7)
    return int.from_bytes(buffer, "little")


class FacetIndex:
    """Rows (by primary key), bitmaps per facet value, orders, and anything else the list
    wants to keep with them (``extra``: networks and tracks, say)."""

    def __init__(self, ids, facets, orders, extra=None, texts=None):
        """``ids``: primary keys (a row's position is its bit); ``facets``: ``{facet:
        iterable of (pk, value)}`` (a row may have several values of a facet, or none);
        ``orders``: ``{name: primary keys in that order}``; ``texts``: a callable giving
        ``(pk, folded search text)`` pairs, read on the first text search
        (:meth:`matching`)."""
        self.ids = list(ids)
        self.position = {pk: index for index, pk in enumerate(self.ids)}
        self.size = len(self.ids)
        self.all = (1 << self.size) - 1
        self.bitmaps = {}
        for facet, pairs in facets.items():
            positions = {}
            for pk, value in pairs:
                index = self.position.get(pk)
                if index is not None:
                    positions.setdefault(value, []).append(index)
            self.bitmaps[facet] = {value: _bitmap(found, self.size)
                                   for value, found in positions.items()}
        self.orders = {name: [self.position[pk] for pk in keys if pk in self.position]
                       for name, keys in orders.items()}
        # Rank of each position in each order: for sorting a subset (relevance ties).
        self._ranks = {}
        self.extra = extra or {}
        # What is rendered from the rows (``extra["rows"]``, when given), kept with them.
        self.kept = Kept()
        for row in self.extra.get("rows", {}).values():
            row.kept = self.kept
        self._texts = texts
        self._text_index = None

    def bits(self, facet, value):
        """The rows having ``value`` for ``facet`` (0 when none has it)."""
        return self.bitmaps[facet].get(value, 0)

    def bits_of(self, pks):
        """The rows among primary keys ``pks`` (others are not indexed: ignored)."""
        position = self.position
        return _bitmap((position[pk] for pk in pks if pk in position), self.size)

    def matching(self, words):
        """The rows whose folded search text contains every one of ``words`` (folded
        terms, as :func:`network.text.terms` gives): what ``search_text LIKE '%word%'``
        for each finds. The text index is built on the first call (one query)."""
        text = self.text_index()
        within = self.all
        for word in words:
            within &= text.bits(word)
            if not within:
                break
        return within

    def text_index(self):
        """The rows' :class:`TextIndex`, built on the first call (one query)."""
        if self._text_index is None:
            position = self.position
            self._text_index = TextIndex(
                ((position[pk], folded) for pk, folded in self._texts()
                 if pk in position), self.size)
        return self._text_index

    def counts(self, facet, within):
        """``{value: rows within ``within`` having it}``, values with no row left out (as
        a SQL GROUP BY would)."""
        result = {}
        for value, bitmap in self.bitmaps[facet].items():
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

    def ordered(self, within, order):
        """The primary keys of the rows ``within``, in ``order``: a sequence that counts
        without listing and lists only the slice asked for (a page)."""
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


class TextIndex:
    """Which rows contain a term anywhere in their folded text, in memory.

    Folded text (``network.text.normalize``) is words separated by single spaces and a
    search term has no space, so a row's text contains a term exactly when one of its
    words does. The index keeps every distinct word once (the vocabulary, one word a
    line in one string, searched with ``str.find``) and, for each word, the rows having
    it: a term's rows are the union over the words containing it. A vocabulary is much
    smaller than the texts (4,000 words for 9,000 organisations' 4 MB of text), so a
    term is found in well under a millisecond where scanning every text takes several.
    """

    #: A word in at least this many rows keeps a bitmap once asked for; rarer words
    #: keep only their positions (a bitmap costs size/8 bytes however few rows it has).
    BITMAP_ROWS = 64

    def __init__(self, texts, size):
        """``texts``: ``(position, folded text)`` pairs; ``size``: the number of rows."""
        rows_of = {}
        for position, text in texts:
            for word in set(text.split()):
                found = rows_of.get(word)
                if found is None:
                    rows_of[word] = [position]
                else:
                    found.append(position)
        words = list(rows_of)
        self.vocabulary = "\n".join(words)
        self.starts = []
        offset = 0
        for word in words:
            self.starts.append(offset)
            offset += len(word) + 1
        self.rows = [rows_of[word] for word in words]
        self.size = size
        self._bitmaps = {}

    def words(self):
        """Every distinct word of the texts (a new list: the vocabulary is one string)."""
        return self.vocabulary.split("\n")

    def bits(self, term):
        """The rows whose text contains ``term`` (a folded word, without spaces)."""
        if term.split() != [term]:
            raise ValueError(f"not a single folded term: {term!r}")
        vocabulary, starts, rows = self.vocabulary, self.starts, self.rows
        find = vocabulary.find
        last = len(starts) - 1
        found = 0
        rare = set()
        start = 0
        while True:
            hit = find(term, start)
            if hit < 0:
                break
            word = bisect_right(starts, hit) - 1
            positions = rows[word]
            if len(positions) >= self.BITMAP_ROWS:
                bitmap = self._bitmaps.get(word)
                if bitmap is None:
                    bitmap = self._bitmaps[word] = _bitmap(positions, self.size)
                found |= bitmap
            else:
                rare.update(positions)
            if word == last:
                break
            start = starts[word + 1]  # the next word: one hit a word is enough
        if rare:
            found |= _bitmap(rare, self.size)
        return found


class Ordered:
    """Primary keys of a bitmap's rows in a precomputed order, for a Paginator."""

    def __init__(self, index, within, order):
        self.index = index
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
        if self.within == self.index.all:
            positions = self.order[start:stop]
        else:
            data = self.within.to_bytes((self.index.size + 7) // 8 or 1, "little")
            positions = []
            seen = 0
            for position in self.order:
                if data[position >> 3] >> (position & 7) & 1:
                    if seen >= start:
                        positions.append(position)
                        if len(positions) == wanted:
                            break
                    seen += 1
        ids = self.index.ids
        return [ids[position] for position in positions]


class Kept:
    """What is rendered from an index's rows (a list row's HTML, an API record), by key:
    built once, reused by every page showing the row, dropped with the index on any
    change. At most ``FACET_INDEX_KEPT`` entries (default 3,000), the oldest dropped
    first, so that a crawler walking every page in both languages does not leave every
    row's HTML and record in each process's memory."""

    def __init__(self, limit=None):
        self.limit = limit if limit is not None else getattr(
            settings, "FACET_INDEX_KEPT", 3000)
        self.entries = {}

    def get(self, key, build):
        """The entry for ``key``, from ``build()`` the first time."""
        entries = self.entries
        value = entries.get(key)
        if value is None:
            value = build()
            if self.limit > 0:
                if len(entries) >= self.limit:
                    del entries[next(iter(entries))]
                entries[key] = value
        return value

    def peek(self, key):
        """The entry for ``key``, or ``None`` when none is kept."""
        return self.entries.get(key)

    def __len__(self):
        return len(self.entries)


def grouped(links, objects):
    """``{key: [object, ...]}`` from ``(key, object primary key)`` pairs (a many-to-many
    table's rows, say) and the ``objects`` they name."""
    by_pk = {record.pk: record for record in objects}
    result = {}
    for key, pk in links:
        result.setdefault(key, []).append(by_pk[pk])
    return result


def as_prefetched(instance, relation, objects):
    """Make ``instance.<relation>.all()`` give ``objects`` (from an index) without a query,
    as ``prefetch_related`` leaves it: the same queryset, its result already filled in."""
    queryset = getattr(instance, relation).all()
    queryset._result_cache = list(objects)
    queryset._prefetch_done = True
    instance.__dict__.setdefault("_prefetched_objects_cache", {})[relation] = queryset


_caches = weakref.WeakSet()


def mark_stale():
    """Every index of this process must be rebuilt before its next use (a change was
    saved here: the generation only moves once the transaction commits)."""
    for cached in list(_caches):
        cached.stale = True


def _max_age():
    return getattr(settings, "FACET_INDEX_SECONDS", 300)


class CachedIndex:
    """One process's index of a list, rebuilt by ``build()`` when it may be stale."""

    def __init__(self, build):
        self.build = build
        self.index = None
        self.key = None
        self.built_at = 0.0
        self.stale = False
        _caches.add(self)

    def get(self):
        from .core.generation import generation

        # A query once a request: it also makes a page served from an index answer 503
        # while the database is unreachable, as every page does, not stale content.
        key = (generation(), timezone.localdate())
        if (self.index is None or self.stale or key != self.key
                or time.monotonic() - self.built_at > _max_age()):
            # Read the generation before the rows: a change committed in between moves
            # it again, and the next request rebuilds.
            self.stale = False
            self.index = self.build()
            self.key = key
            self.built_at = time.monotonic()
        return self.index
