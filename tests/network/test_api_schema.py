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
