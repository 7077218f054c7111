"""Term-by-term matching on a stored, normalised ``search_text`` column.

Every searchable model stores ``search_text`` built with :func:`network.core.text.normalize`;
queries are normalised the same way. The database finds the rows containing every term
(``match``: a ``pg_trgm`` GIN index serves it on PostgreSQL, ``LIKE`` elsewhere). When no
row matches exactly, the folded names of the public records are matched word by word
within a typo (:func:`forgiving_ranks`, rapidfuzz), the same on every database, and the
closest names are offered as "did you mean".
"""

from django.contrib.postgres.search import TrigramWordSimilarity
from django.db import connection, migrations
from django.db.models import FloatField, Q, Value
from rapidfuzz import fuzz, process

from .text import terms

#: Longest query accepted by the search box and the directory filters.
MAX_QUERY_LENGTH = 200
#: Terms shorter than this must match exactly: similarity means little for them.
MIN_FUZZY_LENGTH = 4
#: How alike (rapidfuzz ``fuzz.ratio``, 0-100) a term and a name's word must be to count
#: as a typo: one wrong letter in a five-letter word scores 80, two in a short one less.
FUZZY_CUTOFF = 75
#: How many names "did you mean" offers.
SUGGESTIONS = 3


def on_postgres():
    return connection.vendor == "postgresql"


def match(queryset, query, field="search_text", *, rank=True, fuzzy=False,
          fuzzy_field=None):
    """Rows whose ``field`` contains every term of ``query``, annotated with ``rank``.

    With ``fuzzy`` (PostgreSQL only; used when nothing matches exactly) a term of four
    letters or more must instead match a word of ``fuzzy_field`` within a typo (trigram
    word similarity). ``fuzzy_field`` should be short (names, titles): similarity over
    long text is slow. ``rank`` sums the
    similarity of each term to ``fuzzy_field`` on PostgreSQL and is 1 elsewhere;
    ``rank=False`` filters only (for counts and facets, where an annotation would group).
    """
    words = terms(query)
    if not words:
        if not rank:
            return queryset
        return queryset.annotate(rank=Value(0.0, output_field=FloatField()))
    postgres = on_postgres()
    fuzzy_field = fuzzy_field or field
    condition = Q()
    for word in words:
        if fuzzy and postgres and len(word) >= MIN_FUZZY_LENGTH:
            # Only the short column: an OR with the long one defeats the indexes.
            condition &= Q(**{f"{fuzzy_field}__trigram_word_similar": word})
        else:
            condition &= Q(**{f"{field}__contains": word})
    queryset = queryset.filter(condition)
    if not rank:
        return queryset
    if not postgres:
        return queryset.annotate(rank=Value(1.0, output_field=FloatField()))
    similarity = TrigramWordSimilarity(words[0], fuzzy_field)
    for word in words[1:]:
        similarity = similarity + TrigramWordSimilarity(word, fuzzy_field)
    return queryset.annotate(rank=similarity)


def name_rank(words, names):
    """How well the folded ``words`` match the folded ``names`` of a record: for each
    word, 1 when it is one of the names' words, 0.75 when it begins or ends one (an
    Arabic word with a prefix such as و or ال, say), 0.5 when it is inside one, else 0;
    summed. A record found through its other texts only ranks after those."""
    padded = f" {names} "
    score = 0.0
    for word in words:
        if f" {word} " in padded:
            score += 1.0
        elif f" {word}" in padded or f"{word} " in padded:
            score += 0.75
        elif word in names:
            score += 0.5
    return score


def close_words(word, vocabulary):
    """``{word of vocabulary: likeness}`` for the words within a typo of ``word`` (four
    letters or more; rapidfuzz's ratio, from ``FUZZY_CUTOFF`` to 100, as 0.75 to 1)."""
    if len(word) < MIN_FUZZY_LENGTH:
        return {}
    return {other: score / 100 for other, score, _place in process.extract(
        word, vocabulary, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF, limit=None)}


def forgiving_ranks(words, names, vocabulary=None, having=None):
    """``{primary key: rank}`` of the records whose folded ``names`` (``{primary key:
    folded names}``) hold, for every one of ``words``, a word containing it or, for a
    word of four letters or more, a word within a typo of it; the rank sums each word's
    best likeness (1 for a word contained).

    ``vocabulary`` (the words to compare with) and ``having(term)`` (the primary keys
    whose texts may contain ``term``) narrow the work, from a text index; by default the
    names' own words and every record (for short lists).
    """
    if vocabulary is None:
        vocabulary = list({word for text in names.values() for word in text.split()})
    if having is None:
        def having(term):
            return names
    ranks = None
    for word in words:
        best = {pk: 1.0 for pk in having(word) if word in names.get(pk, "")}
        for other, likeness in close_words(word, vocabulary).items():
            for pk in having(other):
                if likeness > best.get(pk, 0.0) and f" {other} " in f" {names.get(pk, '')} ":
                    best[pk] = likeness
        if ranks is None:
            ranks = best
        else:
            ranks = {pk: rank + best[pk] for pk, rank in ranks.items() if pk in best}
        if not ranks:
            return {}
    return ranks or {}


def closest(ranks, limit=SUGGESTIONS):
    """The primary keys of the ``limit`` best-ranked records of ``ranks``."""
    return sorted(ranks, key=lambda pk: -ranks[pk])[:limit]


def needs_fuzzy(queryset, query, field="search_text"):
    """Whether a typo-tolerant match is worth trying: no row contains every term exactly
    (one cheap query, served by the trigram index), and the database is PostgreSQL.

    The query runs on every database so that page query counts are the same everywhere.
    """
    if not terms(query):
        return False
    exact = match(queryset, query, field, rank=False).exists()
    return not exact and on_postgres()


def trigram_index(table, column="search_text"):
    """Migration operations adding a pg_trgm GIN index on PostgreSQL (nothing elsewhere).

    The index serves ``column LIKE '%term%'`` and the ``%>`` similarity operator.
    """
    name = f"{table}_{column}_trgm"

    def forwards(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
            schema_editor.execute(
                f'CREATE INDEX IF NOT EXISTS "{name}" ON "{table}" '
                f'USING gin ("{column}" gin_trgm_ops)'
            )

    def backwards(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')

    return migrations.RunPython(forwards, backwards, elidable=False)
