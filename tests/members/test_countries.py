import re

import pytest

from tests.factories import DIRECTORY_FACETS, OrganisationFactory


@pytest.fixture
def spread(networks):
    wasl, icssi = networks["wasl"], networks["icssi"]
    OrganisationFactory(country="IQ", governorate="IQ-BG", networks=[icssi])
    OrganisationFactory(country="IQ", governorate="IQ-BA", networks=[icssi, wasl])
    OrganisationFactory(country="IQ", governorate="IQ-BA", networks=[icssi])
    OrganisationFactory(country="NO", networks=[wasl])
    OrganisationFactory(country="NG", networks=[wasl])
    OrganisationFactory(country="MX", status="draft", networks=[wasl])


def table_rows(html):
    body = re.search(r"<tbody>(.*?)</tbody>", html, re.S).group(1)
    cells = r"<t[hd][^>]*>(.*?)</t[hd]>"
    return [[re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(cells, row, re.S)]
            for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)]


@pytest.mark.parametrize("lang,expected", [
    ("en", [["Iraq", "3", "1", "3"], ["Nigeria", "1", "1", "0"], ["Norway", "1", "1", "0"]]),
    # Arabic order by pyuca: العراق، النرويج، نيجيريا
    ("ar", [["العراق", "3", "1", "3"], ["النرويج", "1", "1", "0"], ["نيجيريا", "1", "1", "0"]]),
])
def test_country_table_counts_public_partners_per_network(client, spread, lang, expected):
    html = client.get(f"/{lang}/countries/").content.decode()

    assert table_rows(html) == expected


def test_country_list_draws_the_map_with_links(client, spread):
    html = client.get("/en/countries/").content.decode()

    assert 'class="world-map"' in html
    assert 'href="/en/countries/iq/"' in html
    assert 'href="/en/countries/mx/"' not in html  # only a draft there


def test_iraq_page_groups_partners_by_governorate(client, spread):
    response = client.get("/en/countries/iq/")
    html = response.content.decode()

    assert response.status_code == 200
    assert re.findall(r'<h3 class="group-title">([^<]+)</h3>', html) == ["Baghdad", "Basra"]
    assert "Basra <span class=\"count\">(2)</span>" in html


@pytest.mark.parametrize("path,status", [
    ("/en/countries/zz/", 404),
    ("/en/countries/mx/", 404),   # only unpublished partners there
    ("/en/countries/fr/", 404),   # none at all
    ("/en/countries/no/?page=x", 400),
    ("/en/countries/no/", 200),
])
def test_country_page_status(client, spread, path, status):
    assert client.get(path).status_code == status


@pytest.mark.parametrize("count", [1, 3])
def test_country_pages_queries_are_constant(client, networks, django_assert_num_queries,
                                           count):
    for _ in range(count):
        OrganisationFactory(country="IQ", governorate="IQ-NI", networks=[networks["icssi"]],
                            tracks=list(networks["icssi"].tracks.all()[:2]))

    # Counts per country and network come from the directory's facet counts: the content
    # generation (1) and, on the first request after a change, their build
    # (DIRECTORY_FACETS); 1. networks, 2. whether any is sample data.
    with django_assert_num_queries(1 + DIRECTORY_FACETS + 2):
        assert client.get("/ar/countries/").status_code == 200
    with django_assert_num_queries(1 + 2):
        assert client.get("/ar/countries/").status_code == 200
    # 1. governorate counts, 2. count, 3. page, 4. memberships + networks, 5. members
    # per network, 6. networks, 7. the country's public activists (none here)
    with django_assert_num_queries(7):
        assert client.get("/ar/countries/iq/").status_code == 200


def test_iraq_page_with_no_governorate_given(client, networks):
    organisation = OrganisationFactory(networks=[networks["icssi"]], country="IQ",
                                       governorate="")
    response = client.get("/ar/countries/iq/")
    assert response.status_code == 200
    assert organisation.name_ar in response.content.decode()
