"""Optimistic concurrency: a save made from a stale form is refused, never silently lost."""

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from members.models import Organisation
from network.core.roles import CURATOR
from tests.adminforms import form_data
from tests.factories import OrganisationFactory
from tests.signin import login_verified


@pytest.fixture
def setup(networks, make_staff):
    wasl = networks["wasl"]
    return {
        "wasl": wasl,
        "org": OrganisationFactory(networks=[wasl], name_en="First name", name_ar="الاسم الأول",
                                   city_en="Basra"),
        "amal": make_staff(CURATOR, networks=[wasl], username="amal"),
        "huda": make_staff(CURATOR, networks=[wasl], username="huda"),
    }


def signed_in(user):
    client = Client()
    login_verified(client, user)
    return client


def change_url(obj):
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


def open_form(client, obj, form_id="organisation_form", language="en"):
    page = client.get(change_url(obj), HTTP_ACCEPT_LANGUAGE=language)
    assert page.status_code == 200
    return form_data(page.content.decode(), form_id)


def test_every_save_counts_in_the_version(setup):
    org = setup["org"]
    assert org.version == 1
    org.city_en = "Mosul"
    org.save()
    org.save(update_fields=["city_en"])
    org.refresh_from_db()
    assert org.version == 3


def test_second_curator_saving_a_stale_form_is_refused_and_loses_nothing(setup):
    org = setup["org"]
    amal, huda = signed_in(setup["amal"]), signed_in(setup["huda"])
    amals, hudas = open_form(amal, org), open_form(huda, org)

    amals["name_en"] = ["Amal's name"]
    assert amal.post(change_url(org), amals).status_code == 302

    hudas["city_en"] = ["Huda's city"]
    response = huda.post(change_url(org), hudas, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Someone saved this record after you opened it" in page
    # The newer value is shown beside hers, and her edit is still in the form.
    assert "saved now “Amal&#x27;s name”, yours “First name”" in page
    org.refresh_from_db()
    assert (org.name_en, org.city_en, org.version) == ("Amal's name", "Basra", 2)

    # She sees the newer values and saves again: hers are applied, Amal's name kept
    # because she now sends it back with her form.
    again = form_data(page, "organisation_form")
    assert again["city_en"] == ["Huda's city"]
    again["name_en"] = ["Amal's name"]
    assert huda.post(change_url(org), again).status_code == 302
    org.refresh_from_db()
    assert (org.name_en, org.city_en, org.version) == ("Amal's name", "Huda's city", 3)


def test_stale_form_message_is_in_arabic_for_an_arabic_curator(setup):
    org = setup["org"]
    amal, huda = signed_in(setup["amal"]), signed_in(setup["huda"])
    hudas = open_form(huda, org, language="ar")
    amals = open_form(amal, org)
    amals["city_en"] = ["Erbil"]
    assert amal.post(change_url(org), amals).status_code == 302

    response = huda.post(change_url(org), hudas, HTTP_ACCEPT_LANGUAGE="ar")
    assert response.status_code == 200
    page = response.content.decode()
    assert "حفظ أحدٌ هذا السجل بعد أن فتحتموه" in page
    assert "Someone saved" not in page
    assert "Erbil" in page


def test_a_form_without_its_version_is_refused(setup):
    org = setup["org"]
    client = signed_in(setup["amal"])
    data = open_form(client, org)
    del data["_version"]
    data["name_en"] = ["Blind overwrite"]
    assert client.post(change_url(org), data).status_code == 200
    org.refresh_from_db()
    assert org.name_en == "First name"


def test_stale_inline_row_is_refused(setup):
    org = setup["org"]
    membership = org.memberships.get()
    huda = signed_in(setup["huda"])
    hudas = open_form(huda, org)
    prefix = next(key for key in hudas if key.endswith("-0-role")).removesuffix("-role")
    assert hudas[f"{prefix}-_version"] == [str(membership.version)]
    # Only the membership changes meanwhile, not the organisation.
    membership.role = "founding"
    membership.save()

    hudas[f"{prefix}-role"] = ["partner"]
    hudas[f"{prefix}-since"] = ["2001"]
    response = huda.post(change_url(org), hudas, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Someone saved this record after you opened it" in page
    assert "saved now “Founding member”, yours “Partner”" in page
    membership.refresh_from_db()
    org.refresh_from_db()
    assert (membership.role, membership.since, org.version) == ("founding", None, 1)


def test_bulk_action_after_a_form_was_opened_makes_the_form_stale(setup):
    org = setup["org"]
    amal, huda = signed_in(setup["amal"]), signed_in(setup["huda"])
    hudas = open_form(huda, org)
    response = amal.post(reverse("admin:members_organisation_changelist"),
                         {"action": "make_archived", "_selected_action": [org.pk]})
    assert response.status_code == 302
    org.refresh_from_db()
    assert org.status == "archived"

    hudas["name_en"] = ["Huda's name"]
    assert huda.post(change_url(org), hudas).status_code == 200
    org.refresh_from_db()
    assert (org.status, org.name_en) == ("archived", "First name")


def test_import_while_a_form_is_open_makes_the_form_stale(setup, tmp_path):
    org = setup["org"]
    huda = signed_in(setup["huda"])
    hudas = open_form(huda, org)
    sheet = tmp_path / "update.csv"
    sheet.write_text(
        "slug,name_ar,name_en,kind,country,networks\n"
        f"{org.slug},{org.name_ar},Imported name,{org.kind},{org.country.code},wasl\n",
        encoding="utf-8")
    call_command("import_members", str(sheet), verbosity=0)
    org.refresh_from_db()
    assert org.name_en == "Imported name"

    hudas["city_en"] = ["Huda's city"]
    response = huda.post(change_url(org), hudas)
    assert response.status_code == 200
    assert "Imported name" in response.content.decode()
    org.refresh_from_db()
    assert (org.name_en, org.city_en) == ("Imported name", "Basra")


def test_new_records_need_no_version(setup):
    client = signed_in(setup["amal"])
    page = client.get(reverse("admin:members_organisation_add")).content.decode()
    assert 'name="_version"' in page
    assert Organisation.objects.count() == 1
