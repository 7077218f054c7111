import re
from html import unescape

import pytest

from members.models import Organisation
from network.core.search import match
from tests.factories import OrganisationFactory


def text(response):
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", response.content.decode())))


@pytest.fixture
def organisations(networks):
    return [
        OrganisationFactory(name_ar="مؤسسة الأمل للتنمية", name_en="Al-Amal Development Foundation",
                            networks=[networks["icssi"]]),
        OrganisationFactory(name_ar="رابطة المرأة العراقية", name_en="Iraqi Women's League",
                            networks=[networks["icssi"]]),
        OrganisationFactory(name_ar="مسودة مخفية", name_en="Hidden draft foundation",
                            status="draft"),
    ]


@pytest.mark.parametrize("query,expected", [
    ("الامل", ["Al-Amal Development Foundation"]),           # أ typed as ا
    ("مؤسسه", ["Al-Amal Development Foundation"]),           # ة typed as ه
    ("المرأة", ["Iraqi Women's League"]),
    ("المراه العراقيه", ["Iraqi Women's League"]),
    ("FOUNDATION", ["Al-Amal Development Foundation"]),      # drafts never found
    ("league iraqi", ["Iraqi Women's League"]),              # terms in any order
    ("league nowhere", []),                                  # every term must match
])
def test_match_folds_arabic_and_requires_every_term(organisations, query, expected):
    found = match(Organisation.objects.public(), query).order_by("name_en")

    assert [o.name_en for o in found] == expected


@pytest.mark.django_db
def test_match_tolerates_a_typo_on_postgresql(organisations):
    from network.core.search import on_postgres

    found = list(match(Organisation.objects.public(), "Developmnet", fuzzy=True,
                       fuzzy_field="search_names"))

    # Trigram similarity needs PostgreSQL; SQLite matches exact substrings only.
    assert [o.name_en for o in found] == (
        ["Al-Amal Development Foundation"] if on_postgres() else [])


def test_site_search_finds_organisations_and_network_texts(client, organisations):
    response = client.get("/en/search/", {"q": "الامل"})

    assert response.status_code == 200
    assert "Al-Amal Development Foundation" in text(response)


@pytest.mark.parametrize("lang,query,expected", [
    ("en", "Sulaymaniyah", "ICSSI — Values and principles approved"),
    ("en", "nonviolence", "ICSSI — Nonviolence"),
    ("ar", "اللاعنف", "ICSSI — اللاعنف"),
    ("en", "cross-sector", "WASL — Cross-sector connections"),
])
def test_site_search_covers_values_tracks_and_milestones(client, networks, lang, query,
                                                          expected):
    response = client.get(f"/{lang}/search/", {"q": query})

    hits = re.findall(r'<ul class="hits">(.*?)</ul>', response.content.decode(), re.S)
    labels = [re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", "", item))).strip()
              for item in re.findall(r"<li>(.*?)</li>", hits[0] if hits else "", re.S)]
    assert any(label.startswith(expected) for label in labels), labels


def test_site_search_without_a_query_shows_the_form(client, db):
    response = client.get("/ar/search/")

    assert response.status_code == 200
    assert 'name="q"' in response.content.decode()


def test_site_search_rejects_an_overlong_query(client, db):
    response = client.get("/en/search/", {"q": "س" * 10_000})

    assert response.status_code == 400
    assert "Ensure this value has at most 200 characters" in response.content.decode()


@pytest.mark.parametrize("count", [1, 3])
def test_site_search_queries_are_constant(client, networks, django_assert_num_queries, count):
    for n in range(count):
        OrganisationFactory(name_en=f"Peace group {n}", networks=[networks["wasl"]])

    # The same on the first search after a change: nothing is kept between requests.
    for _ in range(2):
        with django_assert_num_queries(search_queries()):
            assert client.get("/en/search/", {"q": "peace"}).status_code == 200


def search_queries():
    # Organisations: 1. those matching the text, 2. their rows, 3. memberships with
    # networks; networks' texts: 4.-9. networks, values, tracks, milestones, approach
    # sections, their points; 10. public people's names (no one matches here, so no
    # page); publications: 11. those matching the text, none, so 12. every title, for
    # a typo.
    return 12
