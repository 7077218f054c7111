"""Curators upload PDFs in the admin: rejections show beside the file field, with the
reason in the admin's language, and nothing is stored."""

import os
import re
from html import unescape
from pathlib import Path

import pytest

from publications.models import Publication, PublicationFile
from tests.factories import PublicationFactory

from . import pdfs

ADD_URL = "/admin/publications/publication/add/"


def form_data(publication=None, files=(), **fields):
    """The admin form of a publication, with key-area and file inlines."""
    data = {
        "slug": "new-brief", "kind": "policy-brief", "status": "published",
        "title_ar": "ورقة جديدة", "title_en": "A new brief", "subtitle_ar": "", "subtitle_en": "",
        "summary_ar": "", "summary_en": "", "series": "", "series_number": "",
        "published_on": "", "published_precision": "day", "consultation_on": "",
        "consultation_precision": "month", "consultation_participants": "",
        "consultation_who_ar": "", "consultation_who_en": "", "consultation_countries": "",
        "key_areas-TOTAL_FORMS": "1", "key_areas-INITIAL_FORMS": "0",
        "key_areas-MIN_NUM_FORMS": "0", "key_areas-MAX_NUM_FORMS": "1000",
        "key_areas-0-order": "1", "key_areas-0-text_ar": "مجال", "key_areas-0-text_en": "Area",
        "key_areas-0-detail_ar": "", "key_areas-0-detail_en": "",
        "files-MIN_NUM_FORMS": "0", "files-MAX_NUM_FORMS": "1000",
    }
    existing = list(publication.files.all()) if publication else []
    data["files-INITIAL_FORMS"] = str(len(existing))
    data["files-TOTAL_FORMS"] = str(len(existing) + len(files))
    for index, record in enumerate(existing):
        data[f"files-{index}-id"] = str(record.pk)
        data[f"files-{index}-publication"] = str(publication.pk)
        data[f"files-{index}-language"] = record.language
    for index, (language, upload) in enumerate(files, start=len(existing)):
        data[f"files-{index}-language"] = language
        data[f"files-{index}-upload"] = upload
    for index, record in enumerate(existing):
        # The hidden version a browser sends back with each form.
        data[f"files-{index}-_version"] = str(record.version)
    if publication is not None:
        data["key_areas-TOTAL_FORMS"] = "0"
        data["_version"] = str(publication.version)
    data.update(fields)
    return data


def as_file(data, name="brief.pdf"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data, content_type="application/pdf")


def errors(response):
    html = response.content.decode()
    return [unescape(re.sub(r"<[^>]+>", "", item))
            for block in re.findall(r'<ul class="errorlist[^"]*"[^>]*>(.*?)</ul>', html, re.S)
            for item in re.findall(r"<li>(.*?)</li>", block, re.S)]


def test_a_curator_adds_a_publication_with_its_pdf(admin_client, db, english_pdf):
    response = admin_client.post(ADD_URL, form_data(files=[("en", as_file(english_pdf))]))

    assert response.status_code == 302, errors(response)
    publication = Publication.objects.get(slug="new-brief")
    record = publication.files.get()
    assert (record.language, record.page_count, record.original_name) == ("en", 2, "brief.pdf")
    assert "recruitment by militias" in publication.search_text
    assert "area" in publication.search_text


@pytest.mark.parametrize("lang,reason", [
    ("en", "The PDF is incomplete: its end-of-file marker is missing"),
    ("ar", "ملف PDF غير مكتمل: علامة نهاية الملف مفقودة"),
])
def test_a_rejected_upload_shows_its_reason_in_the_admin_language(admin_client, db, lang,
                                                                   reason):
    response = admin_client.post(ADD_URL, form_data(files=[("en", as_file(pdfs.truncated_pdf()))]),
                                 HTTP_ACCEPT_LANGUAGE=lang)

    assert response.status_code == 200
    assert any(message.startswith(reason) for message in errors(response)), errors(response)
    assert Publication.objects.count() == 0
    assert PublicationFile.objects.count() == 0


@pytest.mark.parametrize("make,reason", [
    (lambda: b"", "The file is empty."),
    (pdfs.html_with_pdf_header, "The PDF is damaged and cannot be read"),
    (pdfs.decompression_bomb, "decompression bomb"),
    (pdfs.encrypted_pdf, "The PDF is encrypted or protected by a password."),
])
def test_every_rejection_reaches_the_curator(admin_client, db, make, reason):
    response = admin_client.post(ADD_URL, form_data(files=[("en", as_file(make()))]),
                                 HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    messages = errors(response)
    assert any(reason in message for message in messages) or (
        reason == "The file is empty." and "The submitted file is empty." in messages), messages
    assert Publication.objects.count() == 0


def test_a_wrong_extension_is_refused(admin_client, db, english_pdf):
    response = admin_client.post(
        ADD_URL, form_data(files=[("en", as_file(english_pdf, "brief.html"))]),
        HTTP_ACCEPT_LANGUAGE="en")

    assert "Only PDF files are accepted: the file name must end in .pdf." in errors(response)


def test_a_duplicate_points_to_the_publication_that_has_it(admin_client, db, english_pdf,
                                                           upload):
    from publications import services

    first = PublicationFactory(title_en="The first brief")
    services.add_publication_file(publication=first, language="en", upload=upload(english_pdf))

    response = admin_client.post(ADD_URL, form_data(files=[("en", as_file(english_pdf))]),
                                 HTTP_ACCEPT_LANGUAGE="en")

    html = response.content.decode()
    assert ("This file has already been uploaded: it is the English file of “The first brief”."
            in unescape(html))
    assert f'href="/admin/publications/publication/{first.pk}/change/"' in html
    assert Publication.objects.count() == 1


def test_a_rejected_replacement_keeps_the_stored_pdf(admin_client, db, english_pdf, upload):
    from publications import services

    publication = PublicationFactory(slug="kept")
    kept = services.add_publication_file(publication=publication, language="en",
                                         upload=upload(english_pdf))
    data = form_data(publication, slug="kept", **{"files-0-upload": as_file(pdfs.encrypted_pdf())})

    response = admin_client.post(f"/admin/publications/publication/{publication.pk}/change/",
                                 data, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    assert "The PDF is encrypted or protected by a password." in unescape(
        response.content.decode())
    assert PublicationFile.objects.get() == kept
    assert kept.pdf.read() == english_pdf


def test_a_curator_replaces_and_removes_files(admin_client, db, upload,
                                              django_capture_on_commit_callbacks):
    from publications import services

    publication = PublicationFactory(slug="brief")
    services.add_publication_file(publication=publication, language="en",
                                  upload=upload(pdfs.english_pdf(marker="first")))
    change_url = f"/admin/publications/publication/{publication.pk}/change/"

    data = form_data(publication, slug="brief", **{
        "files-0-upload": as_file(pdfs.english_pdf(marker="second", pages=3))})
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(change_url, data)
    assert response.status_code == 302, errors(response)
    assert publication.files.get().page_count == 3

    publication.refresh_from_db()  # the page the browser opens after saving
    data = form_data(publication, slug="brief", **{"files-0-DELETE": "on"})
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(change_url, data)
    assert response.status_code == 302, errors(response)
    assert publication.files.count() == 0


def test_a_new_language_row_needs_a_file(admin_client, db):
    response = admin_client.post(ADD_URL, form_data(files=[("ar", "")]),
                                 HTTP_ACCEPT_LANGUAGE="en")

    assert "Choose the PDF file for this language." in errors(response)


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_the_admin_pages_open_in_both_languages(admin_client, seeded, lang):
    for url in (ADD_URL, f"/admin/publications/publication/{seeded.pk}/change/",
                "/admin/publications/publication/", "/admin/publications/series/"):
        response = admin_client.get(url, HTTP_ACCEPT_LANGUAGE=lang)
        assert response.status_code == 200, url
    assert 'enctype="multipart/form-data"' in admin_client.get(ADD_URL).content.decode()


@pytest.fixture
def disk_full(monkeypatch):
    """Every file write stops with "No space left on device" after its first 100 bytes,
    leaving those bytes on disk, as a full disk does; ``disk_full.after`` writes succeed
    first."""
    import errno

    from django.core.files.storage import FileSystemStorage

    real_save = FileSystemStorage._save

    def save(storage, name, content):
        if state.after:
            state.after -= 1
            return real_save(storage, name, content)
        path = storage.path(name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as partial:
            partial.write(next(content.chunks())[:100])
        raise OSError(errno.ENOSPC, "No space left on device", path)

    state = type("DiskFull", (), {"after": 0})()
    monkeypatch.setattr(FileSystemStorage, "_save", save)
    return state


def stored_files(settings):
    return sorted(path.relative_to(settings.MEDIA_ROOT) for path in
                  Path(settings.MEDIA_ROOT).rglob("*") if path.is_file())


@pytest.mark.parametrize("lang,message", [
    ("en", "The server's disk is full, so this PDF was not stored"),
    ("ar", "القرص على الخادم ممتلئ، لذا لم يُحفظ ملف PDF هذا"),
])
def test_a_full_disk_keeps_the_stored_pdf_and_says_so(make_staff, admin_login, settings, upload,
                                                      disk_full, lang, message):
    from publications import services

    disk_full.after = 2  # the stored PDF and its cover
    publication = PublicationFactory(slug="kept", title_en="Kept")
    first_pdf = pdfs.english_pdf(marker="first")
    kept = services.add_publication_file(publication=publication, language="en",
                                         upload=upload(first_pdf))
    before = stored_files(settings)
    client = admin_login(make_staff("librarian"))
    data = form_data(publication, slug="kept", title_en="Edited", **{
        "files-0-upload": as_file(pdfs.english_pdf(marker="second"))})

    response = client.post(f"/admin/publications/publication/{publication.pk}/change/",
                           data, HTTP_ACCEPT_LANGUAGE=lang)

    assert response.status_code == 200
    assert any(error.startswith(message) for error in errors(response)), errors(response)
    # The form comes back as it was sent, and nothing of it was saved.
    assert 'value="Edited"' in response.content.decode()
    publication.refresh_from_db()
    assert publication.title_en == "Kept"
    assert PublicationFile.objects.get() == kept
    kept.refresh_from_db()
    assert kept.pdf.read() == first_pdf
    assert stored_files(settings) == before


def test_a_full_disk_on_the_second_pdf_leaves_no_file(make_staff, admin_login, settings,
                                                      disk_full, font_directory):
    disk_full.after = 2  # the English PDF and its cover fit; the Arabic PDF does not
    client = admin_login(make_staff("superuser"))

    response = client.post(ADD_URL, form_data(files=[
        ("en", as_file(pdfs.english_pdf(marker="en"))),
        ("ar", as_file(pdfs.arabic_pdf(font_directory, marker="ar")))]),
        HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    assert sum(error.startswith("The server's disk is full") for error in errors(response)) == 2
    assert Publication.objects.count() == 0
    assert PublicationFile.objects.count() == 0
    assert stored_files(settings) == []
