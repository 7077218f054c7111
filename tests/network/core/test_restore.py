"""History restores in the admin: scoped, never reviving a withdrawn consent, never widening
what the public sees without an explicit tick, and shown field by field in Arabic."""

import pytest
from django.urls import reverse

from members.models import Organisation, Person
from network.core.restore import opening_fields
from network.core.roles import CURATOR
from tests.adminforms import form_data
from tests.factories import ConsentFactory, OrganisationFactory, PersonFactory

CONFIRM = "_confirm_widening"


@pytest.fixture
def setup(networks, make_staff):
    wasl, icssi = networks["wasl"], networks["icssi"]
    return {"wasl": wasl, "icssi": icssi,
            "curator": make_staff(CURATOR, networks=[wasl]),
            "superuser": make_staff("superuser")}


def admin_url(obj, action):
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_{action}",
                   args=[obj.pk])


def restore_url(obj, version):
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_simple_history",
                   args=[obj.pk, version.history_id])


def first_version(obj):
    return obj.revisions.order_by("history_date", "history_id").first()


def edit(client, obj, form_id, **changes):
    """Save ``obj``'s change form in the admin with ``changes``."""
    url = admin_url(obj, "change")
    data = form_data(client.get(url).content.decode(), form_id)
    data.update({name: [value] for name, value in changes.items()})
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].errors
    return response


def restore_form(page):
    model_name = page.context["original_opts"].model_name
    return form_data(page.content.decode(), f"historical{model_name}_form")


# 1. Consents are never restored; a restore that widens what the public sees needs a tick.

def test_consent_history_is_read_only_and_a_restore_post_changes_nothing(setup, admin_login,
                                                                          client):
    person = PersonFactory(networks=[setup["wasl"]], visibility="public")
    consent = ConsentFactory(person=person)
    admin = admin_login(setup["curator"])
    change_page = admin.get(admin_url(consent, "change")).content.decode()
    response = admin.post(reverse("admin:members_consent_changelist"),
                          {"action": "withdraw", "_selected_action": [consent.pk]})
    assert response.status_code == 302
    assert client.get(person.get_absolute_url()).status_code == 404

    history = admin.get(admin_url(consent, "history"))
    assert history.status_code == 200
    assert len(history.context["page_obj"].object_list) == 2
    url = restore_url(consent, first_version(consent))
    page = admin.get(url)
    assert page.status_code == 200
    assert 'id="historicalconsent_form"' not in page.content.decode()
    assert 'name="_save"' not in page.content.decode()

    response = admin.post(url, form_data(change_page, "consent_form"))
    assert response.status_code in (403, 404)
    consent.refresh_from_db()
    assert consent.withdrawn_at is not None
    assert client.get(person.get_absolute_url()).status_code == 404


def test_opening_fields_are_derived_from_the_models():
    assert set(opening_fields(Person)) == {"visibility", "email_visibility", "phone_visibility",
                                           "social_visibility", "location_shown"}
    assert set(opening_fields(Organisation)) == {
        "status", "visibility", "email_visibility", "phone_visibility",
        "address_visibility", "social_visibility"}
    assert opening_fields(Person)["visibility"] == "public"
    assert opening_fields(Organisation)["status"] == "published"


def test_restore_making_a_person_public_again_needs_the_tick(setup, admin_login, client):
    person = PersonFactory(networks=[setup["wasl"]], visibility="public")
    ConsentFactory(person=person)
    admin = admin_login(setup["curator"])
    edit(admin, person, "person_form", visibility="staff")
    assert client.get(person.get_absolute_url()).status_code == 404

    url = restore_url(person, first_version(person))
    page = admin.get(url)
    assert page.status_code == 200
    assert f'name="{CONFIRM}"' in page.content.decode()
    assert page.context["widened"] == [("إتاحة الملف", "الطاقم فقط", "للعموم")]
    data = restore_form(page)
    assert CONFIRM not in data

    response = admin.post(url, data)
    assert response.status_code == 400
    assert "ضع علامة في المربع للتأكيد" in response.content.decode()
    person.refresh_from_db()
    assert person.visibility == "staff"
    assert person.revisions.count() == 2
    assert client.get(person.get_absolute_url()).status_code == 404

    data[CONFIRM] = ["on"]
    response = admin.post(url, data)
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.visibility == "public"
    assert client.get(person.get_absolute_url()).status_code == 200


def test_restore_publishing_an_archived_organisation_needs_the_tick(setup, admin_login):
    organisation = OrganisationFactory(networks=[setup["wasl"]])
    admin = admin_login(setup["curator"])
    admin.post(reverse("admin:members_organisation_changelist"),
               {"action": "make_archived", "_selected_action": [organisation.pk]})
    organisation.refresh_from_db()
    assert organisation.status == "archived"
    url = restore_url(organisation, first_version(organisation))
    data = restore_form(admin.get(url))
    assert admin.post(url, data).status_code == 400
    organisation.refresh_from_db()
    assert organisation.status == "archived"
    data[CONFIRM] = ["on"]
    assert admin.post(url, data).status_code == 302
    organisation.refresh_from_db()
    assert organisation.status == "published"


def test_restore_that_widens_nothing_needs_no_tick(setup, admin_login):
    organisation = OrganisationFactory(networks=[setup["wasl"]], name_en="First name")
    admin = admin_login(setup["curator"])
    edit(admin, organisation, "organisation_form", name_en="Second name", visibility="staff")
    edit(admin, organisation, "organisation_form", name_en="Third name")
    second = organisation.revisions.order_by("-history_date", "-history_id")[1]
    url = restore_url(organisation, second)
    page = admin.get(url)
    assert page.context["widened"] == []
    assert CONFIRM not in page.content.decode()
    assert admin.post(url, restore_form(page)).status_code == 302
    organisation.refresh_from_db()
    assert (organisation.name_en, organisation.visibility) == ("Second name", "staff")


def test_restore_opened_before_another_save_is_refused(setup, admin_login):
    organisation = OrganisationFactory(networks=[setup["wasl"]], name_en="First name")
    admin = admin_login(setup["curator"])
    edit(admin, organisation, "organisation_form", name_en="Second name")
    url = restore_url(organisation, first_version(organisation))
    page = admin.get(url, HTTP_ACCEPT_LANGUAGE="en")
    # Someone else saves the record while the restore page is open.
    organisation.refresh_from_db()
    organisation.city_en = "Kirkuk"
    organisation.save()

    response = admin.post(url, restore_form(page), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert "Someone saved this record after you opened it" in response.content.decode()
    organisation.refresh_from_db()
    assert (organisation.name_en, organisation.city_en) == ("Second name", "Kirkuk")


# 2. A restore keeps what the curator cannot see.

def test_restore_keeps_another_networks_tracks_memberships_and_people(setup, admin_login):
    wasl, icssi = setup["wasl"], setup["icssi"]
    wasl_track, icssi_track = wasl.tracks.first(), icssi.tracks.first()
    organisation = OrganisationFactory(networks=[wasl, icssi], tracks=[wasl_track, icssi_track],
                                       name_en="Shared")
    person = PersonFactory(networks=[wasl, icssi], name_en="Both networks")
    admin = admin_login(setup["curator"])
    edit(admin, organisation, "organisation_form", name_en="Shared, renamed")
    edit(admin, person, "person_form", name_en="Renamed")

    for record in (organisation, person):
        url = restore_url(record, first_version(record))
        assert admin.post(url, restore_form(admin.get(url))).status_code == 302

    organisation.refresh_from_db()
    person.refresh_from_db()
    assert (organisation.name_en, person.name_en) == ("Shared", "Both networks")
    assert set(organisation.tracks.all()) == {wasl_track, icssi_track}
    assert set(organisation.memberships.values_list("network__slug", flat=True)) == {
        "wasl", "icssi"}
    assert set(person.networks.all()) == {wasl, icssi}
    assert organisation.revisions.first().history_user == setup["curator"]


# 3. Saving a form keeps a link the curator cannot see.

def test_saving_a_person_keeps_an_organisation_outside_the_curators_networks(setup,
                                                                            admin_login):
    icssi_org = OrganisationFactory(networks=[setup["icssi"]])
    person = PersonFactory(networks=[setup["wasl"]], organisation=icssi_org)
    admin = admin_login(setup["curator"])
    edit(admin, person, "person_form")
    person.refresh_from_db()
    assert person.organisation == icssi_org

    # Restoring a version that named it keeps it too.
    url = restore_url(person, first_version(person))
    assert admin.post(url, restore_form(admin.get(url))).status_code == 302
    person.refresh_from_db()
    assert person.organisation == icssi_org

    # An organisation of her own network, picked explicitly, replaces it.
    wasl_org = OrganisationFactory(networks=[setup["wasl"]])
    edit(admin, person, "person_form", organisation=str(wasl_org.pk))
    person.refresh_from_db()
    assert person.organisation == wasl_org


# 5. The restore page says what changes, field by field, in Arabic too.

def test_restore_page_lists_each_change_against_the_current_version_in_arabic(setup,
                                                                            admin_login):
    organisation = OrganisationFactory(networks=[setup["wasl"]], name_ar="الاسم الأول",
                                       name_en="First name", visibility="staff")
    admin = admin_login(setup["curator"])
    edit(admin, organisation, "organisation_form", name_ar="الاسم الثاني",
         name_en="Second name", status="draft")
    page = admin.get(restore_url(organisation, first_version(organisation)),
                     HTTP_ACCEPT_LANGUAGE="ar")
    html = page.content.decode()
    changes = {str(label): (str(now), str(then)) for label, now, then in page.context["changes"]}
    assert changes == {"الاسم [ar]": ("الاسم الثاني", "الاسم الأول"),
                       "الاسم [en]": ("Second name", "First name"),
                       "الحالة": ("مسودة", "منشور")}
    for text in ("الاسم الثاني", "الاسم الأول", "Second name", "First name", "مسودة", "منشور"):
        assert text in html
    assert 'id="historicalorganisation_form"' in html


def test_history_list_is_in_arabic_with_choice_labels(setup, admin_login):
    organisation = OrganisationFactory(networks=[setup["wasl"]])
    admin = admin_login(setup["curator"])
    admin.post(reverse("admin:members_organisation_changelist"),
               {"action": "make_archived", "_selected_action": [organisation.pk]})
    page = admin.get(admin_url(organisation, "history"), HTTP_ACCEPT_LANGUAGE="ar")
    assert page.status_code == 200
    html = page.content.decode()
    start = html.index('id="change-history"')
    table = html[start:html.index("</p>", html.index("</table>", start))]
    assert "التغييرات" in table
    assert "منشور" in table and "مؤرشف" in table
    assert "نسختان" in table
    for english in ("Changes", "None", "published", "archived", "versions"):
        assert english not in table


# 6. Out-of-scope history answers 404, like every out-of-scope admin URL.

def test_history_of_another_networks_record_answers_404(setup, admin_login):
    organisation = OrganisationFactory(networks=[setup["icssi"]])
    admin = admin_login(setup["curator"])
    version = organisation.revisions.first()
    assert admin.get(admin_url(organisation, "history")).status_code == 404
    assert admin.get(restore_url(organisation, version)).status_code == 404
    assert admin.post(restore_url(organisation, version), {}).status_code == 404
