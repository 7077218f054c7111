"""Indexes that let PostgreSQL answer the directory at 10,000 organisations without reading
the whole table: the default order (name in the page's language, with the ICU collation
the list sorts by, then id) and the facet counts, both over public organisations only.

SQLite sorts without ICU collations, so these are created on PostgreSQL only. The
expressions must stay exactly those of ``members.filters.localized_name_order`` and
``Organisation.objects.public()`` for the planner to use them.
"""

from django.db import migrations

PUBLIC = "status = 'published' AND visibility = 'public'"
INDEXES = {
    "members_org_public_name_ar": (
        "(COALESCE(NULLIF(name_ar, ''), name_en) COLLATE \"ar-x-icu\"), id"),
    "members_org_public_name_en": (
        "(COALESCE(NULLIF(name_en, ''), name_ar) COLLATE \"en-x-icu\"), id"),
    # Covers country, governorate, kind and women-led counts (index-only scans).
    "members_org_public_facets": "country, governorate, kind, women_led, id",
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, columns in INDEXES.items():
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{name}" ON "members_organisation" ({columns}) '
            f"WHERE {PUBLIC}")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')


class Migration(migrations.Migration):

    dependencies = [("members", "0004_existing_profiles_public")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
