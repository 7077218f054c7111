"""Names holding bidi control characters are isolated wherever a public page shows them,
and left out of the page's title, so that they cannot reorder the text around them."""

import re

import pytest

from tests.factories import (
    ConsentFactory,
    NetworkFactory,
    OrganisationFactory,
    PublicationFactory,
    PublicPersonFactory,
    SeriesFactory,
)

pytestmark = pytest.mark.django_db

NAME = "abc\u202edef"  # a right-to-left override pasted into a name
BIDI = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def unisolated(html, text):
    """The places where ``text`` is shown neither in a ``<bdi>`` nor as the whole text of
    an element with a ``dir`` (both isolate it); scripts (JSON-LD) are not shown."""
    html = re.sub(r"<script\b.*?</script>", "", html, flags=re.S)
    found = []
    for match in re.finditer(re.escape(text), html):
        before = html[:match.start()]
        if before.endswith("<bdi>") or re.search(r'<\w+[^<>]* dir="\w+"[^<>]*>$', before):
            continue
        found.append(html[max(0, match.start() - 60):match.end() + 10])
    return found


def head_texts(html):
    """The page's ``<title>`` and the content of its ``<meta>`` elements."""
    return (re.findall(r"<title>(.*?)</title>", html, re.S)
            + re.findall(r'<meta [^>]*content="([^"]*)"', html))


def shown(client, url, text):
    response = client.get(url)
    assert response.status_code == 200, url
    html = response.content.decode()
    assert text in html, url
    assert unisolated(html, text) == [], url
    return html


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_an_organisation_name_is_isolated_on_its_profile_the_directory_and_search(client,
                                                                                 lang):
    network = NetworkFactory(slug="wasl", short_name_ar=NAME, short_name_en=NAME)
    organisation = OrganisationFactory(slug="rlo", name_ar=NAME, name_en=NAME,
                                       networks=[network])

    profile = shown(client, f"/{lang}/members/rlo/", NAME)
    shown(client, f"/{lang}/members/", NAME)
    shown(client, f"/{lang}/search/?q=abc", NAME)

    [title] = re.findall(r"<title>(.*?)</title>", profile, re.S)
    assert title.startswith("abcdef — ")
    assert [text for text in head_texts(profile) if BIDI.search(text)] == []
    assert organisation.name_en == NAME  # stored as typed


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_a_publication_title_and_series_are_isolated(client, lang):
    author = OrganisationFactory(slug="author", name_ar=NAME, name_en=NAME)
    PublicationFactory(slug="brief", title_ar=NAME, title_en=NAME, authors=[author],
                       series=SeriesFactory(name_ar=NAME, name_en=NAME), series_number=2)

    page = shown(client, f"/{lang}/publications/brief/", NAME)
    shown(client, f"/{lang}/publications/", NAME)

    assert [text for text in head_texts(page) if BIDI.search(text)] == []
    # A citation is text to copy: the control character is left out of it.
    [citation] = re.findall(r'<p class="citation">(.*?)</p>', page, re.S)
    ris = client.get(f"/{lang}/publications/brief/cite.ris").content.decode()
    for text in (citation, ris):
        assert "abcdef" in text
        assert not BIDI.search(text)


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_a_person_and_a_network_name_are_isolated(client, lang):
    network = NetworkFactory(slug="wasl", name_ar=NAME, name_en=NAME,
                             short_name_ar=NAME, short_name_en=NAME)
    person = PublicPersonFactory(slug="rlo", name_ar=NAME, name_en=NAME, networks=[network])
    ConsentFactory(person=person)

    person_page = shown(client, f"/{lang}/people/rlo/", NAME)
    shown(client, f"/{lang}/people/", NAME)
    network_page = shown(client, f"/{lang}/networks/wasl/", NAME)

    for page in (person_page, network_page):
        assert [text for text in head_texts(page) if BIDI.search(text)] == []
