"""An individual activist's page describes her as a schema.org Person, with only what her
consent covers."""

import json
import re

import pytest

from members.models import Consent
from tests.factories import ConsentFactory, OrganisationFactory, PublicPersonFactory


def structured(response):
    [block] = re.findall(r'<script type="application/ld\+json">(.*?)</script>',
                         response.content.decode(), re.S)
    return json.loads(block)


def person(networks, *fields):
    """A public person with every field filled in, whose consent covers ``fields``."""
    record = PublicPersonFactory(
        slug="salma", name_ar="سلمى حسن", name_en="Salma Hassan",
        email_visibility="public", phone_visibility="public", social_visibility="public",
        location_shown="city", networks=[networks["wasl"]],
        organisation=OrganisationFactory(slug="hope", name_ar="جمعية الأمل",
                                         name_en="Hope Society"))
    ConsentFactory(person=record, **{f"show_{name}": True for name in fields})
    return record


@pytest.mark.parametrize("lang,name,other,city", [
    ("ar", "سلمى حسن", "Salma Hassan", "البصرة"),
    ("en", "Salma Hassan", "سلمى حسن", "Basra"),
])
def test_a_full_consent_describes_the_person(client, networks, lang, name, other, city):
    person(networks, *Consent.FIELDS)

    data = structured(client.get(f"/{lang}/people/salma/"))

    assert (data["@type"], data["name"], data["alternateName"]) == ("Person", name, [other])
    assert data["url"] == f"http://testserver/{lang}/people/salma/"
    assert data["address"] == {"@type": "PostalAddress", "addressLocality": city,
                               "addressCountry": "IQ"}
    assert data["email"].startswith("mailto:activist-")
    assert data["telephone"] == "+964 770 000 1234"
    assert data["sameAs"] == ["https://example.org/@activist"]
    assert data["worksFor"]["url"] == f"http://testserver/{lang}/members/hope/"
    assert [network["url"] for network in data["memberOf"]] == [
        f"http://testserver/{lang}/networks/wasl/"]
    assert data["jobTitle"] and data["description"]


@pytest.mark.parametrize("withheld", Consent.FIELDS)
def test_a_field_the_consent_does_not_cover_never_appears(client, networks, withheld):
    person(networks, *(name for name in Consent.FIELDS if name != withheld))
    values = {"title": ["Trainer", "مدرّبة"], "organisation": ["Hope Society", "جمعية الأمل"],
              "city": ["Basra", "البصرة"], "bio": ["A short biography.", "سيرة قصيرة."],
              "email": ["activist-", "mailto"], "phone": ["+964 770 000 1234"],
              "social": ["example.org/@activist"], "messages": ["/message/"]}[withheld]

    for lang in ("ar", "en"):
        text = json.dumps(structured(client.get(f"/{lang}/people/salma/")),
                          ensure_ascii=False)
        assert not any(value in text for value in values), (withheld, text)
