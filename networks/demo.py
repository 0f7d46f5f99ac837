"""Demo data of the networks app, with the real figures of the source documents.

- The Flemish network ``VL`` with its national centre and the regional centres hosted by
  Flemish universities and university colleges; VIVES and Arteveldehogeschool coordinate the
  learning network STEM+ (a subsidy of 65,000 EUR).
- The seven European networks of the comparative study of STEM networks, with the figures of
  its comparison table (start year, initiative, focus, budget per year, number of centres,
  reach), some of their centres, partners and funding lines. IMST (Austria) gave its financial
  figures in confidence, so its funding lines are not public.

Idempotent: rows are matched on codes and names, so loading twice changes nothing.
"""

import datetime as dt
from decimal import Decimal

from stemnet.accounts.models import User

from .models import (
    Centre,
    Funding,
    GoodPractice,
    Membership,
    Network,
    Organisation,
    Partnership,
)

# The roles of the demo log-ins (``stemnet.accounts.demo`` creates the accounts first).
DEMO_MEMBERSHIPS = [
    ("coordinator.vov@stemnet.test", Membership.Role.COORDINATOR, "VOV"),
    ("ministerie@stemnet.test", Membership.Role.MINISTRY, None),
]

O = Organisation.Kind  # noqa: E741
F = Funding.Kind
P = Partnership.Kind
NAT, REG = Centre.Kind.NATIONAL, Centre.Kind.REGIONAL

ORGANISATIONS = [
    # (name, kind, country, city)
    ("KU Leuven", O.UNIVERSITY, "BE", "Leuven"),
    ("Universiteit Antwerpen", O.UNIVERSITY, "BE", "Antwerpen"),
    ("UC Leuven-Limburg", O.UNIVERSITY_COLLEGE, "BE", "Leuven"),
    ("Hogeschool PXL", O.UNIVERSITY_COLLEGE, "BE", "Hasselt"),
    ("Arteveldehogeschool", O.UNIVERSITY_COLLEGE, "BE", "Gent"),
    ("VIVES Hogeschool", O.UNIVERSITY_COLLEGE, "BE", "Kortrijk"),
    ("Erasmushogeschool Brussel", O.UNIVERSITY_COLLEGE, "BE", "Brussel"),
    ("Vlaamse overheid, Departement Onderwijs en Vorming", O.GOVERNMENT, "BE", "Brussel"),
    # France
    ("Fondation La main à la pâte", O.FOUNDATION, "FR", "Paris"),
    ("Académie des sciences", O.OTHER, "FR", "Paris"),
    ("Programme d'Investissements d'Avenir (PIA)", O.GOVERNMENT, "FR", "Paris"),
    ("Lokale overheden en bedrijfsleven (FR)", O.OTHER, "FR", ""),
    ("Bedrijfsleven Centre-Val de Loire", O.COMPANY, "FR", "Orléans"),
    # United Kingdom
    ("STEM Learning Ltd (Myscience.co)", O.OTHER, "GB", "York"),
    ("University of York", O.UNIVERSITY, "GB", "York"),
    ("Wellcome Trust", O.FOUNDATION, "GB", "London"),
    ("Gatsby Foundation", O.FOUNDATION, "GB", "London"),
    ("Department for Education", O.GOVERNMENT, "GB", "London"),
    # Finland
    ("Universiteit van Helsinki", O.UNIVERSITY, "FI", "Helsinki"),
    ("Universiteit van Oulu", O.UNIVERSITY, "FI", "Oulu"),
    ("Finnish National Board of Education", O.GOVERNMENT, "FI", "Helsinki"),
    ("Bedrijvenpartners LUMA Centre Helsinki", O.COMPANY, "FI", "Helsinki"),
    # Austria
    ("Alpen-Adria-Universität Klagenfurt (IUS)", O.UNIVERSITY, "AT", "Klagenfurt"),
    ("Bundesministerium für Bildung und Frauen", O.GOVERNMENT, "AT", "Wien"),
    # Netherlands
    ("Platform Bèta Techniek", O.FOUNDATION, "NL", "Den Haag"),
    ("Ministerie van Onderwijs, Cultuur en Wetenschap", O.GOVERNMENT, "NL", "Den Haag"),
    ("SLO, Stichting Leerplanontwikkeling", O.FOUNDATION, "NL", "Enschede"),
    # Germany
    ("Stiftung Haus der kleinen Forscher", O.FOUNDATION, "DE", "Berlin"),
    ("Bundesministerium für Bildung und Forschung", O.GOVERNMENT, "DE", "Berlin"),
    ("Private partners Haus der kleinen Forscher", O.FOUNDATION, "DE", "Berlin"),
    # Italy
    ("ANISN", O.OTHER, "IT", "Napoli"),
    ("Accademia dei Lincei", O.SCIENCE_CENTRE, "IT", "Roma"),
    ("Amgen Foundation (Amgen Teach)", O.FOUNDATION, "IT", ""),
]

# The comparative study's table, one dict per network; amounts per year in ``budget_currency``.
NETWORKS = [
    {
        "code": "VL",
        "name": "STEMNET Vlaanderen",
        "country": "BE",
        "coordinating_organisation": "KU Leuven",
        "structure": "Nationaal STEM-centrum en zes regionale STEM-centra in universiteiten "
        "en hogescholen",
        "legal_status": "Publiek, gesubsidieerd door de Vlaamse overheid",
        "initiative": "Vlaamse overheid (STEM-agenda 2030)",
        "main_focus": "Professionalisering van leraren in STEM, lerende netwerken",
        "focus_codes": ["teacher_cpd", "primary", "secondary", "school_development", "equity"],
        "mission": "Een kennisnetwerk STEM met een nationaal centrum en regionale centra, "
        "verankerd in universiteiten en hogescholen, dat leraren, directies en "
        "STEM-coördinatoren ondersteunt met nascholing en lerende netwerken.",
        "target_groups": "Leraren, directies en STEM-coördinatoren van het basis- en "
        "secundair onderwijs, lerarenopleiders.",
        "steering_group": "STEM-stuurgroep met de departementen Onderwijs en Vorming, EWI en "
        "Werk en Sociale Economie.",
        "centres_reported": 7,
        "centres_note": "1 nationaal en 6 regionale centra",
        "funding_public": True,
    },
    {
        "code": "FR",
        "name": "Les Maisons pour la Science",
        "country": "FR",
        "coordinating_organisation": "Fondation La main à la pâte",
        "structure": "Coördinatie LAMAP i.s.m. 9 universiteiten",
        "legal_status": "Stichting (Fondation de coopération scientifique)",
        "launch_year": 2012,
        "initiative": "Lamap en Academie van Wetenschappen",
        "main_focus": "STEM-bijscholing van leerkrachten bo en lso door teams van onderzoekers "
        "en vormers met activiteiten in labs",
        "focus_codes": ["teacher_cpd", "primary", "secondary", "equity"],
        "mission": "Een hecht netwerk van 10 Maisons pour la science (9 regionale en één "
        "nationaal) dat kwaliteitsbijscholing voor leerkrachten organiseert vanuit "
        "een sterke samenwerking tussen onderwijs, onderzoek en bedrijfswereld, en "
        "de kennis van alle huizen samenbrengt en deelt.",
        "target_groups": "Leraren wetenschappen van de lagere school en het lager secundair "
        "onderwijs (collèges), lerarenopleiders en vormers.",
        "steering_group": "Elke Maison heeft een stuurgroep met universiteit, rectorat, "
        "inspectie, onderzoek en bedrijfsleven.",
        "scientific_committee": "Nationaal wetenschappelijk comité geleid door leden van de "
        "Académie des sciences; elke Maison heeft een eigen comité.",
        "executive_board": "Soms een klein uitvoerend comité per Maison.",
        "centres_reported": 10,
        "centres_note": "Netwerk van 10 Maisons",
        "budget_min": "3400000",
        "budget_note": "€ 1,7 Mio per jaar van PIA (overheid) + "
        "€ 1,7 Mio per jaar op lokaal niveau van lokale overheden en bedrijfsleven "
        "(gemiddeld over 7 jaar)",
        "reach_teachers_min": 5000,
        "reach_teachers_max": 10000,
        "reach_note": "5000 à 10.000 leraren per jaar",
        "strengths": "Co-creatie van bijscholingen door vormers, onderzoekers en bedrijfsleven; "
        "kwaliteitsbewaking door de Académie des sciences; grondige evaluatie.",
        "weaknesses": "Na vijf jaar moeten de Maisons zelfbedruipend zijn; beperkte bijdrage "
        "van het bedrijfsleven.",
        "funding_public": True,
    },
    {
        "code": "NL",
        "name": "Regionale vo-ho netwerken (Bèta Steunpunten)",
        "country": "NL",
        "coordinating_organisation": "Platform Bèta Techniek",
        "structure": "Bèta-steunpunten aan 11 universiteiten",
        "legal_status": "Netwerk van steunpunten aan universiteiten en hogescholen",
        "launch_year": 2004,
        "initiative": "Ministerie van Onderwijs en regionale overheden",
        "main_focus": "Regionale training en nascholing van vo-docenten in de STEM-disciplines "
        "en training van directieleden, met aandacht voor "
        "schoolontwikkelingsprojecten",
        "focus_codes": ["teacher_cpd", "secondary", "school_development"],
        "mission": "Docentennetwerken rond universiteiten en hogescholen waarin docenten uit "
        "het voortgezet en hoger onderwijs samen nieuw bètaonderwijs ontwikkelen "
        "en leraren bijscholen.",
        "target_groups": "Docenten en schoolleiders van het voortgezet onderwijs.",
        "steering_group": "Steunpuntenraad en Steunpuntenadviesraad, ondersteund door SLO.",
        "centres_reported": 11,
        "centres_note": "Netwerk van 11 steunpunten",
        "budget_min": "1100000",
        "budget_max": "3300000",
        "budget_note": "Tussen € 100.000 en € 300.000 per jaar per regionaal netwerk "
        "(11 netwerken)",
        "reach_teachers_min": 1000,
        "reach_teachers_max": 1200,
        "reach_note": "1000-1200 leraren per jaar voor alle steunpunten samen",
        "strengths": "Belang van schoolontwikkelingsprojecten; sterke regionale structuur.",
        "weaknesses": "Onduidelijke samenwerking tussen bijscholing en initiële "
        "lerarenopleiding; nog geen systematische steun van het bedrijfsleven; "
        "geen globale evaluatie.",
        "funding_public": True,
    },
    {
        "code": "UK",
        "name": "National STEM Learning Network (NSLN)",
        "country": "GB",
        "coordinating_organisation": "STEM Learning Ltd (Myscience.co)",
        "structure": "Coördinatie vzw Myscience.co Ltd, onderdeel van White Rose University "
        "Consortium",
        "legal_status": "Vzw (not-for-profit company) van de universiteiten van Leeds, "
        "Sheffield en York",
        "launch_year": 2006,
        "initiative": "Wellcome Trust, Ministerie van Onderwijs en Vaardigheden",
        "main_focus": "STEM-onderwijs in het VK verbeteren door 52 leerpartnerschappen met "
        "scholen; STEM-bijscholing van leerkrachten en technici bo en so, ook "
        "vorming van beleidsmakers in scholen",
        "focus_codes": ["teacher_cpd", "primary", "secondary", "school_development"],
        "mission": "Permanente, vakspecifieke professionele bijscholing van leraren "
        "wetenschappen en technologie, vanuit het National STEM Learning Centre in "
        "York en de School-centred Science Learning Partnerships.",
        "target_groups": "Leraren, technici, directies en STEM-coördinatoren van basis- en "
        "secundair onderwijs.",
        "centres_reported": 52,
        "centres_note": "Netwerk vanuit 52 scholen",
        "budget_min": "11000000",
        "budget_currency": "GBP",
        "budget_note": "£ 11 Mio per jaar, ter beschikking gesteld o.a. door de Wellcome "
        "Trust, het ministerie van Onderwijs en industriële partners",
        "reach_teachers_min": 15000,
        "reach_note": "15.000 leraren en beleidsmakers (per jaar?)",
        "strengths": "Lange-termijnstrategie van de overheid; uniek partnerschap van "
        "stichtingen, overheid en werkgevers (ENTHUSE).",
        "funding_public": True,
    },
    {
        "code": "FI",
        "name": "LUMA Centre Finland",
        "country": "FI",
        "coordinating_organisation": "Universiteit van Helsinki",
        "structure": "Netwerk van 13 LUMA-centra; coördinatie: LUMA Centre Helsinki, "
        "Universiteit van Helsinki",
        "legal_status": "Overkoepelende organisatie van universitaire centra",
        "launch_year": 2003,
        "initiative": "Finse National Board of Education",
        "main_focus": "Zowel STEM-specialisatie als algemene STEM-geletterdheid verbeteren via "
        "online ondersteuning van STEM-leraren en samenwerking met de initiële "
        "lerarenopleiding",
        "focus_codes": ["teacher_cpd", "teacher_education", "primary", "secondary"],
        "mission": "Levenslang leren, studeren en onderwijzen van STEM bevorderen op alle "
        "niveaus van het onderwijs, in samenwerking tussen scholen, universiteiten "
        "en bedrijfsleven.",
        "target_groups": "Leraren van alle onderwijsniveaus, studenten lerarenopleiding, "
        "leerlingen en gezinnen.",
        "centres_reported": 13,
        "centres_note": "Netwerk van 13 centra",
        "budget_min": "200000",
        "budget_partial": True,
        "budget_note": "€ 200.000 per jaar voor coördinatie. Fondsen voor andere centra "
        "variëren van centrum tot centrum. Daarnaast steun van bedrijven",
        "reach_teachers_min": 1000,
        "reach_teachers_max": 1500,
        "reach_note": "1000 à 1500 leraren per jaar + 600-1000 studenten initiële lerarenopleiding",
        "funding_public": True,
    },
    {
        "code": "AT",
        "name": "IMST Innovationen Machen Schulen Top",
        "country": "AT",
        "coordinating_organisation": "Alpen-Adria-Universität Klagenfurt (IUS)",
        "structure": "Coördinatie: IUS, Universiteit Klagenfurt",
        "legal_status": "Programma van het ministerie, uitgevoerd door de universiteit",
        "launch_year": 1998,
        "initiative": "Federaal Ministerie van Onderwijs en Vrouwen en de Alpen-Adria-"
        "Universität Klagenfurt, in samenwerking met partners",
        "main_focus": "Onderzoeken van de effectiviteit van projecten en onderwijsmethodes via "
        "action research door de leerkrachten betrokken bij de bijscholing",
        "focus_codes": ["teacher_cpd", "action_research", "school_development"],
        "mission": "Een coöperatieve structuur van scholen, schooladministratie, universiteiten, "
        "pedagogische hogescholen en bedrijfsleven die schoolontwikkeling in STEM "
        "ondersteunt.",
        "target_groups": "Leraren van kleuter-, lager en secundair onderwijs, initiële "
        "lerarenopleiding.",
        "centres_reported": 9,
        "centres_note": "Netwerk van 9 centra",
        "budget_min": "1500000",
        "budget_note": "€ 1,5 Mio per jaar van het ministerie van Onderwijs en regionale overheden",
        "reach_teachers_min": 7000,
        "reach_note": "7000 leraren per jaar",
        "funding_public": False,  # figures given in confidence
    },
    {
        "code": "IT",
        "name": "SID Scientiam Inquirendo Discere",
        "country": "IT",
        "coordinating_organisation": "ANISN",
        "structure": "Coördinatie: ANISN",
        "legal_status": "Project van een vereniging van leraren",
        "launch_year": 2010,
        "initiative": "ANISN + Accademia dei Lincei",
        "main_focus": "Bottom-up aanpak en progressie bij het organiseren van bijscholingen; "
        "deelname van ANISN aan Europese projecten leidde tot kruisbestuiving; "
        "de inzet van tientallen vrijwilligers",
        "focus_codes": ["teacher_cpd", "primary", "secondary"],
        "mission": "Onderzoekend leren (IBSE) in het STEM-onderwijs verspreiden via "
        "pilootcentra in universiteiten, onderzoeksinstituten en musea.",
        "target_groups": "Leraren van lager en secundair onderwijs.",
        "centres_reported": 10,
        "centres_note": "Netwerk van 10 centra",
        "budget_min": "30000",
        "budget_max": "67000",
        "budget_note": "Tussen € 67.000 en € 30.000 per jaar (bedrag vermindert)",
        "reach_teachers_min": 400,
        "reach_note": "Gemiddeld 400 leraren per jaar",
        "weaknesses": "Financiële duurzaamheid: de inkomsten wijzigen elk jaar sterk.",
        "funding_public": True,
    },
    {
        "code": "DE",
        "name": "Haus der kleinen Forscher (MINT Forum)",
        "country": "DE",
        "coordinating_organisation": "Stiftung Haus der kleinen Forscher",
        "structure": "Haus der kleinen Forscher / HdkF-Stiftung (lid van het MINT Forum)",
        "legal_status": "Stichting",
        "launch_year": 2006,
        "initiative": "Ministerie van Onderwijs + privéstichtingen",
        "main_focus": "STEM-kwalificatieprogramma (bijscholing) voor leraren en opvoeders in "
        "24.000 kleuterscholen en crèches, in samenwerking met onderzoekers",
        "focus_codes": ["teacher_cpd", "early_years", "primary"],
        "mission": "STEM-interesse bevorderen bij kinderen van 3 tot 10 jaar door bijscholing "
        "van leraren, kleuterleiders, opvoeders en animatoren.",
        "target_groups": "Kleuterscholen, kinderopvang, lagere scholen en STEM-academies.",
        "centres_reported": 229,
        "centres_note": "229 lokale netwerken",
        "budget_min": "9000000",
        "budget_partial": True,
        "budget_note": "€ 9 Mio per jaar (80% ministerie van Onderwijs en 20% van private "
        "partners) + regionale middelen (niet gekend)",
        "reach_schools": 4300,
        "reach_note": "4.300 gecertificeerde lokale instellingen (scholen, zorgcentra, "
        "naschoolse opvang, ...)",
        "funding_public": True,
    },
]

CENTRES = [
    # (code, network, name, kind, province, region, host)
    ("VL-NAT", "VL", "Nationaal STEM-centrum", NAT, "", "Vlaanderen", "KU Leuven"),
    ("VAN", "VL", "STEM-centrum Antwerpen", REG, "VAN", "", "Universiteit Antwerpen"),
    ("VBR", "VL", "STEM-centrum Vlaams-Brabant", REG, "VBR", "", "UC Leuven-Limburg"),
    ("VLI", "VL", "STEM-centrum Limburg", REG, "VLI", "", "Hogeschool PXL"),
    ("VOV", "VL", "STEM-centrum Oost-Vlaanderen", REG, "VOV", "", "Arteveldehogeschool"),
    ("VWV", "VL", "STEM-centrum West-Vlaanderen", REG, "VWV", "", "VIVES Hogeschool"),
    ("BRU", "VL", "STEM-centrum Brussel", REG, "BRU", "", "Erasmushogeschool Brussel"),
    (
        "FR-NAT",
        "FR",
        "Maison pour la science (nationale coördinatie)",
        NAT,
        "",
        "Paris",
        "Fondation La main à la pâte",
    ),
    ("FR-ALS", "FR", "Maison pour la science en Alsace", REG, "", "Alsace", None),
    (
        "FR-CVL",
        "FR",
        "Maison pour la science en Centre-Val de Loire",
        REG,
        "",
        "Centre-Val de Loire",
        None,
    ),
    ("FR-BRE", "FR", "Maison pour la science en Bretagne", REG, "", "Bretagne", None),
    ("UK-NSLC", "UK", "National STEM Learning Centre", NAT, "", "York", "University of York"),
    ("FI-HEL", "FI", "LUMA Centre Helsinki", NAT, "", "Helsinki", "Universiteit van Helsinki"),
    ("FI-OUL", "FI", "LUMA Centre Oulu", REG, "", "Oulu", "Universiteit van Oulu"),
    (
        "AT-KLU",
        "AT",
        "IMST Klagenfurt",
        NAT,
        "",
        "Kärnten",
        "Alpen-Adria-Universität Klagenfurt (IUS)",
    ),
    ("NL-AMS", "NL", "Bèta Steunpunt Amsterdam", REG, "", "Amsterdam", None),
    ("NL-BRA", "NL", "Bèta Steunpunt Brabant", REG, "", "Eindhoven", None),
    ("NL-UTR", "NL", "Regionaal Steunpunt Utrecht", REG, "", "Utrecht", None),
    ("NL-ZEE", "NL", "Regionaal Bèta Steunpunt Zeeland", REG, "", "Zeeland", None),
    (
        "DE-BER",
        "DE",
        "Haus der kleinen Forscher, Berlin",
        NAT,
        "",
        "Berlin",
        "Stiftung Haus der kleinen Forscher",
    ),
    ("IT-NAP", "IT", "Centro pilota SID Napoli", REG, "", "Napoli", None),
    ("IT-PIS", "IT", "Centro pilota SID Pisa", REG, "", "Pisa", None),
    ("IT-VEN", "IT", "Centro pilota SID Venezia", REG, "", "Venezia", None),
]

CENTRE_DETAILS = {
    "VOV": {
        "contact_email": "vov@stemnet.test",
        "address": "Hoogpoort 15, 9000 Gent",
        "staff_fte": "2.5",
        "launch_year": 2016,
        "description": "Co-coördinator van het lerend netwerk STEM+ (STEM en gelijke "
        "kansen) samen met VIVES.",
    },
    "VWV": {
        "contact_email": "vwv@stemnet.test",
        "address": "Doorniksesteenweg 145, 8500 Kortrijk",
        "satellites": "VIVES campus Tielt\nVIVES campus Brugge",
        "staff_fte": "2.0",
        "launch_year": 2016,
        "description": "De lerarenopleiding van VIVES in Tielt coördineert het lerend "
        "netwerk STEM+ samen met de Arteveldehogeschool.",
    },
    "FR-NAT": {
        "staff_fte": "6.0",
        "description": "Nationale coördinatie in Parijs; "
        "bijscholing van lerarenopleiders en vormers.",
    },
    "FR-CVL": {
        "description": "Budget van ongeveer € 450.000 per jaar, waarvan € 50.000 van "
        "het bedrijfsleven."
    },
    "NL-UTR": {
        "reach_teachers": 259,
        "description": "259 docenten, toa's en schoolleiders in "
        "een professionaliseringscursus en 200 aanwezigen op de regionale "
        "docentenconferentie.",
    },
    "NL-ZEE": {
        "description": "Eén halftijdse coördinator en een deeltijdse "
        "secretariaatsmedewerker; totaal budget € 310.000 per jaar."
    },
    "IT-NAP": {"launch_year": 2010, "description": "Eerste pilootcentrum van SID (2010)."},
    "IT-PIS": {"launch_year": 2011},
    "IT-VEN": {"launch_year": 2011},
    "FI-HEL": {"launch_year": 2003},
}

PARTNERSHIPS = [
    # (organisation, network, centre, kind, starts_on, ends_on, note)
    ("Vlaamse overheid, Departement Onderwijs en Vorming", "VL", None, P.FUNDER, None, None, ""),
    (
        "VIVES Hogeschool",
        "VL",
        None,
        P.CO_CREATOR,
        dt.date(2016, 9, 1),
        dt.date(2017, 8, 31),
        "Coördineert het lerend netwerk STEM+",
    ),
    (
        "Arteveldehogeschool",
        "VL",
        None,
        P.CO_CREATOR,
        dt.date(2016, 9, 1),
        dt.date(2017, 8, 31),
        "Coördineert het lerend netwerk STEM+",
    ),
    (
        "Académie des sciences",
        "FR",
        None,
        P.RESEARCH,
        dt.date(2012, 1, 1),
        None,
        "Nationaal wetenschappelijk comité",
    ),
    (
        "Programme d'Investissements d'Avenir (PIA)",
        "FR",
        None,
        P.FUNDER,
        dt.date(2012, 1, 1),
        dt.date(2016, 12, 31),
        "€ 12 Mio over vijf jaar",
    ),
    ("Wellcome Trust", "UK", None, P.FUNDER, dt.date(2006, 3, 1), None, ""),
    ("Gatsby Foundation", "UK", None, P.FUNDER, None, None, "Project ENTHUSE"),
    ("Department for Education", "UK", None, P.FUNDER, dt.date(2006, 3, 1), None, ""),
    (
        "Finnish National Board of Education",
        "FI",
        None,
        P.FUNDER,
        None,
        None,
        "Financiert soms de vormers",
    ),
    (
        "Bedrijvenpartners LUMA Centre Helsinki",
        None,
        "FI-HEL",
        P.FUNDER,
        None,
        None,
        "€ 20.000 per bedrijf per jaar, telkens voor drie jaar",
    ),
    ("Bundesministerium für Bildung und Frauen", "AT", None, P.FUNDER, None, None, ""),
    (
        "Ministerie van Onderwijs, Cultuur en Wetenschap",
        "NL",
        None,
        P.FUNDER,
        dt.date(2013, 7, 1),
        dt.date(2016, 6, 30),
        "€ 3 Mio over drie jaar",
    ),
    (
        "SLO, Stichting Leerplanontwikkeling",
        "NL",
        None,
        P.CO_CREATOR,
        None,
        None,
        "Administratieve ondersteuning van de Steunpuntenraad",
    ),
    ("Bundesministerium für Bildung und Forschung", "DE", None, P.FUNDER, None, None, ""),
    ("Accademia dei Lincei", "IT", None, P.CO_CREATOR, dt.date(2010, 1, 1), None, ""),
    ("Amgen Foundation (Amgen Teach)", "IT", None, P.FUNDER, None, None, "Amgen Teach, drie jaar"),
]

FUNDING = [
    # (network, centre, year, source, kind, amount_eur, note)
    (
        "VL",
        None,
        2016,
        "Vlaamse overheid, Departement Onderwijs en Vorming",
        F.GOVERNMENT,
        "65000",
        "Lerend netwerk STEM+ (VIVES en Arteveldehogeschool), loopt tot augustus 2017",
    ),
    (
        "FR",
        None,
        2015,
        "Programme d'Investissements d'Avenir (PIA)",
        F.GOVERNMENT,
        "1700000",
        "Gemiddeld over 7 jaar",
    ),
    (
        "FR",
        None,
        2015,
        "Lokale overheden en bedrijfsleven (FR)",
        F.GOVERNMENT,
        "1700000",
        "Lokaal niveau, gemiddeld over 7 jaar",
    ),
    (
        None,
        "FR-CVL",
        2015,
        "Bedrijfsleven Centre-Val de Loire",
        F.COMPANY,
        "50000",
        "Op een budget van € 450.000 per jaar",
    ),
    ("FI", None, 2015, "Universiteit van Helsinki", F.UNIVERSITY, "200000", "Coördinatie"),
    (None, "FI-OUL", 2015, "Universiteit van Oulu", F.UNIVERSITY, "200000", "Ongeveer"),
    (
        None,
        "FI-HEL",
        2015,
        "Bedrijvenpartners LUMA Centre Helsinki",
        F.COMPANY,
        "20000",
        "Per bedrijf",
    ),
    (
        "AT",
        None,
        2013,
        "Bundesministerium für Bildung und Frauen",
        F.GOVERNMENT,
        "866666.67",
        "€ 2 Mio + € 0,6 Mio vrijgestelde leraren over 2013-2015",
    ),
    (
        "AT",
        None,
        2014,
        "Bundesministerium für Bildung und Frauen",
        F.GOVERNMENT,
        "866666.67",
        "€ 2 Mio + € 0,6 Mio vrijgestelde leraren over 2013-2015",
    ),
    (
        "AT",
        None,
        2015,
        "Bundesministerium für Bildung und Frauen",
        F.GOVERNMENT,
        "866666.66",
        "€ 2 Mio + € 0,6 Mio vrijgestelde leraren over 2013-2015",
    ),
    (
        "NL",
        None,
        2014,
        "Ministerie van Onderwijs, Cultuur en Wetenschap",
        F.GOVERNMENT,
        "1000000",
        "€ 3 Mio over midden 2013 - midden 2016",
    ),
    (
        "NL",
        None,
        2015,
        "Ministerie van Onderwijs, Cultuur en Wetenschap",
        F.GOVERNMENT,
        "1000000",
        "€ 3 Mio over midden 2013 - midden 2016",
    ),
    (
        "DE",
        None,
        2015,
        "Bundesministerium für Bildung und Forschung",
        F.GOVERNMENT,
        "7184307.65",
        "80% van het budget van € 8.980.384,56",
    ),
    (
        "DE",
        None,
        2015,
        "Private partners Haus der kleinen Forscher",
        F.FOUNDATION,
        "1796076.91",
        "20% van het budget van € 8.980.384,56",
    ),
    (
        "IT",
        None,
        2012,
        "Accademia dei Lincei",
        F.GOVERNMENT,
        "67000",
        "Middelen van het ministerie via de Accademia",
    ),
    (
        "IT",
        None,
        2015,
        "Accademia dei Lincei",
        F.GOVERNMENT,
        "30000",
        "Middelen van het ministerie via de Accademia",
    ),
    (
        "IT",
        None,
        2015,
        "Amgen Foundation (Amgen Teach)",
        F.FOUNDATION,
        "36750",
        "Voor de Amgen Teach-bijscholingen, over drie jaar",
    ),
]

GOOD_PRACTICES = [
    # (centre, title, theme, summary, links, status)
    (
        "VOV",
        "Zes sleutels voor STEM en gelijke kansen",
        "STEM en gelijke kansen",
        "Het lerend netwerk STEM+ werkte in acht thematische sessies (2016-2017) zes sleutels "
        "uit om STEM toegankelijk te maken voor alle kinderen: eigenwaarde, eigenheid, "
        "eigenaarschap, integratie, assessment en samenwerking.",
        "https://stemplus.wordpress.com/\nhttps://www.stembasis.be/",
        GoodPractice.Status.PUBLISHED,
    ),
    (
        "VWV",
        "STEM voor de basis",
        "Basisonderwijs",
        "Een didactiek voor STEM in de basisschool, ontwikkeld door een leergemeenschap van "
        "lerarenopleiders, leraren, directies, onderzoekers en pedagogisch begeleiders.",
        "https://www.stembasis.be/",
        GoodPractice.Status.PUBLISHED,
    ),
    (
        "VWV",
        "STEM en schoolontwikkeling",
        "Schoolontwikkeling",
        "Vervolgtraject 2017-2018: hoe implementeren we STEM duurzaam op basisscholen?",
        "",
        GoodPractice.Status.DRAFT,
    ),
]


def load(out) -> None:
    orgs = {}
    for name, kind, country, city in ORGANISATIONS:
        orgs[name], _ = Organisation.objects.update_or_create(
            name=name, defaults={"kind": kind, "country": country, "city": city}
        )
    networks = {}
    for spec in NETWORKS:
        values = dict(spec)
        code = values.pop("code")
        values["coordinating_organisation"] = orgs[values["coordinating_organisation"]]
        for key in ("budget_min", "budget_max"):
            if key in values:
                values[key] = Decimal(values[key])
        networks[code], _ = Network.objects.update_or_create(code=code, defaults=values)
    centres = {}
    for code, network, name, kind, province, region, host in CENTRES:
        defaults = {
            "network": networks[network],
            "name": name,
            "kind": kind,
            "province": province,
            "region": region,
            "host": orgs[host] if host else None,
        }
        defaults.update(CENTRE_DETAILS.get(code, {}))
        centres[code], _ = Centre.objects.update_or_create(code=code, defaults=defaults)
    for centre in centres.values():
        if centre.host_id:
            Partnership.objects.update_or_create(
                organisation=centre.host, centre=centre, network=None, kind=P.HOST
            )
    for org, network, centre, kind, starts_on, ends_on, note in PARTNERSHIPS:
        Partnership.objects.update_or_create(
            organisation=orgs[org],
            network=networks.get(network),
            centre=centres.get(centre),
            kind=kind,
            defaults={"starts_on": starts_on, "ends_on": ends_on, "note": note},
        )
    for network, centre, year, source, kind, amount, note in FUNDING:
        Funding.objects.update_or_create(
            network=networks.get(network),
            centre=centres.get(centre),
            year=year,
            source=orgs[source],
            kind=kind,
            status=Funding.Status.RECEIVED,
            defaults={"amount_eur": Decimal(amount), "note": note},
        )
    for centre, title, theme, summary, links, status in GOOD_PRACTICES:
        GoodPractice.objects.update_or_create(
            centre=centres[centre],
            title=title,
            defaults={"theme": theme, "summary": summary, "links": links, "status": status},
        )
    for email, role, centre in DEMO_MEMBERSHIPS:
        user = User.objects.filter(email=email).first()
        if user is not None:
            Membership.objects.get_or_create(user=user, role=role, centre=centres.get(centre))
    out.write(
        f"  networks: {Network.objects.count()} networks, {Centre.objects.count()} centres, "
        f"{Funding.objects.count()} funding lines, {GoodPractice.objects.count()} good practices"
    )
