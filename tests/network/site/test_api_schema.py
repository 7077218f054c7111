"""Property-based tests of the open-data API against its own OpenAPI schema (schemathesis)."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode, checks

from tests.factories import (
    KeyAreaFactory,
    OrganisationFactory,
    PublicationFactory,
    PublicationFileFactory,
)

pytestmark = pytest.mark.slow

CHECKS = [checks.not_a_server_error, checks.response_schema_conformance]
# The WSGI transport does not undo the GZip middleware, as an HTTP client would.
PLAIN = {"Accept-Encoding": "identity"}


@pytest.fixture
def api_schema(networks, settings):
    """The schema served by the app, over WSGI, with a few records so lists are not
    empty: organisations public and not, publications published and draft."""
    settings.ALLOWED_HOSTS = ["*"]
    wasl, icssi = networks["wasl"], networks["icssi"]
    track = wasl.tracks.first() or icssi.tracks.first()
    OrganisationFactory(slug="api-organisation", networks=[wasl],
                        tracks=[track] if track else [],
                        email="open@example.org", email_visibility="public",
                        founded_year=2004, governorate="IQ-BA", women_led=True)
    OrganisationFactory(networks=[icssi], country="KE")
    OrganisationFactory(status="draft")
    publication = PublicationFactory(slug="api-publication", networks=[wasl],
                                     countries=["IQ"])
    KeyAreaFactory(publication=publication)
    PublicationFileFactory(publication=publication, language="ar")
    PublicationFileFactory(publication=publication, language="en")
    PublicationFactory(status="draft")
    from network.wsgi import application

    # As Django's test client does: the requests run inside the test's transaction, so
    # the end of a request must not close the database connection.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


PATHS = ["/api/v1/networks", "/api/v1/networks/{slug}", "/api/v1/tracks",
         "/api/v1/organisations", "/api/v1/organisations/{slug}", "/api/v1/countries",
         "/api/v1/publications", "/api/v1/publications/{slug}"]


def test_every_operation_is_tested(api_schema):
    assert sorted(api_schema.raw_schema["paths"]) == sorted(PATHS)


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
@pytest.mark.parametrize("path", PATHS)
def test_operation_conforms_to_its_schema(api_schema, path, mode):
    operation = api_schema[path]["GET"]

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(max_examples=25, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    def run(case):
        case.call_and_validate(checks=CHECKS, headers=PLAIN)

    run()


@pytest.mark.parametrize("path, slug", [("/api/v1/networks/{slug}", "icssi"),
                                        ("/api/v1/organisations/{slug}", "api-organisation"),
                                        ("/api/v1/publications/{slug}", "api-publication")])
def test_existing_record_conforms_to_its_schema(api_schema, path, slug):
    operation = api_schema[path]["GET"]

    @given(case=operation.as_strategy(path_parameters={"slug": slug}))
    @settings(max_examples=10, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    def run(case):
        response = case.call_and_validate(checks=CHECKS, headers=PLAIN)
        assert response.status_code in (200, 422)

    run()


@pytest.mark.parametrize("path", ["/api/v1/organisations", "/api/v1/publications"])
def test_every_request_the_list_schemas_allow_is_accepted(api_schema, path):
    """The filters' parameters carry their allowed values (enums, bounds, lengths)
    derived from the FilterSets: a request within them is never refused."""
    operation = api_schema[path]["GET"]

    @given(case=operation.as_strategy(generation_mode=GenerationMode.POSITIVE))
    @settings(max_examples=60, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    def run(case):
        response = case.call_and_validate(checks=CHECKS, headers=PLAIN)
        assert response.status_code == 200, (case.query, response.content[:300])

    run()


def test_list_parameters_derive_from_the_filtersets(client, networks):
    from members.filters import OrganisationFilter
    from network.models import Track
    from publications.filters import PublicationFilter

    schema = client.get("/api/v1/openapi.json").json()

    def parameters(path):
        return {p["name"]: p["schema"] for p in schema["paths"][path]["get"]["parameters"]}

    organisations = parameters("/api/v1/organisations")
    publications = parameters("/api/v1/publications")
    for filterset, found in ((OrganisationFilter, organisations),
                             (PublicationFilter, publications)):
        assert set(filterset.base_filters) - {"sort"} <= set(found)
        assert "sort" not in found
    assert organisations["network"]["enum"] == ["icssi", "wasl"]
    assert organisations["track"]["enum"] == sorted(Track.objects.values_list("slug",
                                                                              flat=True))
    assert organisations["kind"]["enum"] == [value for value, _label in
                                             OrganisationFilter.base_filters["kind"]
                                             .extra["choices"]]
    assert organisations["women_led"]["enum"] == ["yes"]
    assert {"IQ", "SY", "KE"} <= set(organisations["country"]["enum"])
    assert organisations["q"]["maxLength"] == 200
    year = publications["year"]
    assert (year["type"], year["minimum"], year["maximum"]) == ("integer", 1900, 2100)
    assert publications["language"]["enum"] == ["ar", "en"]
