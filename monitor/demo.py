"""
Demo data of the STEM monitor: the real series of the STEM-monitor 2015, as ETION's inspiration
note "STEM in ons onderwijs, hype of noodzaak?" (2016) gives them.

- Figure 1, intake in the first year of the third grade of secondary education,
  2006-2007 to 2013-2014: pupils, STEM pupils, share STEM, share of girls among STEM pupils.
- Figure 2, qualified STEM outflow (secondary education qualifications), 2006-2007 to
  2012-2013: qualifications and share STEM. The note gives no STEM count for figure 2, so the
  share carries its denominator only.
- VDAB vacancies for STEM and non-STEM occupations: received in 2014, open at the end of
  May 2015 (the totals are the sums of the two).
- The action plan's measurable goals: at least one third girls among STEM pupils, and more
  STEM entrants than in the reference year 2011-2012.

``load(out)`` is idempotent: it goes through the ``*_save`` services, which create or update.
"""

from __future__ import annotations

from decimal import Decimal

from .models import Dimension, Segment, Target, Unit
from .services import indicator_save, observation_save, target_save

MONITOR_URL = "https://www.ond.vlaanderen.be/nieuws/2015/doc/STEM-monitor-2015-indicatoren.pdf"
ACTION_PLAN_URL = "https://www.ond.vlaanderen.be/stem/Beleidsdocumenten/STEM-actieplan.pdf"
REFERENCE = "2011-2012"

# Figure 1: school year, pupils, STEM pupils, % STEM, % girls among STEM pupils
FIGURE_1 = [
    ("2006-2007", 70312, 31751, "45.16", "27.59"),
    ("2007-2008", 71682, 32141, "44.84", "27.32"),
    ("2008-2009", 72074, 32097, "44.53", "27.65"),
    ("2009-2010", 71209, 30845, "43.32", "27.51"),
    ("2010-2011", 68805, 29994, "43.59", "27.40"),
    ("2011-2012", 68043, 29929, "43.99", "28.43"),
    ("2012-2013", 68021, 29697, "43.66", "29.38"),
    ("2013-2014", 68560, 29812, "43.48", "29.68"),
]
# Figure 2: school year, qualifications, % STEM qualifications
FIGURE_2 = [
    ("2006-2007", 57235, "45.87"),
    ("2007-2008", 58764, "45.62"),
    ("2008-2009", 60033, "45.20"),
    ("2009-2010", 60735, "45.11"),
    ("2010-2011", 60230, "43.87"),
    ("2011-2012", 58529, "44.19"),
    ("2012-2013", 58084, "44.61"),
]
# VDAB: indicator code, period, STEM, non-STEM
VACANCIES = [
    ("vdab_vacancies_received", "2014", 37434, 121654),
    ("vdab_vacancies_open", "2015", 9290, 19042),
]

FIGURE_1_SOURCE = "STEM-monitor 2015, indicatoren (figuur 1)"
FIGURE_2_SOURCE = "STEM-monitor 2015, indicatoren (figuur 2)"
VDAB_SOURCE = "VDAB, in: ETION, STEM in ons onderwijs, hype of noodzaak? (2016)"


def _indicators() -> dict:
    common = {
        "segment": Segment.SECONDARY_THIRD_GRADE,
        "reference_period": REFERENCE,
        "source_url": MONITOR_URL,
    }
    made = {}
    made["pupils"] = indicator_save(
        code="intake_pupils",
        position=10,
        unit=Unit.COUNT,
        source=FIGURE_1_SOURCE,
        name_nl="Instroom eerste leerjaar derde graad: leerlingen",
        name_en="Intake in the first year of the third grade: pupils",
        definition_nl="Aantal leerlingen in het eerste leerjaar van de derde graad van het "
        "secundair onderwijs.",
        definition_en="Number of pupils in the first year of the third grade of secondary "
        "education.",
        **common,
    )
    made["stem"] = indicator_save(
        code="intake_stem",
        position=20,
        unit=Unit.COUNT,
        source=FIGURE_1_SOURCE,
        name_nl="Instroom eerste leerjaar derde graad: leerlingen in STEM",
        name_en="Intake in the first year of the third grade: STEM pupils",
        definition_nl="Aantal leerlingen in een STEM-studierichting in het eerste leerjaar van "
        "de derde graad.",
        definition_en="Number of pupils in a STEM track in the first year of the third grade.",
        **common,
    )
    made["stem_share"] = indicator_save(
        code="intake_stem_share",
        position=30,
        unit=Unit.SHARE,
        decimals=2,
        source=FIGURE_1_SOURCE,
        numerator=made["stem"],
        denominator=made["pupils"],
        name_nl="Aandeel STEM in de instroom derde graad",
        name_en="Share of STEM in the intake of the third grade",
        definition_nl="Leerlingen in STEM gedeeld door alle leerlingen van het eerste leerjaar "
        "van de derde graad, maal 100.",
        definition_en="STEM pupils divided by all pupils in the first year of the third grade, "
        "times 100.",
        **common,
    )
    made["girls_share"] = indicator_save(
        code="intake_stem_girls_share",
        position=40,
        unit=Unit.SHARE,
        decimals=2,
        source=FIGURE_1_SOURCE,
        numerator=made["stem"],
        numerator_dimension=Dimension.GENDER,
        numerator_category="female",
        denominator=made["stem"],
        name_nl="Aandeel meisjes bij de STEM-leerlingen (derde graad)",
        name_en="Share of girls among STEM pupils (third grade)",
        definition_nl="Meisjes in een STEM-studierichting gedeeld door alle leerlingen in een "
        "STEM-studierichting (eerste leerjaar derde graad), maal 100.",
        definition_en="Girls in a STEM track divided by all pupils in a STEM track (first year "
        "of the third grade), times 100.",
        **common,
    )
    outflow = {**common, "segment": Segment.SECONDARY}
    made["qualifications"] = indicator_save(
        code="outflow_qualifications",
        position=50,
        unit=Unit.COUNT,
        source=FIGURE_2_SOURCE,
        name_nl="Uitstroom: studiebewijzen secundair onderwijs",
        name_en="Outflow: secondary education qualifications",
        definition_nl="Aantal uitgereikte studiebewijzen van het secundair onderwijs.",
        definition_en="Number of secondary education qualifications awarded.",
        **outflow,
    )
    made["qualifications_stem"] = indicator_save(
        code="outflow_qualifications_stem",
        position=55,
        unit=Unit.COUNT,
        source=FIGURE_2_SOURCE,
        name_nl="Uitstroom: STEM-studiebewijzen secundair onderwijs",
        name_en="Outflow: STEM qualifications of secondary education",
        definition_nl="Aantal studiebewijzen van een STEM-studierichting (niet in de bron "
        "gepubliceerd; teller van het aandeel).",
        definition_en="Number of qualifications of a STEM track (not published in the source; "
        "numerator of the share).",
        **outflow,
    )
    made["qualifications_share"] = indicator_save(
        code="outflow_stem_share",
        position=60,
        unit=Unit.SHARE,
        decimals=2,
        source=FIGURE_2_SOURCE,
        numerator=made["qualifications_stem"],
        denominator=made["qualifications"],
        name_nl="Gekwalificeerde STEM-uitstroom: aandeel STEM-studiebewijzen",
        name_en="Qualified STEM outflow: share of STEM qualifications",
        definition_nl="STEM-studiebewijzen gedeeld door alle studiebewijzen van het secundair "
        "onderwijs, maal 100.",
        definition_en="STEM qualifications divided by all secondary education qualifications, "
        "times 100.",
        **outflow,
    )
    vdab = {
        "segment": Segment.LABOUR_MARKET,
        "period_kind": "calendar_year",
        "source": VDAB_SOURCE,
        "unit": Unit.COUNT,
    }
    made["vdab_vacancies_received"] = indicator_save(
        code="vdab_vacancies_received",
        position=70,
        name_nl="Vacatures ontvangen door de VDAB",
        name_en="Vacancies received by VDAB",
        definition_nl="Vacatures die de VDAB in het kalenderjaar ontving, voor STEM- en "
        "niet-STEM-beroepen.",
        definition_en="Vacancies VDAB received in the calendar year, for STEM and non-STEM "
        "occupations.",
        **vdab,
    )
    made["vdab_vacancies_open"] = indicator_save(
        code="vdab_vacancies_open",
        position=80,
        name_nl="Openstaande vacatures bij de VDAB (eind mei)",
        name_en="Open vacancies at VDAB (end of May)",
        definition_nl="Vacatures die eind mei nog openstonden, voor STEM- en niet-STEM-beroepen.",
        definition_en="Vacancies still open at the end of May, for STEM and non-STEM occupations.",
        **vdab,
    )
    return made


def load(out) -> None:
    made = _indicators()
    for period, pupils, stem, share, girls in FIGURE_1:
        observation_save(indicator=made["pupils"], period=period, value=Decimal(pupils))
        observation_save(indicator=made["stem"], period=period, value=Decimal(stem))
        observation_save(
            indicator=made["stem_share"],
            period=period,
            value=Decimal(share),
            numerator=Decimal(stem),
            denominator=Decimal(pupils),
        )
        observation_save(
            indicator=made["girls_share"],
            period=period,
            value=Decimal(girls),
            denominator=Decimal(stem),
        )
    for period, qualifications, share in FIGURE_2:
        observation_save(
            indicator=made["qualifications"], period=period, value=Decimal(qualifications)
        )
        observation_save(
            indicator=made["qualifications_share"],
            period=period,
            value=Decimal(share),
            denominator=Decimal(qualifications),
        )
    for code, period, stem, non_stem in VACANCIES:
        indicator = made[code]
        observation_save(
            indicator=indicator,
            period=period,
            value=Decimal(stem + non_stem),
            note="STEM + niet-STEM",
        )
        observation_save(
            indicator=indicator,
            period=period,
            value=Decimal(stem),
            dimension=Dimension.OCCUPATION,
            category="stem",
        )
        observation_save(
            indicator=indicator,
            period=period,
            value=Decimal(non_stem),
            dimension=Dimension.OCCUPATION,
            category="non_stem",
        )
    target_save(
        indicator=made["girls_share"],
        period="2019-2020",
        comparator=Target.Comparator.AT_LEAST,
        value=Decimal("33.33"),
        source_text="STEM-actieplan 2012-2020: minstens een derde van de leerlingen/studenten "
        "in een STEM-opleiding zijn meisjes.",
    )
    reference_stem = next(row[2] for row in FIGURE_1 if row[0] == REFERENCE)
    target_save(
        indicator=made["stem"],
        period="2019-2020",
        comparator=Target.Comparator.AT_LEAST,
        value=Decimal(reference_stem + 1),
        source_text="STEM-actieplan 2012-2020: meer starters in STEM-opleidingen; gelezen als "
        "meer STEM-leerlingen dan in het referentiejaar 2011-2012.",
    )
    out.write(f"monitor: {len(made)} indicators, figures 1 and 2, VDAB vacancies, 2 targets\n")
