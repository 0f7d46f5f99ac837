"""Demo data of the networks app: the Flemish network and its centres.

Idempotent: rows are matched on their codes and names, so loading twice changes nothing.
"""

from .models import Centre, Network, Organisation

FLEMISH_HOSTS = [
    # (name, kind, city)
    ("KU Leuven", Organisation.Kind.UNIVERSITY, "Leuven"),
    ("Universiteit Antwerpen", Organisation.Kind.UNIVERSITY, "Antwerpen"),
    ("UC Leuven-Limburg", Organisation.Kind.UNIVERSITY_COLLEGE, "Leuven"),
    ("Hogeschool PXL", Organisation.Kind.UNIVERSITY_COLLEGE, "Hasselt"),
    ("Arteveldehogeschool", Organisation.Kind.UNIVERSITY_COLLEGE, "Gent"),
    ("VIVES Hogeschool", Organisation.Kind.UNIVERSITY_COLLEGE, "Kortrijk"),
    ("Erasmushogeschool Brussel", Organisation.Kind.UNIVERSITY_COLLEGE, "Brussel"),
    ("Vlaamse overheid, Departement Onderwijs en Vorming", Organisation.Kind.GOVERNMENT, "Brussel"),
]

FLEMISH_CENTRES = [
    # (code, name, kind, province, host)
    ("VL-NAT", "Nationaal STEM-centrum", Centre.Kind.NATIONAL, "", "KU Leuven"),
    ("VAN", "STEM-centrum Antwerpen", Centre.Kind.REGIONAL, "VAN", "Universiteit Antwerpen"),
    ("VBR", "STEM-centrum Vlaams-Brabant", Centre.Kind.REGIONAL, "VBR", "UC Leuven-Limburg"),
    ("VLI", "STEM-centrum Limburg", Centre.Kind.REGIONAL, "VLI", "Hogeschool PXL"),
    ("VOV", "STEM-centrum Oost-Vlaanderen", Centre.Kind.REGIONAL, "VOV", "Arteveldehogeschool"),
    ("VWV", "STEM-centrum West-Vlaanderen", Centre.Kind.REGIONAL, "VWV", "VIVES Hogeschool"),
    ("BRU", "STEM-centrum Brussel", Centre.Kind.REGIONAL, "BRU", "Erasmushogeschool Brussel"),
]


def load(out) -> None:
    hosts = {}
    for name, kind, city in FLEMISH_HOSTS:
        hosts[name], _ = Organisation.objects.update_or_create(
            name=name, defaults={"kind": kind, "city": city, "country": "BE"}
        )
    network, _ = Network.objects.update_or_create(
        code="VL",
        defaults={
            "name": "STEMNET Vlaanderen",
            "country": "BE",
            "coordinating_organisation": hosts["KU Leuven"],
            "initiative": "Vlaamse overheid (STEM-agenda 2030)",
            "main_focus": "Professionalisering van leraren in STEM, lerende netwerken",
            "mission": (
                "Een kennisnetwerk STEM met een nationaal centrum en regionale centra, "
                "verankerd in universiteiten en hogescholen, dat leraren, directies en "
                "STEM-coördinatoren ondersteunt met nascholing en lerende netwerken."
            ),
        },
    )
    for code, name, kind, province, host in FLEMISH_CENTRES:
        Centre.objects.update_or_create(
            code=code,
            defaults={"network": network, "name": name, "kind": kind, "province": province,
                      "host": hosts[host]},
        )
    out.write(f"  networks: {Network.objects.count()} networks, {Centre.objects.count()} centres")
