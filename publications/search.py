"""What other pages take from the library: the site search, the latest briefs, a
network's briefs and an organisation's briefs.

Every function returns published publications only, with the series joined: what
``publications/includes/_publication_list.html`` shows needs no further query.
"""

from django.db.models import F, Prefetch

from network.search import match, needs_fuzzy

from .models import SEARCH_FIELDS, Publication


def for_list(queryset):
    """``queryset`` with what a compact result line shows joined in (the series), without
    the search columns (the PDFs' whole text), which no list shows."""
    return queryset.select_related("series").defer(*SEARCH_FIELDS)


def search_publications(query):
    """Published publications matching ``query`` in their titles, summaries, key areas,
    series and PDF text (through the shared normaliser), best match first, then newest.

    When nothing matches exactly, titles within a typo match (PostgreSQL); the rank is
    the similarity of the query to the titles.
    """
    published = Publication.objects.published()
    queryset = match(published, query, fuzzy=needs_fuzzy(published, query),
                     fuzzy_field="search_titles")
    return for_list(queryset.order_by("-rank", F("published_on").desc(nulls_last=True),
                                      "-created_at", "-id"))


def latest_publications(count=3):
    """The ``count`` newest published publications (one query)."""
    return for_list(Publication.objects.published().newest_first())[:count]


def published_by(organisation):
    """Published publications ``organisation`` authored, newest first (one query)."""
    return for_list(Publication.objects.published().filter(authors=organisation)
                    .newest_first())


def network_publications_prefetch():
    """A prefetch giving a network ``published_publications``, newest first (one query)."""
    return Prefetch("publications",
                    queryset=for_list(Publication.objects.published().newest_first()),
                    to_attr="published_publications")
