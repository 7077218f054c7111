"""Adding an organisation in the admin shows the ones it may duplicate — folded Arabic
name, website domain — with links, before anything is saved; ticking "it is none of these"
adds it. Another network's records are counted, not named."""

import html

import pytest

from members.models import Organisation
from tests.adminforms import form_data
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db
ADD = "/admin/members/organisation/add/"


@pytest.fixture
def curator(networks, make_staff, admin_login):
    return admin_login(make_staff("network curator", networks=[networks["wasl"]]))


def add(client, networks, **values):
    data = form_data(client.get(ADD).content.decode(), "organisation_form")
    data.update({"slug": ["new-one"], "kind": ["ngo"], "country": ["IQ"],
                 "status": ["draft"], "visibility": ["staff"],
                 "memberships-TOTAL_FORMS": ["1"], "memberships-0-network": [
                     str(networks["wasl"].pk)], "memberships-0-role": ["member"]})
    data.update({name: [value] for name, value in values.items()})
    return client.post(ADD, data)


def test_a_folded_name_variant_is_shown_before_saving(curator, networks):
    existing = OrganisationFactory(slug="amal", name_ar="منظمة الأمل", name_en="Hope",
                                   networks=[networks["wasl"]])

    response = add(curator, networks, name_ar="منظمه الامل", name_en="")

    assert response.status_code == 200
    text = html.unescape(response.content.decode())
    assert f"/admin/members/organisation/{existing.pk}/change/" in text
    assert "منظمة الأمل" in text and "قد تكون موجودة في الدليل" in text
    assert not Organisation.objects.filter(slug="new-one").exists()

    saved = add(curator, networks, name_ar="منظمه الامل", name_en="", not_a_duplicate="on")
    assert saved.status_code == 302
    assert Organisation.objects.filter(slug="new-one").exists()


def test_the_same_website_domain_is_shown(curator, networks):
    OrganisationFactory(slug="site", name_en="Somewhere", website="https://www.amal.example.org/",
                        networks=[networks["wasl"]])

    response = add(curator, networks, name_en="Completely different",
                   website="http://amal.example.org/about")

    assert response.status_code == 200
    assert "amal.example.org" in html.unescape(response.content.decode())
    assert not Organisation.objects.filter(slug="new-one").exists()


def test_another_networks_record_is_counted_not_named(curator, networks):
    OrganisationFactory(slug="theirs", name_ar="جمعية الفرات", name_en="Secret Furat",
                        networks=[networks["icssi"]], status="draft")

    response = add(curator, networks, name_ar="جمعيه الفرات", name_en="")

    text = html.unescape(response.content.decode())
    assert response.status_code == 200
    assert "Secret Furat" not in text and "/theirs/" not in text
    assert "وسجل واحد من شبكة أخرى." in text
    assert not Organisation.objects.filter(slug="new-one").exists()


def test_a_new_name_saves_at_once(curator, networks):
    OrganisationFactory(slug="amal", name_ar="منظمة الأمل", networks=[networks["wasl"]])
    response = add(curator, networks, name_ar="رابطة النهرين", name_en="Two Rivers League")
    assert response.status_code == 302
    assert Organisation.objects.filter(slug="new-one").exists()
