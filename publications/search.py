"""What other pages take from the library: the site search, the latest briefs and a
network's briefs, as list rows
(``Publication.objects.with_list_details``)."""

from network.core.listing import in_order

from .filters import PublicationFilter
from .models import NEWEST_FIRST, Publication


def _rows(ids):
    """The published publications ``ids`` as list rows, in that order."""
    return in_order(Publication.objects.published().with_list_details(), ids)


def search_publications(query, limit=20):
    """The first ``limit`` published publications matching ``query`` in their titles,
    summaries, key areas, series and PDF text, best match first, then newest; the number
    found; and whether they match exactly (no query: titles within a typo otherwise)."""
    filterset = PublicationFilter({"q": query}, queryset=Publication.objects.published())
    if not filterset.is_valid():
        return [], 0, True
    ranks, exact = filterset.text_ranks(order=NEWEST_FIRST)
    found = sorted(ranks, key=lambda pk: -ranks[pk])  # stable: newest first among equals
    return _rows(found[:limit]), len(found), exact


def latest_publications(count=3):
    """The ``count`` newest published publications, as list rows."""
    return list(Publication.objects.published().newest_first().with_list_details()[:count])


def network_publications(network, count=6):
    """The ``count`` newest published publications of ``network``, as list rows."""
    return list(network.publications.published().newest_first().with_list_details()[:count])
