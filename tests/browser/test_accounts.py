"""An invited manager, in Arabic, in real Chromium: the invitation link, her password,
her account page; then signing out."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from members.accounts import hash_token
from members.models import Invitation
from tests.browser.conftest import external_requests, save_screenshot
from tests.factories import OrganisationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TOKEN = "browser-invitation-token-0123456789abcdef"
PASSWORD = "nakhla-wa-furat-2026"


@pytest.fixture
def invitation(networks):
    organisation = OrganisationFactory(slug="amal", name_ar="منظمة الأمل",
                                       name_en="Amal Organisation", networks=[networks["wasl"]])
    now = timezone.now()
    return Invitation.objects.create(email="huda@example.org", language="ar",
                                     organisation=organisation, token_hash=hash_token(TOKEN),
                                     created_at=now, expires_at=now + timedelta(days=7))


def test_invitation_to_password_to_account_page_in_arabic(page, invitation, axe):
    page.goto(f"{page.base_url}/ar/account/invitation/{TOKEN}/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("h1").inner_text() == "قبول الدعوة"
    assert "منظمة الأمل" in page.locator("main").inner_text()
    assert axe(page) == []

    # A too-short password first: the page says why, in Arabic, and keeps her there.
    page.fill("input[name='new_password1']", "قصيرة")
    page.fill("input[name='new_password2']", "قصيرة")
    with page.expect_navigation():
        page.locator("main form button[type='submit']").click()
    assert "كلمة المرور هذه قصيرة جدا" in page.locator(".field__error").first.inner_text()
    assert not get_user_model().objects.exists()

    page.fill("input[name='new_password1']", PASSWORD)
    page.fill("input[name='new_password2']", PASSWORD)
    with page.expect_navigation():
        page.locator("main form button[type='submit']").click()

    assert re.search(r"/ar/account/$", page.url)
    assert page.locator("h1").inner_text() == "حسابك"
    link = page.locator("main a", has_text="منظمة الأمل")
    assert link.get_attribute("href") == "/ar/members/amal/"
    assert "عامل التحقق الثاني" in page.locator("main").inner_text()
    assert axe(page) == []
    save_screenshot(page, "account-ar")
    user = get_user_model().objects.get()
    assert not user.is_staff
    assert list(user.managed_organisations.values_list("slug", flat=True)) == ["amal"]

    with page.expect_navigation():
        page.get_by_role("button", name="تسجيل الخروج").click()
    page.goto(f"{page.base_url}/ar/account/")
    assert re.search(r"/ar/account/login/\?next=/ar/account/$", page.url)
    assert external_requests(page) == []
    # The refused password was answered 400, as every refused form is; nothing else failed.
    assert [error for error in page.console_errors if "status of 400" not in error] == []
