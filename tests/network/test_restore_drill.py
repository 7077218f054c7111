"""The restore drills of the README: back the database up, empty it, restore it, and find
every row of the three apps — both languages of every text, the history, people,
consents and files — as it was.

The backup is the database's own (``pg_dump``, or SQLite's backup): every value comes back
exactly. The database-independent fallback is Django's JSON dump: every text comes back
byte for byte, timestamps to the millisecond. (Django's XML dump cannot be the fallback:
it fails on a control character such as the U+000B a word processor pastes, and what it
loads back has lost its carriage returns.)"""

import datetime
import os
import sqlite3
import subprocess

import pytest
from django.apps import apps
from django.contrib.auth.models import User
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import connection

from members.models import Organisation
from publications import services
from publications.models import Publication
from tests.factories import ConsentFactory, PublicPersonFactory
from tests.publications import pdfs

pytestmark = pytest.mark.slow

APPS = ("network", "members", "publications")
# What the README's fallback dumps: everything but what migrations recreate, sessions and
# the content generation (not content: loading the dump moves it on).
DUMP_ARGS = ["--natural-foreign", "--natural-primary", "--exclude", "contenttypes",
             "--exclude", "auth.permission", "--exclude", "sessions",
             "--exclude", "admin.logentry", "--exclude", "network.ContentGeneration",
             "--format", "json"]
# Text as curators paste it: a vertical tab from a word processor, Windows line breaks,
# spaces and a line break at both ends.
PASTED = " \u000bسطر أول\r\nsecond line\t \r\n"


def _text(value, milliseconds):
    if milliseconds and isinstance(value, datetime.datetime | datetime.time):
        value = value.replace(microsecond=value.microsecond // 1000 * 1000)
    return str(value)


def snapshot(*, milliseconds=False):
    """Every row of every model of the three apps (historical ones included), by model;
    with ``milliseconds``, timestamps to the millisecond."""
    rows = {}
    for label in APPS:
        for model in apps.get_app_config(label).get_models():
            if model._meta.label == "network.ContentGeneration":
                continue  # not content: restoring moves it on, so cached pages go stale
            # Users and content types come back by their natural keys, not always with
            # their ids.
            ordering = []
            for field in model._meta.concrete_fields:
                if field.related_model is User:
                    ordering.append(f"{field.name}__username")
                elif field.related_model is ContentType:
                    ordering += [f"{field.name}__app_label", f"{field.name}__model"]
                else:
                    ordering.append(field.attname)
            rows[model._meta.label] = [
                {key: _text(value, milliseconds) for key, value in row.items()}
                for row in model.objects.all().order_by(model._meta.pk.attname)
                .values(*ordering)]
    return rows


@pytest.fixture
def directory(networks):
    """The sample directory, the seed library with one uploaded PDF, a person with a
    consent, one change in the history, and pasted text in a translated field."""
    call_command("load_sample_directory", count=30, verbosity=0)
    call_command("load_publications", verbosity=0)
    curator = User.objects.create_user("curator", password="a-long-test-password-0")
    person = PublicPersonFactory()
    ConsentFactory(person=person, recorded_by=curator)
    publication = Publication.objects.published().first()
    services.add_publication_file(
        publication=publication, language="en",
        upload=ContentFile(pdfs.english_pdf(marker="drill"), name="brief.pdf"))
    organisation = Organisation.objects.public().first()
    organisation.name_en = "Changed once, for the history"
    organisation.description_ar = PASTED
    organisation.save()
    Publication.objects.filter(pk=publication.pk).update(summary_en=PASTED)
    return organisation, publication


def assert_restored(before, after):
    assert sum(map(len, before.values())) > 200
    assert before["members.HistoricalOrganisation"], "the history is part of the drill"
    assert after.keys() == before.keys()
    for label in before:
        assert len(after[label]) == len(before[label]), label
        for old, new in zip(before[label], after[label], strict=True):
            assert new == old, (label, {k: (old[k], new[k]) for k in old if old[k] != new[k]})


def assert_pasted_text_kept(organisation, publication):
    assert Organisation.objects.get(pk=organisation.pk).description_ar == PASTED
    assert Publication.objects.get(pk=publication.pk).summary_en == PASTED
    assert User.objects.get(username="curator").check_password("a-long-test-password-0")
    # The sequences follow the restored ids: new records can still be added.
    assert Organisation.objects.create(slug="after-restore", name_ar="بعد الاستعادة",
                                       country="IQ").pk


def empty_database():
    call_command("flush", interactive=False, verbosity=0)
    assert Organisation.objects.count() == 0 and User.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_the_backup_restores_every_value_exactly(tmp_path, directory):
    before = snapshot()
    if connection.vendor == "postgresql":
        # The README's commands: pg_dump, then pg_restore (here into the emptied database).
        database = connection.settings_dict
        url = (f"postgresql://{database['USER']}@{database['HOST'] or 'localhost'}:"
               f"{database['PORT'] or 5432}/{database['NAME']}")
        environment = {**os.environ, "PGPASSWORD": database["PASSWORD"] or ""}
        dump = tmp_path / "directory.dump"
        subprocess.run(["pg_dump", "--format=custom", f"--file={dump}", url],
                       check=True, env=environment)
        empty_database()
        connection.close()
        subprocess.run(["pg_restore", "--clean", "--if-exists", "--no-owner",
                        "--single-transaction", f"--dbname={url}", str(dump)],
                       check=True, env=environment)
    else:
        # SQLite's online backup, as the sqlite3 shell's ".backup" makes it; restoring
        # copies it back over the emptied database.
        connection.ensure_connection()
        backup = sqlite3.connect(tmp_path / "directory.sqlite3")
        connection.connection.backup(backup)
        empty_database()
        backup.backup(connection.connection)
        backup.close()

    assert_restored(before, snapshot())
    assert_pasted_text_kept(*directory)


@pytest.mark.django_db(transaction=True)
def test_the_json_dump_keeps_every_text_byte_for_byte(tmp_path, directory):
    before = snapshot(milliseconds=True)
    dump = tmp_path / "directory.json"
    call_command("dumpdata", *DUMP_ARGS, output=str(dump), verbosity=0)
    empty_database()

    call_command("loaddata", str(dump), verbosity=0)

    assert_restored(before, snapshot(milliseconds=True))
    assert_pasted_text_kept(*directory)
