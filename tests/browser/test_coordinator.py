"""The coordinator's week in a real browser: create a training with two sessions, publish
it, import participants from the shipped example, list and export them, log attendance (one
bad value keeps the rest), print the sign-in sheet, message the participants, read the
evaluation results."""

import datetime as dt
import io
import subprocess

import openpyxl
from django.urls import reverse
from django.utils import timezone

from tests.trainings.factories import EnrolmentFactory, TrainingFactory
from trainings.evaluations.models import Invitation, Question
from trainings.evaluations.services import questionnaires_send, response_submit
from trainings.models import Attendance, Enrolment, Training

from . import world as journey_world
from .driver import ROOT

EXAMPLE = ROOT / "fixtures" / "examples" / "participants.csv"


def _local(moment: dt.datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def test_coordinator(journey, outbox, stage):
    world = journey_world.build()
    # The example file's second training, as the centre already runs it.
    TrainingFactory(code="vov-stemplus-2026", title="STEM+ lerend netwerk", centre=world.centre)
    # An evaluation answered by the finished training's participant.
    questionnaires_send()
    invitation = Invitation.objects.get(person=world.teacher)
    questions = Question.objects.filter(questionnaire=invitation.questionnaire)
    response_submit(
        invitation=invitation,
        answers={
            q.pk: "5" if q.kind == Question.Kind.LIKERT else "Heel bruikbaar in de klas."
            for q in questions
            if q.kind in (Question.Kind.LIKERT, Question.Kind.OPEN)
        }
        | {
            q.pk: "yes"
            for q in questions
            if q.kind not in (Question.Kind.LIKERT, Question.Kind.OPEN) and q.required
        },
    )

    coordinator = journey("coordinator")
    coordinator.log_in(world.coordinator.email, world.password)
    coordinator.open(reverse("workspace:dashboard")).shot("workspace")

    # A new training with two sessions, published.
    coordinator.click("Nieuwe nascholing").shot("new training form")
    coordinator.fill("Code", "vov-robotica-2026").fill("Titel", "Robotica in de eerste graad")
    coordinator.fill("Beschrijving", "Bouwen en programmeren met de klas.")
    coordinator.fill("Techniek", "1").fill("Gedeelde capaciteit", "20")
    coordinator.click("Bewaren").shot("training saved")
    coordinator.sees("Robotica in de eerste graad")
    training = Training.objects.get(code="vov-robotica-2026")
    start = timezone.now() + dt.timedelta(days=40)
    for week in (0, 1):
        coordinator.click("Een sessie toevoegen")
        begins = start + dt.timedelta(weeks=week)
        coordinator.fill("Begint om", _local(begins))
        coordinator.fill("Eindigt om", _local(begins + dt.timedelta(hours=3)))
        coordinator.fill("Locatie", "UGent, campus Sterre")
        coordinator.click("Bewaren").shot(f"session {week + 1} saved")
    assert training.sessions.count() == 2
    coordinator.click("Publiceren").shot("published")
    training.refresh_from_db()
    assert training.status == Training.Status.PUBLISHED

    # Participants from the shipped example file.
    coordinator.open(reverse("workspace:import"))
    coordinator.fill("Wat importeer je?", "Deelnemers")
    coordinator.field("Bestand").send_keys(str(EXAMPLE))
    coordinator.click("Het bestand controleren").shot("import preview")
    coordinator.click("De import bevestigen").shot("imported")
    coordinator.sees("3 aangemaakt")
    assert Enrolment.objects.filter(training=training).count() == 2

    # The participant list, and its export.
    coordinator.open(reverse("workspace:training", kwargs={"pk": training.pk}))
    coordinator.click("Deelnemers").shot("participants")
    coordinator.sees("An Peeters", "Jan Maes")
    status, kind, xlsx = coordinator.download(coordinator.link("Exporteren (XLSX)"))
    assert status == 200 and "spreadsheet" in kind
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx))["Deelnemers"]
    cells = [cell for row in sheet.iter_rows(values_only=True) for cell in row]
    assert "An" in " ".join(str(c) for c in cells) and "an.peeters@school.example" in cells

    # Attendance of the finished training's session: one bad value keeps the rest.
    session = world.finished.sessions.get()
    walk_in = EnrolmentFactory(training=world.finished, person=world.colleague)
    coordinator.open(reverse("workspace:attendance", kwargs={"pk": session.pk}))
    coordinator.shot("attendance")
    coordinator.fill("Uren voor Bram Maes", "twee")
    coordinator.fill("Bram Maes", "1")
    coordinator.fill("Uren voor Lotte Peeters", "2,5")
    coordinator.click("Aanwezigheden bewaren").shot("attendance bad value")
    coordinator.sees("Bram Maes:", "Er werd nog niets bewaard")
    assert coordinator.field("Uren voor Lotte Peeters").get_attribute("value") == "2,5"
    assert coordinator.field("Bram Maes").is_selected()
    coordinator.fill("Uren voor Bram Maes", "2")
    coordinator.click("Aanwezigheden bewaren").shot("attendance saved")
    assert Attendance.objects.get(enrolment=walk_in, session=session).hours == 2

    # The sign-in sheet of the new training's first session.
    first = training.sessions.order_by("starts_at").first()
    coordinator.open(reverse("workspace:attendance", kwargs={"pk": first.pk}))
    status, kind, pdf = coordinator.download(coordinator.link("Aanwezigheidslijst"))
    assert (status, kind) == (200, "application/pdf")
    text = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()
    assert "Robotica in de eerste graad" in text and "Peeters" in text

    # A message to the new training's participants, mailed by the worker.
    coordinator.open(reverse("workspace:training", kwargs={"pk": training.pk}))
    coordinator.click("Berichten aan de deelnemers").shot("messages")
    coordinator.fill("Wie een plaats heeft", "1").fill("Onderwerp", "Parking")
    coordinator.fill("Bericht", "Parkeer achter het gebouw, ingang B.")
    coordinator.click("Het bericht versturen").shot("message sent")
    coordinator.sees("Parking")
    seat_holder = Enrolment.objects.filter(training=training, status="enrolled").first()
    message = outbox.wait_for(to=seat_holder.person.email, subject="Parking")
    assert "Parkeer achter het gebouw, ingang B." in outbox.body(message)
    assert all(link.startswith(stage) for link in outbox.links(message))

    # The evaluation results.
    coordinator.open(reverse("workspace:training", kwargs={"pk": world.finished.pk}))
    coordinator.click("Resultaten").shot("evaluation results")
    coordinator.sees("1")
