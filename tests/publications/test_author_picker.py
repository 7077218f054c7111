"""A librarian chooses a brief's authors by their public names, and sees nothing more of
organisations: not their pages, contacts or export."""

import json

import pytest
from django.urls import reverse

from network.core.roles import CURATOR, LIBRARIAN
from publications.models import Publication
from tests.adminforms import form_data
from tests.factories import OrganisationFactory, PublicationFactory

PICKER_URL = "/admin/publications/publication/authors/"
ADD_URL = "/admin/publications/publication/add/"


@pytest.fixture
def organisations(networks):
    wasl = networks["wasl"]
    contacts = {"email": "private@example.org", "phone": "+964 770 123 4567",
                "address": "Karrada, street 7"}
    return {
        "public": OrganisationFactory(slug="hope", name_ar="جمعية الأمل",
                                      name_en="Hope Association", networks=[wasl],
                                      **contacts),
        "draft": OrganisationFactory(slug="hope-draft", name_ar="جمعية الأمل الخفية",
                                     name_en="Hope Hidden", status="draft", networks=[wasl]),
        "staff only": OrganisationFactory(slug="hope-staff", name_ar="جمعية الأمل المحمية",
                                          name_en="Hope Protected", visibility="staff",
                                          networks=[wasl]),
    }


@pytest.fixture
def librarian(make_staff, admin_login):
    return admin_login(make_staff(LIBRARIAN))


def test_librarian_adds_a_publication_choosing_an_author_by_public_name(organisations,
                                                                        librarian):
    page = librarian.get(ADD_URL)
    assert page.status_code == 200
    assert f'data-ajax--url="{PICKER_URL}"' in page.content.decode()

    found = librarian.get(PICKER_URL, {"term": "الامل"}).json()["results"]
    assert found == [{"id": "hope", "text": "جمعية الأمل — Hope Association"}]

    data = form_data(page.content.decode(), "publication_form")
    data.update({"slug": ["new-brief"], "kind": ["policy-brief"], "status": ["draft"],
                 "title_ar": ["ورقة جديدة"], "title_en": ["A new brief"],
                 "authors": [found[0]["id"]]})
    response = librarian.post(ADD_URL, data)

    assert response.status_code == 302
    assert list(Publication.objects.get(slug="new-brief").authors.all()) == [
        organisations["public"]]


def test_the_picker_answers_public_names_only(organisations, librarian):
    for term in ("hope", "جمعية", ""):
        response = librarian.get(PICKER_URL, {"term": term})
        body = response.content.decode()

        assert response.status_code == 200
        assert json.loads(body) == {
            "results": [{"id": "hope", "text": "جمعية الأمل — Hope Association"}],
            "pagination": {"more": False}}
        for private in ("private@example.org", "770", "Karrada", "Hidden", "Protected",
                        "الخفية", "المحمية"):
            assert private not in body


def test_the_picker_pages_twenty_at_a_time(networks, librarian):
    for number in range(21):
        OrganisationFactory(name_en=f"Group {number:02}")

    first = librarian.get(PICKER_URL, {"term": "group"}).json()
    second = librarian.get(PICKER_URL, {"term": "group", "page": "2"}).json()

    assert (len(first["results"]), first["pagination"]["more"]) == (20, True)
    assert (len(second["results"]), second["pagination"]["more"]) == (1, False)


def test_the_picker_refuses_staff_who_do_not_edit_publications(networks, organisations,
                                                               make_staff, admin_login,
                                                               client):
    assert client.get(PICKER_URL).status_code == 302  # to the sign-in page
    curator = admin_login(make_staff(CURATOR, networks=[networks["wasl"]]))

    assert curator.get(PICKER_URL).status_code == 403


def test_librarian_cannot_open_organisations(organisations, librarian):
    organisation = organisations["public"]
    urls = [
        reverse("admin:members_organisation_changelist"),
        reverse("admin:members_organisation_change", args=[organisation.pk]),
        reverse("admin:members_organisation_history", args=[organisation.pk]),
        reverse("admin:members_organisation_export"),
        # The admin's own autocomplete, which answers from the organisation admin.
        reverse("admin:autocomplete") + "?app_label=publications&model_name=publication"
                                        "&field_name=authors&term=hope",
    ]
    for url in urls:
        assert librarian.get(url).status_code in (403, 404), url
    export = librarian.post(reverse("admin:members_organisation_export"),
                            {"format": "0", "resource": "0"})
    assert export.status_code in (403, 404)
    assert b"private@example.org" not in export.content


def test_saving_keeps_the_authors_she_cannot_see(organisations, librarian):
    publication = PublicationFactory(authors=[organisations["public"], organisations["draft"]])
    url = reverse("admin:publications_publication_change", args=[publication.pk])

    page = librarian.get(url).content.decode()
    assert "جمعية الأمل — Hope Association" in page
    assert "Hope Hidden" not in page
    assert "hope-draft" not in page
    # In the admin's default language, Arabic.
    assert "لهذا المنشور منظمة مؤلِّفة أخرى واحدة غير عامة" in page

    data = form_data(page, "publication_form")
    assert data["authors"] == ["hope"]
    data.update({"title_en": ["Renamed"], "authors": []})
    response = librarian.post(url, data)

    assert response.status_code == 302
    publication.refresh_from_db()
    assert publication.title_en == "Renamed"
    assert list(publication.authors.all()) == [organisations["draft"]]
