"""The import's preview warns, row by row, of new organisations that may already be in the
directory (or twice in the file), with links, before anything is saved."""

import io

import pytest

from members import duplicates
from members.duplicates import DuplicateFinder
from members.models import Organisation
from tests.factories import OrganisationFactory
from tests.members.test_import import PROCESS_URL, command, csv_file, row, upload


@pytest.fixture
def amal(networks):
    return OrganisationFactory(slug="amal", name_ar="مؤسسة الأمل للتنمية",
                               name_en="Amal Foundation for Development",
                               website="https://www.amal.example/ar/", country="IQ",
                               networks=[networks["wasl"]])


def outcomes(response):
    return {outcome.number: outcome for outcome in response.context["result"].outcomes()}


def test_preview_names_the_organisations_a_new_row_may_duplicate(amal, networks, make_staff,
                                                                  admin_login):
    client = admin_login(make_staff("network curator", networks=[networks["wasl"]]))
    content = csv_file([
        # A longer name holding the whole existing one: the same organisation, likely.
        row(name_ar="مؤسسه الامل للتنميه في البصرة", name_en="", networks="wasl"),
        # Another name, the same website.
        row(name_ar="بيت الخبرة", name_en="House of Expertise", website="http://amal.example",
            networks="wasl"),
        row(name_ar="شبكة الرافدين", name_en="Rafidain Network", networks="wasl"),
    ])

    response = upload(client, content, networks["wasl"])

    assert response.status_code == 200
    found = outcomes(response)
    assert [outcome.kind for outcome in found.values()] == ["new", "new", "new"]
    assert [d.organisation for d in found[2].duplicates] == [amal]
    assert [str(reason) for reason in found[2].duplicates[0].reasons] == [
        "similar name (100%)", "same country"]
    assert [d.organisation for d in found[3].duplicates] == [amal]
    assert "same website domain (amal.example)" in map(str, found[3].duplicates[0].reasons)
    assert found[4].duplicates == [] and found[4].hidden_duplicates == 0
    html = response.content.decode()
    assert "Possible duplicates" in html
    assert f'href="/admin/members/organisation/{amal.pk}/change/"' in html
    assert Organisation.objects.count() == 1  # a preview saves nothing

    # A warning, not a refusal: confirming adds them all.
    confirm = client.post(PROCESS_URL, {**response.context["confirm_form"].initial,
                                        "confirm": "1"})
    assert confirm.status_code == 302
    assert Organisation.objects.count() == 4


def test_preview_finds_two_rows_of_the_same_file(networks, make_staff, admin_login):
    client = admin_login(make_staff("superuser"))
    content = csv_file([
        row(name_ar="", name_en="Basra Women Forum", networks="icssi"),
        row(name_ar="", name_en="Unrelated Union", networks="icssi"),
        row(name_ar="", name_en="Basra Womens Forum", networks="icssi"),
    ])

    found = outcomes(upload(client, content, networks["icssi"]))

    assert found[2].duplicates == []
    [duplicate] = found[4].duplicates
    assert (duplicate.organisation, duplicate.row) == (None, 2)
    assert str(duplicate.reasons[0]).startswith("similar name")


def test_rows_updating_a_record_are_not_reported(amal, networks, make_staff, admin_login):
    client = admin_login(make_staff("superuser"))

    found = outcomes(upload(client, csv_file([row(name_ar="مؤسسة الأمل للتنمية", name_en="",
                                                  networks="wasl")]), networks["wasl"]))

    assert found[2].kind == "update"
    assert found[2].duplicates == []
    assert "Possible duplicates" not in upload(
        client, csv_file([row(name_ar="مؤسسة الأمل للتنمية", name_en="", networks="wasl")]),
        networks["wasl"]).content.decode()


def test_another_networks_record_is_counted_not_named(networks, make_staff, admin_login):
    OrganisationFactory(name_ar="ملجأ هادئ سري", name_en="Quiet Secret Shelter",
                        status="draft", visibility="staff", networks=[networks["icssi"]])
    client = admin_login(make_staff("network curator", networks=[networks["wasl"]]))

    response = upload(client, csv_file([row(name_ar="", name_en="Quiet Secret Shelter Iraq",
                                            networks="wasl")]), networks["wasl"])

    found = outcomes(response)
    assert (found[2].duplicates, found[2].hidden_duplicates) == ([], 1)
    html = response.content.decode()
    assert "1 record of another network" in html
    assert "Quiet Secret Shelter</a>" not in html and "ملجأ هادئ سري" not in html


def test_preview_in_arabic(amal, networks, make_staff, admin_login):
    client = admin_login(make_staff("superuser"))
    upload_file = csv_file([row(name_ar="مؤسسة الأمل للتنمية والسلام", name_en="",
                                networks="wasl")])
    response = client.post("/admin/members/organisation/import/", {
        "resource": "0", "network": networks["wasl"].pk, "format": "0",
        "import_file": named(upload_file)}, headers={"accept-language": "ar"})

    html = response.content.decode()
    assert "منظمات قد تكون مكرّرة" in html
    assert "اسم مشابه (100%)" in html
    assert amal.name_ar in html


def named(content):
    stream = io.BytesIO(content)
    stream.name = "organisations.csv"
    return stream


def test_a_typo_in_the_distinctive_word_is_found_among_common_words(db, monkeypatch):
    # "جمعية" is in every name: it selects nothing, the other words do, within a typo.
    monkeypatch.setattr(duplicates, "COMMON_MIN", 2)
    for name in ("جمعية الأمل", "جمعية النور", "جمعية الفجر", "جمعية السلام"):
        OrganisationFactory(name_ar=name, name_en="")
    fajr = Organisation.objects.get(name_ar="جمعية الفجر")
    finder = DuplicateFinder()

    assert list(finder.find(name_ar="جمعيه الفجرر")) == [fajr.pk]
    assert finder.find(name_ar="جمعية الربيع") == {}
    # A name added as a row is found by the rows after it.
    finder.add(("row", 7), name_ar="جمعية الربيع العربي")
    assert list(finder.find(name_ar="جمعية الربيع العربي للثقافة")) == [("row", 7)]


def test_numbers_match_only_as_they_are(db):
    OrganisationFactory(name_ar="", name_en="Women Forum Branch 12")
    finder = DuplicateFinder()

    assert finder.find(name_en="Women Forum Branch 13") == {}
    assert len(finder.find(name_en="Women Forum Branch 12 Basra")) == 1


def test_a_file_of_similar_names_is_not_compared_all_with_all(db):
    # Its shared words become common as its rows are added, and stop selecting.
    finder = DuplicateFinder()
    for number in range(600):
        finder.find(name_ar=f"منظمة رقم {number}")
        finder.add(("row", number), name_ar=f"منظمة رقم {number}")

    assert len(finder._candidates(["منظمه رقم 700"])) < 10
    assert list(finder.find(name_ar="منظمة رقم 599 في البصرة")) == [("row", 599)]


def test_the_commands_dry_run_names_possible_duplicates(amal, tmp_path):
    path = tmp_path / "organisations.csv"
    path.write_bytes(csv_file([
        row(name_ar="مؤسسه الامل للتنميه في البصرة", name_en="", networks="wasl"),
        row(name_ar="", name_en="House of Wisdom", networks="wasl"),
        row(name_ar="", name_en="House of Wisdom Iraq", networks="wasl"),
    ]))

    out = command(path, "--dry-run")

    assert "May duplicate Amal Foundation for Development (similar name (100%); same " \
           "country)" in out
    assert "May duplicate row 3 of this file (similar name (100%); same country)" in out
    assert Organisation.objects.count() == 1
