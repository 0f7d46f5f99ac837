"""
Demo data of the school register: about 400 schools over the five Flemish provinces and
Brussels, in real municipalities with their real postcodes, with names as Flemish schools are
named, six-digit institution numbers and a spread of education networks and levels close to
the real one (most schools Catholic, basisscholen far more than secondary schools). The
schools, streets and numbers are made up: a real register is imported with the kind
``schools``. Two schools have closed (``active_to``).

Demo people who work at a school (teachers and directors without a school) get one: of the
province of the centre they first trained with, offering the levels they teach, chosen by
their e-mail address (so loading twice gives the same school).

Deterministic and idempotent: the register is made by a seeded generator and matched on the
institution number; people are only given a school when they have none.
"""

from __future__ import annotations

import datetime as dt
import random
import zlib

from stemnet.accounts.models import PersonRole, Profile

from .models import EducationNetwork, School, SchoolLevel

GO, OGO, KOV, OVO = (
    EducationNetwork.GO,
    EducationNetwork.OGO,
    EducationNetwork.KOV,
    EducationNetwork.OVO,
)
K, L, S, B, V = (
    SchoolLevel.KLEUTER,
    SchoolLevel.LAGER,
    SchoolLevel.SECUNDAIR,
    SchoolLevel.BUITENGEWOON,
    SchoolLevel.VOLWASSENEN,
)

# (municipality as in the address, postcode, size: how many schools the demo gives it)
PLACES: dict[str, list[tuple[str, str, int]]] = {
    "VAN": [
        ("Antwerpen", "2000", 12),
        ("Berchem", "2600", 4),
        ("Deurne", "2100", 4),
        ("Merksem", "2170", 3),
        ("Hoboken", "2660", 3),
        ("Wilrijk", "2610", 3),
        ("Ekeren", "2180", 2),
        ("Mechelen", "2800", 8),
        ("Turnhout", "2300", 6),
        ("Geel", "2440", 4),
        ("Mol", "2400", 4),
        ("Herentals", "2200", 4),
        ("Lier", "2500", 4),
        ("Heist-op-den-Berg", "2220", 3),
        ("Boom", "2850", 2),
        ("Kontich", "2550", 2),
        ("Mortsel", "2640", 3),
        ("Brasschaat", "2930", 3),
        ("Kapellen", "2950", 2),
        ("Schoten", "2900", 3),
        ("Hoogstraten", "2320", 3),
        ("Westerlo", "2260", 2),
        ("Willebroek", "2830", 2),
        ("Edegem", "2650", 2),
        ("Zoersel", "2980", 2),
        ("Essen", "2910", 1),
        ("Kalmthout", "2920", 2),
        ("Arendonk", "2370", 1),
        ("Balen", "2490", 2),
        ("Duffel", "2570", 2),
        ("Bornem", "2880", 2),
        ("Puurs", "2870", 2),
        ("Nijlen", "2560", 1),
        ("Boechout", "2530", 1),
        ("Ranst", "2520", 1),
        ("Malle", "2390", 2),
        ("Beerse", "2340", 1),
        ("Herselt", "2230", 1),
        ("Hemiksem", "2620", 1),
        ("Zandhoven", "2240", 1),
    ],
    "VBR": [
        ("Leuven", "3000", 8),
        ("Heverlee", "3001", 3),
        ("Kessel-Lo", "3010", 3),
        ("Aarschot", "3200", 4),
        ("Diest", "3290", 4),
        ("Tienen", "3300", 4),
        ("Vilvoorde", "1800", 5),
        ("Halle", "1500", 5),
        ("Asse", "1730", 3),
        ("Zaventem", "1930", 3),
        ("Grimbergen", "1850", 3),
        ("Dilbeek", "1700", 3),
        ("Overijse", "3090", 2),
        ("Tervuren", "3080", 2),
        ("Landen", "3400", 2),
        ("Haacht", "3150", 2),
        ("Herent", "3020", 2),
        ("Kortenberg", "3070", 2),
        ("Machelen", "1830", 1),
        ("Liedekerke", "1770", 2),
        ("Ternat", "1740", 2),
        ("Lennik", "1750", 2),
        ("Sint-Pieters-Leeuw", "1600", 2),
        ("Londerzeel", "1840", 2),
        ("Keerbergen", "3140", 1),
        ("Rotselaar", "3110", 2),
        ("Tremelo", "3120", 1),
        ("Zoutleeuw", "3440", 1),
        ("Meise", "1860", 2),
        ("Holsbeek", "3220", 1),
        ("Bierbeek", "3360", 1),
        ("Lubbeek", "3210", 1),
        ("Scherpenheuvel-Zichem", "3270", 2),
        ("Wemmel", "1780", 1),
        ("Beersel", "1650", 2),
        ("Opwijk", "1745", 1),
        ("Merchtem", "1785", 2),
        ("Kampenhout", "1910", 1),
    ],
    "VLI": [
        ("Hasselt", "3500", 8),
        ("Genk", "3600", 7),
        ("Sint-Truiden", "3800", 5),
        ("Tongeren", "3700", 4),
        ("Beringen", "3580", 4),
        ("Lommel", "3920", 3),
        ("Maasmechelen", "3630", 3),
        ("Bilzen", "3740", 3),
        ("Houthalen-Helchteren", "3530", 3),
        ("Heusden-Zolder", "3550", 3),
        ("Diepenbeek", "3590", 2),
        ("Lanaken", "3620", 2),
        ("Maaseik", "3680", 3),
        ("Bree", "3960", 3),
        ("Overpelt", "3900", 2),
        ("Neerpelt", "3910", 2),
        ("Tessenderlo", "3980", 2),
        ("Leopoldsburg", "3970", 2),
        ("Herk-de-Stad", "3540", 2),
        ("Zonhoven", "3520", 2),
        ("Dilsen-Stokkem", "3650", 1),
        ("Peer", "3990", 2),
        ("Hamont-Achel", "3930", 1),
        ("Lummen", "3560", 1),
        ("Alken", "3570", 1),
        ("Borgloon", "3840", 1),
        ("Riemst", "3770", 1),
        ("Hoeselt", "3730", 1),
        ("As", "3665", 1),
        ("Bocholt", "3950", 1),
    ],
    "VOV": [
        ("Gent", "9000", 12),
        ("Sint-Amandsberg", "9040", 3),
        ("Gentbrugge", "9050", 2),
        ("Mariakerke", "9030", 2),
        ("Drongen", "9031", 1),
        ("Aalst", "9300", 7),
        ("Sint-Niklaas", "9100", 6),
        ("Dendermonde", "9200", 4),
        ("Lokeren", "9160", 4),
        ("Wetteren", "9230", 3),
        ("Ninove", "9400", 3),
        ("Geraardsbergen", "9500", 3),
        ("Oudenaarde", "9700", 4),
        ("Ronse", "9600", 3),
        ("Eeklo", "9900", 3),
        ("Zele", "9240", 2),
        ("Hamme", "9220", 2),
        ("Temse", "9140", 2),
        ("Beveren", "9120", 3),
        ("Lede", "9340", 2),
        ("Zottegem", "9620", 3),
        ("Deinze", "9800", 3),
        ("Lochristi", "9080", 2),
        ("Merelbeke", "9820", 2),
        ("Destelbergen", "9070", 1),
        ("Evergem", "9940", 2),
        ("Maldegem", "9990", 2),
        ("Herzele", "9550", 1),
        ("Denderleeuw", "9470", 2),
        ("Haaltert", "9450", 1),
        ("Buggenhout", "9255", 1),
        ("Berlare", "9290", 1),
        ("Zelzate", "9060", 1),
        ("De Pinte", "9840", 1),
        ("Aalter", "9880", 2),
        ("Lebbeke", "9280", 1),
        ("Stekene", "9190", 1),
        ("Brakel", "9660", 1),
    ],
    "VWV": [
        ("Brugge", "8000", 9),
        ("Sint-Andries", "8200", 2),
        ("Assebroek", "8310", 2),
        ("Kortrijk", "8500", 8),
        ("Oostende", "8400", 6),
        ("Roeselare", "8800", 6),
        ("Ieper", "8900", 4),
        ("Waregem", "8790", 4),
        ("Tielt", "8700", 4),
        ("Torhout", "8820", 3),
        ("Izegem", "8870", 3),
        ("Menen", "8930", 3),
        ("Wevelgem", "8560", 2),
        ("Harelbeke", "8530", 3),
        ("Poperinge", "8970", 3),
        ("Diksmuide", "8600", 2),
        ("Veurne", "8630", 2),
        ("Knokke-Heist", "8300", 2),
        ("Blankenberge", "8370", 2),
        ("Koksijde", "8670", 2),
        ("Nieuwpoort", "8620", 1),
        ("Middelkerke", "8430", 1),
        ("Gistel", "8470", 1),
        ("Oostkamp", "8020", 2),
        ("Beernem", "8730", 1),
        ("Zedelgem", "8210", 2),
        ("Lichtervelde", "8810", 1),
        ("Wingene", "8750", 1),
        ("Kuurne", "8520", 1),
        ("Zwevegem", "8550", 2),
        ("Avelgem", "8580", 1),
        ("Wervik", "8940", 1),
        ("Ardooie", "8850", 1),
        ("Staden", "8840", 1),
        ("Moorslede", "8890", 1),
        ("Pittem", "8740", 1),
        ("Zonnebeke", "8980", 1),
        ("Bredene", "8450", 1),
    ],
    "BRU": [
        ("Brussel", "1000", 5),
        ("Laken", "1020", 2),
        ("Schaarbeek", "1030", 3),
        ("Etterbeek", "1040", 2),
        ("Elsene", "1050", 2),
        ("Sint-Gillis", "1060", 1),
        ("Anderlecht", "1070", 4),
        ("Sint-Jans-Molenbeek", "1080", 3),
        ("Koekelberg", "1081", 1),
        ("Sint-Agatha-Berchem", "1082", 1),
        ("Ganshoren", "1083", 1),
        ("Jette", "1090", 2),
        ("Neder-Over-Heembeek", "1120", 1),
        ("Evere", "1140", 1),
        ("Sint-Pieters-Woluwe", "1150", 1),
        ("Oudergem", "1160", 1),
        ("Ukkel", "1180", 2),
        ("Vorst", "1190", 1),
        ("Sint-Lambrechts-Woluwe", "1200", 1),
    ],
}

# Cities whose own primary schools are "stedelijk", not "gemeentelijk".
CITIES = {
    "Antwerpen", "Mechelen", "Turnhout", "Lier", "Leuven", "Vilvoorde", "Halle", "Tienen",
    "Diest", "Aarschot", "Hasselt", "Genk", "Sint-Truiden", "Tongeren", "Gent", "Aalst",
    "Sint-Niklaas", "Dendermonde", "Lokeren", "Ninove", "Oudenaarde", "Ronse", "Eeklo",
    "Brugge", "Kortrijk", "Oostende", "Roeselare", "Ieper", "Waregem", "Tielt", "Menen",
    "Brussel",
}  # fmt: skip

THEMES = [
    "De Regenboog", "De Klimtoren", "Het Klavertje", "De Zonnebloem", "De Boomhut",
    "Het Kompas", "De Vlinder", "De Wegwijzer", "De Notelaar", "Het Speelhuis",
    "De Sleutelbloem", "De Toverfluit", "Het Sterretje", "De Horizon", "De Linde",
    "Het Molentje", "De Bron", "De Springplank", "De Kleine Prins", "Het Vogelnest",
    "De Tuimelaar", "De Kastanje", "De Ark", "De Wingerd", "Het Talentenhuis", "De Sprankel",
    "Het Zonnetje", "De Pluim", "De Knipoog", "Het Mozaïek",
]  # fmt: skip
SAINTS = [
    "Sint-Jozef", "Sint-Maarten", "Sint-Lutgardis", "Sint-Vincentius", "Sint-Jan",
    "Sint-Pieter", "Onze-Lieve-Vrouw", "Sint-Amandus", "Sint-Gertrudis", "Sint-Lambertus",
    "Sint-Michiel", "Heilig-Hart", "Sint-Rita", "Sint-Godelieve", "Sint-Theresia",
    "Sint-Elisabeth", "Sint-Anna", "Sint-Martinus",
]  # fmt: skip
KOV_SECONDARY = [
    "Sint-Jozefscollege", "Sint-Jan Berchmanscollege", "Onze-Lieve-Vrouwecollege",
    "Sint-Victorinstituut", "Heilig-Hartinstituut", "Sint-Ursula-Instituut",
    "Vrij Technisch Instituut", "Sint-Aloysiuscollege", "Don Bosco Technisch Instituut",
    "Sint-Norbertusinstituut", "Maria-Middelares Instituut", "Sint-Lodewijkscollege",
    "Sint-Lievenscollege", "Sint-Amandsinstituut", "Sint-Paulusinstituut",
    "Sint-Michielscollege", "Immaculata-Instituut", "Mariagaarde", "Sint-Franciscuscollege",
    "Sint-Godelievecollege", "Vrij Instituut voor Secundair Onderwijs",
]  # fmt: skip
STREETS = [
    "Kerkstraat", "Schoolstraat", "Stationsstraat", "Dorpsstraat", "Nieuwstraat", "Molenstraat",
    "Kapelstraat", "Hoogstraat", "Kloosterstraat", "Sint-Jozefstraat", "Beekstraat",
    "Lindenlaan", "Kastanjelaan", "Bosstraat", "Veldstraat", "Collegestraat", "Leopoldlaan",
    "Koning Albertstraat", "Pastoriestraat", "Parklaan", "Scholierslaan", "Kouter",
    "Guido Gezellestraat", "Hendrik Consciencestraat", "Jan Frans Willemsstraat",
]  # fmt: skip

# The demo teacher's school: the number her profile held as text before the register.
FIXED = [("030387", "Sint-Barbaracollege", "", "9000", "Gent", "VOV", KOV, [S])]
# Schools that closed (merged into another), with the day their number ended.
CLOSED = {2: dt.date(2019, 8, 31), 77: dt.date(2022, 8, 31)}


def _network(rng: random.Random, secondary: bool) -> str:
    weights = (65, 25, 8, 2) if secondary else (58, 14, 24, 4)
    return rng.choices((KOV, GO, OGO, OVO), weights=weights)[0]


def _basis(rng: random.Random, municipality: str) -> tuple[str, str, list[str]]:
    network = _network(rng, secondary=False)
    theme = rng.choice(THEMES)
    levels = [K, L]
    if network == KOV:
        kind = rng.random()
        if kind < 0.12:
            return KOV, f"Vrije Kleuterschool {theme}", [K]
        if kind < 0.22:
            return KOV, f"Vrije Lagere School {rng.choice(SAINTS)}", [L]
        name = rng.choice([f"Vrije Basisschool {theme}", f"{rng.choice(SAINTS)}school"])
        return KOV, name, levels
    if network == GO:
        return GO, f"GO! basisschool {theme}", levels
    if network == OGO:
        prefix = "Stedelijke" if municipality in CITIES else "Gemeentelijke"
        return OGO, f"{prefix} Basisschool {theme}", levels
    name = rng.choice(
        [f"Steinerschool {municipality}", f"Freinetschool {theme}", f"Methodeschool {theme}"]
    )
    return OVO, name, levels


def _secondary(rng: random.Random, municipality: str) -> tuple[str, str, list[str]]:
    network = _network(rng, secondary=True)
    if network == KOV:
        return KOV, rng.choice(KOV_SECONDARY), [S]
    if network == GO:
        name = rng.choice(
            [
                f"GO! atheneum {municipality}",
                f"GO! technisch atheneum {municipality}",
                f"GO! middenschool {municipality}",
                f"GO! Koninklijk Atheneum {municipality}",
                f"GO! campus {municipality}",
            ]
        )
        levels = [K, L, S] if name.startswith("GO! campus") else [S]
        return GO, name, levels
    if network == OGO:
        name = rng.choice(
            [
                f"Stedelijk Lyceum {municipality}",
                "Provinciaal Instituut voor Technisch Onderwijs",
                f"Stedelijke Humaniora {municipality}",
                f"Provinciale Technische School {municipality}",
            ]
        )
        return OGO, name, [S]
    return OVO, f"Middelbare Steinerschool {municipality}", [S]


def _special(rng: random.Random, municipality: str) -> tuple[str, str, list[str]]:
    network = rng.choice([KOV, KOV, GO, OGO])
    theme = rng.choice(THEMES)
    name = {
        KOV: f"Vrije School voor Buitengewoon Onderwijs {theme}",
        GO: f"GO! school voor buitengewoon onderwijs {municipality}",
        OGO: f"Stedelijke School voor Buitengewoon Onderwijs {theme}",
    }[network]
    return network, name, [B]


def _adults(rng: random.Random, municipality: str) -> tuple[str, str, list[str]]:
    network = rng.choice([KOV, GO, OGO])
    name = {
        KOV: f"CVO {rng.choice(SAINTS)}",
        GO: f"GO! CVO {municipality}",
        OGO: f"Stedelijk CVO {municipality}",
    }[network]
    return network, name, [V]


def _kinds(size: int) -> list:
    """What a place of ``size`` schools holds: basisscholen first, then secondary schools,
    in the larger places a school for special needs and one for adults."""
    secondary = 0 if size < 2 else max(1, round(size * 0.35))
    special = 1 if size >= 6 else 0
    adults = 1 if size >= 8 else 0
    basis = size - secondary - special - adults
    return [_basis] * basis + [_secondary] * secondary + [_special] * special + [_adults] * adults


def register_rows() -> list[dict]:
    """The demo register as the import kind ``schools`` reads it (plus ``active_to``)."""
    rng = random.Random("stemnet-demo-schools")  # noqa: S311  (demo data, not security)
    used_numbers = {number for number, *_rest in FIXED}
    rows = [
        {
            "number": number,
            "name": name,
            "street": street,
            "postcode": postcode,
            "municipality": municipality,
            "province": province,
            "network": str(network),
            "levels": [str(level) for level in levels],
            "active_to": None,
        }
        for number, name, street, postcode, municipality, province, network, levels in FIXED
    ]
    for province, places in PLACES.items():
        for municipality, postcode, size in places:
            names = {r["name"] for r in rows if r["municipality"] == municipality}
            for make in _kinds(size):
                for _try in range(8):
                    network, name, levels = make(rng, municipality)
                    if name not in names:
                        break
                else:
                    name = f"{name} {len(names) + 1}"
                names.add(name)
                number = f"{rng.randrange(1000, 130000):06d}"
                while number in used_numbers:
                    number = f"{rng.randrange(1000, 130000):06d}"
                used_numbers.add(number)
                rows.append(
                    {
                        "number": number,
                        "name": name,
                        "street": f"{rng.choice(STREETS)} {rng.randint(1, 120)}",
                        "postcode": postcode,
                        "municipality": municipality,
                        "province": province,
                        "network": str(network),
                        "levels": [str(level) for level in levels],
                        "active_to": CLOSED.get(len(rows)),
                    }
                )
    return rows


def load_register() -> int:
    """Create or update the demo register; returns the number of schools."""
    rows = register_rows()
    existing = {s.number: s for s in School.objects.filter(number__in=[r["number"] for r in rows])}
    new, changed = [], []
    for row in rows:
        school = existing.get(row["number"])
        if school is None:
            new.append(School(**row))
            continue
        if any(getattr(school, key) != value for key, value in row.items()):
            for key, value in row.items():
                setattr(school, key, value)
            changed.append(school)
    School.objects.bulk_create(new, batch_size=500)
    fields = [key for key in rows[0] if key != "number"]
    School.objects.bulk_update(changed, fields, batch_size=500)
    return len(rows)


SCHOOL_STAFF = (PersonRole.TEACHER, PersonRole.DIRECTOR)
PRIMARY_LEVELS = {"kleuter", "lager"}
NOT_A_SCHOOL = {"hoger", "lerarenopleiding", "andere"}


def _wanted_level(levels: list[str]) -> str | None:
    """The register's level of a profile's levels: primary for kleuter and lager, secondary
    for any grade of secondary education, none for higher education and teacher training."""
    codes = set(levels or []) - NOT_A_SCHOOL
    if not codes:
        return None
    return L if codes <= PRIMARY_LEVELS else S


def load_people() -> int:
    """Give demo teachers and directors without a school one of the register (see the module's
    docstring). Returns how many got one."""
    from stemnet.accounts.models import User

    # The demo teacher and her director share one school, so the director can enrol a team.
    for teacher in Profile.objects.filter(
        user__email__in=["leerkracht@stemnet.test", "directie@stemnet.test"], school=None
    ):
        teacher.school = School.objects.get(number=FIXED[0][0])
        teacher.school_name = teacher.school_number = ""
        teacher.save(update_fields=["school", "school_name", "school_number"])
    open_schools = list(
        School.objects.filter(active_to__isnull=True)
        .order_by("number")
        .only("pk", "province", "levels")
    )
    profiles = list(
        Profile.objects.filter(school__isnull=True, school_name="", role__in=SCHOOL_STAFF)
        .select_related("user")
        .order_by("user__email")
    )
    first_province: dict[int, str] = {}
    enrolled = (
        User.objects.filter(profile__in=profiles)
        .order_by("pk", "enrolments__created_at", "enrolments__pk")
        .values_list("pk", "enrolments__training__centre__province")
    )
    for pk, province in enrolled:
        if province:
            first_province.setdefault(pk, province)
    for profile in profiles:
        level = _wanted_level(profile.levels)
        province = first_province.get(profile.user_id) or ""
        candidates = [
            s
            for s in open_schools
            if (not province or s.province == province) and (level is None or level in s.levels)
        ] or open_schools
        pick = zlib.crc32(profile.user.email.encode()) % len(candidates)
        profile.school = candidates[pick]
    Profile.objects.bulk_update(profiles, ["school"], batch_size=500)
    return len(profiles)


def load(out) -> None:
    count = load_register()
    people = load_people()
    out.write(f"  schools: {count} schools in the register, {people} demo people given one")
