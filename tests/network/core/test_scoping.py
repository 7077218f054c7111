"""Admin scoping: a curator of one network never reaches another network's records."""

import pytest
from django.urls import reverse

from members.models import Consent, Membership, Organisation, Person
from network.core.roles import CURATOR, LIBRARIAN
from tests.adminforms import form_data
from tests.factories import ConsentFactory, OrganisationFactory, PersonFactory


@pytest.fixture
def setup(networks, make_staff):
    wasl, icssi = networks["wasl"], networks["icssi"]
    return {
        "wasl": wasl, "icssi": icssi,
        "wasl_org": OrganisationFactory(networks=[wasl], tracks=list(wasl.tracks.all()[:1])),
        "icssi_org": OrganisationFactory(networks=[icssi]),
        "curator": make_staff(CURATOR, networks=[wasl]),
        "librarian": make_staff(LIBRARIAN),
        "superuser": make_staff("superuser"),
    }


def change_url(obj):
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


def test_curator_lists_only_her_networks_organisations(setup, admin_login):
    client = admin_login(setup["curator"])
    response = client.get(reverse("admin:members_organisation_changelist"))
    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [setup["wasl_org"]]


@pytest.mark.parametrize("suffix", ["change/", "history/", "delete/"])
def test_curator_typing_another_networks_url_gets_404(setup, admin_login, suffix):
    client = admin_login(setup["curator"])
    url = change_url(setup["icssi_org"]).replace("change/", suffix)
    response = client.get(url)
    assert response.status_code == 404
    assert setup["icssi_org"].name_en not in response.content.decode()


def test_curator_post_to_another_networks_record_changes_nothing(setup, admin_login):
    superuser_client = admin_login(setup["superuser"])
    data = form_data(superuser_client.get(change_url(setup["icssi_org"])).content.decode(),
                     "organisation_form")
    data["name_en"] = ["Taken over"]
    client = admin_login(setup["curator"])
    response = client.post(change_url(setup["icssi_org"]), data)
    assert response.status_code in (403, 404)
    setup["icssi_org"].refresh_from_db()
    assert setup["icssi_org"].name_en != "Taken over"


def test_curator_edits_her_organisation_in_both_languages(setup, admin_login):
    client = admin_login(setup["curator"])
    url = change_url(setup["wasl_org"])
    data = form_data(client.get(url).content.decode(), "organisation_form")
    data["name_ar"], data["name_en"] = ["منظمة السلام المعدلة"], ["Peace organisation, edited"]
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].errors
    organisation = Organisation.objects.get(pk=setup["wasl_org"].pk)
    assert (organisation.name_ar, organisation.name_en) == (
        "منظمة السلام المعدلة", "Peace organisation, edited")
    assert organisation.revisions.first().history_user == setup["curator"]


def test_curator_save_keeps_another_networks_links(setup, admin_login):
    shared = setup["wasl_org"]
    icssi_track = setup["icssi"].tracks.first()
    shared.memberships.create(network=setup["icssi"])
    shared.tracks.add(icssi_track)
    client = admin_login(setup["curator"])
    url = change_url(shared)
    response = client.get(url)
    # The other network's membership and track are neither shown nor offered.
    assert icssi_track not in response.context["adminform"].form.fields["tracks"].queryset
    assert [form.instance.network for form in
            response.context["inline_admin_formsets"][0].formset.forms] == [setup["wasl"]]
    response = client.post(url, form_data(response.content.decode(), "organisation_form"))
    assert response.status_code == 302
    assert shared.tracks.filter(pk=icssi_track.pk).exists()
    assert set(shared.memberships.values_list("network__slug", flat=True)) == {"wasl", "icssi"}


def test_curator_cannot_add_an_organisation_outside_her_networks(setup, admin_login):
    client = admin_login(setup["curator"])
    url = reverse("admin:members_organisation_add")
    data = form_data(client.get(url).content.decode(), "organisation_form")
    data.update({"slug": ["newcomer"], "name_ar": ["منظمة جديدة"], "name_en": ["Newcomer"],
                 "country": ["IQ"], "memberships-0-network": [str(setup["icssi"].pk)],
                 "memberships-0-role": ["member"]})
    response = client.post(url, data)
    assert response.status_code == 200
    assert "network" in response.context["inline_admin_formsets"][0].formset.errors[0]
    assert not Organisation.objects.filter(slug="newcomer").exists()

    data["memberships-0-network"] = [str(setup["wasl"].pk)]
    response = client.post(url, data)
    assert response.status_code == 302
    created = Organisation.objects.get(slug="newcomer")
    assert list(created.memberships.values_list("network__slug", flat=True)) == ["wasl"]
    assert created.visibility == "staff"


def test_curator_cannot_delete_but_archives(setup, admin_login):
    client = admin_login(setup["curator"])
    changelist = reverse("admin:members_organisation_changelist")
    page = client.get(changelist)
    assert "delete_selected" not in page.content.decode()
    response = client.post(changelist, {"action": "make_archived",
                                        "_selected_action": [setup["wasl_org"].pk,
                                                             setup["icssi_org"].pk]})
    assert response.status_code == 302
    setup["wasl_org"].refresh_from_db()
    setup["icssi_org"].refresh_from_db()
    assert (setup["wasl_org"].status, setup["icssi_org"].status) == ("archived", "published")
    assert setup["wasl_org"].revisions.first().history_user == setup["curator"]


def test_autocomplete_offers_only_the_curators_organisations(setup, admin_login):
    client = admin_login(setup["curator"])
    response = client.get(reverse("admin:autocomplete"), {
        "app_label": "members", "model_name": "membership", "field_name": "organisation",
        "term": "Organisation"})
    assert response.status_code == 200
    assert [item["id"] for item in response.json()["results"]] == [str(setup["wasl_org"].pk)]


def test_librarian_neither_reads_nor_changes_organisations(setup, admin_login):
    # She chooses a brief's authors by public name (tests/publications/test_author_picker.py).
    client = admin_login(setup["librarian"])
    url = change_url(setup["icssi_org"])
    assert client.get(url).status_code in (403, 404)
    response = client.post(url, {"name_en": "Renamed"})
    assert response.status_code in (403, 404)
    assert client.get(reverse("admin:members_person_changelist")).status_code == 403


def test_history_restore_brings_both_languages_back_exactly(setup, admin_login):
    organisation = setup["wasl_org"]
    original = (organisation.name_ar, organisation.name_en, organisation.description_ar,
                organisation.description_en)
    client = admin_login(setup["curator"])
    url = change_url(organisation)
    data = form_data(client.get(url).content.decode(), "organisation_form")
    data.update({"name_ar": ["اسم آخر"], "name_en": ["Another name"],
                 "description_ar": ["وصف آخر"], "description_en": ["Another text"]})
    assert client.post(url, data).status_code == 302
    first = organisation.revisions.order_by("history_date").first()

    revert_url = reverse("admin:members_organisation_simple_history",
                         args=[organisation.pk, first.history_id])
    for language in ("en", "ar"):
        # The admin's language must not decide which column a restored value lands in.
        page = client.get(revert_url, HTTP_ACCEPT_LANGUAGE=language)
        assert page.status_code == 200
        data = form_data(page.content.decode(), "historicalorganisation_form")
        assert data["name_en"] == [original[1]]
        response = client.post(revert_url, data, HTTP_ACCEPT_LANGUAGE=language)
        assert response.status_code == 302
        organisation.refresh_from_db()
        assert (organisation.name_ar, organisation.name_en, organisation.description_ar,
                organisation.description_en) == original
        assert organisation.revisions.first().history_user == setup["curator"]


def test_history_of_another_networks_record_is_refused(setup, admin_login):
    record = setup["icssi_org"].revisions.first()
    client = admin_login(setup["curator"])
    url = reverse("admin:members_organisation_simple_history",
                  args=[setup["icssi_org"].pk, record.history_id])
    assert client.get(url).status_code == 404


def test_consent_withdrawal_in_the_admin_hides_the_person(setup, admin_login, client):
    person = PersonFactory(networks=[setup["wasl"]], visibility="public")
    consent = ConsentFactory(person=person)
    assert list(Person.objects.public()) == [person]
    admin = admin_login(setup["curator"])
    response = admin.post(reverse("admin:members_consent_changelist"),
                          {"action": "withdraw", "_selected_action": [consent.pk]})
    assert response.status_code == 302
    consent.refresh_from_db()
    assert consent.withdrawn_recorded_by == setup["curator"]
    assert list(Person.objects.public()) == []


def test_curator_sees_only_her_networks_people_and_consents(setup, admin_login):
    mine = ConsentFactory(person=PersonFactory(networks=[setup["wasl"]]))
    ConsentFactory(person=PersonFactory(networks=[setup["icssi"]]))
    client = admin_login(setup["curator"])
    response = client.get(reverse("admin:members_consent_changelist"))
    assert list(response.context["cl"].result_list) == [mine]
    response = client.get(reverse("admin:members_person_changelist"))
    assert list(response.context["cl"].result_list) == [mine.person]


def test_new_consent_records_who_recorded_it(setup, admin_login):
    person = PersonFactory(networks=[setup["wasl"]])
    client = admin_login(setup["curator"])
    url = reverse("admin:members_consent_add")
    data = form_data(client.get(url).content.decode(), "consent_form")
    data.update({"person": [str(person.pk)], "given_by": ["the person herself"],
                 "method": ["email"], "given_on": ["2026-01-10"], "review_on": ["2027-01-10"],
                 "show_bio": ["on"]})
    response = client.post(url, data)
    assert response.status_code == 302
    consent = Consent.objects.get(person=person)
    assert (consent.recorded_by, consent.show_bio, consent.show_email) == (
        setup["curator"], True, False)


def test_membership_admin_is_scoped(setup, admin_login):
    client = admin_login(setup["curator"])
    response = client.get(reverse("admin:members_membership_changelist"))
    assert [m.organisation for m in response.context["cl"].result_list] == [setup["wasl_org"]]
    other = Membership.objects.get(organisation=setup["icssi_org"])
    assert client.get(change_url(other)).status_code in (403, 404)
