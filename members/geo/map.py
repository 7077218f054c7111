"""Inline SVG world map of partner organisations per country, drawn on the server.

The outlines come from ``world.json`` (built by ``build_world_map.py``, Natural Earth data
via the npm package world-atlas); nothing is loaded from another host and no JavaScript is
involved. Colours live in the stylesheet (classes ``c0`` to ``c5``), so the markup is the
same for every theme.

Colour buckets (:func:`map_buckets`): ``c0`` is "no partners"; then fixed ranges that
read naturally and keep small and large presences apart: 1, 2–4, 5–9, 10–49, 50 or more
(``c1`` to ``c5``). The legend lists the ranges up to the one holding the largest count.
The result depends on the counts only, so the markup can be cached by them.
"""

import functools
import json
from pathlib import Path

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_countries import countries

DATA_FILE = Path(__file__).with_name("world.json")

#: ``(css class, low, high)`` of the positive buckets; ``None``: no upper bound.
BUCKETS = (("c1", 1, 1), ("c2", 2, 4), ("c3", 5, 9), ("c4", 10, 49), ("c5", 50, None))

#: Codes on the map that django-countries does not name unless configured to.
_EXTRA_NAMES = {"XK": _("Kosovo")}

#: Radius (map units) of the dot drawn over partner countries too small to see or click.
MARKER_RADIUS = 3.5


@functools.cache
def world_data():
    """The map data, loaded once per process: viewBox, path per code, marker points."""
    data = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    return {
        "viewBox": escape(data["viewBox"]),
        "countries": {code: escape(d) for code, d in sorted(data["countries"].items())},
        "markers": {code: (float(x), float(y)) for code, (x, y) in data["markers"].items()},
    }


def country_name(code):
    """The country's name in the active language."""
    return countries.name(code) or str(_EXTRA_NAMES.get(code, code))


def _positive(counts):
    return {str(code).upper(): int(n) for code, n in counts.items() if n and int(n) > 0}


def map_buckets(counts):
    """``[(css class, min, max), ...]`` for the legend, ``("c0", 0, 0)`` first.

    ``min`` and ``max`` are inclusive; the same pair means a single value and ``max`` is
    ``None`` for the open top range. Ranges above the largest count are left out.
    """
    largest = max(_positive(counts).values(), default=0)
    return [("c0", 0, 0)] + [bucket for bucket in BUCKETS if bucket[1] <= largest]


def _bucket_class(count, buckets):
    for css_class, low, high in buckets:
        if low <= count and (high is None or count <= high):
            return css_class
    return buckets[-1][0]


def world_map_svg(counts, *, title, description, link=None, id_prefix="world-map") -> SafeString:
    """The map as an inline ``<svg>``, countries coloured by their number of partners.

    ``counts`` maps ISO 3166-1 alpha-2 codes to numbers of partners (absent or 0: none;
    codes not on the map are ignored). ``title`` and ``description`` are plain text,
    already translated; they label the image. ``link``, if given, is called with a code
    and returns the URL of that country's page: countries with partners become SVG links
    (no JavaScript). ``id_prefix`` keeps the ids unique if a page shows two maps.

    Every country is one ``<path>`` whose class is its bucket (see :func:`map_buckets`).
    A country with partners is wrapped in ``<a href>`` (with ``link``) or ``<g>``, whose
    ``<title>`` (tooltip and accessible name) reads e.g. "Iraq: 42" in the active
    language; countries too small to see also get a ``<circle class="... marker">``.
    """
    data = world_data()
    partners = _positive(counts)
    buckets = map_buckets(partners)
    prefix = escape(id_prefix)
    title_id, desc_id = f"{prefix}-title", f"{prefix}-desc"

    shapes = []
    has_links = False
    for code, d in data["countries"].items():
        count = partners.get(code, 0)
        css_class = _bucket_class(count, buckets)
        path = f'<path class="{css_class}" d="{d}"/>'
        if not count:
            shapes.append(path)
            continue
        # Translators: tooltip of a country on the partners map, e.g. "Iraq: 42".
        label = gettext("%(country)s: %(count)s") % {
            "country": country_name(code),
            "count": count,
        }
        inner = f"<title>{escape(label)}</title>{path}"
        if code in data["markers"]:
            x, y = data["markers"][code]
            inner += (
                f'<circle class="{css_class} marker" cx="{x:g}" cy="{y:g}" r="{MARKER_RADIUS:g}"/>'
            )
        href = link(code) if link else None
        if href:
            has_links = True
            shapes.append(f'<a href="{escape(href)}">{inner}</a>')
        else:
            shapes.append(f"<g>{inner}</g>")

    # role="img" makes the children presentational, which would hide the links from
    # assistive technology; a labelled group keeps them reachable.
    role = "group" if has_links else "img"
    root = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="world-map" viewBox="{data["viewBox"]}"'
        f' role="{role}" aria-labelledby="{title_id} {desc_id}" focusable="false"'
        # Not dir: the W3C checker allows it on no SVG element; the presentation
        # attribute keeps the map's text left to right inside an Arabic page.
        f' direction="ltr">'
        f'<title id="{title_id}">{escape(title)}</title>'
        f'<desc id="{desc_id}">{escape(description)}</desc>'
    )
    # Every value inserted above is escaped (the paths when the data is loaded).
    return mark_safe(root + "".join(shapes) + "</svg>")
