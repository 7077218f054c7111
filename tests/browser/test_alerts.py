"""Following a search by e-mail, in Arabic, in real Chromium: the directory's link, the
form, the confirmation link from the mail, the button."""

import re

import pytest
from django.core import mail

from network.site.models import Subscription
from tests.browser.conftest import external_requests, save_screenshot
from tests.factories import OrganisationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
CONFIRM = re.compile(r"https?://[^\s\"<]+?(/ar/follow/confirm/[^/\s]+/)")


def test_following_the_directorys_search_in_arabic(page, networks, axe):
    OrganisationFactory(slug="amal", name_ar="منظمة الأمل", networks=[networks["wasl"]])
    page.goto(f"{page.base_url}/ar/members/?network=wasl")
    with page.expect_navigation():
        page.get_by_role("link", name="تابع هذا البحث بالبريد الإلكتروني").click()

    assert re.search(r"/ar/follow/members/\?network=wasl$", page.url)
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert "الشبكة: وصل" in page.locator("main").inner_text()
    assert axe(page) == []
    save_screenshot(page, "follow-ar")
    page.fill("input[name='email']", "reader@example.org")
    page.get_by_label("يوميًا").check()
    with page.expect_navigation():
        page.get_by_role("button", name="متابعة").click()
    assert page.locator("h1").inner_text() == "تحقّق من بريدك الإلكتروني"
    subscription = Subscription.objects.get()
    assert (subscription.frequency, subscription.language, subscription.confirmed_at) == (
        "daily", "ar", None)

    path = CONFIRM.search(mail.outbox[-1].body).group(1)
    page.goto(page.base_url + path)
    with page.expect_navigation():
        page.get_by_role("button", name="تأكيد").click()
    assert page.locator("h1").inner_text() == "تنبيهك مفعّل"
    assert Subscription.objects.get().confirmed_at is not None
    assert axe(page) == []
    assert external_requests(page) == []
