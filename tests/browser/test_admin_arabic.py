"""The Arabic admin at a laptop's width, in real Chromium."""

import pytest

from tests.browser.conftest import new_context, save_screenshot
from tests.browser.test_curation import curation, sign_in  # noqa: F401
from tests.factories import OrganisationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def laptop_page(chromium, live_server):
    context = new_context(chromium, viewport={"width": 1366, "height": 768})
    page = context.new_page()
    page.base_url = live_server.url
    yield page
    context.close()


def test_organisation_list_fits_1366_px_and_contacts_read_left_to_right(
        laptop_page, curation, networks):  # noqa: F811
    page = laptop_page
    organisation = OrganisationFactory(
        networks=[networks["wasl"]], name_ar="جمعية الرافدين للتنمية المستدامة وحقوق الإنسان",
        name_en="Rafidain Association", phone="+52 000 000 0102",
        email="info@example.org", website="https://example.org/")
    sign_in(page, curation)

    page.goto(page.base_url + "/admin/members/organisation/")
    save_screenshot(page, "admin-organisation-list-ar-1366")
    # Nothing wider than the window: no column cut off behind a horizontal scroll.
    widths = page.evaluate("""() => ({page: document.documentElement.scrollWidth,
        window: window.innerWidth,
        results: document.querySelector('.results').scrollWidth,
        shown: document.querySelector('.results').clientWidth})""")
    assert widths["page"] <= widths["window"], widths
    assert widths["results"] <= widths["shown"], widths

    # A list's slugs (and e-mails, phones, web and English columns) read left to right.
    page.goto(page.base_url + "/admin/network/network/")
    slug = page.locator("td.field-slug").first
    assert slug.evaluate("e => getComputedStyle(e).direction") == "ltr"

    page.goto(page.base_url + f"/admin/members/organisation/{organisation.pk}/change/")
    for name in ("phone", "email", "website", "name_en"):
        field = page.locator(f"#id_{name}")
        assert field.get_attribute("dir") == "ltr", name
        assert field.evaluate("e => getComputedStyle(e).direction") == "ltr", name
    assert page.locator("#id_name_ar").get_attribute("dir") == "rtl"
    save_screenshot(page, "admin-organisation-contact-ar-1366")
