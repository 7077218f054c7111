"""A member of WASL, in Arabic, in real Chromium: she signs in on the sign-in page, sees
WASL's member-tier contact on a WASL organisation's profile (with the notice saying so)
and not ICSSI's on an ICSSI one; signed out, the WASL profile hides it again."""

import pytest
from django.contrib.auth import get_user_model

from tests.browser.conftest import external_requests, save_screenshot
from tests.factories import OrganisationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "nakhla-wa-furat-2026"


@pytest.fixture
def member(networks):
    for key in ("wasl", "icssi"):
        OrganisationFactory(slug=f"{key}-org", name_ar=f"منظمة {key}", networks=[networks[key]],
                            email=f"{key}-members@example.org", email_visibility="members")
    user = get_user_model().objects.create_user("huda@example.org", "huda@example.org",
                                                PASSWORD)
    OrganisationFactory(slug="amal", networks=[networks["wasl"]]).managers.add(user)
    return user


def test_a_wasl_member_sees_wasls_member_tier_and_not_icssis(page, member, axe):
    page.goto(f"{page.base_url}/ar/account/login/")
    page.fill("input[name='auth-username']", "huda@example.org")
    page.fill("input[name='auth-password']", PASSWORD)
    with page.expect_navigation():
        page.locator("main form button[type='submit']").click()
    assert page.url.endswith("/ar/account/")

    page.goto(f"{page.base_url}/ar/members/wasl-org/")
    main = page.locator("main")
    assert "wasl-members@example.org" in main.inner_text()
    assert "لا يراها إلا أعضاء الشبكة" in page.locator(".members-notice").inner_text()
    assert axe(page) == []
    save_screenshot(page, "member-tier-profile-ar")

    page.goto(f"{page.base_url}/ar/members/icssi-org/")
    assert "icssi-members@example.org" not in page.locator("main").inner_text()
    assert page.locator(".members-notice").count() == 0

    page.goto(f"{page.base_url}/ar/account/")
    with page.expect_navigation():
        page.get_by_role("button", name="تسجيل الخروج").click()
    page.goto(f"{page.base_url}/ar/members/wasl-org/")
    assert "wasl-members@example.org" not in page.locator("main").inner_text()
    assert external_requests(page) == []
    assert page.console_errors == []
