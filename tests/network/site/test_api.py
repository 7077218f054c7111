"""The open-data API under /api/v1/."""

import datetime

import pytest

from members.models import Membership
from network.models import ApproachPoint
from tests.factories import (
    DIRECTORY_FACETS,
    LIBRARY_FACETS,
    KeyAreaFactory,
    OrganisationFactory,
    PublicationFactory,
    PublicationFileFactory,
    TrackFactory,
)

pytestmark = pytest.mark.django_db


def get(client, url, **headers):
    return client.get(url, **{f"HTTP_{k.upper().replace('-', '_')}": v
                               for k, v in headers.items()})


def slugs(response):
    return [row["slug"] for row in response.json()["results"]]


def details(response):
    return response.json()["detail"]


# Networks and tracks ---------------------------------------------------------------


def test_networks_list(client, networks):
    OrganisationFactory(networks=[networks["wasl"]])
    OrganisationFactory(networks=[networks["wasl"]], status="draft")
    response = client.get("/api/v1/networks?lang=en")
    assert response.status_code == 200
    data = response.json()
    assert data["count"] == 2
    assert {row["slug"] for row in data["results"]} == {"wasl", "icssi"}
    wasl = next(row for row in data["results"] if row["slug"] == "wasl")
    assert wasl["alternate_name"] == "WASL"
    assert wasl["name_i18n"]["ar"] == networks["wasl"].name_ar
    assert wasl["name"] == networks["wasl"].name_en
    assert wasl["organisation_count"] == 1
    assert wasl["html_url"].endswith("/en/networks/wasl/")


def test_network_detail_has_its_content(client, networks):
    response = client.get("/api/v1/networks/icssi?lang=en")
    assert response.status_code == 200
    data = response.json()
    icssi = networks["icssi"]
    assert len(data["values"]) == icssi.values.count() > 0
    assert len(data["approach_sections"]) == icssi.approach_sections.count() > 0
    assert all("points" in section for section in data["approach_sections"])
    assert sum(len(s["points"]) for s in data["approach_sections"]) == (
        ApproachPoint.objects.filter(section__network=icssi).count())
    assert sorted(t["slug"] for t in data["tracks"]) == sorted(
        icssi.tracks.values_list("slug", flat=True))
    assert len(data["milestones"]) == icssi.milestones.count()
    assert data["values"][0]["title_i18n"]["ar"]


def test_network_detail_unknown_is_404(client, networks):
    response = client.get("/api/v1/networks/nope")
    assert response.status_code == 404
    assert response["Access-Control-Allow-Origin"] == "*"


def test_tracks_list(client, networks):
    response = client.get("/api/v1/tracks?limit=100")
    assert response.status_code == 200
    from network.models import Track
    assert response.json()["count"] == Track.objects.count()
    assert slugs(response) == list(Track.objects.order_by("order", "slug")
                                   .values_list("slug", flat=True))


# Language --------------------------------------------------------------------------


def test_language_defaults_to_arabic(client, db):
    org = OrganisationFactory()
    response = client.get(f"/api/v1/organisations/{org.slug}")
    assert response.json()["name"] == org.name_ar
    assert response.json()["alternate_name"] == org.name_en
    assert response["Content-Language"] == "ar"


def test_language_from_query(client, db):
    org = OrganisationFactory()
    response = client.get(f"/api/v1/organisations/{org.slug}?lang=en")
    data = response.json()
    assert data["name"] == org.name_en
    assert data["alternate_name"] == org.name_ar
    assert data["name_i18n"] == {"ar": org.name_ar, "en": org.name_en}
    assert data["html_url"].endswith(f"/en/members/{org.slug}/")
    assert response["Content-Language"] == "en"


def test_language_from_accept_language(client, db):
    org = OrganisationFactory()
    response = get(client, f"/api/v1/organisations/{org.slug}", accept_language="en")
    assert response.json()["name"] == org.name_en


def test_query_language_beats_accept_language(client, db):
    org = OrganisationFactory()
    response = get(client, f"/api/v1/organisations/{org.slug}?lang=ar", accept_language="en")
    assert response.json()["name"] == org.name_ar


def test_missing_translation_falls_back(client, db):
    org = OrganisationFactory(name_en="")
    data = client.get(f"/api/v1/organisations/{org.slug}?lang=en").json()
    assert data["name"] == org.name_ar
    assert data["name_i18n"]["en"] is None
    assert data["alternate_name"] is None


def test_invalid_language_is_422(client, db):
    response = client.get("/api/v1/organisations?lang=fr")
    assert response.status_code == 422
    assert details(response)[0]["loc"] == ["query", "lang"]


# Organisations -----------------------------------------------------------------------


def test_organisations_list_public_only(client, networks):
    public = OrganisationFactory(slug="b-public")
    OrganisationFactory(slug="a-draft", status="draft")
    OrganisationFactory(slug="c-archived", status="archived")
    OrganisationFactory(slug="d-hidden", visibility="staff")
    response = client.get("/api/v1/organisations")
    assert response.status_code == 200
    assert slugs(response) == [public.slug]


@pytest.mark.parametrize("status, visibility", [("draft", "public"), ("archived", "public"),
                                                ("published", "staff"),
                                                ("published", "members")])
def test_organisation_not_public_is_404(client, db, status, visibility):
    org = OrganisationFactory(status=status, visibility=visibility)
    assert client.get(f"/api/v1/organisations/{org.slug}").status_code == 404


def test_organisation_record_fields(client, networks):
    track = TrackFactory()
    org = OrganisationFactory(networks=[networks["wasl"]], tracks=[track], founded_year=2004,
                              website="https://example.org", acronym="EX", women_led=True,
                              governorate="IQ-BA", languages="ar,en")
    Membership.objects.filter(organisation=org).update(role="founding", since=2017)
    data = client.get(f"/api/v1/organisations/{org.slug}?lang=en").json()
    # Derived from the projection's field declarations (members.projection).
    assert set(data) == {
        "slug", "html_url", "html_url_i18n", "name", "name_i18n", "alternate_name",
        "acronym", "kind", "kind_label", "women_led", "country", "country_name",
        "governorate", "governorate_name", "city", "city_i18n", "year_incorporated", "url",
        "description", "description_i18n", "languages", "memberships", "tracks", "email",
        "phone", "address", "social", "assured_date", "is_sample", "api_url"}
    assert data["governorate_name"] == "Basra"
    assert data["year_incorporated"] == 2004
    assert data["url"] == "https://example.org"
    assert data["acronym"] == "EX"
    assert data["women_led"] is True
    assert data["country"] == "IQ"
    assert data["country_name"] == "Iraq"
    assert data["governorate"] == "IQ-BA"
    assert data["languages"] == ["ar", "en"]
    assert data["tracks"] == [track.slug]
    assert data["memberships"] == [{"organization": "wasl", "role": "founding",
                                    "role_label": "Founding member", "start_date": "2017",
                                    "end_date": None}]
    assert data["description_i18n"] == {"ar": org.description_ar, "en": org.description_en}


def test_organisation_contacts_hidden_unless_public(client, db):
    org = OrganisationFactory(email="hidden@example.org", phone="+964 1", address="Street",
                              social_links="https://example.org/x")
    data = client.get(f"/api/v1/organisations/{org.slug}").json()
    assert data["email"] is None
    assert data["phone"] is None
    assert data["address"] is None
    assert data["social"] == []
    assert "hidden@example.org" not in client.get("/api/v1/organisations").content.decode()


def test_organisation_contacts_shown_when_public(client, db):
    org = OrganisationFactory(email="open@example.org", email_visibility="public",
                              phone="+964 1", phone_visibility="members")
    data = client.get(f"/api/v1/organisations/{org.slug}").json()
    assert data["email"] == "open@example.org"
    assert data["phone"] is None


def test_organisations_filter_network(client, networks):
    wasl = OrganisationFactory(networks=[networks["wasl"]])
    OrganisationFactory(networks=[networks["icssi"]])
    assert slugs(client.get("/api/v1/organisations?network=wasl")) == [wasl.slug]


def test_organisations_filter_region_and_country(client, db):
    iraq = OrganisationFactory(country="IQ")
    kenya = OrganisationFactory(country="KE")
    assert slugs(client.get("/api/v1/organisations?country=KE")) == [kenya.slug]
    assert slugs(client.get("/api/v1/organisations?region=mena")) == [iraq.slug]


def test_organisations_filter_governorate(client, db):
    basra = OrganisationFactory(governorate="IQ-BA")
    OrganisationFactory(governorate="IQ-NI")
    assert slugs(client.get("/api/v1/organisations?governorate=IQ-BA")) == [basra.slug]


def test_organisations_filter_track(client, db):
    track = TrackFactory()
    on_track = OrganisationFactory(tracks=[track])
    OrganisationFactory()
    assert slugs(client.get(f"/api/v1/organisations?track={track.slug}")) == [on_track.slug]


def test_organisations_filter_kind_and_women_led(client, db):
    union = OrganisationFactory(kind="union")
    women = OrganisationFactory(women_led=True)
    assert slugs(client.get("/api/v1/organisations?kind=union")) == [union.slug]
    assert slugs(client.get("/api/v1/organisations?women_led=yes")) == [women.slug]


def test_organisations_filter_text(client, db):
    match = OrganisationFactory(name_en="Basra Water Watch")
    OrganisationFactory(name_en="Other")
    assert slugs(client.get("/api/v1/organisations?q=water")) == [match.slug]


@pytest.mark.parametrize("query, name", [
    ("network=nope", "network"), ("region=mars", "region"), ("country=ZZ", "country"),
    ("governorate=XX", "governorate"), ("track=nope", "track"), ("kind=alien", "kind"),
    ("women_led=no", "women_led"), ("q=" + "x" * 201, "q"),
])
def test_organisations_invalid_filter_is_422(client, networks, query, name):
    response = client.get(f"/api/v1/organisations?{query}")
    assert response.status_code == 422
    assert details(response)[0]["loc"][-1] == name
    assert name in details(response)[0]["msg"] or details(response)[0]["loc"][-1] == name


def test_organisations_invalid_filter_message_names_parameter(client, db):
    response = client.get("/api/v1/organisations?country=ZZ")
    assert details(response) == [{"loc": ["query", "country"], "type": "value_error",
                                  "msg": details(response)[0]["msg"]}]
    assert details(response)[0]["msg"].startswith("country: ")


# Countries ---------------------------------------------------------------------------


def test_countries(client, db):
    OrganisationFactory(country="IQ")
    OrganisationFactory(country="IQ")
    OrganisationFactory(country="KE")
    OrganisationFactory(country="EG", status="draft")
    data = client.get("/api/v1/countries?lang=en").json()
    assert data["count"] == 2
    assert data["results"] == [
        {"code": "IQ", "name": "Iraq", "name_i18n": {"ar": "العراق", "en": "Iraq"},
         "organisation_count": 2},
        {"code": "KE", "name": "Kenya", "name_i18n": {"ar": "كينيا", "en": "Kenya"},
         "organisation_count": 1},
    ]


# Publications ------------------------------------------------------------------------


def test_publications_list_published_only(client, networks):
    newer = PublicationFactory(published_on=datetime.date(2020, 1, 1))
    older = PublicationFactory(published_on=datetime.date(2018, 1, 1))
    PublicationFactory(status="draft")
    response = client.get("/api/v1/publications")
    assert slugs(response) == [newer.slug, older.slug]


def test_publication_draft_is_404(client, db):
    draft = PublicationFactory(status="draft")
    assert client.get(f"/api/v1/publications/{draft.slug}").status_code == 404


def test_publication_detail(client, networks):
    author = OrganisationFactory()
    hidden = OrganisationFactory(status="draft")
    publication = PublicationFactory(networks=[networks["wasl"]], authors=[author, hidden])
    KeyAreaFactory(publication=publication)
    PublicationFileFactory(publication=publication, language="ar")
    PublicationFileFactory(publication=publication, language="en")
    data = client.get(f"/api/v1/publications/{publication.slug}?lang=en").json()
    assert data["name"] == publication.title_en
    assert data["description_i18n"]["ar"] == publication.summary_ar
    assert data["networks"] == ["wasl"]
    assert data["authors"] == [author.slug]
    assert len(data["key_areas"]) == 1
    assert [f["language"] for f in data["files"]] == ["ar", "en"]
    assert data["files"][1]["download_url"] == (
        f"http://testserver/en/publications/{publication.slug}/en.pdf")


def test_publications_filters(client, networks):
    track = TrackFactory()
    match = PublicationFactory(networks=[networks["wasl"]], tracks=[track], kind="report",
                               countries=["KE"], published_on=datetime.date(2016, 5, 1))
    PublicationFileFactory(publication=match, language="en")
    other = PublicationFactory(networks=[networks["icssi"]],
                               published_on=datetime.date(2019, 5, 1))
    for query in ("network=wasl", f"track={track.slug}", "kind=report", "country=KE",
                  "region=africa", "year=2016", "language=en"):
        assert slugs(client.get(f"/api/v1/publications?{query}")) == [match.slug], query
    assert slugs(client.get("/api/v1/publications?network=icssi")) == [other.slug]


@pytest.mark.parametrize("query, name", [
    ("network=nope", "network"), ("year=abc", "year"), ("year=1700", "year"),
    ("language=fr", "language"), ("kind=alien", "kind"), ("country=ZZ", "country"),
])
def test_publications_invalid_filter_is_422(client, networks, query, name):
    response = client.get(f"/api/v1/publications?{query}")
    assert response.status_code == 422
    assert details(response)[0]["loc"] == ["query", name]


# Pagination --------------------------------------------------------------------------


@pytest.mark.parametrize("query", ["limit=0", "limit=101", "limit=-1", "limit=abc",
                                   f"limit={10**20}", "offset=-1", "offset=abc",
                                   "offset=100001", f"offset={10**20}"])
@pytest.mark.parametrize("endpoint", ["organisations", "publications", "networks", "tracks",
                                      "countries"])
def test_pagination_bounds_are_422(client, db, endpoint, query):
    response = client.get(f"/api/v1/{endpoint}?{query}")
    assert response.status_code == 422
    assert details(response)[0]["loc"][-1] in ("limit", "offset")
    assert details(response)[0]["msg"]


def test_pagination_links(client, db):
    orgs = sorted(OrganisationFactory.create_batch(5), key=lambda o: o.slug)
    data = client.get("/api/v1/organisations?limit=2&offset=2&country=IQ").json()
    assert [row["slug"] for row in data["results"]] == [o.slug for o in orgs[2:4]]
    assert data["count"] == 5
    assert data["next"] == "http://testserver/api/v1/organisations?offset=4&limit=2&country=IQ" \
        or "offset=4" in data["next"]
    assert "country=IQ" in data["next"] and "offset=0" in data["previous"]
    last = client.get(data["next"]).json()
    assert last["next"] is None and len(last["results"]) == 1
    assert client.get("/api/v1/organisations?offset=100").json()["results"] == []


# HTTP behaviour --------------------------------------------------------------------------


def test_etag_gives_304(client, db):
    org = OrganisationFactory()
    for url in ("/api/v1/organisations", f"/api/v1/organisations/{org.slug}"):
        response = client.get(url)
        assert response["ETag"]
        assert response["Last-Modified"]
        again = get(client, url, if_none_match=response["ETag"])
        assert again.status_code == 304
        assert again["Access-Control-Allow-Origin"] == "*"
        assert get(client, url, if_modified_since=response["Last-Modified"]).status_code == 304


def test_etag_changes_with_language_and_data(client, db):
    org = OrganisationFactory()
    url = f"/api/v1/organisations/{org.slug}"
    first = client.get(url)["ETag"]
    assert client.get(url + "?lang=en")["ETag"] != first
    org.name_ar = "اسم جديد"
    org.save()
    assert get(client, url, if_none_match=first).status_code == 200


def test_networks_have_last_modified(client, networks):
    response = client.get("/api/v1/networks/wasl")
    assert response["Last-Modified"]
    assert get(client, "/api/v1/networks/wasl",
               if_none_match=response["ETag"]).status_code == 304


def test_cors_on_get(client, db):
    response = client.get("/api/v1/organisations")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Accept-Language" in response["Vary"]


def test_head(client, db):
    response = client.head("/api/v1/organisations")
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response.content == b""


def test_options_preflight(client, db):
    response = client.options("/api/v1/organisations",
                              HTTP_ORIGIN="https://example.org",
                              HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET")
    assert response.status_code == 204
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"
    assert response["Allow"] == "GET, HEAD, OPTIONS"


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_writes_are_405(client, db, method):
    org = OrganisationFactory()
    for url in ("/api/v1/organisations", f"/api/v1/organisations/{org.slug}"):
        response = getattr(client, method)(url, data="{}", content_type="application/json")
        assert response.status_code == 405
        assert response["Allow"] == "GET, HEAD, OPTIONS"


# Query counts --------------------------------------------------------------------------


@pytest.mark.parametrize("item_count", [1, 3])
def test_organisations_list_queries(client, networks, django_assert_num_queries, item_count):
    track = TrackFactory()
    OrganisationFactory.create_batch(item_count, networks=[networks["wasl"]], tracks=[track])
    # Each request reading the facet counts also reads the content generation (1).
    # The first one after a change builds them (DIRECTORY_FACETS); the count and the
    # order come from them; the records: 1. the page, 2. memberships with networks,
    # 3. tracks.
    with django_assert_num_queries(1 + DIRECTORY_FACETS + 3):
        first = client.get("/api/v1/organisations", {"lang": "en"}).json()
    with django_assert_num_queries(1 + 3):
        response = client.get("/api/v1/organisations", {"lang": "en"})
    assert response.json() == first
    assert response.json()["count"] == item_count
    assert len(response.json()["results"]) == item_count
    with django_assert_num_queries(1 + 3):
        arabic = client.get("/api/v1/organisations", {"lang": "ar"}).json()
    assert [row["name"] for row in arabic["results"]] != [row["name"] for row in
                                                          first["results"]]


def test_kept_api_records_follow_a_change(client, networks):
    organisation = OrganisationFactory(name_en="Old name", networks=[networks["wasl"]])
    publication = PublicationFactory(title_en="Old title")

    def first(path, field):
        return client.get(path, {"lang": "en"}).json()["results"][0][field]

    assert first("/api/v1/organisations", "name") == "Old name"
    assert first("/api/v1/publications", "name") == "Old title"
    organisation.name_en = "New name"
    organisation.save()
    publication.title_en = "New title"
    publication.save()
    assert first("/api/v1/organisations", "name") == "New name"
    assert first("/api/v1/publications", "name") == "New title"
    # Hidden: gone from the list at once, kept record or not.
    organisation.visibility = "staff"
    organisation.save()
    assert client.get("/api/v1/organisations").json()["count"] == 0


@pytest.mark.parametrize("item_count", [1, 3])
def test_publications_list_queries(client, networks, django_assert_num_queries, item_count):
    for publication in PublicationFactory.create_batch(item_count,
                                                       networks=[networks["wasl"]]):
        PublicationFileFactory(publication=publication)
    # Each request reading the facet counts also reads the content generation (1).
    # The first one after a change builds them (LIBRARY_FACETS); the count and the
    # order come from them; the records: 1. the page with its series, 2. files,
    # 3. networks, 4. tracks.
    with django_assert_num_queries(1 + LIBRARY_FACETS + 4):
        first = client.get("/api/v1/publications").json()
    with django_assert_num_queries(1 + 4):
        response = client.get("/api/v1/publications")
    assert response.json() == first
    assert response.json()["count"] == item_count
    assert len(response.json()["results"]) == item_count


@pytest.mark.parametrize("item_count", [1, 3])
def test_countries_list_queries(client, db, django_assert_num_queries, item_count):
    for code in ("IQ", "KE", "EG")[:item_count]:
        OrganisationFactory(country=code)
    with django_assert_num_queries(1):
        response = client.get("/api/v1/countries")
    assert response.json()["count"] == item_count


@pytest.mark.parametrize("item_count", [1, 3])
def test_tracks_list_queries(client, db, django_assert_num_queries, item_count):
    TrackFactory.create_batch(item_count)
    # Six revision dates for Last-Modified, the count, the page, the networks.
    with django_assert_num_queries(9):
        response = client.get("/api/v1/tracks")
    assert response.json()["count"] == item_count


# OpenAPI and the reference page ---------------------------------------------------------


def test_openapi_schema(client, db):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert set(schema["paths"]) == {
        "/api/v1/networks", "/api/v1/networks/{slug}", "/api/v1/tracks",
        "/api/v1/organisations", "/api/v1/organisations/{slug}", "/api/v1/countries",
        "/api/v1/publications", "/api/v1/publications/{slug}",
    }
    assert all(set(methods) == {"get"} for methods in schema["paths"].values())
    limit = next(p for p in schema["paths"]["/api/v1/organisations"]["get"]["parameters"]
                 if p["name"] == "limit")
    assert limit["schema"]["minimum"] == 1 and limit["schema"]["maximum"] == 100


def test_docs_page_offline(client, db):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert "/api/v1/organisations/{slug}" in html
    assert "women_led" in html
    assert "<script" not in html
    assert "swagger" not in html.lower()
    assert 'lang="ar"' in html


def test_docs_page_in_english(client, db):
    html = client.get("/api/v1/docs?lang=en").content.decode()
    assert 'lang="en"' in html
    assert "Parameters" in html


@pytest.mark.parametrize("lang, text", [
    ("en", "one of 249 values, listed in the OpenAPI schema"),
    ("ar", "قيمة من 249 قيمة مدرجة في مخطط OpenAPI"),
])
def test_docs_page_lists_short_enums_and_counts_long_ones(client, networks, lang, text):
    html = client.get(f"/api/v1/docs?lang={lang}").content.decode()
    assert "icssi, wasl" in html  # the networks' slugs, from the database
    assert "ngo, " in html  # the kinds of organisation
    assert text in html  # country codes
    assert "AD, AE" not in html


def test_docs_page_language_switch_and_footer_link(client, db):
    """The reference page is outside the language prefixes: its twin is ?lang=, and every
    page's footer links to it in the page's language."""
    html = client.get("/api/v1/docs?lang=ar").content.decode()
    assert 'href="/api/v1/docs?lang=en" hreflang="en"' in html
    assert 'hreflang="ar" href="http://testserver/api/v1/docs?lang=ar"' in html
    english_home = client.get("/en/").content.decode()
    assert 'href="/api/v1/docs?lang=en"' in english_home
    arabic_home = client.get("/ar/").content.decode()
    assert 'href="/api/v1/docs?lang=ar"' in arabic_home
