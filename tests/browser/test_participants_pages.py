"""The coordinator's people pages as they look at 1280 and 820 px: the participants (with the
waiting-list buttons), the attendance page (with a walk-in form) and the sign-in sheet PDF
(every page as PNG). Each fits its width; the browser's console stays clean. Screenshots go
to ``.ci/artifacts/browser/participants-<width>/``."""

import subprocess

import pytest
from django.urls import reverse

from tests.trainings.factories import EnrolmentFactory, SessionFactory, TrainingFactory
from trainings.models import Enrolment

from .driver import ARTIFACTS, chrome, console_errors, full_page_screenshot, log_in

WIDTHS = {"desktop": 1280, "tablet": 820}


@pytest.fixture
def training(world):
    training = TrainingFactory(
        centre=world.centre, title="Robotica in de eerste graad", shared_capacity=3
    )
    session = SessionFactory(training=training, location="Campus Schoonmeersen, Gent")
    for _ in range(3):
        EnrolmentFactory(training=training)
    for position in (1, 2):
        EnrolmentFactory(
            training=training, status=Enrolment.Status.WAITLISTED, waitlist_position=position
        )
    return training, session


@pytest.mark.parametrize("width", list(WIDTHS))
def test_the_people_pages_fit_and_the_sheet_prints(width, stage, world, training, tmp_path):
    training, session = training
    folder = ARTIFACTS / "browser" / f"participants-{width}"
    folder.mkdir(parents=True, exist_ok=True)
    driver = chrome(WIDTHS[width])
    try:
        log_in(driver, stage, world.coordinator)
        for name, url in (
            ("participants", reverse("workspace:participants", args=[training.pk])),
            ("attendance", reverse("workspace:attendance", args=[session.pk])),
            ("training", reverse("workspace:training", args=[training.pk])),
        ):
            driver.get(stage + url)
            assert driver.execute_script("return document.readyState") == "complete"
            scroll = driver.execute_script("return document.documentElement.scrollWidth")
            assert scroll <= WIDTHS[width], f"{name}: {scroll}px wide"
            assert not console_errors(driver), name
            full_page_screenshot(driver, folder / f"{name}.png")
    finally:
        driver.quit()
    from django.test import Client

    client = Client()
    client.force_login(world.coordinator)
    pdf = client.get(reverse("workspace:session_signin_sheet", args=[session.pk])).content
    (tmp_path / "sheet.pdf").write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", tmp_path / "sheet.pdf", folder / "signin-sheet"],
        check=True,
    )
    text = subprocess.run(
        ["pdftotext", tmp_path / "sheet.pdf", "-"], capture_output=True, check=True
    ).stdout.decode()
    enrolled = training.enrolments.filter(status=Enrolment.Status.ENROLLED)
    assert training.title in text
    assert all(e.person.last_name in text for e in enrolled.select_related("person"))
    assert sorted(folder.glob("signin-sheet*.png"))
