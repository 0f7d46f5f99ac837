"""Ministry staff in a real browser: the dashboard, a yearly report as PDF built by the
worker while the page shows its progress, the download, and a comparison of two centres."""

import subprocess

from django.urls import reverse
from django.utils import timezone

from networks.models import Province
from tests.factories import CentreFactory

from . import world as journey_world


def _pdf_pages(pdf: bytes) -> int:
    info = subprocess.run(
        ["pdfinfo", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()
    return int(next(line for line in info.splitlines() if line.startswith("Pages:")).split()[1])


def test_ministry(journey, stage):
    world = journey_world.build()
    CentreFactory(
        code="VWV",
        network=world.centre.network,
        name="STEM-centrum West-Vlaanderen",
        province=Province.WEST_VLAANDEREN,
    )
    year = timezone.localdate().year
    ministry = journey("ministry")
    ministry.log_in(world.ministry.email, world.password)
    ministry.open(reverse("reports:dashboard")).shot("dashboard")
    ministry.sees(f"Dashboard {year}")

    # The yearly report, built by the worker; the job page follows it by itself (htmx).
    ministry.open(reverse("reports:index")).shot("reports")
    ministry.fill("Kalenderjaar", str(year)).click("Rapport maken")
    ministry.wait_until_sees("Het rapport is klaar.", timeout=180).shot("yearly report ready")
    status, kind, pdf = ministry.download(ministry.link("Downloaden"))
    assert (status, kind) == (200, "application/pdf")
    assert _pdf_pages(pdf) >= 2
    assert b"%PDF" in pdf[:8]

    # A comparison of two centres.
    ministry.open(reverse("reports:index"))
    ministry.fill("STEM-centrum Oost-Vlaanderen", "1").fill("STEM-centrum West-Vlaanderen", "1")
    form = "section[aria-labelledby=comparison-heading]"
    year_field = ministry.driver.find_element("css selector", f"{form} input[name$=year]")
    year_field.clear()
    year_field.send_keys(str(year))
    ministry.click("Vergelijking maken", within=form)
    ministry.wait_until_sees("Het rapport is klaar.", timeout=180).shot("comparison ready")
    status, kind, pdf = ministry.download(ministry.link("Downloaden"))
    assert (status, kind) == (200, "application/pdf")
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()
    assert "Oost-Vlaanderen" in text and "West-Vlaanderen" in text
