"""A WASL curator, in the Arabic admin, with her second factor, in real Chromium."""

import re

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from members.models import Organisation
from network.roles import CURATOR
from tests.browser.conftest import external_requests, save_screenshot
from tests.factories import OrganisationFactory
from tests.signin import totp_token

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-long-test-password-0"


@pytest.fixture
def curation(networks, make_staff):
    curator = make_staff(CURATOR, networks=[networks["wasl"]], username="layla")
    device = TOTPDevice.objects.create(user=curator, name="default", confirmed=True)
    return {
        "curator": curator, "device": device,
        "mine": OrganisationFactory(networks=[networks["wasl"]], name_ar="جمعية النور",
                                    name_en="Al-Nour Association"),
        "theirs": OrganisationFactory(networks=[networks["icssi"]], name_ar="جمعية الفرات",
                                      name_en="Euphrates Association"),
    }


def sign_in(page, curation):
    page.goto(page.base_url + "/admin/")
    # The admin sends an anonymous visitor to the two-factor login, in Arabic.
    assert re.search(r"/ar/account/login/", page.url)
    assert page.locator("html").get_attribute("dir") == "rtl"
    page.fill("input[name='auth-username']", curation["curator"].username)
    page.fill("input[name='auth-password']", PASSWORD)
    page.locator("form button.button[type='submit']").click()
    page.fill("input[name='token-otp_token']", totp_token(curation["device"]))
    page.locator("form button.button[type='submit']").click()
    page.wait_for_url(re.compile(r"/admin/$"))


def test_curator_edits_both_names_in_the_arabic_admin(page, curation):
    sign_in(page, curation)
    assert page.locator("html").get_attribute("lang") == "ar"
    assert page.locator("html").get_attribute("dir") == "rtl"

    page.goto(page.base_url + f"/admin/members/organisation/{curation['mine'].pk}/change/")
    # The translation tabs: Arabic first, then English, each showing its own field.
    tabs = page.locator(".ui-tabs-nav li a")
    assert tabs.count() >= 2
    page.fill("#id_name_ar", "جمعية النور للتنمية")
    tabs.nth(1).click()
    assert page.locator("#id_name_en").is_visible()
    assert not page.locator("#id_name_ar").is_visible()
    page.fill("#id_name_en", "Al-Nour Development Association")
    save_screenshot(page, "admin-organisation-ar")
    page.locator("input[name='_save']").click()
    page.wait_for_url(re.compile(r"/admin/members/organisation/$"))

    organisation = Organisation.objects.get(pk=curation["mine"].pk)
    assert (organisation.name_ar, organisation.name_en) == (
        "جمعية النور للتنمية", "Al-Nour Development Association")

    page.goto(page.base_url + "/ar/members/?q=النور")
    assert page.get_by_text("جمعية النور للتنمية").count() >= 1
    page.goto(page.base_url + "/en/members/?q=Nour")
    assert page.get_by_text("Al-Nour Development Association").count() >= 1

    assert page.console_errors == []
    # The other network's record, typed by hand: refused, and nothing of it shown.
    response = page.goto(
        page.base_url + f"/admin/members/organisation/{curation['theirs'].pk}/change/")
    assert response.status in (403, 404)
    assert "الفرات" not in page.content()
    assert external_requests(page) == []
