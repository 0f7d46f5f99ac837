"""The teacher's week in a real browser: find a training in Dutch, enrol, act on the mails,
put it in the calendar, cancel, wait for a seat, answer the evaluation, download and check
the certificate, take their data along."""

import json
import subprocess

from django.urls import reverse

from trainings.evaluations.tasks import send_questionnaires
from trainings.models import Enrolment
from trainings.services.enrolment import enrolment_cancel

from . import world as journey_world


def test_teacher(journey, outbox, stage):
    world = journey_world.build()
    teacher = journey("teacher")
    teacher.log_in(world.teacher.email, world.password).shot("logged in")

    # Find: a Dutch word, then a filter.
    teacher.open(reverse("trainings:catalogue"))
    teacher.fill("Zoeken", "programmeren").click("Zoeken").shot("searched programmeren")
    teacher.sees("1 nascholing gevonden", world.open_training.title)
    teacher.click("Filters").fill("STEM-domein", "Wiskunde").click("Zoeken")
    teacher.sees("1 nascholing gevonden", world.open_training.title).shot("filtered wiskunde")

    # Enrol, and act on the confirmation.
    teacher.click(world.open_training.title).shot("training page")
    teacher.click("Inschrijven").shot("enrolled")
    confirmation = outbox.wait_for(to=world.teacher.email, subject="Inschrijving bevestigd")
    links = outbox.links(confirmation)
    assert links and all(link.startswith(stage) for link in links), links
    teacher.open(next(link for link in links if "/mijn/" in link)).shot("my trainings from mail")
    teacher.sees(world.open_training.title)

    # The calendar file.
    status, kind, body = teacher.download(teacher.link("Agenda (.ics)"))
    assert (status, kind) == (200, "text/calendar")
    assert body.count(b"BEGIN:VEVENT") == 2 and world.open_training.title.encode() in body

    # Cancel: asked first, then done and told.
    teacher.click("Annuleren").shot("cancel asks")
    teacher.sees(world.open_training.title)
    teacher.click("Ja, annuleren").shot("cancelled")
    outbox.wait_for(to=world.teacher.email, subject="Inschrijving geannuleerd")
    enrolment = Enrolment.objects.get(person=world.teacher, training=world.open_training)
    assert enrolment.status == Enrolment.Status.CANCELLED

    # The full training: join the waiting list, and get the seat when it frees.
    teacher.open(reverse("trainings:detail", kwargs={"code": world.full_training.code}))
    teacher.click("Op de wachtlijst zetten").shot("on the waiting list")
    outbox.wait_for(to=world.teacher.email, subject="Op de wachtlijst")
    taken = Enrolment.objects.get(person=world.colleague, training=world.full_training)
    enrolment_cancel(enrolment=taken, by=world.colleague)
    promoted = outbox.wait_for(to=world.teacher.email, subject="Er kwam een plaats vrij")
    teacher.open(next(link for link in outbox.links(promoted) if "/mijn/" in link))
    teacher.sees(world.full_training.title).shot("promoted")
    assert (
        Enrolment.objects.get(person=world.teacher, training=world.full_training).status
        == Enrolment.Status.ENROLLED
    )

    # The evaluation: the hourly task (beat's) runs on the worker; answer by the mailed link.
    send_questionnaires.delay()
    invitation = outbox.wait_for(to=world.teacher.email, subject=world.finished.title)
    answer_link = next(link for link in outbox.links(invitation) if "/evaluatie/" in link)
    teacher.open(answer_link).shot("evaluation form")
    teacher.driver.execute_script(  # the most positive answer to every closed question
        "const groups = {};"
        "document.querySelectorAll('input[type=radio]').forEach(r => groups[r.name] = r);"
        "Object.values(groups).forEach(r => r.click());"
    )
    teacher.click("Mijn antwoorden versturen").shot("evaluation sent")
    teacher.sees("Dank je wel")

    # The certificate: download, read its code, check it as an employer would.
    teacher.open(reverse("trainings:my_trainings"))
    status, kind, pdf = teacher.download(teacher.link("Attest (pdf)"))
    assert (status, kind) == (200, "application/pdf")
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()
    code = Enrolment.objects.get(person=world.teacher, training=world.finished).certificate_code
    assert code and code in text
    employer = journey("employer")
    employer.open(reverse("trainings:certificate_verify"))
    employer.fill("Controlecode", code).click("Controleren").shot("certificate checked")
    employer.sees("Dit attest is echt", "Lotte Peeters", world.finished.title)

    # Their data, to take along.
    teacher.open(reverse("accounts:profile")).shot("profile")
    status, kind, body = teacher.download(teacher.link("Mijn gegevens downloaden"))
    assert (status, kind) == (200, "application/json")
    assert world.teacher.email in json.dumps(json.loads(body))
