"""Curation in the admin for people who are not engineers: the import form, its preview,
publishing with a public profile, working languages and the import's city column."""

import io

from django.utils.html import escape

from members.models import Organisation
from tests.adminforms import form_data
from tests.factories import OrganisationFactory
from tests.members.test_import import IMPORT_URL, PROCESS_URL, csv_file, row, upload

CHANGELIST = "/admin/members/organisation/"


def post_file(client, content, data=None, language="en"):
    upload_file = io.BytesIO(content)
    upload_file.name = "organisations.csv"
    return client.post(IMPORT_URL, {"resource": "0", "import_file": upload_file,
                                    "format": "0", **(data or {})},
                       headers={"accept-language": language})


# --- 1. The network of a curator of one network is not asked --------------------------

def test_only_a_curator_of_one_network_is_spared_the_choice(networks, make_staff, admin_login,
                                                           client):
    admin_login(make_staff("network curator", networks=[networks["wasl"]]))
    for language in ("en", "ar"):
        html = client.get(IMPORT_URL, headers={"accept-language": language}).content.decode()
        assert '<select name="network"' not in html
        assert f"<strong>{escape(networks['wasl'])}</strong>" in html
        assert {"en": "becomes a member of your network",
                "ar": "عضوًا في شبكتك"}[language] in html

    # With several networks, or as a superuser, she still chooses.
    for user in (make_staff("network curator", networks=[networks["wasl"], networks["icssi"]]),
                 make_staff("superuser")):
        client.logout()
        admin_login(user)
        assert '<select name="network"' in client.get(IMPORT_URL).content.decode()
        response = post_file(client, csv_file([row(networks="")]))
        assert "confirm_form" not in response.context
        assert response.context["form"].errors["network"] == ["This field is required."]
    assert Organisation.objects.count() == 0


def test_a_curator_of_one_network_imports_without_choosing_it(networks, make_staff,
                                                              admin_login):
    client = admin_login(make_staff("network curator", networks=[networks["wasl"]]))

    # No network in the upload (nor another one: a disabled field keeps its value).
    preview = post_file(client, csv_file([row(networks="")]),
                        {"network": networks["icssi"].pk})
    assert preview.status_code == 200
    confirm = preview.context["confirm_form"]
    assert confirm.initial["network"] == networks["wasl"].pk
    client.post(PROCESS_URL, {**confirm.initial, "confirm": "1"})

    organisation = Organisation.objects.get()
    assert list(organisation.memberships.values_list("network__slug", flat=True)) == ["wasl"]


# --- 2. The preview says in what state new records arrive -----------------------------

def test_the_preview_says_new_organisations_arrive_as_staff_only_drafts(networks, make_staff,
                                                                       admin_login):
    client = admin_login(make_staff("network curator", networks=[networks["wasl"]]))
    content = csv_file([row(name_en="One", name_ar="واحدة", networks="wasl"),
                        row(name_en="Two", name_ar="اثنتان", networks="wasl")])

    english = upload(client, content, networks["wasl"]).content.decode()
    assert ("2 new organisations arrive as drafts. Their profiles are visible to staff "
            "only. Visitors do not see them until they are published with a public "
            "profile") in english
    arabic = post_file(client, content, {"network": networks["wasl"].pk},
                       language="ar").content.decode()
    assert "تصل منظمتان جديدتان مسودتين." in arabic
    assert "لا يرى ملفيهما إلا الطاقم." in arabic
    assert Organisation.objects.count() == 0


def test_the_preview_reads_the_state_from_the_rows(networks, make_staff, admin_login):
    known = OrganisationFactory(name_en="Known", name_ar="معروفة", networks=[networks["wasl"]])
    client = admin_login(make_staff("network curator", networks=[networks["wasl"]]))
    headers = ["name_ar", "name_en", "country", "networks", "status", "visibility"]
    content = csv_file([["جديدة", "New", "IQ", "wasl", "published", "public"],
                        ["أخرى", "Other", "IQ", "wasl", "", "members"],
                        [known.name_ar, known.name_en, "IQ", "wasl", "draft", "staff"]],
                       headers=headers)

    html = upload(client, content, networks["wasl"]).content.decode()

    assert ("1 new organisation arrives published. Its profile is public. Visitors see it "
            "once the import is confirmed.") in html
    assert ("1 new organisation arrives as a draft. Its profile is for network members: "
            "the signed-in members of its networks and the staff.") in html
    # The updated row is not a new record: no sentence for it.
    assert html.count("new organisation arrives") == 2
    arabic = post_file(client, content, {"network": networks["wasl"].pk},
                       language="ar").content.decode()
    assert "تصل منظمة جديدة واحدة منشورةً. ملفها علني." in arabic

    # A file with errors imports nothing: no word of arrivals.
    html = upload(client, csv_file([row(networks="wasl", kind="nonsense")]),
                  networks["wasl"]).content.decode()
    assert "Nothing will be imported" in html and "arrives" not in html


# --- 3. Publishing, with the profile made public when she confirms ---------------------

def publish_step(client, organisations, language="en"):
    return client.post(CHANGELIST, {"action": "make_published",
                                    "_selected_action": [o.pk for o in organisations]},
                       headers={"accept-language": language})


def staff_draft(networks, slug, network="wasl"):
    return OrganisationFactory(slug=slug, status="draft", visibility="staff",
                               email="office@example.org", email_visibility="staff",
                               networks=[networks[network]])


def test_publish_asks_first_then_publishes_and_makes_public(networks, make_staff, admin_login,
                                                            client):
    curator = make_staff("network curator", networks=[networks["wasl"]])
    organisation = staff_draft(networks, "quiet-draft")
    admin_login(curator)

    page = publish_step(client, [organisation])
    html = page.content.decode()
    assert page.status_code == 200
    assert "Also make their profiles public" in html and organisation.name_en in html
    organisation.refresh_from_db()
    assert (organisation.status, organisation.version) == ("draft", 1)  # nothing yet

    data = form_data(html, "publish-form")
    data["make_public"] = ["yes"]
    response = client.post(CHANGELIST, data, headers={"accept-language": "en"}, follow=True)

    assert "1 record changed." in response.content.decode()
    organisation.refresh_from_db()
    assert (organisation.status, organisation.visibility, organisation.email_visibility,
            organisation.version) == ("published", "public", "staff", 2)
    latest = organisation.revisions.latest()
    assert (latest.history_user, latest.status, latest.visibility) == (
        curator, "published", "public")
    client.logout()
    assert client.get(f"/en/members/{organisation.slug}/").status_code == 200


def test_publish_without_the_tick_keeps_the_profile_for_staff(networks, make_staff,
                                                              admin_login, client):
    organisation = staff_draft(networks, "quiet-draft")
    admin_login(make_staff("network curator", networks=[networks["wasl"]]))

    page = publish_step(client, [organisation])
    organisation.refresh_from_db()
    assert (page.status_code, organisation.status) == (200, "draft")  # asked first
    data = form_data(page.content.decode(), "publish-form")
    assert "make_public" not in data
    client.post(CHANGELIST, data)

    organisation.refresh_from_db()
    assert (organisation.status, organisation.visibility, organisation.version) == (
        "published", "staff", 2)
    client.logout()
    assert client.get(f"/en/members/{organisation.slug}/").status_code == 404


def test_the_confirmation_page_is_in_arabic(networks, make_staff, admin_login, client):
    organisation = staff_draft(networks, "quiet-draft")
    admin_login(make_staff("network curator", networks=[networks["wasl"]]))

    html = publish_step(client, [organisation], language="ar").content.decode()
    assert "اجعل ملفاتها علنية أيضًا" in html
    data = form_data(html, "publish-form")
    data["make_public"] = ["yes"]
    response = client.post(CHANGELIST, data, headers={"accept-language": "ar"}, follow=True)
    assert "تغيّر سجل واحد." in response.content.decode()
    organisation.refresh_from_db()
    assert (organisation.status, organisation.visibility) == ("published", "public")


def test_publish_touches_only_her_networks_records(networks, make_staff, admin_login, client):
    mine = staff_draft(networks, "mine")
    theirs = staff_draft(networks, "theirs", network="icssi")
    admin_login(make_staff("network curator", networks=[networks["wasl"]]))

    # A hand-made post naming another network's record changes nothing of it.
    client.post(CHANGELIST, {"action": "make_published", "post": "yes", "make_public": "yes",
                             "_selected_action": [mine.pk, theirs.pk]})

    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert (mine.status, mine.visibility) == ("published", "public")
    assert (theirs.status, theirs.visibility, theirs.version) == ("draft", "staff", 1)


# --- 4. Working languages as checkboxes -----------------------------------------------

def change_url(organisation):
    return f"/admin/members/organisation/{organisation.pk}/change/"


def test_working_languages_are_ticked_not_typed(networks, make_staff, admin_login, client):
    organisation = OrganisationFactory(languages="ar,ku", networks=[networks["wasl"]])
    admin_login(make_staff("network curator", networks=[networks["wasl"]]))

    html = client.get(change_url(organisation), headers={"accept-language": "en"}) \
        .content.decode()
    data = form_data(html, "organisation_form")
    assert data["languages"] == ["ar", "ku"]  # existing values preselected
    assert 'type="checkbox" name="languages" value="fr"' in html
    arabic = client.get(change_url(organisation), headers={"accept-language": "ar"}) \
        .content.decode()
    assert "الكردية" in arabic

    data["languages"] = ["ar", "en", "fr"]
    response = client.post(change_url(organisation), data)

    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.languages == "ar,en,fr"


def test_an_unknown_working_language_is_refused(networks, make_staff, admin_login, client):
    organisation = OrganisationFactory(languages="ar", networks=[networks["wasl"]])
    admin_login(make_staff("network curator", networks=[networks["wasl"]]))
    data = form_data(client.get(change_url(organisation)).content.decode(),
                     "organisation_form")

    data["languages"] = ["ar", "xx"]
    response = client.post(change_url(organisation), data, headers={"accept-language": "en"})

    assert response.status_code == 200
    assert "Select a valid choice. xx is not one of the available choices." in \
        response.content.decode()
    organisation.refresh_from_db()
    assert (organisation.languages, organisation.version) == ("ar", 1)


# --- 5. The import's city column, in either language ----------------------------------

def import_rows(client, networks, rows, headers):
    preview = upload(client, csv_file(rows, headers=headers), networks["wasl"])
    return client.post(PROCESS_URL, {**preview.context["confirm_form"].initial,
                                     "confirm": "1"})


def test_a_latin_city_goes_to_the_english_field(networks, make_staff, admin_login):
    client = admin_login(make_staff("network curator", networks=[networks["wasl"]]))
    headers = ["name_ar", "name_en", "country", "networks", "city", "city_en"]

    import_rows(client, networks, [["أ", "Basra One", "IQ", "wasl", "Basra", ""],
                                   ["ب", "Baghdad Two", "IQ", "wasl", "بغداد", ""],
                                   ["ج", "Both Three", "IQ", "wasl", "الموصل", "Mosul"]],
                headers)

    cities = dict(Organisation.objects.values_list("name_en", "city_ar"))
    cities_en = dict(Organisation.objects.values_list("name_en", "city_en"))
    assert (cities["Basra One"] or "", cities_en["Basra One"]) == ("", "Basra")
    assert (cities["Baghdad Two"], cities_en["Baghdad Two"] or "") == ("بغداد", "")
    assert (cities["Both Three"], cities_en["Both Three"]) == ("الموصل", "Mosul")


def test_a_latin_city_without_a_city_en_column_updates_the_english_name(networks, make_staff,
                                                                       admin_login):
    organisation = OrganisationFactory(slug="known", name_en="Known", city_ar="البصرة",
                                       city_en="", networks=[networks["wasl"]])
    client = admin_login(make_staff("network curator", networks=[networks["wasl"]]))

    response = import_rows(client, networks, [["known", "Known", "Basra"]],
                           ["slug", "name_en", "city"])

    assert response.status_code == 302
    organisation.refresh_from_db()
    assert (organisation.city_ar, organisation.city_en) == ("البصرة", "Basra")
