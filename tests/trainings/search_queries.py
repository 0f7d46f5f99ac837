"""
A fixed catalogue of Flemish STEM trainings and the Dutch queries a teacher types, each with the
trainings they expect to find: the measure of the catalogue's search (``test_search.py``,
``bench/search.py``).

The trainings follow the offer of the STEM-centres and the themes of the source documents
(robotica, programmeren, wiskunde, onderzoekend en ontwerpend leren, STEM-didactiek,
biotechnologie, duurzaamheid, elektriciteit, 3D-printen, lerende netwerken, bedrijfsbezoeken,
STEM en gelijke kansen, studiekeuze). What a query expects is written down the way a teacher
would judge the list: for a domain, a level or a place, every training of that domain, level or
centre (computed from the data below); for a subject, the trainings about it.

    build()        creates the centres and trainings (plus a draft and a past training that no
                   query may find) and returns {code: Training}
    QUERIES        [(query, {codes expected})]; the first TUNED_ON were there while the search
                   was tuned, the others were added after and measured as they came
    measure(search) recall and precision over QUERIES, with the misses and the extras
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

ONLINE = "online"

REG, NAT = "regional", "national"
CENTRES = [
    # code, name, kind, province, address
    ("VAN", "STEM-centrum Antwerpen", REG, "VAN", "Middelheimlaan 1, 2020 Antwerpen"),
    ("VBR", "STEM-centrum Vlaams-Brabant", REG, "VBR", "Naamsestraat 22, 3000 Leuven"),
    ("VLI", "STEM-centrum Limburg", REG, "VLI", "Elfde-Liniestraat 24, 3500 Hasselt"),
    ("VOV", "STEM-centrum Oost-Vlaanderen", REG, "VOV", "Hoogpoort 15, 9000 Gent"),
    ("VWV", "STEM-centrum West-Vlaanderen", REG, "VWV", "Doorniksesteenweg 145, 8500 Kortrijk"),
    ("BRU", "STEM-centrum Brussel", REG, "BRU", "Nijverheidskaai 170, 1070 Anderlecht"),
    ("VL-NAT", "Nationaal STEM-centrum", NAT, "", "Oude Markt 13, 3000 Leuven"),
]


@dataclass(frozen=True)
class T:
    code: str
    centre: str
    title: str
    description: str
    domains: tuple[str, ...]
    levels: tuple[str, ...]
    format: str
    places: tuple[str, ...]  # one municipality per session, ONLINE for an online session
    themes: tuple[str, ...] = ()
    status: str = "published"
    past: bool = False


TSO = "tso_kso_bso"
STEM = ("S", "T", "E", "M")

# fmt: off
TRAININGS = [
    T("robotica-g1", "VOV", "Robotica in de eerste graad",
      "Je bouwt en programmeert robots met LEGO Spike en laat leerlingen zelf oplossingen "
      "ontwerpen voor een echt probleem.",
      ("T", "E"), ("graad1",), "short", ("Gent",)),
    T("robots-lager", "VLI", "Robots in de klas: Bee-Bot en Blue-Bot",
      "Educatieve robots voor kleuters en het lager onderwijs: computationeel denken, eerst "
      "zonder scherm en daarna met de robot.",
      ("T",), ("kleuter", "lager"), "short", ("Genk",)),
    T("microbit", "VLI", "Programmeren met de micro:bit",
      "Leerlingen leren programmeren met blokken en daarna met Python. Je leest sensoren uit "
      "en maakt een eigen meettoestel.",
      ("T",), ("lager", "graad1"), "online", (ONLINE, ONLINE)),
    T("python-wiskunde", "VAN", "Python in de wiskundeles",
      "Algoritmen en simulaties programmeren bij functies, kansrekening en statistiek.",
      ("M", "T"), ("aso",), "multi_day", ("Antwerpen", "Antwerpen")),
    T("scratch", "VWV", "Computationeel denken met Scratch",
      "Van je eerste animatie tot een eigen spel: programmeerlessen voor de hoogste jaren van "
      "de basisschool.",
      ("T",), ("lager",), "short", ("Brugge",)),
    T("geogebra", "VBR", "Wiskundig modelleren met GeoGebra",
      "Functies, meetkunde en modellen uit de echte wereld onderzoeken met GeoGebra.",
      ("M",), ("aso", "lerarenopleiding"), "multi_day", ("Leuven", "Leuven")),
    T("data-statistiek", "VAN", "Data en statistiek met echte datasets",
      "Leerlingen verzamelen en verwerken gegevens, lezen grafieken en gaan kritisch om met "
      "cijfers.",
      ("M",), ("aso", TSO), "multi_day", ("Mechelen", "Mechelen")),
    T("wiskunde-kleuters", "VOV", "Wiskunde bij kleuters: tellen, meten en vormen",
      "Spelenderwijs getalbegrip, meten en ruimtelijk inzicht stimuleren in de kleuterklas.",
      ("M",), ("kleuter",), "short", ("Aalst",)),
    T("onderzoekend-kleuters", "VBR", "Onderzoekend leren bij kleuters",
      "Kleuters stellen vragen, doen voorspellingen en experimenteren met water, licht en "
      "schaduw.",
      ("S", "T"), ("kleuter", "lager"), "long", ("Leuven",) * 4,
      themes=("Water", "Licht en schaduw", "Van vraag tot experiment", "Terugblik")),
    T("onderzoekend-secundair", "BRU", "Onderzoekend leren: van onderzoeksvraag tot experiment",
      "Je begeleidt leerlingen bij het opstellen van een onderzoeksvraag, het plannen van een "
      "proef en het rapporteren van de resultaten.",
      ("S",), ("graad1", "aso"), "multi_day", ("Brussel", "Brussel"),
      themes=("De onderzoeksvraag", "Het verslag")),
    T("stem-didactiek", "VL-NAT", "STEM-didactiek: geïntegreerd lesgeven",
      "Hoe combineer je wetenschappen, techniek en wiskunde in één project? Principes van "
      "geïntegreerd STEM-onderwijs met voorbeelden uit de praktijk.",
      STEM, ("graad1", "aso", TSO), "long", ("Leuven",) * 3,
      themes=("Probleemgestuurd leren", "Evalueren in STEM-projecten",
              "Samen een project ontwerpen")),
    T("ontwerpend-leren", "VWV", "Ontwerpend leren in de basisschool",
      "Leerlingen doorlopen de ontwerpcyclus: een probleem verkennen, ideeën bedenken, een "
      "prototype bouwen en testen.",
      ("T", "E"), ("lager",), "short", ("Kortrijk",)),
    T("biotech-dna", "VOV", "Biotechnologie in de klas: DNA en enzymen",
      "Praktische proeven rond DNA-extractie, PCR en enzymen, met materiaal dat je kunt "
      "ontlenen.",
      ("S",), ("aso", TSO), "multi_day", ("Gent", "Gent"),
      themes=("DNA-extractie", "Bio-ethiek in de les")),
    T("biotech-bezoek", "VOV", "Bedrijfsbezoek: biotechnologie in de Gentse haven",
      "Een bezoek aan een biotechbedrijf en een gesprek met onderzoekers over hun loopbaan.",
      ("S", "E"), (TSO, "hoger"), "company_visit", ("Gent",)),
    T("duurzame-chemie", "VWV", "Duurzame chemie in de klas",
      "Groene chemie, recyclage en bioplastics: proeven die duurzaamheid tastbaar maken.",
      ("S",), ("aso", TSO), "blended", ("Brugge", ONLINE)),
    T("energie-klimaat", "VAN", "Energie en klimaat: van meten tot handelen",
      "Leerlingen meten het energieverbruik van hun school en werken maatregelen uit voor een "
      "duurzame school.",
      ("S", "T"), ("graad1",), "learning_network", ("Antwerpen",) * 3,
      themes=("Zonnepanelen", "Warmteverlies", "Een actieplan")),
    T("elektriciteit-g1", "VLI", "Elektriciteit en elektronica in de eerste graad",
      "Stroomkringen bouwen, meten met de multimeter en een eigen schakeling ontwerpen.",
      ("T", "S"), ("graad1",), "short", ("Hasselt",)),
    T("domotica-tso", "VWV", "Elektrische installaties en domotica",
      "Voor leraren elektriciteit in het tso en bso: slimme installaties, veiligheid en de "
      "nieuwe AREI-regels.",
      ("T", "E"), (TSO,), "multi_day", ("Kortrijk", "Kortrijk")),
    T("3d-technici", "VLI", "3D-printen en lasersnijden voor technici",
      "Een 3D-printer en lasersnijder veilig instellen, onderhouden en gebruiken in de les.",
      ("T", "E"), ("technicus", TSO), "short", ("Genk",)),
    T("tinkercad", "VBR", "3D-ontwerpen met Tinkercad",
      "Leerlingen ontwerpen eigen objecten en printen ze met de 3D-printer van de school.",
      ("T", "E"), ("lager", "graad1"), "online", (ONLINE,)),
    T("fysica-smartphone", "BRU", "Fysica-experimenten met je smartphone",
      "Versnelling, geluid en licht meten met de sensoren van een smartphone.",
      ("S",), ("graad1", "aso"), "online", (ONLINE,)),
    T("veilig-labo", "VAN", "Veilig experimenteren in het chemielabo",
      "Regels, pictogrammen en goede gewoonten voor proeven met chemicaliën in het secundair "
      "onderwijs.",
      ("S",), ("graad1", "aso", TSO, "technicus"), "short", ("Antwerpen",)),
    T("stem-beleid", "BRU", "STEM-beleid op school: tweedaagse voor coördinatoren",
      "Een visie en een actieplan voor STEM op school uitwerken met het schoolteam.",
      STEM, ("stem_coordinator", "directie"), "residential", ("Brussel", "Brussel")),
    T("clb-studiekeuze", "VOV", "STEM en studiekeuze: voor CLB-medewerkers",
      "Hoe begeleid je leerlingen bij de keuze voor een STEM-richting? Met aandacht voor "
      "meisjes en genderstereotypen.",
      ("other",), ("clb",), "short", ("Gent",)),
    T("lerend-netwerk-basis", "VWV", "Lerend netwerk STEM voor de basis",
      "Leraren uit het basisonderwijs wisselen praktijkvoorbeelden uit rond STEM en gelijke "
      "kansen.",
      STEM, ("lager", "lerarenopleiding"), "learning_network", ("Tielt",) * 3,
      themes=("Taal in STEM", "Ouders betrekken", "Talenten zien")),
    T("haven-bezoek", "VAN", "Bedrijfsbezoek: de haven als STEM-labo",
      "Ingenieurs tonen hoe logistiek, automatisering en waterbouw samenkomen in de haven van "
      "Antwerpen.",
      ("E", "T"), (TSO, "hoger"), "company_visit", ("Antwerpen",)),
    T("creatief-wiskunde", "VLI", "Creatief met wiskunde: zelf problemen creëren",
      "Leerlingen creëren zelf wiskundige problemen en puzzels en leren zo probleemoplossend "
      "denken.",
      ("M",), ("graad1",), "short", ("Hasselt",)),
    T("ai-klas", "VAN", "Artificiële intelligentie in de klas",
      "Wat is AI, hoe leert een computer en wat betekent dat voor je lessen? Met eenvoudige "
      "experimenten rond beeldherkenning.",
      ("T",), ("aso", TSO), "online", (ONLINE,)),
    T("sterrenkunde", "VLI", "Sterrenkunde en ruimtevaart",
      "Planeten, sterren en satellieten: lesideeën en een avond in de volkssterrenwacht.",
      ("S",), ("lager", "graad1"), "short", ("Genk",)),
    T("biodiversiteit", "VWV", "Biodiversiteit op de speelplaats",
      "Planten en insecten onderzoeken op en rond de school, met de speelplaats als "
      "buitenklas.",
      ("S",), ("lager",), "short", ("Roeselare",)),
    T("bruggen-bouwen", "VBR", "Engineering in de eerste graad: bruggen bouwen",
      "Leerlingen ontwerpen, bouwen en testen een brug en leren over krachten en constructies.",
      ("E", "T"), ("graad1",), "short", ("Leuven",)),
    T("stem-lerarenopleiding", "VL-NAT", "STEM in de lerarenopleiding",
      "Voor lerarenopleiders: hoe bereid je toekomstige leraren voor op geïntegreerd "
      "STEM-onderwijs?",
      STEM, ("lerarenopleiding",), "multi_day", ("Leuven", "Leuven")),
    T("chemische-reacties", "BRU", "Chemische reacties zichtbaar maken",
      "Kleurrijke proeven rond zuren, basen en reactiesnelheid: chemie voor de tweede graad.",
      ("S",), ("aso", TSO), "short", ("Brussel",)),
    T("wiskunde-lager", "VWV", "Wiskunde met materiaal in de lagere school",
      "Breuken, meten en meetkunde aanbrengen met concreet materiaal.",
      ("M",), ("lager",), "short", ("Brugge",)),
    # Never found: a draft, and a training whose sessions are over.
    T("robotica-concept", "VOV", "Robotica en wiskunde voor gevorderden",
      "Nog in opbouw.", ("T", "M"), ("graad1",), "short", ("Gent",), status="draft"),
    T("robotica-vorig-jaar", "VLI", "Robotica in de eerste graad (vorig schooljaar)",
      "Programmeren met robots, een editie die voorbij is.",
      ("T",), ("graad1",), "short", ("Hasselt",), past=True),
]
# fmt: on

FOUND = [t for t in TRAININGS if t.status == "published" and not t.past]


def where(test: Callable[[T], bool]) -> set[str]:
    return {t.code for t in FOUND if test(t)}


def in_domain(*codes: str) -> set[str]:
    return where(lambda t: any(c in t.domains for c in codes))


def in_level(*codes: str) -> set[str]:
    return where(lambda t: any(c in t.levels for c in codes))


def at_centre(*codes: str) -> set[str]:
    return where(lambda t: t.centre in codes)


def held_in(*places: str) -> set[str]:
    return where(lambda t: any(p in t.places for p in places))


ROBOTS = {"robotica-g1", "robots-lager"}
PROGRAMMING = {"microbit", "python-wiskunde", "scratch", "robotica-g1"}
BIOTECH = {"biotech-dna", "biotech-bezoek"}
ELECTRICITY = {"elektriciteit-g1", "domotica-tso"}
PRINTING = {"3d-technici", "tinkercad"}

QUERIES: list[tuple[str, set[str]]] = [
    # subjects, with stems and plurals
    ("robotica", ROBOTS),
    ("robots", ROBOTS),
    ("robot", ROBOTS),
    ("programmeren", PROGRAMMING),
    ("programmeer", PROGRAMMING),
    ("Python", {"microbit", "python-wiskunde"}),
    ("statistiek", {"python-wiskunde", "data-statistiek"}),
    ("GeoGebra", {"geogebra"}),
    ("biotechnologie", BIOTECH),
    ("duurzaamheid", {"duurzame-chemie", "energie-klimaat"}),
    ("klimaat", {"energie-klimaat"}),
    ("elektriciteit", ELECTRICITY),
    ("elektrisch", ELECTRICITY),
    ("3D-printen", PRINTING),
    ("3D-printer", PRINTING),
    ("3D", PRINTING),
    ("onderzoekend leren", {"onderzoekend-kleuters", "onderzoekend-secundair"}),
    ("ontwerpend leren", {"ontwerpend-leren"}),
    ("STEM-didactiek", {"stem-didactiek"}),
    (
        "proeven",
        {
            "biotech-dna",
            "duurzame-chemie",
            "veilig-labo",
            "chemische-reacties",
            "onderzoekend-secundair",
        },
    ),
    (
        "experimenten",
        {
            "onderzoekend-kleuters",
            "onderzoekend-secundair",
            "fysica-smartphone",
            "veilig-labo",
            "ai-klas",
        },
    ),
    ("chemie", {"duurzame-chemie", "veilig-labo", "chemische-reacties"}),
    ("fysica", {"fysica-smartphone"}),
    ("sterren", {"sterrenkunde"}),
    ("AI", {"ai-klas"}),
    ("artificiële intelligentie", {"ai-klas"}),
    ("meisjes", {"clb-studiekeuze"}),
    ('"gelijke kansen"', {"lerend-netwerk-basis"}),
    ("bedrijfsbezoek", {"biotech-bezoek", "haven-bezoek"}),
    ("lerend netwerk", {"energie-klimaat", "lerend-netwerk-basis"}),
    ("online", where(lambda t: t.format == "online")),
    # the STEM domains
    ("wiskunde", in_domain("M")),
    ("wetenschappen", in_domain("S")),
    ("techniek", in_domain("T")),
    ("engineering", in_domain("E")),
    # levels and target groups
    ("eerste graad", in_level("graad1")),
    ("lager onderwijs", in_level("lager")),
    ("kleuters", in_level("kleuter")),
    ("basisonderwijs", in_level("kleuter", "lager")),
    ("secundair onderwijs", in_level("graad1", "aso", TSO)),
    ("tso", in_level(TSO)),
    ("lerarenopleiding", in_level("lerarenopleiding")),
    ("technici", in_level("technicus")),
    ("STEM-coördinator", {"stem-beleid"}),
    ("directie", {"stem-beleid"}),
    # places: a centre's municipality and province, a session's municipality
    ("Gent", at_centre("VOV")),
    ("Limburg", at_centre("VLI")),
    ("Hasselt", at_centre("VLI")),
    ("Antwerpen", at_centre("VAN")),
    ("Leuven", at_centre("VBR", "VL-NAT")),
    ("Brussel", at_centre("BRU")),
    ("Brugge", held_in("Brugge")),
    # accents, written or not
    ("creëren", {"creatief-wiskunde"}),
    ("creeren", {"creatief-wiskunde"}),
    ("coördinatoren", {"stem-beleid"}),
    # misspellings
    ("robtica", ROBOTS),
    ("wiskunda", in_domain("M")),
    ("programeren", PROGRAMMING),
    ("biotechnolgie", BIOTECH),
    ("elektricitiet", ELECTRICITY),
    # several words
    ("robotica eerste graad", {"robotica-g1"}),
    ("programmeren lager onderwijs", {"microbit", "scratch"}),
    ("wiskunde Antwerpen", {"python-wiskunde", "data-statistiek"}),
    ("chemie Brussel", {"chemische-reacties"}),
    ("kleuters wiskunde", {"wiskunde-kleuters"}),
    ("wetenschappen Limburg", in_domain("S") & at_centre("VLI")),
    # Written after the search was tuned on the queries above, and measured as they came: a
    # check that the tuning holds for queries it did not see.
    (
        "meten",
        {
            "wiskunde-kleuters",
            "energie-klimaat",
            "elektriciteit-g1",
            "fysica-smartphone",
            "wiskunde-lager",
        },
    ),
    ("sensoren", {"microbit", "fysica-smartphone"}),
    ("veiligheid", {"veilig-labo", "domotica-tso", "3d-technici"}),
    ("bouwen", {"robotica-g1", "ontwerpend-leren", "elektriciteit-g1", "bruggen-bouwen"}),
    ("kansrekening", {"python-wiskunde"}),
    ("Genk", held_in("Genk")),
    ("Kortrijk", at_centre("VWV")),
    ("West-Vlaanderen", at_centre("VWV")),
    ("hoger onderwijs", in_level("hoger")),
    ("ingenieurs", in_domain("E")),
    ("natuurwetenschappen", in_domain("S")),
    ("coderen", PROGRAMMING),
    ("micro:bit", {"microbit"}),
    ("smartphone", {"fysica-smartphone"}),
    ("gelijke kansen", {"lerend-netwerk-basis"}),
    ("DNA", {"biotech-dna"}),
    ("lego", {"robotica-g1"}),
    ("labo", {"veilig-labo", "haven-bezoek"}),
]
TUNED_ON = 66  # the first queries; the rest came after


def build(*, now: dt.datetime | None = None) -> dict:
    """The centres (in network VL) and every training of ``TRAININGS`` with its sessions."""
    from django.utils import timezone

    from networks.models import Centre, Network
    from trainings.models import Session, Training

    now = now or timezone.now()
    network, _ = Network.objects.get_or_create(
        code="VL", defaults={"name": "STEMNET Vlaanderen", "country": "BE"}
    )
    centres = {}
    for code, name, kind, province, address in CENTRES:
        centres[code], _ = Centre.objects.update_or_create(
            code=code,
            defaults={
                "network": network,
                "name": name,
                "kind": kind,
                "province": province,
                "address": address,
            },
        )
    made = {}
    for n, t in enumerate(TRAININGS):
        training = Training.objects.create(
            code=t.code,
            title=t.title,
            description=t.description,
            centre=centres[t.centre],
            stem_domains=list(t.domains),
            levels=list(t.levels),
            format=t.format,
            status=t.status,
        )
        first = now + dt.timedelta(days=-60 if t.past else 7 + n)
        for i, place in enumerate(t.places):
            starts = first + dt.timedelta(days=7 * i)
            Session.objects.create(
                training=training,
                starts_at=starts,
                ends_at=starts + dt.timedelta(hours=3),
                location="" if place == ONLINE else f"Campus {place}",
                municipality="" if place == ONLINE else place,
                online_url="https://meet.example.org/" + t.code if place == ONLINE else "",
                theme=t.themes[i] if i < len(t.themes) else "",
            )
        made[t.code] = training
    return made


@dataclass
class Measure:
    """Micro-averaged recall and precision (every expected training and every training found
    counts once), the mean per query (every query counts once), and what went wrong."""

    recall: float = 0.0
    precision: float = 0.0
    query_recall: float = 0.0
    query_precision: float = 0.0
    queries: int = 0
    misses: dict[str, set[str]] = field(default_factory=dict)
    extras: dict[str, set[str]] = field(default_factory=dict)

    def report(self) -> str:
        lines = [
            f"{self.queries} queries: recall {self.recall:.3f}, precision {self.precision:.3f} "
            f"(per query: {self.query_recall:.3f}, {self.query_precision:.3f})"
        ]
        for query, codes in self.misses.items():
            lines.append(f"  {query!r} misses {sorted(codes)}")
        for query, codes in self.extras.items():
            lines.append(f"  {query!r} also finds {sorted(codes)}")
        return "\n".join(lines)


def measure(
    search: Callable[[str], Iterable[str]], queries: list[tuple[str, set[str]]] | None = None
) -> Measure:
    """``search(query)`` returns the codes it finds; measured over ``queries`` (all)."""
    queries = QUERIES if queries is None else queries
    expected_total = found_total = hits = 0
    recalls, precisions = [], []
    result = Measure(queries=len(queries))
    for query, expected in queries:
        found = set(search(query))
        hits += len(found & expected)
        expected_total += len(expected)
        found_total += len(found)
        recalls.append(len(found & expected) / len(expected))
        precisions.append(len(found & expected) / len(found) if found else 0.0)
        if expected - found:
            result.misses[query] = expected - found
        if found - expected:
            result.extras[query] = found - expected
    result.recall = hits / expected_total
    result.precision = hits / found_total if found_total else 0.0
    result.query_recall = sum(recalls) / len(recalls)
    result.query_precision = sum(precisions) / len(precisions)
    return result
