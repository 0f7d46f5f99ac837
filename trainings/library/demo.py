"""Demo data of the library: the centres' good practices copied in, about twenty items of
every kind across the centres, tagged with the six keys of the STEM+ learning network
(``../shared/seeds/001_*``), three kits with copies and one reservation by the demo teacher.
Idempotent: items are found again by centre and title."""

from __future__ import annotations

import datetime as dt

from django.core.files.base import ContentFile
from django.utils import timezone

from networks.models import Centre
from stemnet.accounts.models import User
from trainings.models import Training

from .models import Key, Kind, KitReservation, LibraryAttachment, LibraryItem, Licence
from .search import library_index_rebuild
from .services import good_practices_copy, kit_copies_set

K = Key
ITEMS = [
    # centre, kind, title, summary, domains, levels, keys, themes, licence, extra
    (
        "VWV",
        Kind.GOOD_PRACTICE,
        "Zes sleutels in de praktijk: een STEM-week in het eerste jaar",
        "Hoe een school in Kortrijk de zes sleutels van het lerend netwerk STEM+ gebruikte om "
        "een STEM-week op te zetten waarin elke leerling een rol opneemt. Met planning, "
        "rolkaarten en de evaluatie door de leerlingen.",
        ["S", "T"],
        ["graad1_a"],
        [K.EIGENWAARDE, K.EIGENAARSCHAP, K.SAMENWERKING],
        ["gelijke kansen", "STEM-week"],
        Licence.CC_BY_SA,
        {"trainings": ["stem-plus-2016-2017"], "authors": "Lerend netwerk STEM+"},
    ),
    (
        "VWV",
        Kind.ACTION_RESEARCH,
        "Meisjes en techniek: wat verandert een rolmodel?",
        "Praktijkonderzoek in drie scholen: leerlingen van de eerste graad ontmoetten "
        "ingenieurs en technici. Voor- en nameting van hun interesse in techniek, met de "
        "vragenlijst en de resultaten per klas.",
        ["T", "E"],
        ["graad1_a", "graad1_b"],
        [K.EIGENHEID, K.EIGENWAARDE],
        ["gelijke kansen", "genderstereotypen"],
        Licence.CC_BY,
        {"authors": "An Desmet, Pieter Vandenberghe"},
    ),
    (
        "VWV",
        Kind.LESSON_MATERIAL,
        "Duurzame chemie: lessenreeks bioplastic",
        "Vijf lessen waarin leerlingen zelf bioplastic maken uit zetmeel, de eigenschappen "
        "meten en vergelijken met gewone plastic. Met werkbladen, veiligheidsfiches en een "
        "evaluatierubric.",
        ["S"],
        ["doorstroom", "dubbele_finaliteit"],
        [K.INTEGRATIE, K.ASSESSMENT],
        ["chemie", "duurzaamheid"],
        Licence.CC_BY_NC_SA,
        {"trainings": ["chemie-blended"], "attachment": "lessenreeks-bioplastic.pdf"},
    ),
    (
        "VWV",
        Kind.KIT,
        "Koffer duurzame chemie",
        "Glaswerk, weegschalen, zetmeel, glycerol en veiligheidsmateriaal voor een klas van "
        "24 leerlingen: alles voor de lessenreeks bioplastic.",
        ["S"],
        ["doorstroom", "dubbele_finaliteit"],
        [K.INTEGRATIE],
        ["chemie", "uitleenkoffer"],
        Licence.ALL_RIGHTS,
        {"copies": 2, "max_loan_days": 14},
    ),
    (
        "VOV",
        Kind.KIT,
        "Robotkoffer eerste graad",
        "Twaalf programmeerbare robots met laders, opdrachtkaarten en een lerarenhandleiding "
        "voor de lessen robotica in de eerste graad.",
        ["T", "M"],
        ["graad1_a", "graad1_b"],
        [K.EIGENAARSCHAP, K.SAMENWERKING],
        ["robotica", "programmeren", "uitleenkoffer"],
        Licence.ALL_RIGHTS,
        {"copies": 3, "trainings": ["robotica-1ste-graad"], "max_loan_days": 21},
    ),
    (
        "VOV",
        Kind.LESSON_MATERIAL,
        "Robotica in de eerste graad: opdrachtkaarten",
        "Veertig opdrachtkaarten van eenvoudig naar uitdagend: een robot laten rijden, sensoren "
        "gebruiken, een parcours programmeren. Met differentiatie voor de B-stroom.",
        ["T", "M"],
        ["graad1_a", "graad1_b"],
        [K.EIGENAARSCHAP, K.EIGENWAARDE],
        ["robotica", "programmeren"],
        Licence.CC_BY,
        {"trainings": ["robotica-1ste-graad"], "attachment": "opdrachtkaarten-robotica.pdf"},
    ),
    (
        "VOV",
        Kind.RECORDING,
        "Webinar: onderzoekend leren van vraag tot experiment",
        "Opname van het webinar bij de nascholingsreeks onderzoekend leren: hoe je leerlingen "
        "zelf een onderzoeksvraag laat formuleren en een proef laat opzetten.",
        ["S"],
        ["lager", "graad1_a"],
        [K.EIGENAARSCHAP, K.ASSESSMENT],
        ["onderzoekend leren"],
        Licence.CC_BY,
        {
            "link": "https://www.youtube.com/watch?v=stemnet-onderzoekend",
            "trainings": ["onderzoekend-leren-reeks"],
        },
    ),
    (
        "VOV",
        Kind.ACTION_RESEARCH,
        "Geïntegreerd STEM-onderwijs in de A-stroom: twee jaar praktijkonderzoek",
        "Een lerarenteam onderzocht hoe wiskunde, wetenschappen en techniek samen één project "
        "dragen. Wat werkte, wat niet, en hoe de leerlingen het beleefden.",
        ["S", "T", "M"],
        ["graad1_a"],
        [K.INTEGRATIE, K.SAMENWERKING],
        ["geïntegreerd STEM", "schoolontwikkeling"],
        Licence.CC_BY,
        {"authors": "Vakgroep STEM, Sint-Lievenscollege", "attachment": "praktijkonderzoek.pdf"},
    ),
    (
        "VOV",
        Kind.GOOD_PRACTICE,
        "STEM-studiekeuze met het CLB: een gesprekskader",
        "Een CLB en twee scholen ontwikkelden een gesprekskader dat leerlingen helpt hun "
        "interesses en talenten in STEM te ontdekken vóór de studiekeuze.",
        ["other"],
        ["clb", "graad1_a"],
        [K.EIGENHEID, K.EIGENWAARDE],
        ["studiekeuze", "gelijke kansen"],
        Licence.CC_BY_NC,
        {"trainings": ["clb-stem-studiekeuze"]},
    ),
    (
        "VAN",
        Kind.LESSON_MATERIAL,
        "Data en statistiek met echte datasets: havengegevens",
        "Lesmateriaal wiskunde met open data van de haven: containers, schepen en tijden. "
        "Leerlingen maken grafieken, berekenen gemiddelden en spreiding en trekken conclusies.",
        ["M"],
        ["doorstroom"],
        [K.INTEGRATIE, K.ASSESSMENT],
        ["statistiek", "data"],
        Licence.CC_BY,
        {"trainings": ["data-wiskunde-aso"], "attachment": "havendata-lesmateriaal.pdf"},
    ),
    (
        "VAN",
        Kind.GOOD_PRACTICE,
        "Bedrijfsbezoek voorbereiden met je klas",
        "Een stappenplan om een bedrijfsbezoek in te bedden in je lessen: vooraf een "
        "onderzoeksvraag, tijdens het bezoek observeren, achteraf rapporteren.",
        ["T", "E"],
        ["dubbele_finaliteit", "arbeidsmarkt"],
        [K.INTEGRATIE, K.SAMENWERKING],
        ["bedrijfsbezoek", "industrie"],
        Licence.CC_BY,
        {"trainings": ["bedrijfsbezoek-haven-antwerpen"]},
    ),
    (
        "VAN",
        Kind.RECORDING,
        "Lezing: wiskunde in de logistiek",
        "Opname van een lezing voor leerkrachten wiskunde over optimalisatie en planning in "
        "de logistiek, met voorbeelden die je in de klas kunt gebruiken.",
        ["M"],
        ["doorstroom", "hoger"],
        [K.INTEGRATIE],
        ["wiskunde", "logistiek"],
        Licence.ALL_RIGHTS,
        {"link": "https://vimeo.com/stemnet/wiskunde-logistiek"},
    ),
    (
        "VLI",
        Kind.KIT,
        "Micro:bit-klasset",
        "Dertig micro:bits met batterijhouders, sensoren en een map met lesideeën, voor de "
        "lessen programmeren in de basisschool en de eerste graad.",
        ["T"],
        ["lager", "graad1_a"],
        [K.EIGENAARSCHAP],
        ["programmeren", "uitleenkoffer"],
        Licence.ALL_RIGHTS,
        {"copies": 4, "trainings": ["microbit-online"], "max_loan_days": 28},
    ),
    (
        "VLI",
        Kind.LESSON_MATERIAL,
        "3D-printen in de les techniek: van ontwerp tot object",
        "Een reeks opdrachten voor de lessen techniek: ontwerpen in een gratis programma, "
        "printen, testen en verbeteren. Met richtlijnen voor technici over het onderhoud.",
        ["T", "E"],
        ["dubbele_finaliteit", "technicus"],
        [K.EIGENAARSCHAP, K.ASSESSMENT],
        ["3D-printen", "ontwerpen"],
        Licence.CC_BY_SA,
        {"trainings": ["technici-3d-printen"]},
    ),
    (
        "VLI",
        Kind.ACTION_RESEARCH,
        "Feedback bij onderzoeksopdrachten: een rubric die werkt",
        "Praktijkonderzoek naar evaluatie van onderzoekend leren: een rubric, de ervaringen "
        "van leerkrachten en de effecten op de kwaliteit van de verslagen.",
        ["S", "M"],
        ["doorstroom", "graad1_a"],
        [K.ASSESSMENT],
        ["evaluatie", "onderzoekend leren"],
        Licence.CC_BY,
        {"authors": "Hasselts lerarenteam STEM"},
    ),
    (
        "BRU",
        Kind.LESSON_MATERIAL,
        "Fysica-experimenten met je smartphone",
        "Tien proeven met de sensoren van een smartphone: versnelling, geluid, licht en "
        "magnetisme. Meertalige werkbladen voor klassen met anderstalige nieuwkomers.",
        ["S"],
        ["doorstroom", "dubbele_finaliteit"],
        [K.EIGENWAARDE, K.INTEGRATIE],
        ["fysica", "meertaligheid"],
        Licence.CC_BY,
        {"trainings": ["fysica-experimenten-online"], "attachment": "smartphone-proeven.pdf"},
    ),
    (
        "BRU",
        Kind.GOOD_PRACTICE,
        "Een STEM-beleidsplan in vijf stappen",
        "Hoe een Brusselse school met een kernteam een STEM-beleidsplan schreef: visie, "
        "nulmeting, doelen, acties en opvolging. Met het sjabloon dat ze gebruikten.",
        ["other"],
        ["directie", "stem_coordinator"],
        [K.SAMENWERKING, K.EIGENAARSCHAP],
        ["STEM-beleid", "schoolontwikkeling"],
        Licence.CC_BY,
        {"trainings": ["stem-coordinatoren-residentieel"]},
    ),
    (
        "VBR",
        Kind.LESSON_MATERIAL,
        "Onderzoekend leren bij kleuters: de waterhoek",
        "Activiteiten voor de kleuterklas rond drijven en zinken, vullen en leeggieten, met "
        "observatiefiches om de ontwikkeling van kleuters te volgen.",
        ["S"],
        ["kleuter"],
        [K.EIGENWAARDE, K.EIGENHEID],
        ["kleuters", "onderzoekend leren"],
        Licence.CC_BY_NC,
        {"trainings": ["stem-kleuters"]},
    ),
    (
        "VBR",
        Kind.RECORDING,
        "Webinar: wiskundig modelleren met GeoGebra",
        "Opname van de online sessie: modellen bouwen voor groei, afname en periodieke "
        "verschijnselen met GeoGebra, met de bestanden uit de demonstratie.",
        ["M"],
        ["doorstroom"],
        [K.INTEGRATIE],
        ["wiskunde", "GeoGebra"],
        Licence.CC_BY,
        {
            "link": "https://www.youtube.com/watch?v=stemnet-geogebra",
            "trainings": ["wiskunde-modelleren"],
        },
    ),
    (
        "VL-NAT",
        Kind.ACTION_RESEARCH,
        "STEM-monitor in de klas: wat zeggen de cijfers over gelijke kansen?",
        "Een verkenning van de instroom- en uitstroomcijfers van de STEM-monitor, met "
        "suggesties voor scholen om hun eigen cijfers te lezen en doelen te stellen.",
        ["other"],
        ["directie", "stem_coordinator"],
        [K.ASSESSMENT, K.EIGENWAARDE],
        ["STEM-monitor", "gelijke kansen"],
        Licence.CC_BY,
        {"authors": "Nationaal STEM-centrum"},
    ),
]


def demo_pdf(title: str) -> bytes:
    """A small valid one-page PDF showing ``title`` (ASCII letters only)."""
    text = "".join(c if c.isascii() and c not in "()\\" else " " for c in title)
    stream = f"BT /F1 16 Tf 60 760 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def load(out) -> None:
    copied = good_practices_copy()
    centres = {c.code: c for c in Centre.objects.filter(code__in={i[0] for i in ITEMS})}
    trainings = {t.code: t for t in Training.objects.all()}
    now = timezone.now()
    kits = []
    for number, (
        code,
        kind,
        title,
        summary,
        domains,
        levels,
        keys,
        themes,
        licence,
        extra,
    ) in enumerate(ITEMS):
        centre = centres.get(code)
        if centre is None:
            continue
        item, _created = LibraryItem.objects.update_or_create(
            centre=centre,
            title=title,
            defaults={
                "kind": kind,
                "summary": summary,
                "stem_domains": domains,
                "levels": levels,
                "keys": [str(k) for k in keys],
                "themes": themes,
                "licence": licence,
                "authors": extra.get("authors", centre.name),
                "link": extra.get("link", ""),
                "max_loan_days": extra.get("max_loan_days", 21),
                "status": LibraryItem.Status.PUBLISHED,
                "published_at": now - dt.timedelta(days=7 * (len(ITEMS) - number)),
            },
        )
        item.trainings.set([trainings[c] for c in extra.get("trainings", []) if c in trainings])
        name = extra.get("attachment")
        if name and not item.attachments.exists():
            attachment = LibraryAttachment(item=item, title=title, position=0)
            attachment.file.save(name, ContentFile(demo_pdf(title)), save=False)
            attachment.save()
        if "copies" in extra:
            kit_copies_set(kit=item, count=extra["copies"])
            kits.append(item)
    teacher = User.objects.filter(email="leerkracht@stemnet.test").first()
    reservations = 0
    if teacher and kits:
        robot = next((k for k in kits if k.title.startswith("Robotkoffer")), kits[0])
        today = timezone.localdate()
        if not KitReservation.objects.filter(copy__kit=robot, person=teacher).exists():
            KitReservation.objects.create(
                copy=robot.copies.order_by("label").first(),
                person=teacher,
                starts_on=today + dt.timedelta(days=3),
                ends_on=today + dt.timedelta(days=17),
                note="Voor het project robotica van 1A",
            )
        reservations = KitReservation.objects.count()
    indexed = library_index_rebuild()
    out.write(
        f"library: {LibraryItem.objects.count()} items ({copied} good practices copied), "
        f"{len(kits)} kits, {reservations} reservations, {indexed} indexed"
    )
