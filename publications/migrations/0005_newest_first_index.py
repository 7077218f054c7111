"""An index in the library's newest-first order (undated last) on PostgreSQL: the home
page's latest briefs then read three rows rather than sorting the whole (wide) table.
SQLite accepts no NULLS LAST in an index, and its tables are small."""

from django.db import migrations

NAME = "publications_newest_first"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{NAME}" ON "publications_publication" '
            '("published_on" DESC NULLS LAST, "created_at" DESC, "id" DESC) '
            "WHERE \"status\" = 'published'")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f'DROP INDEX IF EXISTS "{NAME}"')


class Migration(migrations.Migration):

    dependencies = [
        ("publications", "0004_original_url_participants_women"),
    ]

    operations = [
        migrations.RunPython(forwards, backwards, elidable=False),
    ]
