"""The import as curators use it: what its preview may show, and the history it leaves."""

import io

from members.models import Membership, Organisation
from tests.factories import OrganisationFactory
from tests.members.test_import import (
    HEADERS,
    PROCESS_URL,
    command,
    command_error,
    csv_file,
    row,
    upload,
)

SECRET_EN, SECRET_AR = "Quiet Shelter Draft", "مأوى هادئ مسودة"


def icssi_draft(networks):
    """A draft organisation of ICSSI alone, which a WASL curator may not see."""
    return OrganisationFactory(slug="quiet-shelter", name_en=SECRET_EN, name_ar=SECRET_AR,
                               status="draft", visibility="staff", acronym="QSD",
                               networks=[networks["icssi"]])


def assert_hidden(html):
    for secret in (SECRET_EN, SECRET_AR, "QSD"):
        assert secret not in html


def test_preview_names_no_organisation_outside_her_networks_by_slug(networks, make_staff,
                                                                     admin_login):
    draft = icssi_draft(networks)
    client = admin_login(make_staff("network curator", networks=[networks["wasl"]]))

    response = upload(client, csv_file([["quiet-shelter", "Anything", "wasl"]],
                                       headers=["slug", "name_en", "networks"]),
                      networks["wasl"])

    html = response.content.decode()
    assert response.status_code == 200
    assert "No organisation you may change has this slug." in html
    assert "confirm_form" not in response.context
    assert_hidden(html)
    draft.refresh_from_db()
    assert (draft.name_en, list(draft.memberships.values_list("network__slug", flat=True))) == (
        SECRET_EN, ["icssi"])


def test_preview_names_no_organisation_outside_her_networks_by_name(networks, make_staff,
                                                                     admin_login):
    icssi_draft(networks)
    client = admin_login(make_staff("network curator", networks=[networks["wasl"]]))

    # The name as typed: other case, no diacritics; it matches the draft.
    response = upload(client, csv_file([row(name_en="quiet shelter draft", name_ar="",
                                            networks="wasl")]), networks["wasl"])

    html = response.content.decode()
    assert "No organisation you may change has this name." in html
    assert_hidden(html)
    assert Organisation.objects.count() == 1


def test_the_message_is_translated(networks, make_staff, admin_login):
    icssi_draft(networks)
    client = admin_login(make_staff("network curator", networks=[networks["wasl"]]))
    upload_file = io.BytesIO(csv_file([["quiet-shelter", "Anything", "wasl"]],
                                      headers=["slug", "name_en", "networks"]))
    upload_file.name = "orgs.csv"

    response = client.post("/admin/members/organisation/import/",
                           {"resource": "0", "network": networks["wasl"].pk,
                            "import_file": upload_file, "format": "0"},
                           headers={"accept-language": "ar"})

    html = response.content.decode()
    assert "لا منظمة مما يحق لك تعديله تحمل هذا المعرّف." in html
    assert_hidden(html)


def test_membership_preview_names_no_organisation_outside_her_networks(networks, make_staff,
                                                                        admin_login):
    icssi_draft(networks)
    client = admin_login(make_staff("network curator", networks=[networks["wasl"]]))
    content = csv_file([["quiet-shelter", "wasl", "member"], [SECRET_AR, "wasl", "member"]],
                       headers=["organisation", "network", "role"])
    upload_file = io.BytesIO(content)
    upload_file.name = "memberships.csv"

    response = client.post("/admin/members/membership/import/",
                           {"resource": "0", "import_file": upload_file, "format": "0"},
                           headers={"accept-language": "en"})

    html = response.content.decode()
    assert "organisation: No organisation you may change has this slug." in html
    assert "organisation: No organisation you may change has this name." in html
    # The second row's own text is the file's; nothing else of the draft shows.
    assert SECRET_EN not in html and "QSD" not in html
    assert Membership.objects.filter(network=networks["wasl"]).count() == 0


# --- History ------------------------------------------------------------------------

def versions(queryset):
    return [(version.history_type, version.history_user) for version in
            queryset.order_by("history_date", "history_id")]


def test_admin_import_gives_every_record_a_version_by_the_curator(networks, make_staff,
                                                                  admin_login):
    curator = make_staff("network curator", networks=[networks["wasl"]])
    known = OrganisationFactory(name_en="Known Organisation", name_ar="منظمة معروفة",
                                networks=[networks["wasl"]])
    client = admin_login(curator)
    content = csv_file([
        row(name_en="Known Organisation", name_ar="منظمة معروفة", networks="wasl",
            description_en="Changed by the import."),
        row(name_en="Brand New", name_ar="جديدة تماما", networks="wasl", tracks="peace"),
    ])

    preview = upload(client, content, networks["wasl"])
    response = client.post(PROCESS_URL, {**preview.context["confirm_form"].initial,
                                         "confirm": "1"})

    assert response.status_code == 302
    new = Organisation.objects.get(name_en="Brand New")
    assert versions(new.revisions.all()) == [("+", curator)]
    assert new.revisions.get().description_en == new.description_en
    assert versions(Membership.revisions.filter(organisation_id=new.pk)) == [("+", curator)]
    assert versions(known.revisions.all()) == [("+", None), ("~", curator)]
    assert known.revisions.latest().description_en == "Changed by the import."
    assert list(new.tracks.values_list("slug", flat=True)) == ["peace"]


def test_command_import_gives_every_record_a_first_version(networks, tmp_path):
    path = tmp_path / "orgs.csv"
    path.write_bytes(csv_file([row(name_en=f"Org {n}", name_ar=f"منظمة {n}",
                                   networks="wasl;icssi") for n in range(3)]))

    command(path)

    organisations = Organisation.objects.all()
    assert [versions(org.revisions.all()) for org in organisations] == [[("+", None)]] * 3
    assert Membership.revisions.filter(history_type="+").count() == 6
    assert sorted(Membership.revisions.values_list("organisation_id", flat=True)) == sorted(
        [org.pk for org in organisations] * 2)


def test_a_file_naming_one_organisation_twice_adds_both_rows_networks(networks, tmp_path):
    path = tmp_path / "orgs.csv"
    path.write_bytes(csv_file([row(networks="wasl"), row(networks="icssi", founded="1999")],
                              headers=HEADERS))

    out = command(path)

    org = Organisation.objects.get()
    assert "Row 3: update" in out
    assert (org.founded_year, sorted(org.memberships.values_list("network__slug", flat=True))) \
        == (1999, ["icssi", "wasl"])
    assert versions(org.revisions.all()) == [("+", None)]


# The version check: the import writes only records as the preview showed them.

def test_a_record_saved_after_the_preview_stops_the_confirmed_import(networks, make_staff,
                                                                     admin_login):
    organisation = OrganisationFactory(slug="kept-edit", name_en="Before",
                                       networks=[networks["wasl"]])
    client = admin_login(make_staff("network curator", networks=[networks["wasl"]]))
    preview = upload(client, csv_file([["kept-edit", "From the file", "wasl"]],
                                      headers=["slug", "name_en", "networks"]),
                     networks["wasl"])
    confirm = preview.context["confirm_form"]
    assert confirm.initial["versions"] == f'{{"{organisation.pk}": 1}}'

    # Another curator saves the record while the preview is on the screen.
    organisation.refresh_from_db()
    organisation.city_en = "Basra"
    organisation.save()

    response = client.post(PROCESS_URL, {**confirm.initial, "confirm": "1"},
                           headers={"accept-language": "en"}, follow=True)
    html = response.content.decode()
    assert "Nothing was imported" in html
    assert "was changed by someone else after the file was checked" in html
    organisation.refresh_from_db()
    assert (organisation.name_en, organisation.city_en, organisation.version) == (
        "Before", "Basra", 2)


def test_the_confirmed_import_writes_when_nothing_changed_and_counts_the_version(
        networks, make_staff, admin_login):
    organisation = OrganisationFactory(slug="kept-edit", name_en="Before",
                                       networks=[networks["wasl"]])
    client = admin_login(make_staff("network curator", networks=[networks["wasl"]]))
    preview = upload(client, csv_file([["kept-edit", "From the file", "wasl"]],
                                      headers=["slug", "name_en", "networks"]),
                     networks["wasl"])
    response = client.post(PROCESS_URL, {**preview.context["confirm_form"].initial,
                                         "confirm": "1"})
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert (organisation.name_en, organisation.version) == ("From the file", 2)


def test_unreadable_versions_are_refused(networks, make_staff, admin_login):
    OrganisationFactory(slug="kept-edit", name_en="Before", networks=[networks["wasl"]])
    client = admin_login(make_staff("network curator", networks=[networks["wasl"]]))
    preview = upload(client, csv_file([["kept-edit", "From the file", "wasl"]],
                                      headers=["slug", "name_en", "networks"]),
                     networks["wasl"])
    data = {**preview.context["confirm_form"].initial, "confirm": "1", "versions": "[1, 2"}
    response = client.post(PROCESS_URL, data, headers={"accept-language": "en"})
    assert response.status_code == 200
    assert "record versions are unreadable" in response.content.decode()
    assert Organisation.objects.get().name_en == "Before"


def test_a_save_while_the_import_runs_stops_it(networks, monkeypatch, tmp_path):
    from members.resources import OrganisationResource

    organisation = OrganisationFactory(slug="kept-edit", name_en="Before",
                                       networks=[networks["wasl"]])
    check = OrganisationResource.check_versions

    def saved_meanwhile(resource, changed):
        # As if a curator saved between the import reading the row and writing it (in
        # the import's own transaction here, so it is rolled back with the import).
        Organisation.objects.filter(pk=organisation.pk).update(version=5)
        return check(resource, changed)

    monkeypatch.setattr(OrganisationResource, "check_versions", saved_meanwhile)
    path = tmp_path / "orgs.csv"
    path.write_bytes(csv_file([["kept-edit", "From the file", "wasl"]],
                              headers=["slug", "name_en", "networks"]))
    out, error = command_error(path)
    assert "was changed by someone else after the file was checked" in out + str(error)
    organisation.refresh_from_db()
    assert (organisation.name_en, organisation.version) == ("Before", 1)
