"""A network page's directory counts say so when they count invented sample records."""

import re
from html import unescape

import pytest

from members.models import Organisation
from tests.factories import OrganisationFactory


def text(response):
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", response.content.decode())))


@pytest.mark.parametrize("lang,notice", [
    ("en", "1 of the organisations counted here is invented to demonstrate the directory"),
    ("ar", "منظمة واحدة من المنظمات المعدودة هنا مختلَقة لعرض الدليل"),
])
def test_the_counts_warn_when_they_include_sample_records(client, networks, lang, notice):
    OrganisationFactory(networks=[networks["wasl"]])
    sample = OrganisationFactory(networks=[networks["wasl"]], is_sample=True)
    OrganisationFactory(networks=[networks["icssi"]], is_sample=True, country="NG")

    assert notice in text(client.get(f"/{lang}/networks/wasl/"))

    Organisation.objects.filter(pk=sample.pk).update(is_sample=False)
    from network.core.facets import mark_stale
    mark_stale()
    page = text(client.get(f"/{lang}/networks/wasl/"))
    assert notice not in page and "sample-notice" not in client.get(
        f"/{lang}/networks/wasl/").content.decode()
