"""A WASL curator, in the Arabic admin, with her second factor, in real Chromium."""

import re

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from members.models import Organisation
from network.core.roles import CURATOR
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


def test_two_curators_saving_one_record_in_arabic_loses_no_edit(page, recording_page,
                                                                curation, make_staff,
                                                                networks):
    second = {"curator": make_staff(CURATOR, networks=[networks["wasl"]], username="noor")}
    second["device"] = TOTPDevice.objects.create(user=second["curator"], name="default",
                                                 confirmed=True)
    other = recording_page()
    url = f"/admin/members/organisation/{curation['mine'].pk}/change/"
    sign_in(page, curation)
    sign_in(other, second)
    page.goto(page.base_url + url)
    other.goto(other.base_url + url)

    page.fill("#id_name_ar", "جمعية النور للتنمية")
    page.locator("input[name='_save']").click()
    page.wait_for_url(re.compile(r"/admin/members/organisation/$"))

    # The second curator's form was opened before: refused, with the newer name shown.
    other.fill("#id_city_ar", "البصرة")
    other.locator("input[name='_save']").click()
    other.locator(".errornote").wait_for()
    assert other.get_by_text("حفظ أحدٌ هذا السجل بعد أن فتحتموه", exact=False).count() == 1
    assert other.get_by_text("«جمعية النور للتنمية»", exact=False).count() == 1
    # The fields that differ are listed, hers beside the stored ones; an empty choice
    # is empty on both sides, not a difference.
    items = other.locator(".stale-values li").all_inner_texts()
    assert any("البصرة" in item for item in items), items
    assert not any("---------" in item for item in items), items
    save_screenshot(other, "admin-stale-form-ar")
    organisation = Organisation.objects.get(pk=curation["mine"].pk)
    assert (organisation.name_ar, organisation.city_ar) == ("جمعية النور للتنمية",
                                                            curation["mine"].city_ar)

    # Her city is still in the form; saving again applies it and keeps the new name.
    other.fill("#id_name_ar", "جمعية النور للتنمية")
    other.locator("input[name='_save']").click()
    other.wait_for_url(re.compile(r"/admin/members/organisation/$"))
    organisation.refresh_from_db()
    assert (organisation.name_ar, organisation.city_ar) == ("جمعية النور للتنمية", "البصرة")
    assert other.console_errors == []
