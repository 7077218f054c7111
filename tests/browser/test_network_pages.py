import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from .conftest import external_requests, save_screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGES = ["/{lang}/", "/{lang}/networks/wasl/", "/{lang}/networks/icssi/"]


@pytest.fixture
def loaded(transactional_db):
    call_command("load_networks", verbosity=0)


@pytest.mark.parametrize("path", PAGES)
@pytest.mark.parametrize("lang,direction,other", [("ar", "rtl", "en"), ("en", "ltr", "ar")])
def test_page_direction_switch_privacy_and_accessibility(
    page, axe, loaded, path, lang, direction, other
):
    response = page.goto(page.base_url + path.format(lang=lang) + "?from=test")

    assert response.status == 200
    assert page.evaluate("getComputedStyle(document.documentElement).direction") == direction
    assert page.evaluate("document.documentElement.lang") == lang
    assert axe(page) == []
    save_screenshot(page, path.format(lang=lang).strip("/").replace("/", "_") or lang)

    with page.expect_navigation():
        page.click(".lang-switch a")

    assert page.url == page.base_url + path.format(lang=other) + "?from=test"
    assert page.evaluate("document.documentElement.lang") == other
    assert external_requests(page) == []
    assert page.console_errors == []


def test_arabic_pages_use_the_self_hosted_arabic_font(page, loaded):
    page.goto(page.base_url + "/ar/networks/wasl/")
    page.evaluate("document.fonts.ready")

    assert page.evaluate("document.fonts.check('16px Vazirmatn', 'وصل')")
    assert any(url.endswith(".woff2") for url in page.requests)
    assert external_requests(page) == []


def test_english_pages_do_not_preload_the_arabic_font(page, loaded):
    page.goto(page.base_url + "/en/networks/icssi/")

    assert page.locator("link[rel=preload][as=font]").count() == 0


@pytest.mark.no_javascript
def test_pages_work_without_javascript(page, loaded):
    page.goto(page.base_url + "/")

    assert page.url == page.base_url + "/ar/"
    # page.url changes when the new page is committed, before it is parsed:
    # wait for the load, then let the counts wait for the elements too.
    page.click("a[href='/ar/networks/icssi/'] >> nth=0")
    page.wait_for_url(page.base_url + "/ar/networks/icssi/")
    expect(page.locator("ol.timeline > li")).to_have_count(7)
    page.click(".lang-switch a")
    page.wait_for_url(page.base_url + "/en/networks/icssi/")
    expect(page.locator("ol.values > li")).to_have_count(14)


def test_phone_width_has_no_horizontal_scroll(chromium, live_server, loaded):
    context = chromium.new_context(viewport={"width": 360, "height": 740})
    phone = context.new_page()
    try:
        for path in ("/ar/", "/ar/networks/icssi/", "/en/networks/wasl/"):
            phone.goto(live_server.url + path)
            scroll = phone.evaluate("document.documentElement.scrollWidth")
            assert scroll <= 360, path
    finally:
        context.close()
