"""One call from opening to the published final report, through the pages and services
(issue 17): open -> applications (one late, refused) -> reviews with a conflict of interest ->
ranking -> decisions mailed -> projects with grants in the budget -> final report published."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from tests.factories import MembershipFactory
from trainings.models import BudgetCategory, BudgetLine
from trainings.projects import selectors, services
from trainings.projects.models import Application, Call, CallReviewer, Delivery, Project

from .factories import make_call, make_team, subscribe

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _fill(client_for, application, call, *, submit, amount="4000.00"):
    client = client_for(application._organiser)
    question = call.questions.first()
    data = {
        "title": "Onderzoekend leren in de lagere school",
        "colleagues": "\n".join(
            m for m in application._emails if m != application._organiser.email
        ),
        f"q_{question.pk}": "Een STEM-leerlijn van het eerste tot het zesde leerjaar.",
        "budget-TOTAL_FORMS": "3",
        "budget-INITIAL_FORMS": "0",
        "budget-0-description": "Vervanging leerkrachten (4 halve dagen)",
        "budget-0-category": "replacement",
        "budget-0-amount_eur": amount,
    }
    if submit:
        data["submit"] = "1"
    return client.post(reverse("projects:application_edit", args=[application.pk]), data)


def _start(client_for, call, organiser, emails):
    client = client_for(organiser)
    response = client.post(reverse("projects:apply", args=[call.pk]))
    assert response.status_code == 302, response
    application = Application.objects.get(call=call, members__person=organiser)
    application._emails, application._organiser = emails, organiser
    return organiser, application


def test_one_call_end_to_end(world, client_for, settings):
    settings.SITE_URL = "https://stemnet.example.be"
    coordinator = world.coordinator
    client = client_for(coordinator)

    # A call is created as a draft through its form, then opened: announced by e-mail.
    teams = [make_team() for _ in range(3)]
    far = make_team(province="VWV", postcode="8000")
    deadline = (timezone.localtime() + dt.timedelta(days=10)).strftime("%Y-%m-%dT%H:%M")
    from tests.factories import OrganisationFactory

    funder = OrganisationFactory(name="Departement Onderwijs en Vorming")
    response = client.post(
        reverse("projects:call_create"),
        {
            "centre": world.centre.pk,
            "title": "STEM en schoolontwikkeling",
            "aims": "Scholen bouwen een STEM-visie uit.",
            "levels": ["lager"],
            "provinces": ["VOV"],
            "budget_per_project_eur": "5000",
            "budget_total_eur": "9000",
            "projects_max": "2",
            "source": funder.pk,
            "deadline": deadline,
            "criteria": "Aansluiting bij de schoolvisie | 3\nHaalbaarheid | 1",
            "questions": "Wat wil je team bereiken?",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    call = Call.objects.exclude(pk=world.call.pk).get()
    assert call.status == Call.Status.DRAFT
    assert (
        client_for(world.teacher).get(reverse("projects:call", args=[call.pk])).status_code == 404
    )

    # Announced to the confirmed subscribers of the centre's and the network's newsletters,
    # once per address; not to an unconfirmed one, nor to anyone else.
    subscribe(centre=world.centre, email=teams[0][1].email, user=teams[0][1])
    subscribe(network=world.network, email=teams[0][1].email, user=teams[0][1])
    subscribe(network=world.network, email="ouder@example.org")
    subscribe(centre=world.centre, email="twijfel@example.org", confirmed=False)
    subscribe(centre=world.other_centre, email="west@example.org")
    mail.outbox.clear()
    client = client_for(coordinator)
    client.post(reverse("projects:call_status", args=[call.pk]), {"action": "open"})
    call.refresh_from_db()
    assert call.status == Call.Status.OPEN
    assert sorted(m.to[0] for m in mail.outbox) == sorted([teams[0][1].email, "ouder@example.org"])
    assert all("List-Unsubscribe" in m.extra_headers for m in mail.outbox)
    services.announcement_send(call_id=call.pk)  # a second run mails nobody again
    assert len(mail.outbox) == 2

    # Applications: three schools in the province; the West Flemish one is refused.
    assert services.apply_refusal(call, far[1]) is not None
    applications = []
    for _school, director, staff in teams:
        emails = [director.email, *(p.email for p in staff)]
        team_client, application = _start(client_for, call, director, emails)
        applications.append((team_client, application))
    first_client, first = applications[0]
    # A draft with a budget above the call's budget per project is refused, nothing written.
    response = _fill(client_for, first, call, submit=False, amount="6000.00")
    assert response.status_code == 200
    assert not first.budget_items.exists()
    # A colleague of another school cannot be named.
    bad = client_for(first_client).post(
        reverse("projects:application_edit", args=[first.pk]),
        {
            "title": "x",
            "colleagues": teams[1][1].email,
            "budget-TOTAL_FORMS": "0",
            "budget-INITIAL_FORMS": "0",
        },
    )
    assert bad.status_code == 200 and not first.members.exclude(person=teams[0][1]).exists()
    # With an attachment (content checked) and submitted.
    client_for(first_client).post(
        reverse("projects:application_edit", args=[first.pk]),
        {
            "title": "x",
            "budget-TOTAL_FORMS": "0",
            "budget-INITIAL_FORMS": "0",
            "attachment": SimpleUploadedFile("plan.pdf", PDF, "application/pdf"),
        },
    )
    assert first.attachments.count() == 1
    fake = SimpleUploadedFile("fake.pdf", b"<html>not a pdf</html>", "application/pdf")
    client_for(first_client).post(
        reverse("projects:application_edit", args=[first.pk]),
        {"title": "x", "budget-TOTAL_FORMS": "0", "budget-INITIAL_FORMS": "0", "attachment": fake},
    )
    assert first.attachments.count() == 1
    mail.outbox.clear()
    for _client, application in applications[:2]:
        response = _fill(client_for, application, call, submit=True)
        assert response.status_code == 302
        application.refresh_from_db()
        assert application.status == Application.Status.SUBMITTED, application
    assert len(mail.outbox) == 6  # a receipt to each of the two teams' three members
    assert "Aanvraag ontvangen" in mail.outbox[0].subject

    # The third team saved a draft in time; after the deadline saving and submitting fail.
    late_client, late = applications[2]
    _fill(client_for, late, call, submit=False)
    assert late.budget_items.count() == 1
    Call.objects.filter(pk=call.pk).update(deadline=timezone.now() - dt.timedelta(minutes=1))
    response = _fill(client_for, late, call, submit=True, amount="1.00")
    assert response.status_code == 200
    assert "deadline" in response.content.decode() or "indiendatum" in response.content.decode()
    late.refresh_from_db()
    assert late.status == Application.Status.DRAFT
    assert late.budget_items.get().amount_eur == Decimal("4000.00")  # nothing written

    # Review: two reviewers; one declares a conflict with the first application.
    client = client_for(coordinator)
    client.post(reverse("projects:reviewers", args=[call.pk]), {"email": "expert@ugent.be"})
    expert = CallReviewer.objects.get(call=call, person__email="expert@ugent.be")
    assert not expert.person.has_usable_password()
    invitation = [m for m in mail.outbox if m.to == ["expert@ugent.be"]]
    assert len(invitation) == 1 and "/account/password/reset/key/" in invitation[0].body
    other = services.reviewer_invite(
        call=call, email=world.teacher.email, first_name="", last_name="", invited_by=coordinator
    )
    expert_client = client_for(expert.person)
    expert_client.post(reverse("projects:conflict", args=[first.pk]))
    assert expert_client.get(reverse("projects:application", args=[first.pk])).status_code == 404
    assert expert_client.get(reverse("projects:review", args=[first.pk])).status_code == 404
    attachment = first.attachments.get()
    assert (
        expert_client.get(reverse("projects:attachment", args=[attachment.pk])).status_code == 404
    )
    second = applications[1][1]
    criteria = list(call.criteria.all())

    def score(person, application, values):
        c = client_for(person)
        data = {f"c_{cr.pk}": v for cr, v in zip(criteria, values, strict=True)}
        data["comment"] = "Sterk plan."
        assert c.post(reverse("projects:review", args=[application.pk]), data).status_code == 302

    score(expert.person, second, [4, 2])
    score(other.person, first, [5, 5])
    score(other.person, second, [2, 2])
    # A score outside the scale is refused.
    bad = client_for(other.person).post(
        reverse("projects:review", args=[second.pk]),
        {f"c_{criteria[0].pk}": "9", f"c_{criteria[1].pk}": "NaN"},
    )
    assert bad.status_code == 200

    # Ranking: weighted totals 0-100; the first (100) before the second (70 and 40: mean 55).
    table = selectors.review_table(call)
    rows = {row.application.pk: row for row in table.rows}
    assert [r.application.pk for r in table.rows] == [first.pk, second.pk]
    assert rows[first.pk].rank == 1 and rows[second.pk].rank == 2
    assert [c.state for c in rows[first.pk].cells] == ["conflict", "scored"]
    assert rows[second.pk].mean == Decimal("55.0")
    assert (rows[second.pk].low, rows[second.pk].high) == (Decimal("40.0"), Decimal("70.0"))
    assert rows[second.pk].sd == Decimal("15.0")
    page = client_for(coordinator).get(reverse("projects:review_table", args=[call.pk]))
    assert page.status_code == 200 and "55,0" in page.content.decode()

    # Decisions, mailed: the first accepted with a grant and a coach, the second not.
    mail.outbox.clear()
    client = client_for(coordinator)
    response = client.post(
        reverse("projects:decide", args=[first.pk]),
        {
            "decision": "accept",
            "motivation": "Helder plan, sterk team.",
            "grant_eur": "4000",
            "coach": coordinator.pk,
        },
    )
    assert response.status_code == 302
    # The grant is capped by what is left of the total (9000 - 4000 = 5000 < 6000 asked).
    capped = client.post(
        reverse("projects:decide", args=[second.pk]),
        {"decision": "accept", "motivation": "Ok", "grant_eur": "6000"},
    )
    assert capped.status_code == 200
    client.post(
        reverse("projects:decide", args=[second.pk]),
        {"decision": "reject", "motivation": "Te weinig uitgewerkt."},
    )
    assert len(mail.outbox) == 6
    assert any("Te weinig uitgewerkt." in m.body for m in mail.outbox)
    call.refresh_from_db()
    assert call.status == Call.Status.DECIDED

    # The project's grant is on the centre's budget.
    project = Project.objects.get(application=first)
    line = BudgetLine.objects.get(
        centre=world.centre, category=BudgetCategory.SCHOOL_PROJECTS, training=None
    )
    assert project.budget_line == line and line.planned_eur == Decimal("4000.00")
    client.post(
        reverse("projects:project", args=[project.pk]),
        {"action": "grant", "paid_eur": "1500", "coach": coordinator.pk},
    )
    line.refresh_from_db()
    assert line.paid_eur == Decimal("1500.00")

    # The team follows the project: a milestone, a progress report, the final report.
    team_client = client_for(teams[0][1])
    url = reverse("projects:project", args=[project.pk])
    team_client.post(url, {"action": "milestone", "title": "Startdag", "due_on": "2027-01-15"})
    milestone = project.milestones.get()
    team_client.post(url, {"action": "done", "milestone": milestone.pk})
    team_client.post(url, {"action": "progress", "text": "De leerlijn is klaar."})
    team_client.post(url, {"action": "final", "report": "Wat we leerden over onderzoekend leren."})
    milestone.refresh_from_db()
    project.refresh_from_db()
    assert milestone.done_at and project.reports.count() == 1 and project.final_report
    # Only the centre publishes; the team's publish is refused.
    assert team_client.post(url, {"action": "publish", "report": "x"}).status_code == 404
    public_url = reverse("projects:project_public", args=[project.pk])
    assert client_for(None).get(public_url).status_code == 404
    client_for(coordinator).post(url, {"action": "publish", "report": "Wat we leerden."})
    project.refresh_from_db()
    assert project.final_report_published_at and project.status == Project.Status.FINISHED
    assert "Wat we leerden." in client_for(None).get(public_url).content.decode()
    item = project.library_item
    assert item.status == item.Status.PUBLISHED and item.kind == "action_research"
    assert item.centre == world.centre and "Wat we leerden." in item.summary
    library_page = client_for(None).get(reverse("library:item", args=[item.pk]))
    assert library_page.status_code == 200
    # Publishing again keeps the one library item.
    client_for(coordinator).post(url, {"action": "publish", "report": "Wat we leerden, herzien."})
    project.refresh_from_db()
    assert project.library_item_id == item.pk

    # The yearly report of the centre counts it: two applications, one project, its grant.
    from monitor.reports.figures import yearly_report
    from monitor.reports.scope import Period, Scope

    year = timezone.localtime().year
    period = Period(dt.date(year, 1, 1), dt.date(year, 12, 31))
    block = yearly_report(scope=Scope("centre", "VOV"), period=period, details=False).figures[
        "projects"
    ]
    assert (block["applications"], block["accepted"], block["schools"]) == (2, 1, 2)
    assert (block["grants_planned_eur"], block["grants_paid_eur"]) == (
        Decimal("4000.00"),
        Decimal("1500.00"),
    )
    assert block["reports_published"] == 1 and block["schools_with_project"] == 1
    assert [r["province"] for r in block["by_province"]] == ["VOV"]
    other = yearly_report(scope=Scope("centre", "VWV"), period=period, details=False)
    assert other.figures["projects"]["applications"] == 0

    # Every mail was sent once.
    assert not Delivery.objects.filter(sent_at__isnull=True).exists()


def test_other_centre_and_other_call_are_404(world, client_for):
    call = make_call(world.centre)
    other_call = make_call(world.other_centre, title="Andere oproep")
    school, director, staff = make_team()
    application = services.application_start(call=call, person=director)
    services.application_save(
        application=application,
        person=director,
        title="Plan",
        colleague_addresses="\n".join(p.email for p in staff),
        answers={call.questions.get().pk: "Ja"},
        budget=[("Materiaal", "materials", Decimal("100"))],
    )
    services.application_submit(application=application, person=director)
    reviewer = MembershipFactory(centre=world.other_centre).user  # any account
    CallReviewer.objects.create(call=other_call, person=reviewer, invited_at=timezone.now())
    c = client_for(reviewer)
    assert c.get(reverse("projects:application", args=[application.pk])).status_code == 404
    assert c.get(reverse("projects:review", args=[application.pk])).status_code == 404
    other = client_for(world.other_coordinator)
    assert other.get(reverse("projects:review_table", args=[call.pk])).status_code == 404
    assert other.get(reverse("projects:decide", args=[application.pk])).status_code == 404


@pytest.mark.parametrize("amount", ["-5", "NaN", "1e30", "12\x00"])
def test_bad_amounts_write_nothing(world, client_for, amount):
    call = make_call(world.centre)
    school, director, staff = make_team()
    application = services.application_start(call=call, person=director)
    response = client_for(director).post(
        reverse("projects:application_edit", args=[application.pk]),
        {
            "title": "Plan",
            "budget-TOTAL_FORMS": "1",
            "budget-INITIAL_FORMS": "0",
            "budget-0-description": "Iets",
            "budget-0-category": "materials",
            "budget-0-amount_eur": amount,
        },
    )
    assert response.status_code == 200
    assert not application.budget_items.exists()
