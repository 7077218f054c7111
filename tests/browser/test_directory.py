import pytest
from django.core.management import call_command

from network.models import Network
from tests.factories import OrganisationFactory

from .conftest import external_requests, save_screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def directory(transactional_db):
    call_command("load_networks", verbosity=0)
    icssi = Network.objects.get(slug="icssi")
    wasl = Network.objects.get(slug="wasl")
    democracy = icssi.tracks.get(slug="democracy")
    heritage = icssi.tracks.get(slug="heritage-environment")
    target = OrganisationFactory(
        slug="basra-marsh-voices", name_ar="جمعية أصوات الأهوار", name_en="Marsh Voices Society",
        country="IQ", governorate="IQ-BA", networks=[icssi], tracks=[heritage], is_sample=True)
    OrganisationFactory(name_en="Baghdad Democracy Forum", name_ar="منتدى بغداد للديمقراطية",
                        country="IQ", governorate="IQ-BG", networks=[icssi], tracks=[democracy])
    OrganisationFactory(name_en="Oslo Women for Peace", name_ar="نساء أوسلو من أجل السلام",
                        country="NO", networks=[wasl], tracks=[heritage])
    return target


def _filter_open_and_switch(page, axe):
    page.goto(page.base_url + "/ar/members/")
    assert page.evaluate("getComputedStyle(document.documentElement).direction") == "rtl"
    assert axe(page) == [] if axe else True

    page.select_option("#id_country", "IQ")
    page.select_option("#id_track", "heritage-environment")
    with page.expect_navigation():
        page.click(".filters button[type=submit]")

    assert "country=IQ" in page.url and "track=heritage-environment" in page.url
    assert page.locator(".org__name").all_inner_texts() == ["جمعية أصوات الأهوار"]
    save_screenshot(page, f"members_filtered_ar_{'js' if axe else 'nojs'}")

    with page.expect_navigation():
        page.click(".org__name a")
    assert page.url == page.base_url + "/ar/members/basra-marsh-voices/"
    assert page.locator("h1").inner_text().startswith("جمعية أصوات الأهوار")
    assert page.locator(".sample-notice").count() == 1

    with page.expect_navigation():
        page.click(".lang-switch a")
    assert page.url == page.base_url + "/en/members/basra-marsh-voices/"
    assert page.locator("h1").inner_text().startswith("Marsh Voices Society")
    assert page.evaluate("getComputedStyle(document.documentElement).direction") == "ltr"
    assert external_requests(page) == []


def test_filter_open_a_profile_and_switch_language(page, axe, directory):
    _filter_open_and_switch(page, axe)
    assert axe(page) == []
    assert page.console_errors == []


@pytest.mark.no_javascript
def test_the_same_without_javascript(page, directory):
    _filter_open_and_switch(page, None)


@pytest.mark.parametrize("path", ["/ar/members/", "/en/members/?q=zz&country=ZZ",
                                  "/ar/countries/", "/en/countries/iq/",
                                  "/ar/networks/icssi/", "/ar/search/?q=الاهوار"])
def test_directory_pages_are_accessible(page, axe, directory, path):
    response = page.goto(page.base_url + path)

    assert response.status in (200, 400)
    assert axe(page) == []
    assert external_requests(page) == []
    save_screenshot(page, "page_" + path.strip("/").replace("/", "_").replace("?", "_"))
