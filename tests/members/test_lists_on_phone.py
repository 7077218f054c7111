"""Lists on a phone: clean filter URLs, removable filter chips, the people list's search
and counts, the ways in to the lists, and the countries page's network switch."""

import re
from html import unescape

import pytest

from members.models import Consent
from tests.factories import OrganisationFactory
from tests.factories import PublicPersonFactory as PersonFactory
from tests.members.test_people import names
from tests.members.test_projection import consented


def chips(html):
    """The active-filter chips as ``(accessible text, href)``."""
    block = re.search(r'<ul class="chips chips--removable"[^>]*>(.*?)</ul>', html, re.S)
    if block is None:
        return []
    return [(" ".join(unescape(re.sub(r"<[^>]+>", " ", text)).split()), unescape(href))
            for href, text in re.findall(r'<a href="([^"]+)">(.*?)</a>', block.group(1), re.S)]


@pytest.fixture
def directory(networks):
    icssi, wasl = networks["icssi"], networks["wasl"]
    OrganisationFactory(name_en="Marsh Voices", name_ar="أصوات الأهوار", country="IQ",
                        networks=[icssi])
    OrganisationFactory(name_en="Oslo Women", name_ar="نساء أوسلو", country="NO",
                        networks=[wasl])


# The directory ----------------------------------------------------------------------------

@pytest.mark.parametrize("path", ["/en/members/", "/ar/members/", "/en/people/", "/ar/people/"])
def test_empty_parameters_redirect_to_the_clean_address(client, directory, path):
    response = client.get(path + "?q=&network=&country=IQ&region=&sort=name")

    assert response.status_code == 302
    assert response["Location"] == path + "?country=IQ&sort=name"


@pytest.mark.parametrize("path", ["/en/members/", "/en/people/"])
def test_only_empty_parameters_redirect_to_the_bare_list(client, directory, path):
    response = client.get(path + "?q=&network=")

    assert response.status_code == 302
    assert response["Location"] == path


def test_filter_panel_is_closed_in_the_markup_and_the_form_returns_to_the_results(
        client, directory):
    html = client.get("/en/members/").content.decode()

    assert '<details class="filters__panel">' in html
    assert 'action="/en/members/#results-title"' in html
    # The count comes before the results, right under the panel's summary.
    assert html.index('id="results-title"') < html.index('class="org-list"')
    # Open when a filter is wrong, so that its message shows.
    html = client.get("/en/members/?country=ZZ").content.decode()
    assert '<details class="filters__panel" open>' in html


@pytest.mark.parametrize("lang,expected", [
    ("en", [("Remove the filter Network: Iraqi Civil Society Solidarity Initiative ×",
             "/en/members/?country=IQ#results-title"),
            ("Remove the filter Country: Iraq ×",
             "/en/members/?network=icssi#results-title")]),
    ("ar", [("إزالة عامل التصفية الشبكة: مبادرة التضامن مع المجتمع المدني العراقي ×",
             "/ar/members/?country=IQ#results-title"),
            ("إزالة عامل التصفية البلد: العراق ×",
             "/ar/members/?network=icssi#results-title")]),
])
def test_active_filters_are_chips_that_remove_them(client, directory, lang, expected):
    html = client.get(f"/{lang}/members/?network=icssi&country=IQ&page=1").content.decode()

    assert chips(html) == expected
    assert chips(client.get(f"/{lang}/members/?sort=name").content.decode()) == []


def test_search_and_women_led_chips(client, directory):
    html = client.get("/en/members/?q=marsh&women_led=yes").content.decode()

    assert chips(html) == [
        ("Remove the filter Search: marsh ×", "/en/members/?women_led=yes#results-title"),
        ("Remove the filter Women-led: Women-led only ×", "/en/members/?q=marsh#results-title"),
    ]


# The people list --------------------------------------------------------------------------

@pytest.fixture
def people(networks):
    wasl, icssi = networks["wasl"], networks["icssi"]
    consented(name_en="Noor Basri", name_ar="نور البصري", country="IQ", networks=[icssi])
    consented(name_en="Amina Kano", name_ar="أمينة كانو", country="NG", networks=[wasl])
    consented(name_en="Sara Basri", name_ar="سارة البصري", country="IQ",
              networks=[wasl, icssi])
    # Hidden people: no consent, or staff only. Never listed, never counted.
    PersonFactory(name_en="Hidden Basri", country="IQ", networks=[wasl])
    consented(name_en="Staff Basri", country="NO", visibility="staff", networks=[wasl])


@pytest.mark.parametrize("lang,query,expected", [
    ("en", "basri", ["Noor Basri", "Sara Basri"]),
    ("en", "sara basri", ["Sara Basri"]),
    ("ar", "البصري", ["سارة البصري", "نور البصري"]),
    # Folded as the directory folds Arabic: hamza and taa marbuta, diacritics, ya.
    ("ar", "البَصرى", ["سارة البصري", "نور البصري"]),
    ("ar", "ساره", ["سارة البصري"]),
    ("en", "BASRI", ["Noor Basri", "Sara Basri"]),
    ("en", "hidden", []),
])
def test_people_search_by_name_finds_public_people_only(client, people, lang, query,
                                                        expected):
    response = client.get(f"/{lang}/people/", {"q": query})

    assert response.status_code == 200
    assert names(response) == expected


def test_people_facets_count_public_people_under_the_other_filters(client, people):
    html = client.get("/en/people/", {"q": "basri"}).content.decode()

    assert '<option value="IQ">Iraq (2)</option>' in html
    assert 'value="NG"' not in html and 'value="NO"' not in html
    assert '<option value="wasl">Women&#x27;s Alliance for Security Leadership (1)</option>' in html
    assert ('<option value="icssi">Iraqi Civil Society Solidarity Initiative (2)</option>'
            in html)

    html = client.get("/en/people/", {"network": "wasl"}).content.decode()
    # The network's own counts ignore the network filter; the countries follow it.
    assert '<option value="IQ">Iraq (1)</option>' in html
    assert '<option value="NG">Nigeria (1)</option>' in html
    assert ('<option value="icssi">Iraqi Civil Society Solidarity Initiative (2)</option>'
            in html)


def test_people_facets_in_arabic(client, people):
    html = client.get("/ar/people/").content.decode()

    assert '<option value="IQ">العراق (2)</option>' in html
    assert '<option value="NG">نيجيريا (1)</option>' in html
    assert chips(client.get("/ar/people/?q=نور").content.decode()) == [
        ("إزالة عامل التصفية الاسم: نور ×", "/ar/people/#results-title")]


@pytest.mark.parametrize("count", [1, 3])
def test_people_list_queries_are_constant(client, networks, django_assert_num_queries,
                                          count):
    organisation = OrganisationFactory()
    for _ in range(count):
        consented(*Consent.FIELDS, organisation=organisation, country="IQ",
                  networks=list(networks.values()))

    # 1. the network named in the filter, 2. the names to fold for "q", 3. count,
    # 4. page, 5. consents, 6. networks, 7. public organisations; 8. country counts,
    # 9. networks with their counts
    with django_assert_num_queries(9):
        response = client.get("/ar/people/", {"network": "wasl", "q": "a", "country": "IQ"})
    assert response.status_code == 200


# Ways in ----------------------------------------------------------------------------------

@pytest.mark.parametrize("lang,label", [("en", "People"), ("ar", "الأشخاص")])
def test_people_are_in_the_main_navigation(client, networks, lang, label):
    html = client.get(f"/{lang}/people/").content.decode()
    nav = re.search(r'<nav class="site-nav".*?</nav>', html, re.S).group(0)

    assert f'<a href="/{lang}/people/" aria-current="page">{label}</a>' in nav


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_home_page_leads_to_the_directory_and_the_people(client, networks, lang):
    html = client.get(f"/{lang}/").content.decode()
    hero = re.search(r'<section class="hero">.*?</section>', html, re.S).group(0)

    assert f'href="/{lang}/members/"' in hero
    assert f'href="/{lang}/people/"' in hero


@pytest.mark.parametrize("lang,heading", [("en", "Individual activists"),
                                          ("ar", "ناشطات وناشطون أفراد")])
def test_country_page_lists_its_public_activists(client, people, lang, heading):
    OrganisationFactory(country="IQ")
    response = client.get(f"/{lang}/countries/iq/")
    html = response.content.decode()

    assert response.status_code == 200
    assert heading in html
    assert sorted(names(response)) == sorted(
        ["Noor Basri", "Sara Basri"] if lang == "en" else ["نور البصري", "سارة البصري"])
    assert "Hidden" not in html and "Staff" not in html


def test_country_with_activists_only_has_a_page(client, people):
    response = client.get("/en/countries/ng/")

    assert response.status_code == 200
    assert names(response) == ["Amina Kano"]
    assert client.get("/en/countries/no/").status_code == 404  # only a hidden person


# The countries page -----------------------------------------------------------------------

@pytest.fixture
def spread(networks):
    wasl, icssi = networks["wasl"], networks["icssi"]
    OrganisationFactory(country="IQ", networks=[icssi])
    OrganisationFactory(country="IQ", networks=[icssi, wasl])
    OrganisationFactory(country="NO", networks=[wasl])


def table(html):
    body = re.search(r"<tbody>(.*?)</tbody>", html, re.S).group(1)
    return [re.sub(r"<[^>]+>", "", cell).strip()
            for cell in re.findall(r'<th scope="row">(.*?)</th>\s*<td>(\d+)</td>', body, re.S)
            for cell in cell]


@pytest.mark.parametrize("lang,query,expected,current", [
    ("en", "", ["Iraq", "2", "Norway", "1"], "Both networks"),
    ("en", "?network=wasl", ["Iraq", "1", "Norway", "1"], "WASL"),
    ("en", "?network=icssi", ["Iraq", "2"], "ICSSI"),
    ("ar", "?network=icssi", ["العراق", "2"], "ICSSI"),
    ("ar", "", ["العراق", "2", "النرويج", "1"], "الشبكتان معًا"),
])
def test_network_switch_filters_the_counts(client, spread, lang, query, expected, current):
    response = client.get(f"/{lang}/countries/{query}")
    html = response.content.decode()

    assert response.status_code == 200
    assert table(html) == expected
    switch = re.search(r'<nav class="network-switch".*?</nav>', html, re.S).group(0)
    assert re.search(r'<span aria-current="page">(?:<bdi>)?' + re.escape(current), switch)
    assert switch.count("<a href=") == 2


def test_unknown_network_is_a_clear_400(client, spread):
    response = client.get("/en/countries/?network=nope")

    assert response.status_code == 400
    assert "Unknown network" in response.content.decode()


def test_table_comes_before_the_map_and_the_legend_reads_naturally(client, networks):
    for _ in range(7):
        OrganisationFactory(country="SE")
    OrganisationFactory(country="NO")
    html = client.get("/en/countries/").content.decode()

    assert html.index('id="country-table"') < html.index('class="world-map"')
    legend = re.search(r'<ul class="map-legend".*?</ul>', html, re.S).group(0)
    assert [re.sub(r"<[^>]+>", "", item).strip()
            for item in re.findall(r"<li>(.*?)</li>", legend)] == ["none", "1", "2 to 4",
                                                                   "5 to 9"]


@pytest.mark.parametrize("lang,expected", [
    ("en", ["none", "1", "2 to 4", "5 to 9", "10 to 49", "50 or more"]),
    ("ar", ["لا يوجد", "1", "من 2 إلى 4", "من 5 إلى 9", "من 10 إلى 49", "50 أو أكثر"]),
])
def test_legend_reads_naturally_in_both_languages(client, networks, lang, expected,
                                                  monkeypatch):
    # Sixty partners in one country without sixty rows: the legend reads the counts.
    from members import views

    real = views.country_counts

    def counts(networks, network=None):
        rows = real(networks, network)
        return rows + [{"code": "SE", "name": "Sweden", "total": 60, "per_network": []}]

    monkeypatch.setattr(views, "country_counts", counts)
    OrganisationFactory(country="NO")
    html = client.get(f"/{lang}/countries/").content.decode()
    legend = re.search(r'<ul class="map-legend".*?</ul>', html, re.S).group(0)

    assert [re.sub(r"<[^>]+>", "", item).strip()
            for item in re.findall(r"<li>(.*?)</li>", legend)] == expected
