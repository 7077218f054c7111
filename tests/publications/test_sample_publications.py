"""``manage.py load_sample_publications``: invented, published, both languages, idempotent."""

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command

from publications.models import KeyArea, Publication, PublicationFile
from publications.pdf import inspect_pdf
from publications.sample_data import SLUG_PREFIX, generate, tiny_pdf

pytestmark = pytest.mark.django_db


def samples():
    return Publication.objects.filter(slug__startswith=SLUG_PREFIX)


def load(count, **options):
    call_command("load_sample_publications", count=count, verbosity=0, **options)


def test_generation_is_deterministic_and_independent_of_count():
    assert [item.slug for item in generate(5)] == [item.slug for item in generate(20)[:5]]
    assert generate(3)[2].fields == generate(3)[2].fields
    assert len({item.slug for item in generate(300)}) == 300


def test_loads_published_samples_in_both_languages(networks, settings):
    call_command("load_sample_directory", count=60, verbosity=0)
    call_command("load_publications", verbosity=0)
    load(40)

    assert samples().count() == 40
    assert not samples().exclude(status=Publication.Status.PUBLISHED).exists()
    assert Publication.objects.published().count() == 41  # and the real seed brief
    for publication in samples():
        assert publication.title_ar and publication.title_en
        assert publication.summary_ar.startswith("هذا منشور تجريبي")
        assert "invented sample" in publication.summary_en
        assert publication.networks.exists()
        assert publication.countries or publication.regions
    assert KeyArea.objects.filter(publication__in=samples()).count() == 3 * 40
    files = PublicationFile.objects.filter(publication__in=samples())
    assert set(files.values_list("language", flat=True)) == {"ar", "en"}
    assert files.filter(language="ar").count() < 40 and files.filter(language="en").count() < 40
    assert files.values("sha256").distinct().count() == files.count()
    assert Publication.authors.through.objects.filter(publication__in=samples()).exists()

    # The search columns include the key areas, networks and file texts.
    publication = samples().first()
    assert publication.search_text == publication.build_search_text()

    # A stored file is a real PDF the library's own checks accept.
    record = files.first()
    with record.pdf.open("rb") as handle:
        data = handle.read()
    assert len(data) == record.size
    assert inspect_pdf(ContentFile(data, name="sample.pdf")).page_count == 1


def test_library_and_pages_show_samples(networks, client):
    load(25)
    response = client.get("/ar/publications/")
    assert response.status_code == 200
    assert response.context["total"] == 25
    publication = samples().first()
    assert client.get(f"/ar/publications/{publication.slug}/").status_code == 200
    assert client.get(f"/en/publications/{publication.slug}/").status_code == 200
    record = publication.files.first()
    download = client.get(record.get_absolute_url())
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF-")


def test_running_again_creates_nothing_and_a_larger_count_adds_the_rest(networks):
    load(10)
    first = dict(samples().values_list("slug", "id"))
    files = PublicationFile.objects.count()
    load(10)
    assert dict(samples().values_list("slug", "id")) == first
    assert PublicationFile.objects.count() == files
    load(15)
    assert samples().count() == 15
    assert set(first) <= set(samples().values_list("slug", flat=True))


def test_clear_removes_only_samples_and_their_files(networks, settings,
                                                    django_capture_on_commit_callbacks):
    call_command("load_publications", verbosity=0)
    load(8)
    stored = settings.MEDIA_ROOT / "publications"
    names = set(PublicationFile.objects.filter(publication__in=samples())
                .values_list("pdf", flat=True))
    assert all((settings.MEDIA_ROOT / name).exists() for name in names)

    # Stored files are deleted once the transaction has committed.
    with django_capture_on_commit_callbacks(execute=True):
        load(5, clear=True)
    assert samples().count() == 5
    assert Publication.objects.filter(slug="uncomfortable-truths-unconventional-wisdom").exists()
    assert not any((settings.MEDIA_ROOT / name).exists() for name in names)
    assert len(list(stored.iterdir())) == PublicationFile.objects.count()

    with django_capture_on_commit_callbacks(execute=True):
        load(0, clear=True)
    assert not samples().exists()
    assert not PublicationFile.objects.exists()


def test_loads_the_networks_when_absent():
    load(3)
    assert samples().count() == 3
    assert Publication.networks.through.objects.count() >= 3


def test_negative_count_is_refused(networks):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        load(-1)


def test_tiny_pdf_escapes_text():
    data = tiny_pdf(["a (b) \\ c", "عربي"])
    assert data.startswith(b"%PDF-1.4") and data.rstrip().endswith(b"%%EOF")
    assert b"a \\(b\\) \\\\ c" in data
