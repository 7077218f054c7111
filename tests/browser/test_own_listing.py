"""A listed activist, in Arabic, in real Chromium: the link a curator sent her opens her
listing; she withdraws her consent in one step, and her public page is gone at once."""

import re

import pytest
from django.test import RequestFactory

from members.accounts import send_listing_link
from tests.browser.conftest import external_requests, save_screenshot
from tests.factories import ConsentFactory
from tests.factories import PublicPersonFactory as PersonFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_she_withdraws_her_consent_from_her_link_in_arabic(page, networks, mailoutbox, axe):
    person = PersonFactory(slug="nour", name_ar="نور الهدى", networks=[networks["wasl"]],
                           email="nour@example.org", email_visibility="public")
    ConsentFactory(person=person, show_email=True)
    response = page.goto(f"{page.base_url}/ar/people/nour/")
    assert response.status == 200
    send_listing_link(person, language="ar", sent_by=None, request=RequestFactory().get("/"))
    path = re.search(r"/ar/account/listing/open/\S+/", mailoutbox[0].body)[0]

    page.goto(page.base_url + path)
    assert page.url.endswith("/ar/account/listing/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert "ما يراه الجمهور عنك" in page.locator("main").inner_text()
    assert "nour@example.org" in page.locator("main").inner_text()
    assert axe(page) == []
    save_screenshot(page, "own-listing-ar")

    with page.expect_navigation():
        page.get_by_role("link", name="سحب موافقتي على الإدراج في الدليل").click()
    assert "سيختفي إدراجك فورًا" in page.locator("main").inner_text()
    assert axe(page) == []
    with page.expect_navigation():
        page.get_by_role("button", name="سحب موافقتي").click()

    assert "سُحبت موافقتك" in page.locator("main").inner_text()
    assert "لا يرى الجمهور شيئًا عنك" in page.locator("main").inner_text()
    response = page.goto(f"{page.base_url}/ar/people/nour/")
    assert response.status == 404
    assert external_requests(page) == []
