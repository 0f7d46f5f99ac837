"""Build ``provinces.json`` (the province boundaries the maps draw) from its source.

Not run by the portal: the JSON it writes is shipped. To rebuild, extract the six files
``export/geojson/q8/iso2/BE/BE-{VAN,VBR,VLI,VOV,VWV,BRU}.geojson`` of the country-levels export
(see ``README.md``) into a folder and run::

    python stemnet/data/build_provinces.py FOLDER stemnet/data/provinces.json

What it does, in order:
1. project every point to a plane (``stemnet.maps.project``: equirectangular, kilometres east and
   north of 4.5° E, 51.0° N, longitudes scaled by cos 51°);
2. cut each ring into arcs at the points where the set of regions sharing a point changes, so a
   border between two provinces is one arc, simplified once and drawn the same on both sides;
3. simplify each arc with Douglas–Peucker (``TOLERANCE_KM``), keeping its end points;
4. drop rings smaller than ``MIN_AREA_KM2`` (the Baarle-Hertog enclaves: specks at this scale)
   and write the result with two decimals (10 m).
"""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path

CODES = ("VAN", "VBR", "VLI", "VOV", "VWV", "BRU")
LON0, LAT0 = 4.5, 51.0
KM_PER_DEGREE = 6371.0088 * math.pi / 180
TOLERANCE_KM = 0.35
MIN_AREA_KM2 = 5.0


def project(lon: float, lat: float) -> tuple[float, float]:
    """Kept identical to ``stemnet.maps.project`` (this script runs without Django)."""
    return (
        (lon - LON0) * math.cos(math.radians(LAT0)) * KM_PER_DEGREE,
        (lat - LAT0) * KM_PER_DEGREE,
    )


def _distance(p, a, b) -> float:
    (px, py), (ax, ay), (bx, by) = p, a, b
    dx, dy = bx - ax, by - ay
    if dx == dy == 0:
        return math.hypot(px - ax, py - ay)
    t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)))
    return math.hypot(px - ax - t * dx, py - ay - t * dy)


def douglas_peucker(points: list, tolerance: float) -> list:
    """The points of the polyline ``points`` that stay, end points always kept."""
    if len(points) < 3:
        return list(points)
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        index, furthest = 0, -1.0
        for i in range(first + 1, last):
            d = _distance(points[i], points[first], points[last])
            if d > furthest:
                index, furthest = i, d
        if furthest > tolerance:
            keep[index] = True
            stack += [(first, index), (index, last)]
    return [p for p, k in zip(points, keep, strict=True) if k]


def _area(ring) -> float:
    return abs(
        sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True))
        / 2
    )


def _rings(folder: Path) -> dict[str, list[list[tuple]]]:
    rings = {}
    for code in CODES:
        feature = json.loads((folder / f"BE-{code}.geojson").read_text())
        geometry = feature["geometry"]
        polygons = (
            geometry["coordinates"]
            if geometry["type"] == "MultiPolygon"
            else [geometry["coordinates"]]
        )
        rings[code] = [
            [tuple(round(c, 7) for c in point) for point in ring[:-1]]  # open rings
            for polygon in polygons
            for ring in polygon
        ]
    return rings


def build(folder: Path) -> dict:
    rings = _rings(folder)
    owners: dict[tuple, set[str]] = {}
    for code, code_rings in rings.items():
        for ring in code_rings:
            for point in ring:
                owners.setdefault(point, set()).add(code)
    simplified: dict[tuple, list] = {}

    def arc(points: list) -> list:
        # A border met from either side is simplified once, in one direction, so both
        # neighbours draw exactly the same line.
        forward, backward = tuple(points), tuple(reversed(points))
        canonical = min(forward, backward)
        if canonical not in simplified:
            simplified[canonical] = douglas_peucker([project(*p) for p in canonical], TOLERANCE_KM)
        result = simplified[canonical]
        return result if forward == canonical else list(reversed(result))

    regions = {}
    for code, code_rings in rings.items():
        out = []
        for ring in code_rings:
            n = len(ring)
            cuts = [
                i
                for i in range(n)
                if owners[ring[i]] != owners[ring[i - 1]]
                or owners[ring[i]] != owners[ring[(i + 1) % n]]
            ]
            if not cuts:  # a ring shared whole (Brussels) starts at the same point on both sides
                cuts = [ring.index(min(ring))]
            points: list = []
            for j, start in enumerate(cuts):
                end = cuts[(j + 1) % len(cuts)]
                span = end - start if end > start else end + n - start
                piece = [ring[(start + k) % n] for k in range(span + 1)]
                points.extend(arc(piece)[:-1])
            if len(points) >= 3 and _area(points) >= MIN_AREA_KM2:
                out.append([[round(x, 2), round(y, 2)] for x, y in points])
        regions[code] = out
    return regions


def main(folder: str, target: str) -> None:
    regions = build(Path(folder))
    document = {
        "about": "Flemish provinces and the Brussels-Capital Region for the portal's maps. "
        "Source, licence and method: README.md beside this file.",
        "source": "OpenStreetMap boundaries (relations 53114, 58004, 53142, 53135, 416271, "
        "54094) as exported by the country-levels project, quality q8",
        "licence": "ODbL 1.0, (c) OpenStreetMap contributors",
        "projection": {
            "kind": "equirectangular",
            "lon0": LON0,
            "lat0": LAT0,
            "units": "km east and north of (lon0, lat0); longitudes scaled by cos(lat0)",
        },
        "simplification": {
            "method": "Douglas-Peucker per shared arc",
            "tolerance_km": TOLERANCE_KM,
            "min_ring_area_km2": MIN_AREA_KM2,
        },
        "regions": {code: {"rings": regions[code]} for code in CODES},
    }
    Path(target).write_text(json.dumps(document, separators=(",", ":")) + "\n")


if __name__ == "__main__":
    main(*sys.argv[1:3])
