"""Every PDF the portal makes is PDF/UA-1 (tests/pdf_ua.py), made through the real code paths:
the yearly report and the comparison (monitor/reports/render.py), the certificate
(trainings/certificates.py) and a session's sign-in sheet (the coordinator workspace)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from weasyprint import HTML

from monitor.reports import render
from monitor.reports.comparison import comparison_report
from monitor.reports.demo import load_masterclasses_2017
from monitor.reports.figures import yearly_report
from monitor.reports.scope import Period, Scope
from tests.monitor.factories import ObservationFactory, TargetFactory
from tests.pdf_ua import pdf_ua_problems
from tests.trainings.factories import EnrolmentFactory, SessionFactory, TrainingFactory
from trainings.models import Attendance

pytestmark = pytest.mark.django_db


def test_the_check_finds_the_problems_of_an_untagged_pdf():
    html = (
        "<html><body><h2>Deelnemers</h2><table><tr><th>Naam</th></tr><tr><td>An</td></tr>"
        "</table></body></html>"
    )
    problems = pdf_ua_problems(HTML(string=html).write_pdf(), expect_tables=True)
    text = "\n".join(problems)
    for expected in ("/MarkInfo", "/StructTreeRoot", "/Lang", "XMP", "/DisplayDocTitle"):
        assert expected in text
    assert "the structure tree has no /Table" in text
    assert "page 1 has no /StructParents" in text
    assert "page 1: " in text and "neither tagged nor artifacts" in text
    assert pdf_ua_problems(b"not a pdf", expect_tables=False)[0].startswith("not a PDF")


def test_the_check_finds_what_a_tagged_pdf_without_title_or_alt_lacks():
    html = (
        '<html lang="nl"><body><h2>Deelnemers</h2><table><tr><td>An</td></tr></table>'
        '<svg xmlns="http://www.w3.org/2000/svg" width="20" height="20"><rect width="9" '
        'height="9"/></svg></body></html>'
    )
    problems = pdf_ua_problems(
        HTML(string=html).write_pdf(pdf_variant="pdf/ua-1"), expect_tables=True
    )
    assert problems == [
        "the XMP metadata has no dc:title (give the HTML a <title>)",
        "table 1 has no /TH elements",
        "figure 1 has no /Alt text",
        "the first heading is /H2, not /H1",
    ]


@pytest.fixture
def masterclasses(world):
    load_masterclasses_2017()
    target = TargetFactory(indicator__code="girls_stem", period="2019-2020")
    ObservationFactory(indicator=target.indicator, period="2013-2014")


def test_yearly_report_pdf(masterclasses):
    with translation.override("nl-be"):
        report = yearly_report(scope=Scope("network", "VL"), period=Period.year(2017))
        pdf = render.yearly_pdf(report)
    problems = pdf_ua_problems(pdf, expect_tables=True)
    assert not problems, "\n".join(problems)


def test_comparison_pdf(masterclasses):
    scopes = [Scope("centre", "VOV"), Scope("centre", "VWV")]
    with translation.override("nl-be"):
        pdf = render.comparison_pdf(comparison_report(scopes=scopes, period=Period.year(2017)))
    problems = pdf_ua_problems(pdf, expect_tables=True)
    assert not problems, "\n".join(problems)


def test_certificate_pdf(world, client_for):
    training = TrainingFactory(ects=Decimal("1.0"))
    session = SessionFactory(training=training, starts_at=timezone.now() - dt.timedelta(days=30))
    enrolment = EnrolmentFactory(person=world.teacher, training=training)
    Attendance.objects.create(enrolment=enrolment, session=session, present=True)
    response = client_for(world.teacher).get(reverse("trainings:certificate", args=[enrolment.pk]))
    assert response.status_code == 200
    problems = pdf_ua_problems(response.content, expect_tables=True)
    assert not problems, "\n".join(problems)


def test_signin_sheet_pdf(world, client_for):
    """Long enough to run over two pages: the table goes on, its header row repeated."""
    session = SessionFactory(training__centre=world.centre, theme="Sensoren en actuatoren")
    EnrolmentFactory.create_batch(30, training=session.training)
    response = client_for(world.coordinator).get(
        reverse("workspace:session_signin_sheet", args=[session.pk])
    )
    assert response.status_code == 200
    problems = pdf_ua_problems(response.content, expect_tables=True)
    assert not problems, "\n".join(problems)
