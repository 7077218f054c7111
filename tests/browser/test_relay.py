"""The contact relay in Arabic, in real Chromium: from an organisation's profile to the
form, the confirmation link from the mail, the button, and the "sent" page."""

import re

import pytest
from playwright.sync_api import expect

from members.models import Message
from tests.browser.conftest import external_requests, save_screenshot
from tests.factories import OrganisationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

OFFICE = "office@amal.example.org"


def test_a_visitor_writes_to_an_organisation_in_arabic(page, networks, mailoutbox, axe):
    OrganisationFactory(slug="amal", name_ar="منظمة الأمل", name_en="Amal Organisation",
                        email=OFFICE, networks=[networks["wasl"]])
    page.goto(f"{page.base_url}/ar/members/amal/")
    link = page.get_by_role("link", name="إرسال رسالة")
    expect(link).to_have_count(1)
    with page.expect_navigation():
        link.click()

    assert page.url.endswith("/ar/members/amal/message/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("h1").inner_text() == "إرسال رسالة إلى منظمة الأمل"
    assert axe(page) == []
    # Nothing to fill first: the page says what is missing, in Arabic.
    with page.expect_navigation():
        page.get_by_role("button", name="إرسال", exact=True).click()
    expect(page.locator(".field__error")).to_have_count(3)
    assert not Message.objects.exists()

    page.get_by_label("اسمك").fill("سارة")
    page.get_by_label("عنوان بريدك الإلكتروني").fill("sara@example.net")
    page.get_by_label("رسالتك").fill("مرحباً، نودّ التعاون معكم. https://example.net/x")
    save_screenshot(page, "relay-form-ar")
    with page.expect_navigation():
        page.get_by_role("button", name="إرسال", exact=True).click()
    assert page.url.endswith("/ar/messages/written/")
    assert page.locator("h1").inner_text() == "الرابط في بريدك الإلكتروني"
    assert axe(page) == []

    [confirmation] = mailoutbox
    path = re.search(r"/ar/messages/confirm/\S+/", confirmation.body)[0]
    page.goto(page.base_url + path)
    assert "مرحباً، نودّ التعاون معكم." in page.locator("blockquote").inner_text()
    assert "https://" not in page.locator("main").inner_text()
    assert axe(page) == []
    assert len(mailoutbox) == 1  # opening the link sends nothing

    with page.expect_navigation():
        page.get_by_role("button", name="إرسال الرسالة").click()
    assert page.url.endswith("/ar/messages/sent/")
    assert page.locator("h1").inner_text() == "أُرسلت الرسالة"
    assert axe(page) == []
    save_screenshot(page, "relay-sent-ar")
    forwarded = mailoutbox[1]
    assert forwarded.to == [OFFICE] and "sara@example.net" in forwarded.reply_to[0]
    assert OFFICE not in page.content()
    assert external_requests(page) == []
    # The empty form was answered 400, as every refused form is; nothing else failed.
    assert [error for error in page.console_errors if "status of 400" not in error] == []
