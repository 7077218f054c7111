"""The PDF corpus: every upload is accepted or refused as it should be, with its reason,
and a refusal stores nothing and loses nothing already stored."""

import pytest
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils import translation
from pypdf import PdfReader

from publications import services
from publications.models import Publication, PublicationFile
from publications.pdf import PdfRejected, inspect_pdf
from publications.pdfworker import reading_order
from tests.factories import PublicationFactory

from . import pdfs


def stored_files(settings):
    root = settings.MEDIA_ROOT / "publications"
    return sorted(path.relative_to(root).as_posix() for path in root.rglob("*")
                  if path.is_file()) if root.exists() else []


@pytest.fixture
def publication(db):
    return PublicationFactory(title_en="The brief", title_ar="الورقة")


def test_the_arabic_corpus_pdf_carries_real_arabic_text(arabic_pdf, tmp_path):
    path = tmp_path / "ar.pdf"
    path.write_bytes(arabic_pdf)

    raw = PdfReader(path).pages[0].extract_text()

    # As most PDF writers do, fpdf2 stores right-to-left text in visual order.
    assert pdfs.ARABIC_TITLE[::-1] in raw


def test_it_accepts_a_valid_arabic_pdf(publication, arabic_pdf, upload, settings,
                                       django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        record = services.add_publication_file(publication=publication, language="ar",
                                               upload=upload(arabic_pdf, "ورقة.pdf"))

    record.refresh_from_db()
    assert record.page_count == 1
    assert record.size == len(arabic_pdf)
    assert len(record.sha256) == 64
    assert record.original_name == "ورقة.pdf"
    # Extracted in reading order, whatever order the writer stored it in.
    assert pdfs.ARABIC_TITLE in record.text
    assert record.pdf.name.startswith("publications/") and record.pdf.name.endswith(".pdf")
    assert "ورقة" not in record.pdf.name
    assert record.cover.name.startswith("publications/covers/")
    assert record.cover.read(12)[8:12] == b"WEBP"
    assert record.cover_width == 240 and record.cover_height > 300
    assert len(stored_files(settings)) == 2
    publication.refresh_from_db()
    assert "حقايق مقلقه" in publication.search_text


def test_it_accepts_a_valid_english_pdf(publication, english_pdf, upload):
    record = services.add_publication_file(publication=publication, language="en",
                                           upload=upload(english_pdf))

    assert record.page_count == 2
    assert pdfs.ENGLISH_TITLE in record.text
    assert record.pdf.read() == english_pdf
    publication.refresh_from_db()
    assert "recruitment by militias" in publication.search_text


REJECTED = [
    ("empty", lambda: b"", "The file is empty."),
    ("truncated", pdfs.truncated_pdf, "The PDF is incomplete"),
    ("html", pdfs.html_with_pdf_header, "The PDF is damaged and cannot be read"),
    ("not-pdf", lambda: b"<!doctype html><html><body>Hello</body></html>",
     "This is not a PDF"),
    ("bomb", pdfs.decompression_bomb, "decompression bomb"),
    ("nested", pdfs.deeply_nested, "The PDF is damaged and cannot be read"),
    ("encrypted", pdfs.encrypted_pdf, "The PDF is encrypted or protected by a password."),
]


@pytest.mark.parametrize("name,make,reason", REJECTED, ids=[case[0] for case in REJECTED])
def test_it_rejects_bad_files_with_a_reason_and_stores_nothing(
        publication, upload, settings, name, make, reason):
    search_text = Publication.objects.get(pk=publication.pk).search_text

    with pytest.raises(PdfRejected) as rejected, translation.override("en"):
        services.add_publication_file(publication=publication, language="en",
                                       upload=upload(make()))

    with translation.override("en"):
        assert reason in rejected.value.message
    assert PublicationFile.objects.count() == 0
    assert stored_files(settings) == []
    assert Publication.objects.get(pk=publication.pk).search_text == search_text


def test_it_rejects_a_file_over_the_size_limit(publication, english_pdf, upload, settings):
    settings.PUBLICATION_MAX_UPLOAD_BYTES = len(english_pdf) - 1

    with pytest.raises(PdfRejected) as rejected:
        services.add_publication_file(publication=publication, language="en",
                                      upload=upload(english_pdf))

    assert rejected.value.code == "too-large"
    with translation.override("en"):
        assert rejected.value.message == (
            f"The file is {filesizeformat(len(english_pdf))}; the largest accepted is "
            f"{filesizeformat(len(english_pdf) - 1)}.")
    assert stored_files(settings) == []


def test_the_size_limit_defaults_to_25_megabytes():
    from network import settings as project_settings

    assert project_settings.PUBLICATION_MAX_UPLOAD_BYTES == 25 * 1024 * 1024


def test_the_size_is_counted_not_trusted(english_pdf, settings):
    """An upload claiming a small size is still measured while it is copied."""
    settings.PUBLICATION_MAX_UPLOAD_BYTES = 1000
    lying = ContentFile(english_pdf, name="brief.pdf")
    lying.size = 10

    with pytest.raises(PdfRejected) as rejected:
        inspect_pdf(lying)

    assert rejected.value.code == "too-large"


@pytest.mark.parametrize("name", ["brief.html", "brief.pdf.exe", "brief", "brief.PDF.txt"])
def test_it_accepts_only_the_pdf_extension(english_pdf, name):
    with pytest.raises(PdfRejected) as rejected:
        inspect_pdf(ContentFile(english_pdf, name=name))

    assert rejected.value.code == "extension"


def test_an_upper_case_extension_is_a_pdf_extension(english_pdf):
    assert inspect_pdf(ContentFile(english_pdf, name="BRIEF.PDF")).page_count == 2


def test_it_refuses_the_same_file_twice_and_points_to_the_first(publication, english_pdf,
                                                                 upload, settings):
    first = services.add_publication_file(publication=publication, language="en",
                                          upload=upload(english_pdf))
    other = PublicationFactory()

    with pytest.raises(PdfRejected) as rejected:
        services.add_publication_file(publication=other, language="en",
                                      upload=upload(english_pdf, "copy.pdf"))

    assert rejected.value.code == "duplicate"
    assert rejected.value.existing == first
    with translation.override("en"):
        assert rejected.value.message == (
            "This file has already been uploaded: it is the English file of “The brief”.")
    with translation.override("ar"):
        assert rejected.value.message == "سبق رفع هذا الملف: إنه ملف «الورقة» باللغة الإنجليزية."
    assert list(PublicationFile.objects.all()) == [first]
    assert len(stored_files(settings)) == 2


def test_a_new_file_replaces_the_old_one_after_commit(publication, upload, settings,
                                                      django_capture_on_commit_callbacks):
    first = services.add_publication_file(publication=publication, language="en",
                                          upload=upload(pdfs.english_pdf(marker="one")))
    old_names = {first.pdf.name, first.cover.name}

    with django_capture_on_commit_callbacks(execute=True):
        second = services.add_publication_file(
            publication=publication, language="en",
            upload=upload(pdfs.english_pdf(marker="two", pages=3)))

    assert second.pk == first.pk
    assert PublicationFile.objects.get().page_count == 3
    assert not old_names & {f"publications/{name}" for name in stored_files(settings)}
    assert len(stored_files(settings)) == 2


def test_a_rejected_replacement_keeps_the_stored_file(publication, english_pdf, upload,
                                                      settings):
    kept = services.add_publication_file(publication=publication, language="en",
                                         upload=upload(english_pdf))

    with pytest.raises(PdfRejected):
        services.add_publication_file(publication=publication, language="en",
                                      upload=upload(pdfs.truncated_pdf()))

    assert PublicationFile.objects.get() == kept
    assert kept.pdf.read() == english_pdf
    assert len(stored_files(settings)) == 2


def test_a_failure_while_saving_deletes_the_new_files(publication, english_pdf, upload,
                                                      settings, monkeypatch):
    def broken(self):
        raise RuntimeError("database went away")

    monkeypatch.setattr(Publication, "update_search_text", broken)

    with pytest.raises(RuntimeError):
        services.add_publication_file(publication=publication, language="en",
                                      upload=upload(english_pdf))

    assert PublicationFile.objects.count() == 0
    assert stored_files(settings) == []


def test_removing_a_file_updates_search_and_deletes_it_after_commit(
        publication, english_pdf, upload, settings, django_capture_on_commit_callbacks):
    record = services.add_publication_file(publication=publication, language="en",
                                           upload=upload(english_pdf))

    with django_capture_on_commit_callbacks(execute=True):
        services.remove_publication_file(publication_file=record)

    publication.refresh_from_db()
    assert "militias" not in publication.search_text
    assert stored_files(settings) == []


def test_deleting_publications_deletes_their_files(publication, english_pdf, upload, settings,
                                                   django_capture_on_commit_callbacks):
    services.add_publication_file(publication=publication, language="en",
                                  upload=upload(english_pdf))

    with django_capture_on_commit_callbacks(execute=True):
        services.delete_publications([publication])

    assert Publication.objects.count() == 0
    assert stored_files(settings) == []


def test_the_worker_stops_at_its_time_limit(english_pdf, settings):
    settings.PUBLICATION_WORKER_SECONDS = 1

    with pytest.raises(PdfRejected) as rejected:
        inspect_pdf(ContentFile(pdfs.slow_pdf(), name="slow.pdf"))

    assert rejected.value.code == "timeout"
    with translation.override("en"):
        assert rejected.value.message.startswith("Reading the PDF took longer than 1 seconds")


def test_the_worker_stops_at_its_memory_limit(english_pdf, settings):
    settings.PUBLICATION_WORKER_MEMORY_MB = 24

    with pytest.raises(PdfRejected) as rejected:
        inspect_pdf(ContentFile(english_pdf, name="brief.pdf"))

    assert rejected.value.code == "limits"


def test_the_worker_gets_none_of_the_site_s_environment(english_pdf, monkeypatch):
    calls = []
    import subprocess

    real_run = subprocess.run

    def spy(command, **kwargs):
        calls.append((command, kwargs))
        return real_run(command, **kwargs)

    monkeypatch.setattr(subprocess, "run", spy)
    monkeypatch.setenv("SECRET_KEY", "do-not-leak")

    inspect_pdf(ContentFile(english_pdf, name="brief.pdf"))

    command, kwargs = calls[0]
    assert command[1] == "-I"
    assert kwargs["env"] == {}
    assert kwargs["timeout"] > 0


@pytest.mark.parametrize("stored,expected", [
    ("ةقلقم قئاقح", "حقائق مقلقة"),
    ("حقائق مقلقة", "حقائق مقلقة"),
    ("2015 ربمفون يف", "في نوفمبر 2015"),
    ("WASL ةكبش", "شبكة WASL"),
    ("Plain English line", "Plain English line"),
])
def test_lines_stored_in_visual_order_are_read_in_reading_order(stored, expected):
    assert reading_order(stored) == expected
