"""Build ``members/geo/world.json``, the country outlines of the partners' world map.

Run once, by hand, when the map should change; the output is committed and nothing is
fetched at run time::

    cd /tmp && npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    cd /work/main && .venv/bin/python members/geo/build_world_map.py \\
        /tmp/package/countries-50m.json

Source: the npm package ``world-atlas`` 2.0.2 (https://github.com/topojson/world-atlas),
ISC licence, Copyright 2013-2019 Michael Bostock. Its TopoJSON is built from Natural Earth
1:50m Admin 0 countries (v4.1), which are public domain: no attribution is required on
the page. Only this script reads the package; ``node_modules`` is not part of the project.

What the script does:

* keys the features by ISO 3166-1 alpha-2, mapping the numeric ``id`` with django-countries;
  features without an id: Kosovo becomes ``XK``, N. Cyprus is merged into ``CY`` and
  Somaliland into ``SO`` (the shared borders are removed, so each is one outline), the
  Siachen Glacier and the grouped "Indian Ocean Ter." (Christmas and Cocos islands) are
  dropped; Antarctica is dropped; two features with the same code (Australia and its
  Ashmore and Cartier Islands) are merged;
* cuts the three rings that cross the antimeridian (Russia's Chukotka and Wrangel Island,
  a Fijian island) into one ring on each side;
* projects longitude/latitude with Equal Earth (Šavrič, Patterson & Jenny 2018, an
  equal-area pseudo-cylindrical projection) centred on Greenwich, scaled so the map is
  ``WIDTH`` units wide, y pointing down;
* simplifies each TopoJSON arc on its own (Douglas-Peucker, ``TOLERANCE`` map units), so
  neighbours keep exactly the same border and no gaps or slivers appear, then rounds to
  0.1 unit;
* drops islands smaller than ``MIN_RING_AREA`` square units, but always keeps each
  country's largest ring (unsimplified if simplification would flatten it), so tiny
  island states stay on the map;
* records a ``markers`` point (centre of the largest ring) for countries whose largest
  ring is smaller than ``MARKER_SIZE`` units, so the map can draw a dot over them when
  they have partners;
* writes paths as one absolute ``M`` per ring followed by relative ``l`` steps and ``z``.

Output: ``{"viewBox": "0 0 W H", "countries": {"IQ": "M...z", ...}, "markers":
{"BH": [x, y], ...}}``.
"""

import argparse
import gzip
import json
import math
from itertools import pairwise
from pathlib import Path

WIDTH = 1000  # map units across
PADDING = 2  # map units around the outlines
TOLERANCE = 1.0  # Douglas-Peucker tolerance, map units
MIN_RING_AREA = 2.0  # square map units; smaller islands are dropped (largest ring kept)
MARKER_SIZE = 3.5  # map units; countries whose largest ring is smaller get a marker point

ANTARCTICA = "010"
#: Features without an ISO numeric id: name -> alpha-2 to merge into, or None to drop.
UNNUMBERED = {
    "Kosovo": "XK",
    "N. Cyprus": "CY",
    "Somaliland": "SO",
    "Siachen Glacier": None,
    "Indian Ocean Ter.": None,
}

OUTPUT = Path(__file__).with_name("world.json")


# --- projection -------------------------------------------------------------------------

_A1, _A2, _A3, _A4 = 1.340264, -0.081106, 0.000893, 0.003796
_M = math.sqrt(3) / 2


def equal_earth(lon, lat):
    """Equal Earth projection of degrees, in radians of the unit sphere, y pointing up."""
    lam, phi = math.radians(lon), math.radians(lat)
    theta = math.asin(_M * math.sin(phi))
    t2 = theta * theta
    t6 = t2 * t2 * t2
    x = lam * math.cos(theta) / (_M * (_A1 + 3 * _A2 * t2 + t6 * (7 * _A3 + 9 * _A4 * t2)))
    y = theta * (_A1 + _A2 * t2 + t6 * (_A3 + _A4 * t2))
    return x, y


# --- TopoJSON ---------------------------------------------------------------------------


def decode_arcs(topology):
    """Absolute longitude/latitude points of every arc."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def polygons_of(geometry):
    if geometry["type"] == "Polygon":
        return [geometry["arcs"]]
    if geometry["type"] == "MultiPolygon":
        return geometry["arcs"]
    return []


def arc_ends(arcs, index):
    points = arcs[index] if index >= 0 else arcs[~index][::-1]
    return points[0], points[-1]


def merge_rings(arcs, rings):
    """Union of rings that touch: cancel the arcs used both ways, re-link what is left."""
    used = {index for ring in rings for index in ring}
    remaining = [index for ring in rings for index in ring if ~index not in used]
    merged = []
    while remaining:
        ring = [remaining.pop(0)]
        start = arc_ends(arcs, ring[0])[0]
        end = arc_ends(arcs, ring[0])[1]
        while end != start:
            following = next(i for i in remaining if arc_ends(arcs, i)[0] == end)
            remaining.remove(following)
            ring.append(following)
            end = arc_ends(arcs, following)[1]
        merged.append(ring)
    return merged


def crossings(points):
    return sum(abs(q[0] - p[0]) > 180 for p, q in pairwise(points))


def cut_at_antimeridian(arcs, ring):
    """Split a ring that crosses the antimeridian twice into one ring on each side.

    The crossing arcs are cut where they meet longitude ±180 and each side is closed
    along that meridian; the pieces are appended to ``arcs`` as new arcs, while the other
    arcs of the ring (borders shared with neighbours) are kept as they are.
    """
    pieces, current = [], []
    for index in ring:
        points = arcs[index] if index >= 0 else arcs[~index][::-1]
        if not crossings(points):
            current.append(index)
            continue
        segment = [points[0]]
        for p, q in pairwise(points):
            if abs(q[0] - p[0]) > 180:
                side = math.copysign(180, p[0])
                qx = q[0] + 2 * side
                share = (side - p[0]) / (qx - p[0]) if qx != p[0] else 0
                lat = p[1] + (q[1] - p[1]) * share
                segment.append((side, lat))
                arcs.append(segment)
                current.append(len(arcs) - 1)
                pieces.append(current)
                current, segment = [], [(-side, lat)]
            segment.append(q)
        arcs.append(segment)
        current.append(len(arcs) - 1)
    assert len(pieces) == 2, "only rings crossing the antimeridian twice are handled"
    pieces[0] = current + pieces[0]
    rings = []
    for piece in pieces:
        start, end = arc_ends(arcs, piece[0])[0], arc_ends(arcs, piece[-1])[1]
        steps = max(2, math.ceil(abs(start[1] - end[1])))
        arcs.append([(end[0], end[1] + (start[1] - end[1]) * k / steps) for k in range(steps + 1)])
        rings.append([*piece, len(arcs) - 1])
    return rings


def country_rings(topology, arcs):
    """Alpha-2 code -> list of rings (lists of arc indices), after merging and dropping."""
    from django_countries import countries

    rings = {}
    sources = {}
    for geometry in topology["objects"]["countries"]["geometries"]:
        numeric, name = geometry.get("id"), geometry["properties"]["name"]
        if numeric == ANTARCTICA:
            continue
        code = countries.alpha2(int(numeric)) if numeric else UNNUMBERED[name]
        if not code:
            print(f"dropped: {name} ({numeric or 'no id'})")
            continue
        if not numeric:
            print(f"{name}: {code}")
        sources.setdefault(code, []).append(name)
        rings.setdefault(code, []).extend(r for polygon in polygons_of(geometry) for r in polygon)
    for code, names in sources.items():
        if len(names) > 1:
            print(f"merged into {code}: {', '.join(names)}")
            rings[code] = merge_rings(arcs, rings[code])
    for code, country in rings.items():
        crossing = [r for r in country if any(crossings(arcs[i if i >= 0 else ~i]) for i in r)]
        for ring in crossing:
            print(f"cut at the antimeridian: a ring of {code}")
            country.remove(ring)
            country.extend(cut_at_antimeridian(arcs, ring))
    return rings


# --- geometry ---------------------------------------------------------------------------


def simplify(points, tolerance):
    """Douglas-Peucker, keeping both ends (a closed arc is split at its farthest point)."""
    if len(points) < 3:
        return list(points)
    if points[0] == points[-1]:
        x0, y0 = points[0]
        far = max(range(1, len(points) - 1), key=lambda i: math.dist(points[i], (x0, y0)))
        return simplify(points[: far + 1], tolerance)[:-1] + simplify(points[far:], tolerance)
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (ax, ay), (bx, by) = points[first], points[last]
        length = math.hypot(bx - ax, by - ay)
        best, best_distance = None, tolerance
        for i in range(first + 1, last):
            px, py = points[i]
            if length:
                distance = abs((bx - ax) * (ay - py) - (ax - px) * (by - ay)) / length
            else:
                distance = math.hypot(px - ax, py - ay)
            if distance > best_distance:
                best, best_distance = i, distance
        if best is not None:
            keep[best] = True
            stack += [(first, best), (best, last)]
    return [p for p, k in zip(points, keep, strict=True) if k]


def ring_points(arc_points, ring):
    """Rounded points (integers, tenths of a unit) of a ring, without repeats."""
    points = []
    for index in ring:
        part = arc_points[index] if index >= 0 else arc_points[~index][::-1]
        points.extend(part[1:] if points else part)
    rounded = []
    for x, y in points:
        p = (round(x * 10), round(y * 10))
        if not rounded or rounded[-1] != p:
            rounded.append(p)
    if len(rounded) > 1 and rounded[0] == rounded[-1]:
        rounded.pop()
    return rounded


def area(points):
    """Signed area in square units (tenths → units)."""
    twice = sum(
        x0 * y1 - x1 * y0
        for (x0, y0), (x1, y1) in zip(points, points[1:] + points[:1], strict=True)
    )
    return twice / 200


def number(tenths):
    sign = "-" if tenths < 0 else ""
    whole, tenth = divmod(abs(tenths), 10)
    if not tenth:
        return f"{sign}{whole}"
    return f"{sign}{whole or ''}.{tenth}"


def join_numbers(numbers):
    """SVG number list with the fewest separators: none before '-' or after a '.x'."""
    out = []
    for text in numbers:
        if out and not text.startswith("-") and not (text.startswith(".") and "." in out[-1]):
            out.append(" ")
        out.append(text)
    return "".join(out)


def path_data(rings):
    parts = []
    for points in rings:
        if len(points) < 3:
            # Smaller than the rounding (Vatican, Monaco): a diamond 0.6 unit wide.
            (x, y) = points[0]
            points = [(x, y - 3), (x + 3, y), (x, y + 3), (x - 3, y)]
        (x, y), rest = points[0], points[1:]
        steps = []
        for px, py in rest:
            steps += [number(px - x), number(py - y)]
            x, y = px, py
        parts.append(f"M{join_numbers([number(points[0][0]), number(points[0][1])])}")
        parts.append(f"l{join_numbers(steps)}z")
    return "".join(parts)


# --- build ------------------------------------------------------------------------------


def build(source):
    topology = json.loads(Path(source).read_text(encoding="utf-8"))
    arcs = decode_arcs(topology)
    rings = country_rings(topology, arcs)

    used = sorted({i if i >= 0 else ~i for country in rings.values() for r in country for i in r})
    projected = {i: [equal_earth(lon, lat) for lon, lat in arcs[i]] for i in used}
    xs = [x for i in used for x, _ in projected[i]]
    ys = [y for i in used for _, y in projected[i]]
    scale = (WIDTH - 2 * PADDING) / (max(xs) - min(xs))
    left, top = min(xs), max(ys)
    height = math.ceil((top - min(ys)) * scale + 2 * PADDING)
    for i in used:
        projected[i] = [
            ((x - left) * scale + PADDING, (top - y) * scale + PADDING) for x, y in projected[i]
        ]
    simplified = {i: simplify(points, TOLERANCE) for i, points in projected.items()}

    paths, markers = {}, {}
    for code in sorted(rings):
        outlines = [ring_points(simplified, r) for r in rings[code]]
        largest = max(range(len(outlines)), key=lambda k: abs(area(outlines[k])))
        if len(outlines[largest]) < 3 or abs(area(outlines[largest])) < MIN_RING_AREA:
            # A tiny island state: keep its biggest island with every point it has.
            originals = [ring_points(projected, r) for r in rings[code]]
            largest = max(range(len(originals)), key=lambda k: abs(area(originals[k])))
            outlines[largest] = originals[largest]
        exterior = math.copysign(1, area(outlines[largest]))
        kept = [
            points
            for k, points in enumerate(outlines)
            if k == largest
            or (
                len(points) >= 3
                and (abs(area(points)) >= MIN_RING_AREA or area(points) * exterior < 0)
            )
        ]
        paths[code] = path_data(kept)
        main = outlines[largest]
        xs, ys = [x for x, _ in main], [y for _, y in main]
        if max(max(xs) - min(xs), max(ys) - min(ys)) < MARKER_SIZE * 10:
            markers[code] = [
                round((max(xs) + min(xs)) / 20, 1),
                round((max(ys) + min(ys)) / 20, 1),
            ]

    return {"viewBox": f"0 0 {WIDTH} {height}", "countries": paths, "markers": markers}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("source", help="world-atlas countries-50m.json (or -110m.json)")
    parser.add_argument("--output", default=OUTPUT, type=Path)
    args = parser.parse_args()

    from django.conf import settings

    if not settings.configured:
        settings.configure(USE_I18N=False)

    data = build(args.source)
    text = json.dumps(data, separators=(",", ":"), sort_keys=True, ensure_ascii=True) + "\n"
    args.output.write_text(text, encoding="utf-8")
    raw = len(text.encode())
    packed = len(gzip.compress(text.encode(), compresslevel=9))
    print(
        f"{args.output}: {len(data['countries'])} countries, {len(data['markers'])} markers, "
        f"viewBox {data['viewBox']}, {raw:,} bytes ({packed:,} gzipped)"
    )


if __name__ == "__main__":
    main()
