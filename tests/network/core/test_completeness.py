"""Translation completeness: the admin filters and the staff dashboard."""

import pytest
from django.urls import reverse

from members.models import Organisation
from network.core.completeness import missing_translation
from network.core.roles import CURATOR
from tests.factories import OrganisationFactory


@pytest.fixture
def organisations(networks):
    wasl, icssi = networks["wasl"], networks["icssi"]
    return {
        "complete": OrganisationFactory(networks=[wasl]),
        "no_english_name": OrganisationFactory(networks=[wasl], name_en=""),
        "no_arabic_text": OrganisationFactory(networks=[wasl], description_ar=""),
        # Empty in both languages is no missing translation.
        "no_text_at_all": OrganisationFactory(networks=[wasl], description_ar="",
                                              description_en=""),
        "icssi_no_english": OrganisationFactory(networks=[icssi], city_ar="أربيل",
                                                city_en=""),
    }


def test_missing_translation_finds_fields_given_in_one_language_only(organisations):
    missing_en = Organisation.objects.filter(missing_translation(Organisation, "en"))
    missing_ar = Organisation.objects.filter(missing_translation(Organisation, "ar"))
    assert set(missing_en) == {organisations["no_english_name"],
                               organisations["icssi_no_english"]}
    assert list(missing_ar) == [organisations["no_arabic_text"]]


def test_admin_filter_lists_records_missing_english(organisations, make_staff, admin_login):
    client = admin_login(make_staff("superuser"))
    response = client.get(reverse("admin:members_organisation_changelist"), {"missing": "en"})
    assert response.status_code == 200
    assert set(response.context["cl"].result_list) == {organisations["no_english_name"],
                                                       organisations["icssi_no_english"]}


def test_dashboard_counts_per_model_and_language_within_the_curators_scope(
        organisations, networks, make_staff, admin_login):
    client = admin_login(make_staff(CURATOR, networks=[networks["wasl"]]))
    response = client.get(reverse("translation-dashboard"))
    assert response.status_code == 200
    rows = {str(row["model"]): row for row in response.context["rows"]}
    organisations_row = rows[str(Organisation._meta.verbose_name_plural)]
    # The ICSSI organisation is outside a WASL curator's reach: not counted.
    assert organisations_row["total"] == 4
    assert [cell["count"] for cell in organisations_row["cells"]] == [1, 1]
    assert organisations_row["cells"][1]["url"] == (
        reverse("admin:members_organisation_changelist") + "?missing=en")
    # Publications are the librarian's, not hers.
    assert "publications" not in {str(row["model"]) for row in response.context["rows"]}
    assert response.context["rows"] == sorted(response.context["rows"],
                                              key=lambda row: str(row["model"]))


def test_dashboard_in_arabic(organisations, make_staff, admin_login):
    client = admin_login(make_staff("superuser"))
    response = client.get(reverse("translation-dashboard"), HTTP_ACCEPT_LANGUAGE="ar")
    page = response.content.decode()
    assert 'dir="rtl"' in page
    assert "<title>اكتمال الترجمة" in page
    assert "ينقصه النص العربي" in page


def test_dashboard_needs_a_signed_in_staff_member(client, db):
    response = client.get(reverse("translation-dashboard"))
    assert response.status_code == 302
