"""
How wide a chart's text is: the advance widths of DejaVu Sans (regular and bold), the font the
charts name first (``stemnet.charts``) and the one the PDFs are set in (the reports'
``print.css``). A browser without DejaVu Sans falls back to a narrower sans-serif (Arial,
Helvetica, Liberation Sans), so a label measured here fits there too.

The widths are the fonts' ``hmtx`` advances (units per em: 2048) of Latin-1, Latin
Extended-A, the general punctuation, the currency signs, arrows and ``≤ ≥ −``; any other
character (and one the font lacks, written -1) counts as a full em. Kerning is left out (it
only narrows). ``text_box`` is the box the renderer keeps free for a text and the one the
layout test checks: the advance width times the font size, from ``ASCENT`` above the
baseline to ``DESCENT`` below it.

Regenerate the tables with fontTools from ``/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf``
and ``DejaVuSans-Bold.ttf`` (``TTFont(path)["hmtx"]`` for each ``getBestCmap()`` glyph).
"""

from __future__ import annotations

from functools import lru_cache

UNITS_PER_EM = 2048
ASCENT = 0.76  # of the font size: capitals and digits (cap height 0.73)
DESCENT = 0.24  # descenders (0.236)
ELLIPSIS = "\u2026"

REGULAR: dict[int, str] = {
    0x0020: (
        "651 821 942 1716 1303 1946 1597 563 799 799 1024 1716 651 739 651 690 1303 1303 "
        "1303 1303 1303 1303 1303 1303 1303 1303 690 690 1716 1716 1716 1087 2048 1401 "
        "1405 1430 1577 1294 1178 1587 1540 604 604 1343 1141 1767 1532 1612 1235 1612 "
        "1423 1300 1251 1499 1401 2025 1403 1251 1403 799 690 799 1716 1024 1024 1255 "
        "1300 1126 1300 1260 721 1300 1298 569 569 1186 569 1995 1298 1253 1300 1300 842 "
        "1067 803 1298 1212 1675 1212 1212 1075 1303 690 1303 1716 "
    ),
    0x00A0: (
        "651 821 1303 1303 1303 1303 690 1024 1024 2048 965 1253 1716 739 2048 1024 1024 "
        "1716 821 821 1024 1303 1303 651 1024 821 965 1253 1985 1985 1985 1087 1401 1401 "
        "1401 1401 1401 1401 1995 1430 1294 1294 1294 1294 604 604 604 604 1587 1532 1612 "
        "1612 1612 1612 1612 1716 1612 1499 1499 1499 1499 1251 1239 1290 1255 1255 1255 "
        "1255 1255 1255 2011 1126 1260 1260 1260 1260 569 569 569 569 1253 1298 1253 1253 "
        "1253 1253 1253 1716 1253 1298 1298 1298 1298 1212 1300 1212 1401 1255 1401 1255 "
        "1401 1255 1430 1126 1430 1126 1430 1126 1430 1126 1577 1300 1587 1300 1294 1260 "
        "1294 1260 1294 1260 1294 1260 1294 1260 1587 1300 1587 1300 1587 1300 1587 1300 "
        "1540 1298 1876 1423 604 569 604 569 604 569 604 569 604 569 1208 1138 604 569 "
        "1343 1186 1186 1141 569 1141 569 1141 768 1141 700 1151 582 1532 1298 1532 1298 "
        "1532 1298 1666 1532 1298 1612 1253 1612 1253 1612 1253 2191 2095 1423 842 1423 "
        "842 1423 842 1300 1067 1300 1067 1300 1067 1300 1067 1251 803 1251 803 1251 803 "
        "1499 1298 1499 1298 1499 1298 1499 1298 1499 1298 1499 1298 2025 1675 1251 1212 "
        "1251 1403 1075 1403 1075 1403 1075 721 "
    ),
    0x2010: (
        "739 739 1303 1024 2048 2048 1024 1024 651 651 651 651 1061 1061 1061 1061 1024 "
        "1024 1208 1208 685 1367 2048 651 0 0 0 0 0 0 0 409 2748 3554 465 765 1065 465 "
        "765 1065 694 819 819 1716 994 1087 1024 1646 1646 512 2048 1024 342 "
    ),
    0x20A0: (
        "1796 1303 1303 1303 1303 1995 1303 2606 2199 2025 1606 1303 1303 1303 1303 2606 "
        "1303 1303 1303 1303 1585 1303 -1 -1 1303 1303 1303 -1 -1 1303 -1 -1 "
    ),
    0x2190: ("1716 1716 1716 1716 1716 1716 1716 1716 1716 1716 "),
    0x2212: ("1716 "),
    0x2264: ("1716 1716 "),
}
BOLD: dict[int, str] = {
    0x0020: (
        "713 934 1067 1716 1425 2052 1786 627 936 936 1071 1716 778 850 778 748 1425 1425 "
        "1425 1425 1425 1425 1425 1425 1425 1425 819 819 1716 1716 1716 1188 2048 1585 "
        "1561 1503 1700 1399 1399 1681 1714 762 762 1587 1305 2038 1714 1741 1501 1741 "
        "1577 1475 1397 1663 1585 2259 1579 1483 1485 936 748 936 1716 1024 1024 1382 "
        "1466 1214 1466 1389 891 1466 1458 702 702 1362 702 2134 1458 1407 1466 1466 1010 "
        "1219 979 1458 1335 1892 1321 1335 1192 1458 748 1458 1716 "
    ),
    0x00A0: (
        "713 934 1425 1425 1303 1425 748 1024 1024 2048 1155 1323 1716 850 2048 1024 1024 "
        "1716 897 897 1024 1507 1303 778 1024 897 1155 1323 2120 2120 2120 1188 1585 1585 "
        "1585 1585 1585 1585 2222 1503 1399 1399 1399 1399 762 762 762 762 1716 1714 1741 "
        "1741 1741 1741 1741 1716 1741 1663 1663 1663 1663 1483 1511 1473 1382 1382 1382 "
        "1382 1382 1382 2146 1214 1389 1389 1389 1389 702 702 702 702 1407 1458 1407 1407 "
        "1407 1407 1407 1716 1407 1458 1458 1458 1458 1335 1466 1335 1585 1382 1585 1382 "
        "1585 1382 1503 1214 1503 1214 1503 1214 1503 1214 1700 1466 1716 1466 1399 1389 "
        "1399 1389 1399 1389 1399 1389 1399 1389 1681 1466 1681 1466 1681 1466 1681 1466 "
        "1714 1458 1994 1618 762 702 762 702 762 702 762 702 762 702 1524 1404 762 702 "
        "1587 1362 1362 1305 702 1305 702 1305 982 1305 1140 1315 760 1714 1458 1714 1458 "
        "1714 1458 2013 1714 1458 1741 1407 1741 1407 1741 1407 2390 2241 1577 1010 1577 "
        "1010 1577 1010 1475 1219 1475 1219 1475 1219 1475 1219 1397 979 1397 979 1397 "
        "979 1663 1458 1663 1458 1663 1458 1663 1458 1663 1458 1663 1458 2259 1892 1483 "
        "1335 1483 1485 1192 1485 1192 1485 1192 891 "
    ),
    0x2010: (
        "850 850 1425 1024 2048 2048 1024 1024 778 778 778 778 1346 1346 1346 1346 1024 "
        "1024 1309 1309 682 1366 2048 713 0 0 0 0 0 0 0 409 2949 3864 540 915 1290 540 "
        "915 1290 1501 844 844 1991 1284 1188 1024 1696 1696 674 2095 1024 342 "
    ),
    0x20A0: (
        "1903 1425 1425 1425 1425 2134 1425 3108 2467 2259 1852 1425 1425 1425 1425 2850 "
        "1425 1425 1425 1425 1760 1425 -1 -1 1425 1425 1425 -1 -1 1425 -1 -1 "
    ),
    0x2190: ("1716 1716 1716 1716 1716 1716 1716 1716 1716 1716 "),
    0x2212: ("1716 "),
    0x2264: ("1716 1716 "),
}


def _flatten(table: dict[int, str]) -> dict[str, int]:
    return {
        chr(start + offset): width
        for start, widths in table.items()
        for offset, width in enumerate(map(int, widths.split()))
        if width >= 0
    }


_WIDTHS = {False: _flatten(REGULAR), True: _flatten(BOLD)}


@lru_cache(maxsize=4096)
def text_width(text: str, size: float, bold: bool = False) -> float:
    """The width of ``text`` set in DejaVu Sans at ``size`` (user units, like the font size)."""
    widths = _WIDTHS[bool(bold)]
    units = sum(widths.get(char, UNITS_PER_EM) for char in text)
    return units * float(size) / UNITS_PER_EM


def text_box(
    x: float, y: float, text: str, size: float, anchor: str = "start", bold: bool = False
) -> tuple[float, float, float, float]:
    """``(left, top, right, bottom)`` of a text drawn at ``x, y`` (its baseline) with the
    SVG ``text-anchor`` ``anchor``."""
    width = text_width(text, size, bold)
    left = {"middle": x - width / 2, "end": x - width}.get(anchor, x)
    return left, y - ASCENT * size, left + width, y + DESCENT * size


def fit(text: str, size: float, room: float, bold: bool = False) -> str:
    """``text`` as it is when it fits in ``room``, else shortened with "…" (at a word
    boundary where that keeps at least half of it)."""
    if text_width(text, size, bold) <= room:
        return text
    if text_width(ELLIPSIS, size, bold) > room:
        return ""
    cut = len(text)
    while cut > 0 and text_width(text[:cut].rstrip() + ELLIPSIS, size, bold) > room:
        cut -= 1
    head = text[:cut]
    space = head.rfind(" ")
    if space >= len(head) / 2:
        head = head[:space]
    return head.rstrip(" ,;:-(") + ELLIPSIS


def wrap(text: str, size: float, room: float, bold: bool = False, lines: int = 2) -> list[str]:
    """``text`` broken at spaces into at most ``lines`` lines of at most ``room`` wide; the
    last line shortened with "…" when the text does not fit in them."""
    words = text.split()
    out: list[str] = []
    while words and len(out) < lines:
        line = words.pop(0)
        while words and text_width(f"{line} {words[0]}", size, bold) <= room:
            line = f"{line} {words.pop(0)}"
        out.append(line)
    if words:
        out[-1] = f"{out[-1]} {' '.join(words)}"
    out = [fit(line, size, room, bold) for line in out]
    return out or [""]
