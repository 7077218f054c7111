"""The library in Chromium: filter, open a brief, switch language, stay on the brief."""

import pytest
from django.core.management import call_command

from .conftest import external_requests, save_screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SLUG = "uncomfortable-truths-unconventional-wisdom"


@pytest.fixture
def library(transactional_db):
    call_command("load_networks", verbosity=0)
    call_command("load_publications", verbosity=0)


def test_filter_open_switch_language_and_land_on_the_same_brief(page, axe, library):
    response = page.goto(page.base_url + "/ar/publications/")

    assert response.status == 200
    assert page.evaluate("getComputedStyle(document.documentElement).direction") == "rtl"
    assert axe(page) == []
    save_screenshot(page, "publications_ar")

    page.select_option("#id_network", "wasl")
    with page.expect_navigation():
        page.click(".filters button[type=submit]")
    assert page.url.startswith(page.base_url + "/ar/publications/?")
    assert "network=wasl" in page.url
    assert page.locator(".pub-card").count() == 1
    assert axe(page) == []

    with page.expect_navigation():
        page.click(".pub-card__title a")
    assert page.url == page.base_url + f"/ar/publications/{SLUG}/"
    assert page.locator("h1").inner_text() == "حقائقُ مقلِقة، حِكَمٌ استثنائية"
    assert page.locator(".key-area").count() == 4
    assert axe(page) == []
    save_screenshot(page, "publication_ar")

    with page.expect_navigation():
        page.click(".lang-switch a")
    assert page.url == page.base_url + f"/en/publications/{SLUG}/"
    assert page.evaluate("document.documentElement.lang") == "en"
    assert page.locator("h1").inner_text() == "Uncomfortable Truths, Unconventional Wisdom"
    assert axe(page) == []
    save_screenshot(page, "publication_en")

    assert external_requests(page) == []
    assert page.console_errors == []


@pytest.mark.no_javascript
def test_the_library_works_without_javascript(page, library):
    page.goto(page.base_url + "/en/publications/?q=militias")

    assert page.locator(".pub-card").count() == 1
    page.click(".pub-card__title a")
    page.wait_for_url(page.base_url + f"/en/publications/{SLUG}/")
    assert "The PDF of this publication is not yet available" in page.locator(
        "main").inner_text()


def test_invalid_filters_are_reported_accessibly(page, axe, library):
    response = page.goto(page.base_url + "/en/publications/?year=abc")

    assert response.status == 400
    assert page.locator("#id_year[aria-invalid=true]").count() == 1
    assert axe(page) == []


def test_the_library_fits_a_phone(chromium, live_server, library):
    context = chromium.new_context(viewport={"width": 360, "height": 740})
    phone = context.new_page()
    try:
        for path in ("/ar/publications/", f"/ar/publications/{SLUG}/", "/en/publications/"):
            phone.goto(live_server.url + path)
            assert phone.evaluate("document.documentElement.scrollWidth") <= 360, path
    finally:
        context.close()
