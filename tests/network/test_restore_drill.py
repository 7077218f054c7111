"""The restore drill of the README: dump everything with ``dumpdata``, empty the database,
load the dump back, and find every row of the three apps — both languages of every text,
the history, people, consents and files — exactly as it was."""

import pytest
from django.apps import apps
from django.contrib.auth.models import User
from django.core.files.base import ContentFile
from django.core.management import call_command

from members.models import Organisation
from network.models import ContentGeneration
from network.pagecache import generation
from publications import services
from publications.models import Publication
from tests.factories import ConsentFactory, PublicPersonFactory
from tests.publications import pdfs

APPS = ("network", "members", "publications")
# What the README's drill dumps: everything but what migrations recreate, sessions and the
# content generation (not content: loading the dump moves it on). XML, because Django's
# JSON serialiser cuts timestamps to milliseconds (the history's dates would not come back
# exactly).
DUMP_ARGS = ["--natural-foreign", "--natural-primary", "--exclude", "contenttypes",
             "--exclude", "auth.permission", "--exclude", "sessions",
             "--exclude", "admin.logentry", "--exclude", "network.ContentGeneration",
             "--format", "xml"]


def snapshot():
    """Every row of every model of the three apps (historical ones included), by model."""
    rows = {}
    for label in APPS:
        for model in apps.get_app_config(label).get_models():
            if model is ContentGeneration:
                continue
            # Users come back by their natural key (username), not always with their id.
            ordering = [f"{field.name}__username" if field.related_model is User
                        else field.attname for field in model._meta.concrete_fields]
            rows[model._meta.label] = [
                {key: str(value) for key, value in row.items()}
                for row in model.objects.all().order_by(model._meta.pk.attname)
                .values(*ordering)]
    return rows


@pytest.mark.django_db(transaction=True)
def test_dump_and_load_keep_every_row_and_both_languages(tmp_path, networks):
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
    organisation.save()

    before = snapshot()
    generation_before = generation()
    assert sum(map(len, before.values())) > 200
    assert before["members.HistoricalOrganisation"], "the history is part of the drill"
    assert any(row["name_ar"] and row["name_en"] for row in before["members.Organisation"])

    dump = tmp_path / "backup.xml"
    call_command("dumpdata", *DUMP_ARGS, output=str(dump), verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    assert Organisation.objects.count() == 0 and User.objects.count() == 0

    call_command("loaddata", str(dump), verbosity=0)

    after = snapshot()
    assert generation() != generation_before  # the pages cached before are stale
    assert after.keys() == before.keys()
    for label in before:
        assert len(after[label]) == len(before[label]), label
        for old, new in zip(before[label], after[label], strict=True):
            assert new == old, (label, {k: (old[k], new[k]) for k in old if old[k] != new[k]})
    assert User.objects.get(username="curator").check_password("a-long-test-password-0")
    # The sequences follow the restored ids: new records can still be added.
    assert Organisation.objects.create(slug="after-restore", name_ar="بعد الاستعادة",
                                       country="IQ").pk
