"""Fuzzing every query parameter of every public page and API endpoint (hypothesis).

Generated values — arbitrary Unicode, bidi marks, NUL and control characters, huge and
negative numbers, floats, SQL and HTML fragments, very long strings, invalid percent
escapes — go to each page's own parameters (and a few it does not know), names repeated
(``?country=IQ&country=EG``), in both languages, with generated path slugs. No answer may
be a server error (400, 404 and 422 are the expected answers to nonsense) and no body may
show a traceback. The number of requests made is printed at the end of the run.

The examples are derandomised, so a run is reproducible; the budget is the number of
examples of each target in ``TARGETS`` (one request per example).
"""

from collections import Counter
from urllib.parse import quote

import pytest
from django.test import Client
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from members.filters import OrganisationFilter
from publications.filters import PublicationFilter
from tests.factories import (
    ConsentFactory,
    KeyAreaFactory,
    OrganisationFactory,
    PublicationFactory,
    PublicationFileFactory,
    PublicPersonFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

LANGS = ("ar", "en")

#: Each list's filters, as its FilterSet declares them, and the page number.
ORGANISATION_PARAMS = (*OrganisationFilter.base_filters, "page")
PUBLICATION_PARAMS = (*PublicationFilter.base_filters, "page")
API_LIST = ("lang", "limit", "offset")

#: Values a filter accepts, so that nonsense is also tried next to valid filters.
VALID_VALUES = ("wasl", "icssi", "IQ", "EG", "iq", "IQ-BG", "IQ-BA", "mena", "ngo", "yes",
                "name", "country", "newest", "relevance", "title", "2016", "ar", "en", "1",
                "2", "20", "100", "policy-brief", "fuzz-organisation", "fuzz-publication")

FRAGMENTS = (
    "", " ", "  \t ", "' OR 1=1 --", "\" OR \"\"=\"", "1; DROP TABLE members_organisation;",
    "%", "%%", "_", "\\", "\\%", "[a-z]", "(^|,)", ".*", "*", "?", "|", "^$", "'", "\"",
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "</textarea><b>", "{{ x }}",
    "{% debug %}", "${7*7}", "&amp;", "\u200f", "\u200e", "\u202e", "\u2066", "\u061c",
    "\u200fIQ", "IQ\u200e", "\u0627\u0644\u0639\u0631\u0627\u0642", "\ufeff", "\x00",
    "a\x00b", "\x01\x1f\x7f", "\r\n", "\u2028", "NaN", "nan", "inf", "-inf", "Infinity",
    "1e309", "-0", "0", "-1", "00", "0x10", "1_000", "١٢", "２０１６", "9" * 40,
    "-" + "9" * 40, "2147483648", "9223372036854775808", "-9223372036854775809", "1.5",
    "2016.0", "true", "null", "None", "[]", "{}", "../../etc/passwd", "%00", "%ZZ",
    "\U0001f600", "\U0010ffff", "\ud7ff", "ﷺ", "ـــ", "ا" * 300, "x" * 5000,
)

# Surrogates cannot be encoded in a URL; every other code point can.
unicode_text = st.text(st.characters(exclude_categories=("Cs",)), max_size=60)

values = st.one_of(
    st.sampled_from(FRAGMENTS),
    st.sampled_from(VALID_VALUES),
    unicode_text,
    st.integers(min_value=-(10 ** 40), max_value=10 ** 40).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.lists(st.sampled_from(FRAGMENTS + VALID_VALUES), min_size=2, max_size=4).map("".join),
    st.builds(lambda text, n: text * n, unicode_text.filter(bool), st.integers(50, 400)),
)

slugs = st.one_of(
    st.from_regex(r"[-a-zA-Z0-9_]{1,80}", fullmatch=True),
    st.sampled_from(VALID_VALUES[:6] + ("fuzz-organisation", "fuzz-publication",
                                        "fuzz-person", "-", "_", "0", "9" * 40)),
    unicode_text.filter(bool),
    st.sampled_from(FRAGMENTS).filter(bool),
)


def quoted(text):
    """``text`` as one path segment: everything escaped, ``/`` included."""
    return quote(text, safe="")


def _pairs(names):
    """A query as a list of (name, value): the page's own names (some repeated), now and
    then a name it does not know."""
    name = st.one_of(st.sampled_from(names), st.sampled_from(("lang", "format", "page")),
                     unicode_text)
    return st.lists(st.tuples(name, values), max_size=6)


def _query(pairs, raw_tail):
    parts = [f"{quote(name, safe='')}={quote(value, safe='')}" for name, value in pairs]
    if raw_tail:
        parts.append(raw_tail)
    return "&".join(parts)


#: Raw pieces added unencoded at the end of a query string: broken escapes, bare names,
#: invalid UTF-8.
raw_tails = st.sampled_from(("", "", "", "%", "q=%ZZ", "country", "=", "&&", "q=%C3%28",
                             "page=%FF%FE", "q=%00", "q=a+b%2Bc", ";", "sort=name;sort=x"))


class Requests:
    """Sends the requests, checks each answer and counts them."""

    count = 0
    statuses = Counter()

    def __init__(self):
        self.client = Client()

    def get(self, path, query="", accept_language=None):
        headers = {"HTTP_ACCEPT_LANGUAGE": accept_language} if accept_language else {}
        response = self.client.get(path, QUERY_STRING=query, **headers)
        Requests.count += 1
        Requests.statuses[response.status_code] += 1
        where = f"GET {path}?{query}"
        assert response.status_code < 500, f"{response.status_code} for {where}"
        body = b"".join(response) if response.streaming else response.content
        assert b"Traceback" not in body, f"traceback in the answer to {where}"
        return response


#: (path, parameter names, examples) of every public page and API endpoint. In a path,
#: ``{pl}`` is the page's language prefix (ar, en, or a wrong one), ``{slug}`` a generated
#: slug, ``{format}`` a download format and ``{lang}`` a file's language.
TARGETS = [
    ("/{pl}/", ("q", "page"), 10),
    ("/{pl}/networks/{slug}/", ("lang",), 20),
    ("/{pl}/search/", ("q",), 40),
    ("/{pl}/members/", ORGANISATION_PARAMS, 40),
    ("/{pl}/members/download.{format}", ORGANISATION_PARAMS, 30),
    ("/{pl}/members/{slug}/", ("page",), 20),
    ("/{pl}/members/{slug}/message/", (), 15),
    ("/{pl}/messages/confirm/{slug}/", (), 15),
    ("/{pl}/messages/written/", (), 5),
    ("/{pl}/messages/sent/", (), 5),
    ("/{pl}/countries/", ("page", "sort"), 10),
    ("/{pl}/countries/{slug}/", ("page", "governorate", "sort"), 30),
    ("/{pl}/people/", ("network", "country", "page"), 30),
    ("/{pl}/people/{slug}/", ("page",), 20),
    ("/{pl}/people/{slug}/message/", (), 15),
    ("/{pl}/publications/", PUBLICATION_PARAMS, 40),
    ("/{pl}/publications/download.{format}", PUBLICATION_PARAMS, 30),
    ("/{pl}/publications/feed/", PUBLICATION_PARAMS + ("page", "lang"), 30),
    ("/{pl}/members/feed.atom", ORGANISATION_PARAMS, 30),
    ("/{pl}/follow/members/", ORGANISATION_PARAMS, 20),
    ("/{pl}/follow/publications/", PUBLICATION_PARAMS, 20),
    ("/{pl}/follow/confirm/{slug}/", (), 10),
    ("/{pl}/follow/unsubscribe/{slug}/", (), 10),
    ("/{pl}/follow/manage/{slug}/", (), 10),
    ("/{pl}/publications/{slug}/", ("page",), 20),
    ("/{pl}/publications/{slug}/cite.ris", (), 15),
    ("/{pl}/publications/{slug}/cite.bib", (), 15),
    ("/{pl}/publications/{slug}/{lang}.pdf", (), 15),
    ("/{pl}/publications/{slug}/{lang}-cover.webp", (), 15),
    ("/api/v1/docs", (), 5),
    ("/api/v1/openapi.json", (), 5),
    ("/api/v1/networks", API_LIST, 20),
    ("/api/v1/networks/{slug}", ("lang",), 20),
    ("/api/v1/tracks", API_LIST, 20),
    ("/api/v1/organisations", API_LIST + ORGANISATION_PARAMS, 40),
    ("/api/v1/organisations/{slug}", ("lang",), 30),
    ("/api/v1/countries", API_LIST, 20),
    ("/api/v1/publications", API_LIST + PUBLICATION_PARAMS, 40),
    ("/api/v1/publications/{slug}", ("lang",), 30),
    ("/sitemap.xml", ("page", "section"), 10),
    ("/robots.txt", (), 5),
]


formats = st.one_of(st.sampled_from(("csv", "json", "csv", "json", "CSV", "xml", "csv.json",
                                     "")), unicode_text)
accept_languages = st.one_of(st.none(), st.sampled_from(("ar", "en", "en-GB,en;q=0.5",
                                                         "*", "xx", "ar;q=abc", "-")),
                             unicode_text.map(lambda t: t.encode("utf-8").decode("latin-1")))


@pytest.fixture
def content(networks):
    """The real networks with a few organisations, people and publications."""
    wasl, icssi = networks["wasl"], networks["icssi"]
    track = wasl.tracks.first() or icssi.tracks.first()
    organisation = OrganisationFactory(slug="fuzz-organisation", networks=[wasl],
                                       email="fuzz@example.org",
                                       tracks=[track] if track else [], governorate="IQ-BA",
                                       women_led=True, founded_year=2004)
    OrganisationFactory(networks=[icssi], country="EG")
    OrganisationFactory(networks=[wasl, icssi], country="KE", kind="network")
    OrganisationFactory(status="draft")
    ConsentFactory(person=PublicPersonFactory(slug="fuzz-person", networks=[wasl],
                                              organisation=organisation), show_messages=True)
    publication = PublicationFactory(slug="fuzz-publication", networks=[wasl],
                                     tracks=[track] if track else [], countries=["IQ"],
                                     authors=[organisation])
    KeyAreaFactory(publication=publication)
    PublicationFileFactory(publication=publication, language="ar")
    PublicationFactory(networks=[icssi], regions="mena", published_on=None)
    PublicationFactory(status="draft")
    return networks


@pytest.fixture(scope="module")
def request_count(pytestconfig):
    """Prints the number of requests made, now (visible with ``-s``) and in the terminal
    summary."""
    start = Requests.count
    Requests.statuses.clear()

    def report():
        statuses = ", ".join(f"{status}: {n}" for status, n in sorted(Requests.statuses.items()))
        return f"test_fuzz: {Requests.count - start} requests made ({statuses})"

    class Summary:
        @staticmethod
        def pytest_terminal_summary(terminalreporter):
            terminalreporter.write_sep("-", "fuzz")
            terminalreporter.write_line(report())

    summary = Summary()
    yield
    print(f"\n{report()}")
    if hasattr(pytestconfig, "workeroutput"):
        # A pytest-xdist worker: tests/conftest.py prints it in the controller's summary.
        pytestconfig.workeroutput["fuzz"] = report()
        return
    if not pytestconfig.pluginmanager.is_registered(summary):
        pytestconfig.pluginmanager.register(summary, "fuzz-request-count")


#: Values every target gets in every parameter and as its slug (hypothesis' explicit
#: examples), before the generated ones.
BATTERY = ("a\x00b", "' OR 1=1 --", "%_%", "<script>alert(1)</script>", "\u200fIQ\u200e",
           "9" * 40, "-" + "9" * 40, "1e309", "ا" * 300, "\x01\u202e\r\n")


def fuzz_target(requests, template, names, examples):
    """Sends the battery, then ``examples`` generated requests, to ``template`` (its
    placeholders filled in with generated values, its query made of ``names``)."""

    def fuzz(pairs, tail, slug, format, lang, accept_language, page_lang):
        path = (template.replace("{pl}", page_lang).replace("{slug}", quoted(slug))
                .replace("{format}", quoted(format)).replace("{lang}", lang))
        requests.get(path, _query(pairs, tail), accept_language)

    test = given(pairs=_pairs(names or ("q",)), tail=raw_tails, slug=slugs, format=formats,
                 lang=st.sampled_from(LANGS + ("fr", "xx")), accept_language=accept_languages,
                 page_lang=st.sampled_from(LANGS + LANGS + ("fr",)))(fuzz)
    for index, value in enumerate(BATTERY):
        # Every parameter once, the first one twice (a repeated parameter).
        pairs = [(name, value) for name in names] + [(names[0], value)] if names else []
        test = example(pairs=pairs, tail="", slug=value, format=("csv", "json")[index % 2],
                       lang=LANGS[index % 2], accept_language=None,
                       page_lang=LANGS[index % 2])(test)
    settings(max_examples=examples, deadline=None, derandomize=True, database=None,
             suppress_health_check=list(HealthCheck))(test)()


def test_no_query_or_slug_makes_a_server_error(content, request_count):
    """Every target in turn, all of them even when one fails; the failures are listed
    together, each with hypothesis' smallest failing request."""
    requests = Requests()
    failures = []
    for template, names, examples in TARGETS:
        try:
            fuzz_target(requests, template, names, examples)
        except Exception as error:  # noqa: BLE001 - reported below, with every other one
            failures.append(f"{template}: {error!r}")
    assert not failures, "\n".join(failures)
