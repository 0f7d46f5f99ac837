"""Which province a Belgian postcode lies in (``province_for_postcode``)."""

from __future__ import annotations

import re

from .models import Province

# Belgian postcodes by province (bpost's ranges), Flanders and Brussels only.
RANGES: tuple[tuple[int, int, str], ...] = (
    (1000, 1299, Province.BRUSSEL),
    (1500, 1999, Province.VLAAMS_BRABANT),
    (2000, 2999, Province.ANTWERPEN),
    (3000, 3499, Province.VLAAMS_BRABANT),
    (3500, 3999, Province.LIMBURG),
    (8000, 8999, Province.WEST_VLAANDEREN),
    (9000, 9999, Province.OOST_VLAANDEREN),
)
BELGIAN = re.compile(r"^(?:B-?)?(\d{4})$", re.IGNORECASE)


def is_belgian_postcode(postcode: str) -> bool:
    """Four digits, optionally written ``B-9000``."""
    return bool(BELGIAN.match((postcode or "").strip()))


def province_for_postcode(postcode: str) -> str:
    """The province code (``Province``: VAN, VBR, VLI, VOV, VWV, BRU) of a Belgian postcode,
    or ``""`` when it lies outside Flanders and Brussels or is not a Belgian postcode.

    The ranges: 1000–1299 Brussels; 1300–1499 Walloon Brabant (not Flemish: ``""``);
    1500–1999 and 3000–3499 Flemish Brabant; 2000–2999 Antwerp; 3500–3999 Limburg;
    4000–7999 Wallonia (``""``); 8000–8999 West Flanders; 9000–9999 East Flanders.
    ``""`` reads "elsewhere": online, abroad, in Wallonia or unknown.
    """
    match = BELGIAN.match((postcode or "").strip())
    if not match:
        return ""
    number = int(match.group(1))
    for low, high, province in RANGES:
        if low <= number <= high:
            return str(province)
    return ""
