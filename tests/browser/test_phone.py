"""Lists on a phone, in real Chromium: results first at 360 px, the filters beside them on
a desktop, chips that remove a filter, the countries table before the map, and a header
that keeps the language switch on the navigation's row."""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from network.models import Network
from tests.factories import OrganisationFactory
from tests.members.test_projection import consented

from .conftest import external_requests, save_screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture
def directory(transactional_db):
    call_command("load_networks", verbosity=0)
    icssi = Network.objects.get(slug="icssi")
    wasl = Network.objects.get(slug="wasl")
    for number in range(6):
        OrganisationFactory(name_en=f"Marsh Voices {number}", name_ar=f"أصوات الأهوار {number}",
                            country="IQ", governorate="IQ-BA", networks=[icssi])
    OrganisationFactory(name_en="Oslo Women for Peace", name_ar="نساء أوسلو من أجل السلام",
                        country="NO", networks=[wasl])
    consented(name_en="Noor Basri", name_ar="نور البصري", country="IQ", networks=[icssi])
    consented(name_en="Amina Kano", name_ar="أمينة كانو", country="NG", networks=[wasl])


def top(page, selector):
    return page.locator(selector).first.bounding_box()["y"]


@pytest.mark.parametrize("lang", ["ar", "en"])
@pytest.mark.parametrize("javascript", [True, False], ids=["js", "nojs"])
def test_directory_results_come_first_on_a_phone(recording_page, directory, lang,
                                                 javascript):
    page = recording_page(viewport=PHONE, mobile=True, javascript=javascript,
                          locale="ar-IQ" if lang == "ar" else "en-GB")
    page.goto(f"{page.base_url}/{lang}/members/")

    # The first result starts within the first screen, below a closed filter panel.
    assert top(page, ".org-list .org") + 40 < PHONE["height"]
    assert not page.locator("#id_country").is_visible()
    save_screenshot(page, f"phone_members_{lang}_{'js' if javascript else 'nojs'}")

    page.click(".filters__panel > summary")
    page.select_option("#id_country", "IQ")
    with page.expect_navigation():
        page.click(".filters button[type=submit]")

    # Empty fields are dropped from the address; the page opens at the results.
    assert page.url.split("#")[0] == f"{page.base_url}/{lang}/members/?country=IQ&sort=name"
    # The browser scrolls to the fragment once the layout settles (fonts, the panel).
    for _ in range(50):
        if page.evaluate("window.scrollY") > 0:
            break
        page.wait_for_timeout(100)
    assert page.evaluate("window.scrollY") > 0
    assert page.locator(".org-list .org").count() == 6
    chip = page.locator(".chips--removable a")
    assert chip.count() == 1
    save_screenshot(page, f"phone_members_{lang}_filtered_{'js' if javascript else 'nojs'}")

    chip.click()
    unfiltered = re.escape(f"{page.base_url}/{lang}/members/?sort=name")
    page.wait_for_url(re.compile(unfiltered + "(#.*)?$"))
    expect(page.locator(".org-list .org")).to_have_count(7)
    assert external_requests(page) == []


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_directory_filters_sit_beside_the_results_on_a_desktop(recording_page, axe,
                                                               directory, lang):
    page = recording_page(viewport=DESKTOP, locale="ar-IQ" if lang == "ar" else "en-GB")
    page.goto(f"{page.base_url}/{lang}/members/?country=IQ")

    assert page.locator("#id_country").is_visible()
    assert not page.locator(".filters__panel > summary").is_visible()
    filters, results = (page.locator(s).bounding_box() for s in (".filters", ".results"))
    assert abs(filters["y"] - results["y"]) < 5
    assert axe(page) == []
    save_screenshot(page, f"desktop_members_{lang}")


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_people_list_on_a_phone(recording_page, axe, directory, lang):
    page = recording_page(viewport=PHONE, mobile=True,
                          locale="ar-IQ" if lang == "ar" else "en-GB")
    page.goto(f"{page.base_url}/{lang}/people/?q=noor&network=")

    assert page.url == f"{page.base_url}/{lang}/people/?q=noor"
    assert page.locator(".org-list .person").count() == 1
    assert top(page, ".org-list .person") + 40 < PHONE["height"]
    assert axe(page) == []
    save_screenshot(page, f"phone_people_{lang}")


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_countries_table_comes_before_the_map_on_a_phone(recording_page, axe, directory,
                                                         lang):
    page = recording_page(viewport=PHONE, mobile=True,
                          locale="ar-IQ" if lang == "ar" else "en-GB")
    page.goto(f"{page.base_url}/{lang}/countries/")

    assert top(page, "#country-table") < top(page, ".world-map")
    assert top(page, "#country-table tbody tr") < PHONE["height"]
    with page.expect_navigation():
        page.click(".network-switch a >> nth=0")
    assert page.url.endswith("?network=wasl") or page.url.endswith("?network=icssi")
    assert axe(page) == []
    save_screenshot(page, f"phone_countries_{lang}")


@pytest.mark.parametrize("lang", ["ar", "en"])
@pytest.mark.parametrize("width", [1280, 1440, 1600])
def test_language_switch_stays_on_the_navigation_row(recording_page, directory, lang, width):
    page = recording_page(viewport={"width": width, "height": 800},
                          locale="ar-IQ" if lang == "ar" else "en-GB")
    page.goto(f"{page.base_url}/{lang}/people/")

    nav = page.locator(".site-nav").bounding_box()
    switch = page.locator(".lang-switch").bounding_box()
    brand = page.locator(".brand").bounding_box()
    # The switch's middle lies within the navigation's height: one row.
    middle = switch["y"] + switch["height"] / 2
    assert nav["y"] <= middle <= nav["y"] + nav["height"], (nav, switch)
    assert brand["y"] <= middle <= brand["y"] + brand["height"], (brand, switch)
    save_screenshot(page, f"header_{lang}_{width}")


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_library_results_come_first_on_a_phone(recording_page, directory, lang):
    call_command("load_publications", verbosity=0)
    page = recording_page(viewport=PHONE, mobile=True,
                          locale="ar-IQ" if lang == "ar" else "en-GB")
    page.goto(f"{page.base_url}/{lang}/publications/")

    assert top(page, ".pub-cards > *") + 40 < PHONE["height"]
    assert not page.locator("#id_network").is_visible()
    save_screenshot(page, f"phone_library_{lang}")

    page.click(".filters__panel > summary")
    page.select_option("#id_network", "wasl")
    page.click(".filters button[type=submit]")
    page.wait_for_url(re.compile(r"network=wasl"))
    assert "q=" not in page.url
    expect(page.locator(".chips--removable a")).to_have_count(1)
    assert external_requests(page) == []
