"""The server-side SVG world map (members/geo): data file, buckets and markup."""

import json
import re
import xml.etree.ElementTree as ET

import pytest
from django.utils.safestring import SafeString
from django.utils.translation import override
from django_countries import countries

from members.geo import map_buckets, world_data, world_map_svg
from members.geo.map import DATA_FILE

SVG = "{http://www.w3.org/2000/svg}"
PATH_DATA = re.compile(r"^(?:M[-0-9. ]+l[-0-9. ]+z)+$")
NUMBER = re.compile(r"-?(?:\d+(?:\.\d)?|\.\d)")
SIZE_BUDGET = 60_000

SAMPLE = {"IQ": 42, "NG": 7, "NO": 3, "MX": 1, "TJ": 2, "XK": 1, "BH": 2, "LB": 5, "SY": 9}


def render(counts=SAMPLE, **kwargs):
    kwargs.setdefault("title", "Partners by country")
    kwargs.setdefault("description", "Countries where the networks have partners.")
    return world_map_svg(counts, **kwargs)


def parse(svg):
    return ET.fromstring(str(svg))


def path_of(root, code):
    """The path drawn for ``code`` (paths come in sorted code order)."""
    codes = sorted(world_data()["countries"])
    return root.findall(f".//{SVG}path")[codes.index(code)]


def wrapper_of(root, code):
    path = path_of(root, code)
    return next(el for el in root if el is path or path in list(el))


# --- data file ---------------------------------------------------------------------------


def test_data_file_has_the_countries():
    data = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    assert len(data["countries"]) >= 170
    assert {"IQ", "NG", "NO", "MX", "TJ", "XK", "PS", "BH", "CY", "SO"} <= data["countries"].keys()
    assert "AQ" not in data["countries"]  # Antarctica is dropped
    for code in data["countries"]:
        assert code == "XK" or countries.name(code), code
    assert re.fullmatch(r"0 0 1000 \d+", data["viewBox"])


def test_every_path_is_well_formed():
    data = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    for code, d in data["countries"].items():
        assert PATH_DATA.fullmatch(d), code
        for subpath in d.split("M")[1:]:
            start, steps = subpath.removesuffix("z").split("l")
            assert len(NUMBER.findall(start)) == 2, code
            assert "".join(NUMBER.findall(start)) == start.replace(" ", ""), code
            assert len(NUMBER.findall(steps)) % 2 == 0, code
            assert len(NUMBER.findall(steps)) >= 4, code  # at least a triangle


def test_markers_are_inside_the_map():
    data = world_data()
    height = int(data["viewBox"].split()[3])
    assert "BH" in data["markers"] and "MT" in data["markers"]
    assert "IQ" not in data["markers"]
    for code, (x, y) in data["markers"].items():
        assert code in data["countries"]
        assert 0 <= x <= 1000 and 0 <= y <= height


def test_data_is_loaded_once():
    assert world_data() is world_data()


# --- buckets -----------------------------------------------------------------------------


def test_buckets_are_fixed_readable_ranges():
    # Sweden's 7 and Iraq's 153 used to share "7 to 153".
    assert map_buckets({"SE": 7, "IQ": 153, "NO": 1, "NG": 3, "JO": 20}) == [
        ("c0", 0, 0),
        ("c1", 1, 1),
        ("c2", 2, 4),
        ("c3", 5, 9),
        ("c4", 10, 49),
        ("c5", 50, None),
    ]


@pytest.mark.parametrize(
    ("counts", "expected"),
    [
        ({}, [("c0", 0, 0)]),
        ({"IQ": 0, "NG": -1}, [("c0", 0, 0)]),
        ({"IQ": 3, "NG": 3}, [("c0", 0, 0), ("c1", 1, 1), ("c2", 2, 4)]),
        ({"IQ": 9, "ng": 1}, [("c0", 0, 0), ("c1", 1, 1), ("c2", 2, 4), ("c3", 5, 9)]),
    ],
)
def test_buckets_stop_at_the_largest_count(counts, expected):
    assert map_buckets(counts) == expected


def test_sweden_and_iraq_are_shaded_apart():
    root = parse(render(counts={"SE": 7, "IQ": 153}, link=None))
    assert path_of(root, "SE").get("class") == "c3"
    assert path_of(root, "IQ").get("class") == "c5"


# --- markup ------------------------------------------------------------------------------


def test_map_is_an_accessible_svg_image():
    svg = render(link=None)
    assert isinstance(svg, SafeString)
    root = parse(svg)
    assert root.tag == f"{SVG}svg"
    assert root.get("class") == "world-map"
    assert root.get("role") == "img"
    assert root.get("focusable") == "false"
    assert root.get("viewBox") == world_data()["viewBox"]
    assert root.get("width") is None and root.get("height") is None
    # The W3C HTML checker refuses dir on an inline <svg>; direction is allowed.
    assert root.get("dir") is None and root.get("direction") == "ltr"
    title_id, desc_id = root.get("aria-labelledby").split()
    assert root.find(f"{SVG}title").get("id") == title_id
    assert root.find(f"{SVG}title").text == "Partners by country"
    assert root.find(f"{SVG}desc").get("id") == desc_id
    assert root.find(f"{SVG}desc").text == "Countries where the networks have partners."


def test_one_path_per_country_with_its_bucket():
    root = parse(render())
    paths = root.findall(f".//{SVG}path")
    assert len(paths) == len(world_data()["countries"])
    expected = {
        "IQ": "c4",
        "SY": "c3",
        "NG": "c3",
        "LB": "c3",
        "NO": "c2",
        "TJ": "c2",
        "BH": "c2",
        "MX": "c1",
        "XK": "c1",
        "FR": "c0",
        "CN": "c0",
    }
    for code, css_class in expected.items():
        assert path_of(root, code).get("class") == css_class, code
    assert sum(p.get("class") != "c0" for p in paths) == len(SAMPLE)


def test_titles_name_the_country_in_the_active_language():
    with override("en"):
        root = parse(render())
    assert wrapper_of(root, "IQ").find(f"{SVG}title").text == "Iraq: 42"
    assert wrapper_of(root, "XK").find(f"{SVG}title").text == "Kosovo: 1"
    with override("ar"):
        root = parse(render())
    assert wrapper_of(root, "IQ").find(f"{SVG}title").text == "العراق: 42"
    assert wrapper_of(root, "NO").find(f"{SVG}title").text == "النرويج: 3"
    # Countries without partners carry no title.
    assert len(root.findall(f".//{SVG}title")) == 1 + len(SAMPLE)


def test_links_only_for_countries_with_partners():
    root = parse(render(link=lambda code: f"/en/countries/{code.lower()}/?a=1&b='2'"))
    assert root.get("role") == "group"  # links stay reachable by assistive technology
    links = root.findall(f"{SVG}a")
    assert len(links) == len(SAMPLE)
    assert wrapper_of(root, "IQ").get("href") == "/en/countries/iq/?a=1&b='2'"
    assert wrapper_of(root, "FR").tag == f"{SVG}path"
    for link in links:
        assert link.find(f"{SVG}title") is not None
        assert link.find(f"{SVG}path").get("class") != "c0"


def test_without_links_partner_countries_are_groups():
    root = parse(render())
    assert not root.findall(f".//{SVG}a")
    assert wrapper_of(root, "IQ").tag == f"{SVG}g"


def test_small_partner_countries_get_a_marker():
    root = parse(render())
    bahrain = wrapper_of(root, "BH").find(f"{SVG}circle")
    assert bahrain is not None and "c2" in bahrain.get("class").split()
    assert wrapper_of(root, "IQ").find(f"{SVG}circle") is None
    assert len(root.findall(f".//{SVG}circle")) == sum(
        code in world_data()["markers"] for code in SAMPLE
    )


def test_inserted_text_is_escaped():
    evil = "</title><script>alert('x')</script> & \"quotes\""
    svg = render(
        title=evil,
        description=f"<desc>{evil}",
        link=lambda code: f'/{code}/"><script>alert("{code}")</script>',
        id_prefix='x"><script>',
    )
    assert "<script" not in svg
    root = parse(svg)
    assert root.find(f"{SVG}title").text == evil
    assert root.find(f"{SVG}desc").text == f"<desc>{evil}"
    assert not root.findall(f".//{SVG}script")
    assert root.find(f"{SVG}a").get("href").startswith('/BH/"><script>')


def test_names_with_ampersands_are_escaped(monkeypatch):
    monkeypatch.setattr("members.geo.map.country_name", lambda code: "Trinidad & <Tobago>")
    root = parse(render({"TT": 1}))
    assert wrapper_of(root, "TT").find(f"{SVG}title").text == "Trinidad & <Tobago>: 1"


def test_output_is_deterministic_and_ignores_unknown_codes():
    shuffled = dict(reversed(list(SAMPLE.items())))
    assert render(SAMPLE) == render(shuffled) == render({**SAMPLE, "ZZ": 0, "iq": 42})
    root = parse(render({"ZZ": 5}))  # not on the map: nothing to colour
    assert {p.get("class") for p in root.iter(f"{SVG}path")} == {"c0"}


def test_two_maps_on_a_page_can_have_distinct_ids():
    root = parse(render(id_prefix="members-map"))
    assert root.get("aria-labelledby") == "members-map-title members-map-desc"


@pytest.mark.parametrize("language", ["ar", "en"])
def test_markup_stays_under_the_size_budget(language):
    # A busy map: 80 countries with partners, all linked, names in Arabic or English.
    codes = sorted(world_data()["countries"])[::3][:80]
    counts = {code: i % 30 + 1 for i, code in enumerate(codes)}
    with override(language):
        svg = render(counts, link=lambda code: f"/{language}/countries/{code.lower()}/")
    assert len(svg.encode()) < SIZE_BUDGET
    assert len(render({}).encode()) < 46_000
