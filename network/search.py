"""Term-by-term matching on a stored, normalised ``search_text`` column.

Every searchable model stores ``search_text`` built with :func:`network.text.normalize`;
queries are normalised the same way. On PostgreSQL a ``pg_trgm`` GIN index serves the
``LIKE '%term%'`` match, trigram word similarity tolerates a typo, and ranks results.
"""

from django.contrib.postgres.search import TrigramWordSimilarity
from django.db import connection, migrations
from django.db.models import FloatField, Q, Value

from .text import terms

#: Longest query accepted by the search box and the directory filters.
MAX_QUERY_LENGTH = 200
#: Terms shorter than this must match exactly: trigram similarity means little for them.
MIN_FUZZY_LENGTH = 4


def on_postgres():
    return connection.vendor == "postgresql"


def match(queryset, query, field="search_text", *, rank=True):
    """Rows whose ``field`` contains every term of ``query``, annotated with ``rank``.

    On PostgreSQL a term of four letters or more also matches a word within one typo
    (trigram word similarity), and ``rank`` sums the similarities; elsewhere ``rank`` is 1.
    ``rank=False`` filters only (for counts and facets, where an annotation would group).
    """
    words = terms(query)
    if not words:
        if not rank:
            return queryset
        return queryset.annotate(rank=Value(0.0, output_field=FloatField()))
    postgres = on_postgres()
    condition = Q()
    for word in words:
        term = Q(**{f"{field}__contains": word})
        if postgres and len(word) >= MIN_FUZZY_LENGTH:
            term |= Q(**{f"{field}__trigram_word_similar": word})
        condition &= term
    queryset = queryset.filter(condition)
    if not rank:
        return queryset
    if not postgres:
        return queryset.annotate(rank=Value(1.0, output_field=FloatField()))
    similarity = TrigramWordSimilarity(words[0], field)
    for word in words[1:]:
        similarity = similarity + TrigramWordSimilarity(word, field)
    return queryset.annotate(rank=similarity)


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
