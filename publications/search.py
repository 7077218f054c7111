"""What other pages take from the library: the site search, the latest briefs, a
network's briefs and an organisation's briefs.

Every function returns published publications only, as the library's facet index rows
(``publications.index``): what ``publications/includes/_publication_list.html`` shows
needs no further query.
"""

from network.core.search import ranked_ids

from .index import library_index


def search_publications(query, limit=20):
    """The first ``limit`` published publications matching ``query`` in their titles,
    summaries, key areas, series and PDF text (through the shared normaliser), best
    match first, then newest, as library rows; the number found; and whether they match
    exactly (no query).

    Exact matches rank by how the words match the titles (``network.core.search.name_rank``);
    when nothing matches exactly, titles within a typo match, ranked by likeness
    (``network.core.search.forgiving_ranks``).
    """
    index = library_index.get()
    ranks, exact = ranked_ids(index, query)
    newest = index.rank("newest")
    position = index.position
    found = [pk for pk in ranks if pk in position]
    found.sort(key=lambda pk: (-ranks[pk], newest[position[pk]]))
    rows = index.extra["rows"]
    return [rows[pk] for pk in found[:limit]], len(found), exact


def latest_publications(count=3):
    """The ``count`` newest published publications, as library rows (from the library's
    facet index: no query)."""
    index = library_index.get()
    rows = index.extra["rows"]
    return [rows[index.ids[position]] for position in index.orders["newest"][:count]]


def published_by(organisation):
    """Published publications ``organisation`` authored, newest first, as library rows
    (from the library's facet index: no query)."""
    index = library_index.get()
    position = index.position
    found = [position[pk] for pk in index.extra["authored"].get(organisation.pk, ())
             if pk in position]
    newest = index.rank("newest")
    found.sort(key=newest.__getitem__)
    rows = index.extra["rows"]
    return [rows[index.ids[place]] for place in found]


def network_publications(network, count=6):
    """The ``count`` newest published publications of ``network``, as library rows (from
    the library's facet index: no query)."""
    index = library_index.get()
    ordered = index.ordered(index.bits("network", network.pk), "newest")
    rows = index.extra["rows"]
    return [rows[pk] for pk in ordered[:count]]
