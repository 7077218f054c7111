"""The directory's CSV and JSON downloads of the current results."""

import csv
import io
import json

import pytest

from members.downloads import CSV_COLUMNS
from members.models import Organisation
from members.projection import public_organisation_record, public_organisations
from members.resources import OrganisationResource, read_dataset
from network.core import downloads
from tests.factories import (
    DIRECTORY_FACETS,
    NetworkFactory,
    OrganisationFactory,
    TrackFactory,
)

pytestmark = pytest.mark.django_db


def read_csv(response):
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))


@pytest.fixture
def wasl():
    return NetworkFactory(slug="wasl", name_en="WASL")


def test_csv_has_the_import_columns_and_arabic_text(client, wasl):
    track = TrackFactory(slug="peace", networks=[wasl])
    OrganisationFactory(name_ar="منظمة الأمل", name_en="Hope", women_led=True,
                        founded_year=2004, governorate="IQ-BA", city_ar="البصرة",
                        city_en="Basra", networks=[wasl], tracks=[track])

    # Even without a language cookie: a download sets none (it is no language choice).
    response = client.get("/ar/members/download.csv")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="members-')
    assert response.cookies == {}
    [row] = read_csv(response)
    assert tuple(row) == CSV_COLUMNS
    # The columns derive from the projection's field declarations: the staff import's
    # public columns, then what a reader needs beside them; never a contact detail.
    assert set(CSV_COLUMNS) == {
        "slug", "url", "name_ar", "name_en", "acronym", "kind", "kind_label", "country",
        "country_name", "governorate", "governorate_label", "city", "city_en", "website",
        "founded", "women_led", "networks", "tracks", "description_ar", "description_en",
        "is_sample"}
    assert row["name_ar"] == "منظمة الأمل"
    assert (row["city"], row["city_en"], row["governorate"]) == ("البصرة", "Basra", "IQ-BA")
    assert (row["founded"], row["women_led"], row["networks"], row["tracks"]) == (
        "2004", "yes", "wasl", "peace")


def test_csv_neutralises_formulae_after_spaces_and_line_breaks(client):
    OrganisationFactory(name_en='  =HYPERLINK("http://evil")', acronym="\n+1",
                        description_en="\t@SUM(A1)", description_ar=" \r\n-2")

    [row] = read_csv(client.get("/en/members/download.csv"))

    assert (row["name_en"], row["acronym"], row["description_en"], row["description_ar"]) == (
        "'  =HYPERLINK(\"http://evil\")", "'\n+1", "'\t@SUM(A1)", "' \r\n-2")


def test_csv_neutralises_formulae(client):
    OrganisationFactory(name_en="=HYPERLINK(\"http://evil\")", acronym="+1",
                        description_en="-2", description_ar="@SUM(A1)")

    [row] = read_csv(client.get("/en/members/download.csv"))

    assert (row["name_en"], row["acronym"], row["description_en"], row["description_ar"]) == (
        "'=HYPERLINK(\"http://evil\")", "'+1", "'-2", "'@SUM(A1)")


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_downloads_apply_the_filter(client, wasl, lang):
    OrganisationFactory(slug="in-wasl", networks=[wasl])
    OrganisationFactory(slug="elsewhere", country="NG")

    rows = read_csv(client.get(f"/{lang}/members/download.csv?network=wasl&page=2"))
    data = client.get(f"/{lang}/members/download.json?country=NG").json()

    assert [row["slug"] for row in rows] == ["in-wasl"]
    assert [record["slug"] for record in data["results"]] == ["elsewhere"]
    assert (data["count"], data["truncated"]) == (1, False)


@pytest.mark.parametrize("url", ["/en/members/download.csv?country=XX",
                                 "/ar/members/download.json?network=nope"])
def test_invalid_filters_answer_400(client, url):
    assert client.get(url).status_code == 400


def test_unknown_format_is_not_found(client):
    assert client.get("/en/members/download.xml").status_code == 404


def test_json_is_the_public_record(client, wasl):
    organisation = OrganisationFactory(networks=[wasl], email="staff@example.org",
                                       phone="+964 1", address="Secret street")

    data = client.get("/en/members/download.json").json()

    expected = public_organisation_record(public_organisations().get(pk=organisation.pk))
    assert data["results"] == [json.loads(json.dumps(expected))]
    assert tuple(data["results"][0]) == tuple(expected)
    body = client.get("/en/members/download.json").content.decode()
    body += client.get("/en/members/download.csv").content.decode()
    for hidden in ("staff@example.org", "+964 1", "Secret street"):
        assert hidden not in body


def test_hidden_and_draft_organisations_are_left_out(client):
    OrganisationFactory(slug="shown")
    OrganisationFactory(slug="draft", status="draft")
    OrganisationFactory(slug="hidden", visibility="staff")

    rows = read_csv(client.get("/en/members/download.csv"))

    assert [row["slug"] for row in rows] == ["shown"]


def test_rows_are_capped(client, monkeypatch):
    monkeypatch.setattr(downloads, "MAX_ROWS", 2)
    for _ in range(3):
        OrganisationFactory()

    response = client.get("/en/members/download.json")

    assert (response.json()["count"], response.json()["truncated"]) == (2, True)
    assert response["X-Truncated-At"] == "2"


@pytest.mark.parametrize("count", [1, 3])
def test_download_queries_are_constant(client, wasl, django_assert_num_queries, count):
    track = TrackFactory(networks=[wasl])
    for _ in range(count):
        OrganisationFactory(networks=[wasl], tracks=[track])
    # Each request reading the facet counts also reads the content generation (1).
    # The first one after a change builds them (DIRECTORY_FACETS); 1. the filter's network,
    # 2. the organisations, 3. their memberships with networks, 4. tracks.
    with django_assert_num_queries(1 + DIRECTORY_FACETS + 4):
        client.get("/en/members/download.csv?network=wasl")
    # The filter's network, the organisations, their memberships with networks, tracks.
    with django_assert_num_queries(1 + 4):
        response = client.get("/en/members/download.csv?network=wasl")
    assert len(response.content.decode().strip().splitlines()) == 1 + count


def test_the_list_page_links_to_the_downloads(client, wasl):
    OrganisationFactory(networks=[wasl])

    text = client.get("/en/members/?network=wasl").content.decode()

    assert 'href="/en/members/download.csv?network=wasl"' in text
    assert 'href="/en/members/download.json?network=wasl"' in text


def test_csv_round_trips_through_the_staff_import(client, wasl):
    track = TrackFactory(slug="peace", networks=[wasl])
    OrganisationFactory(slug="hope", name_ar="منظمة الأمل", name_en="Hope", acronym="=HO",
                        kind="international", women_led=True, founded_year=1999,
                        governorate="IQ-BG", city_ar="بغداد", city_en="Baghdad",
                        website="https://hope.example.org", description_en="-dash first",
                        networks=[wasl], tracks=[track])
    OrganisationFactory(slug="other", name_en="", country="NG", description_ar="")
    before = sorted(map(public_organisation_record, public_organisations()),
                    key=lambda record: record["slug"])
    content = client.get("/en/members/download.csv").content
    Organisation.objects.all().delete()

    result = OrganisationResource(all_networks=True).import_data(
        read_dataset(content, "organisations.csv"))
    assert result.is_valid(), result.outcomes()
    Organisation.objects.update(status="published", visibility="public")

    after = sorted(map(public_organisation_record, public_organisations()),
                   key=lambda record: record["slug"])
    assert after == before


@pytest.mark.parametrize("lang,labels", [
    ("ar", ("منظمة غير حكومية", "العراق", "البصرة")),
    ("en", ("Non-governmental organisation", "Iraq", "Basra")),
])
def test_csv_tells_samples_profiles_and_labels_in_the_readers_language(client, wasl, lang,
                                                                        labels):
    OrganisationFactory(slug="invented", is_sample=True, kind="ngo", governorate="IQ-BA",
                        networks=[wasl])
    OrganisationFactory(slug="real", kind="ngo", governorate="IQ-BA", networks=[wasl])

    rows = {row["slug"]: row for row in read_csv(client.get(f"/{lang}/members/download.csv"))}

    assert (rows["invented"]["is_sample"], rows["real"]["is_sample"]) == ("yes", "no")
    assert rows["real"]["url"] == f"http://testserver/{lang}/members/real/"
    row = rows["real"]
    assert (row["kind"], row["country"], row["governorate"]) == ("ngo", "IQ", "IQ-BA")
    assert (row["kind_label"], row["country_name"], row["governorate_label"]) == labels


def test_file_names_say_what_was_filtered(client, wasl):
    OrganisationFactory(networks=[wasl])
    from django.utils import timezone

    date = timezone.localdate().isoformat()
    for url, name in [
        ("/en/members/download.csv?network=wasl&country=IQ", f"members-wasl-iq-{date}.csv"),
        ("/ar/members/download.json?network=wasl&country=IQ&kind=ngo&women_led=yes",
         f"members-wasl-iq-ngo-yes-{date}.json"),
        ("/en/members/download.csv", f"members-{date}.csv"),
    ]:
        response = client.get(url)
        assert response["Content-Disposition"] == f'attachment; filename="{name}"'


def test_the_csv_download_reimports_through_the_staff_import(client, networks, make_staff,
                                                             admin_login):
    from tests.members.test_import import PROCESS_URL, upload

    track = TrackFactory(slug="dialogue", networks=[networks["wasl"]])
    OrganisationFactory(slug="hope", name_ar="منظمة الأمل", name_en="Hope", is_sample=True,
                        governorate="IQ-BG", women_led=True, networks=[networks["wasl"]],
                        tracks=[track])
    before = public_organisation_record(public_organisations().get(slug="hope"))
    content = client.get("/ar/members/download.csv").content
    assert "is_sample" in content.decode() and "kind_label" in content.decode()
    Organisation.objects.all().delete()

    staff = admin_login(make_staff("network curator", networks=[networks["wasl"]]))
    preview = upload(staff, content, networks["wasl"])
    assert preview.status_code == 200
    assert [o.kind for o in preview.context["result"].outcomes()] == ["new"]
    response = staff.post(PROCESS_URL, {**preview.context["confirm_form"].initial,
                                        "confirm": "1"})
    assert response.status_code == 302
    Organisation.objects.update(status="published", visibility="public")

    after = public_organisation_record(public_organisations().get(slug="hope"))
    # An import never marks a record as invented sample data; everything else returns.
    assert after == {**before, "is_sample": False}
