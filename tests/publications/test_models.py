import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from network.core.text import normalize
from publications.models import KeyArea, Publication, PublicationFile, coded_value_contains
from tests.factories import (
    KeyAreaFactory,
    NetworkFactory,
    PublicationFactory,
    PublicationFileFactory,
    SeriesFactory,
)


def test_it_requires_a_title_in_at_least_one_language(db):
    with pytest.raises(IntegrityError), transaction.atomic():
        PublicationFactory(title_ar="", title_en="")

    english_only = PublicationFactory(title_ar="", title_en="Only in English")
    assert english_only.pk


@pytest.mark.parametrize("fields", [
    {"status": "pending"},
    {"kind": "poem"},
    {"slug": "feed"},
    {"published_precision": "week"},
    {"consultation_participants": 0},
    {"consultation_participants_more_than": True, "consultation_participants": None},
])
def test_it_refuses_invalid_values_in_the_database(db, fields):
    with pytest.raises(IntegrityError), transaction.atomic():
        PublicationFactory(**fields)


def test_a_number_in_a_series_needs_the_series(db):
    with pytest.raises(IntegrityError), transaction.atomic():
        PublicationFactory(series=None, series_number=3)


def test_a_number_is_unique_within_its_series(db):
    series = SeriesFactory()
    PublicationFactory(series=series, series_number=1)
    PublicationFactory(series=SeriesFactory(), series_number=1)

    with pytest.raises(IntegrityError), transaction.atomic():
        PublicationFactory(series=series, series_number=1)


def test_key_areas_are_ordered_and_unique_in_order(db):
    publication = PublicationFactory()
    KeyAreaFactory(publication=publication, order=2, text_en="Second")
    KeyAreaFactory(publication=publication, order=1, text_en="First")

    assert [area.text_en for area in publication.key_areas.all()] == ["First", "Second"]
    with pytest.raises(IntegrityError), transaction.atomic():
        KeyAreaFactory(publication=publication, order=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        KeyAreaFactory(publication=publication, order=0)


def test_one_file_per_language_and_each_file_once(db):
    publication = PublicationFactory()
    PublicationFileFactory(publication=publication, language="ar", sha256="a" * 64)
    PublicationFileFactory(publication=publication, language="en", sha256="b" * 64)

    with pytest.raises(IntegrityError), transaction.atomic():
        PublicationFileFactory(publication=publication, language="ar", sha256="c" * 64)
    with pytest.raises(IntegrityError), transaction.atomic():
        PublicationFileFactory(sha256="a" * 64)


@pytest.mark.parametrize("fields", [
    {"language": "fr"},
    {"sha256": "abc"},
    {"size": 0},
    {"page_count": 0},
])
def test_file_rows_refuse_invalid_values(db, fields):
    with pytest.raises(IntegrityError), transaction.atomic():
        PublicationFileFactory(**fields)


def test_clean_explains_what_is_wrong(db):
    publication = Publication(slug="feed", title_ar="", title_en="", series_number=2,
                              consultation_participants_more_than=True, regions="mena,moon")

    with pytest.raises(ValidationError) as error:
        publication.full_clean()

    assert set(error.value.message_dict) >= {"slug", "title", "series_number",
                                             "consultation_participants", "regions"}


def test_published_is_the_one_public_queryset(db):
    shown = PublicationFactory(status="published")
    PublicationFactory(status="draft")
    PublicationFactory(status="archived")

    assert list(Publication.objects.published()) == [shown]


def test_newest_first_puts_undated_publications_last(db):
    old = PublicationFactory(published_on=datetime.date(2015, 1, 1))
    undated = PublicationFactory(published_on=None)
    new = PublicationFactory(published_on=datetime.date(2020, 1, 1))

    assert list(Publication.objects.newest_first()) == [new, old, undated]


def test_search_text_holds_both_languages_normalised(db):
    network = NetworkFactory(short_name_en="WASL", short_name_ar="وصل")
    series = SeriesFactory(name_en="Policy brief series", name_ar="سلسلة الأوراق")
    publication = PublicationFactory(title_ar="حقائقُ مقلِقة", title_en="Uncomfortable Truths",
                                     series=series, series_number=7, networks=[network],
                                     regions="mena")
    KeyAreaFactory(publication=publication, text_ar="الشرطة المحلية", text_en="Local police")
    publication.update_search_text()
    publication.refresh_from_db()

    for expected in ("حقايق مقلقه", "uncomfortable truths", "policy brief series", "7",
                     "الشرطه المحليه", "local police", "wasl", "وصل", "middle east",
                     "الشرق الاوسط"):
        assert expected in publication.search_text


def test_search_titles_hold_titles_and_series_only(db):
    series = SeriesFactory(name_ar="سلسلة الأوراق", name_en="Brief series")
    publication = PublicationFactory(title_ar="حقائقُ مقلِقة", title_en="Uncomfortable Truths",
                                     subtitle_en="Women's Perspectives", summary_en="Militias",
                                     series=series)
    PublicationFileFactory(publication=publication, text="Extracted from the PDF")
    publication.update_search_text()
    publication.refresh_from_db()

    assert publication.search_titles == normalize(
        "حقائقُ مقلِقة سلسلة الأوراق Uncomfortable Truths Women's Perspectives Brief series")
    assert "militias" in publication.search_text
    assert "extracted" in publication.search_text


def test_search_text_includes_the_text_of_every_file(db):
    publication = PublicationFactory()
    PublicationFileFactory(publication=publication, text="Extracted FROM the PDF")

    publication.update_search_text()
    publication.refresh_from_db()

    assert "extracted from the pdf" in publication.search_text


def test_dates_are_written_to_their_precision(db):
    year = PublicationFactory(published_on=datetime.date(2016, 1, 1), published_precision="year")
    month = PublicationFactory(published_on=datetime.date(2015, 11, 1),
                               published_precision="month")
    day = PublicationFactory(published_on=datetime.date(2016, 3, 8), published_precision="day")
    undated = PublicationFactory(published_on=None)

    with translation.override("en"):
        assert [p.date_display() for p in (year, month, day, undated)] == [
            "2016", "November 2015", "8 March 2016", ""]


def test_regions_cover_their_countries(db):
    publication = PublicationFactory(regions="mena", countries=["NG"])

    covered = publication.covered_country_codes()

    assert {"IQ", "SY", "NG"} <= covered
    assert "FR" not in covered
    with translation.override("en"):
        assert [str(label) for label in publication.region_list] == [
            "Middle East and North Africa"]


@pytest.mark.parametrize("stored,found", [
    ("IQ", True), ("IQ,SY", True), ("SY,IQ", True), ("SY,IQ,NG", True),
    ("", False), ("SY", False), ("AI,QA", False),
])
def test_coded_values_match_whole_codes_only(db, stored, found):
    publication = PublicationFactory(countries=stored.split(",") if stored else [])

    matched = Publication.objects.filter(coded_value_contains("countries", "IQ"))

    assert (publication in matched) is found


def test_file_urls_name_the_language(db):
    record = PublicationFileFactory(publication__slug="brief", language="en", sha256="f" * 64,
                                    cover="publications/covers/x.webp")

    with translation.override("ar"):
        assert record.get_absolute_url() == "/ar/publications/brief/en.pdf"
        assert record.get_cover_url() == "/ar/publications/brief/en-cover.webp?v=ffffffffffff"
    with translation.override("en"):
        assert str(record).endswith("(English)")
    assert KeyArea._meta.ordering == ["publication", "order"]
    assert PublicationFile._meta.get_field("pdf").upload_to(record, "evil/../../x.sh").startswith(
        "publications/")
