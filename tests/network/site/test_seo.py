"""Search engines and link previews: JSON-LD, OpenGraph, the sitemap and robots.txt."""

import json
import re
import xml.etree.ElementTree as ET
from html import unescape

import pytest

from network.core.jsonld import dumps
from tests.factories import (
    ConsentFactory,
    NetworkFactory,
    OrganisationFactory,
    PublicationFactory,
    PublicationFileFactory,
    PublicPersonFactory,
)

pytestmark = pytest.mark.django_db

SITE = "https://directory.example.net"
NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9",
      "xhtml": "http://www.w3.org/1999/xhtml"}


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = SITE


def structured_data(response):
    [text] = re.findall(r'<script type="application/ld\+json">(.*?)</script>',
                        response.content.decode(), re.S)
    return json.loads(text)


def meta(response, attribute, name):
    text = response.content.decode()
    values = re.findall(rf'<meta {attribute}="{re.escape(name)}" content="([^"]*)">', text)
    return [unescape(value) for value in values]


def test_dumps_keeps_arabic_and_cannot_close_the_script():
    text = dumps({"name": "منظمة </script><!-- x"})

    assert "منظمة" in text
    assert "</" not in text and "<!--" not in text
    assert json.loads(text) == {"name": "منظمة </script><!-- x"}


@pytest.mark.parametrize(("lang", "name"), [("ar", "شبكة وصل"), ("en", "WASL network")])
def test_network_page_describes_an_organization(client, lang, name):
    NetworkFactory(slug="wasl", name_ar="شبكة وصل", name_en="WASL network", founded_year=2011,
                   website="https://wasl.example.org")

    data = structured_data(client.get(f"/{lang}/networks/wasl/"))

    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "Organization"
    assert data["name"] == name
    assert data["url"] == f"{SITE}/{lang}/networks/wasl/"
    assert data["foundingDate"] == "2011"
    assert data["sameAs"] == ["https://wasl.example.org"]
    assert "numberOfEmployees" not in data


def test_organisation_profile_shows_only_public_details(client):
    network = NetworkFactory(slug="wasl", name_en="WASL")
    OrganisationFactory(slug="hope", name_en="Hope", name_ar="الأمل", kind="international",
                        governorate="IQ-BA", founded_year=2001, languages="ar,ku",
                        website="https://hope.example.org", networks=[network],
                        email="public@example.org", email_visibility="public",
                        phone="+964 5555", address="Hidden street")

    data = structured_data(client.get("/en/members/hope/"))

    assert data["@type"] == "NGO"
    assert (data["name"], data["alternateName"]) == ("Hope", ["الأمل"])
    assert data["url"] == f"{SITE}/en/members/hope/"
    assert data["memberOf"] == [{"@type": "Organization", "name": "WASL",
                                 "url": f"{SITE}/en/networks/wasl/"}]
    assert [area["identifier"] for area in data["areaServed"]] == ["IQ", "IQ-BA"]
    assert data["knowsLanguage"] == ["ar", "ku"]
    assert data["foundingDate"] == "2001"
    assert data["email"] == "public@example.org"
    assert "telephone" not in data and "address" not in data


def test_organisation_of_another_kind_is_an_organization(client):
    OrganisationFactory(slug="union", kind="union", country="NG")

    data = structured_data(client.get("/ar/members/union/"))

    assert data["@type"] == "Organization"
    assert data["areaServed"]["identifier"] == "NG"


def test_publication_page_describes_a_report(client):
    network = NetworkFactory(slug="icssi")
    author = OrganisationFactory(slug="author", name_en="Author")
    draft = OrganisationFactory(slug="draft-author", status="draft")
    publication = PublicationFactory(slug="brief", title_en="Brief", published_precision="month",
                                     networks=[network], authors=[author, draft])
    PublicationFileFactory(publication=publication, language="en", size=2048)

    response = client.get("/en/publications/brief/")
    data = structured_data(response)

    assert (data["@type"], data["name"]) == ("Report", "Brief")
    assert [item["url"] for item in data["author"]] == [f"{SITE}/en/members/author/"]
    assert data["datePublished"] == publication.published_on.isoformat()[:7]
    assert data["inLanguage"] == ["en"]
    assert data["encoding"] == [{"@type": "MediaObject",
                                 "contentUrl": f"{SITE}/en/publications/brief/en.pdf",
                                 "encodingFormat": "application/pdf", "inLanguage": "en",
                                 "contentSize": "2048 B"}]
    assert meta(response, "property", "og:type") == ["article"]


def test_publication_by_networks_only_names_them_as_authors(client):
    PublicationFactory(slug="brief", networks=[NetworkFactory(slug="wasl")])

    data = structured_data(client.get("/ar/publications/brief/"))

    assert [item["url"] for item in data["author"]] == [f"{SITE}/ar/networks/wasl/"]


@pytest.mark.parametrize("lang", ["ar", "en"])
@pytest.mark.parametrize("path", ["", "members/", "members/hope/", "countries/",
                                  "countries/iq/", "people/", "publications/",
                                  "publications/brief/", "networks/wasl/"])
def test_every_page_has_a_description_and_opengraph(client, lang, path):
    NetworkFactory(slug="wasl")
    OrganisationFactory(slug="hope")
    PublicationFactory(slug="brief")

    response = client.get(f"/{lang}/{path}")

    assert response.status_code == 200
    [description] = meta(response, "name", "description")
    assert description.strip()
    assert meta(response, "property", "og:description")[0].strip()
    assert meta(response, "property", "og:title")[0].strip()
    assert meta(response, "property", "og:url") == [f"{SITE}/{lang}/{path}"]
    locales = {"ar": "ar_IQ", "en": "en_GB"}
    assert meta(response, "property", "og:locale") == [locales[lang]]
    assert meta(response, "property", "og:locale:alternate") == [
        locales["en" if lang == "ar" else "ar"]]


def test_descriptions_follow_the_language(client):
    ar = meta(client.get("/ar/publications/"), "name", "description")
    en = meta(client.get("/en/publications/"), "name", "description")

    assert re.search("[\u0600-\u06ff]", ar[0])
    assert en[0].startswith("Policy briefs")


def test_sitemap_lists_every_public_page_in_both_languages(client):
    NetworkFactory(slug="wasl")
    OrganisationFactory(slug="shown", country="NG")
    OrganisationFactory(slug="draft", status="draft")
    person = PublicPersonFactory(slug="shown-person")
    ConsentFactory(person=person)
    PublicPersonFactory(slug="no-consent")
    PublicationFactory(slug="brief")
    PublicationFactory(slug="unpublished", status="draft")

    response = client.get("/sitemap.xml")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    root = ET.fromstring(response.content)
    urls = {url.find("sm:loc", NS).text: url for url in root.findall("sm:url", NS)}
    expected_paths = ["", "members/", "countries/", "people/", "publications/",
                      "networks/wasl/", "countries/ng/", "members/shown/",
                      "people/shown-person/", "publications/brief/"]
    assert set(urls) == {f"{SITE}/{lang}/{path}" for lang in ("ar", "en")
                         for path in expected_paths}
    for loc, url in urls.items():
        links = {link.get("hreflang"): link.get("href")
                 for link in url.findall("xhtml:link", NS)}
        path = loc.removeprefix(f"{SITE}/ar/").removeprefix(f"{SITE}/en/")
        assert links == {"ar": f"{SITE}/ar/{path}", "en": f"{SITE}/en/{path}",
                         "x-default": f"{SITE}/{path}"}
    assert urls[f"{SITE}/en/members/shown/"].find("sm:lastmod", NS) is not None
    assert urls[f"{SITE}/en/people/shown-person/"].find("sm:lastmod", NS) is None
    assert "example.com" not in response.content.decode()


def test_sitemap_falls_back_to_the_request_host(client, settings):
    settings.SITE_URL = ""

    root = ET.fromstring(client.get("/sitemap.xml").content)

    assert root.find("sm:url/sm:loc", NS).text.startswith("http://testserver/")


def test_sitemap_queries_are_constant(client, django_assert_num_queries):
    for _ in range(3):
        organisation = OrganisationFactory()
        PublicationFactory()
        ConsentFactory(person=PublicPersonFactory(organisation=organisation))
    # Networks, organisation countries, organisations, publications, four for people.
    with django_assert_num_queries(8):
        client.get("/sitemap.xml")


def test_robots_txt(client):
    response = client.get("/robots.txt")

    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert "Allow: /" in lines
    assert "Disallow: /admin/" in lines
    assert "Disallow: /api/" in lines
    assert f"Sitemap: {SITE}/sitemap.xml" in lines
