"""The library's CSV and JSON downloads of the current results."""

import csv
import io

import pytest

from tests.factories import (
    NetworkFactory,
    OrganisationFactory,
    PublicationFactory,
    PublicationFileFactory,
)

pytestmark = pytest.mark.django_db


def read_csv(response):
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))


def test_csv_lists_published_publications_with_their_files(client, settings):
    settings.SITE_URL = "https://directory.example.net"
    author = OrganisationFactory(slug="author")
    hidden = OrganisationFactory(slug="hidden-author", status="draft")
    publication = PublicationFactory(slug="brief", title_ar="ورقة السلام", title_en="=Peace",
                                     published_precision="year", authors=[author, hidden])
    PublicationFileFactory(publication=publication, language="ar")
    PublicationFactory(slug="draft", status="draft")

    response = client.get("/ar/publications/download.csv")

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="publications-')
    [row] = read_csv(response)
    assert (row["slug"], row["title_ar"], row["title_en"]) == ("brief", "ورقة السلام", "'=Peace")
    assert row["authors"] == "author"
    assert row["published_on"] == str(publication.published_on.year)
    assert row["pdf_ar"] == "https://directory.example.net/ar/publications/brief/ar.pdf"
    assert row["pdf_en"] == ""


def test_csv_neutralises_formulae_after_spaces_and_line_breaks(client):
    PublicationFactory(slug="brief", title_ar="\n+1", title_en="  =HYPERLINK(\"http://evil\")",
                       subtitle_en="\t@SUM(A1)")

    [row] = read_csv(client.get("/en/publications/download.csv"))

    assert (row["title_ar"], row["title_en"], row["subtitle_en"]) == (
        "'\n+1", "'  =HYPERLINK(\"http://evil\")", "'\t@SUM(A1)")


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_json_applies_the_filter(client, lang):
    network = NetworkFactory(slug="wasl")
    PublicationFactory(slug="in-wasl", networks=[network])
    PublicationFactory(slug="other")

    data = client.get(f"/{lang}/publications/download.json?network=wasl").json()

    assert [record["slug"] for record in data["results"]] == ["in-wasl"]
    assert data["results"][0]["networks"] == ["wasl"]


def test_invalid_filter_answers_400(client):
    assert client.get("/en/publications/download.csv?year=abc").status_code == 400


@pytest.mark.parametrize("count", [1, 3])
def test_download_queries_are_constant(client, django_assert_num_queries, count):
    for _ in range(count):
        PublicationFileFactory(publication=PublicationFactory(authors=[OrganisationFactory()]))
    # Each request reading a facet index also reads the content generation (1).
    # The first request after a change builds the library's facet index (11 queries).
    with django_assert_num_queries(1 + 11 + 5):
        client.get("/en/publications/download.json")
    # The publications with their series, files, networks, tracks, public authors.
    with django_assert_num_queries(1 + 5):
        response = client.get("/en/publications/download.json")
    assert len(response.json()["results"]) == count


def test_the_library_links_to_the_downloads(client):
    PublicationFactory()

    text = client.get("/ar/publications/?kind=policy-brief").content.decode()

    assert 'href="/ar/publications/download.csv?kind=policy-brief"' in text
