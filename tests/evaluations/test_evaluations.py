"""Questionnaires: standard copies, sending rules (never twice), personal links, summaries."""

import datetime as dt
import io

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from tests.evaluations.builders import answers_for
from tests.trainings.factories import EnrolmentFactory, SessionFactory, TrainingFactory
from trainings.evaluations import services as ev
from trainings.evaluations.models import Invitation, Question, Questionnaire, Response, Survey
from trainings.evaluations.selectors import evaluation_summary
from trainings.models import Attendance


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


NOW = dt.datetime(2026, 6, 1, 10, 0, tzinfo=dt.UTC)


def held_training(world, *, people=3, present=2, ended_days_ago=2):
    """A training whose only session ended ``ended_days_ago`` days before NOW."""
    training = TrainingFactory(centre=world.centre)
    start = NOW - dt.timedelta(days=ended_days_ago, hours=3)
    session = SessionFactory(
        training=training, starts_at=start, ends_at=start + dt.timedelta(hours=3)
    )
    enrolments = EnrolmentFactory.create_batch(people, training=training)
    for e in enrolments[:present]:
        Attendance.objects.create(enrolment=e, session=session, present=True, hours=3)
    return training, enrolments


# --- questionnaires -------------------------------------------------------------------------


def test_training_questionnaire_copies_standard_and_centre_questions(world):
    training = TrainingFactory(centre=world.centre)
    own = Questionnaire.objects.create(
        kind="post", title="VOV", is_template=True, centre=world.centre
    )
    Question.objects.create(questionnaire=own, kind="open", text="Eigen vraag", position=1)
    q = ev.questionnaire_for_training(training=training, kind="post")
    codes = [x.code for x in q.questions.all()]
    assert codes[:6] == ["overall", "content", "trainer", "practice", "recommend", "improve"]
    assert q.questions.last().text == "Eigen vraag" and not q.questions.last().is_standard
    assert ev.questionnaire_for_training(training=training, kind="post") == q
    assert Questionnaire.objects.filter(training=training).count() == 1
    other = TrainingFactory(centre=world.other_centre)
    assert "Eigen vraag" not in [
        x.text for x in ev.questionnaire_for_training(training=other, kind="post").questions.all()
    ]


def test_standard_questions_stay_and_answered_questionnaires_are_frozen(world):
    q = ev.questionnaire_for_training(training=TrainingFactory(centre=world.centre), kind="post")
    with pytest.raises(ValidationError):
        ev.question_delete(question=q.questions.get(code="overall"))
    with pytest.raises(ValidationError):
        ev.question_add(questionnaire=q, kind="single", text="Kies", choices=["een"])
    added = ev.question_add(questionnaire=q, kind="single", text="Kies", choices=["a", "b", ""])
    assert added.choices == ["a", "b"]
    person = EnrolmentFactory(training=q.training).person
    invitation = Invitation.objects.create(questionnaire=q, person=person)
    ev.response_submit(invitation=invitation, answers=answers_for(q) | {added.pk: "a"})
    with pytest.raises(ValidationError):
        ev.question_add(questionnaire=q, kind="open", text="Te laat")


# --- sending rules --------------------------------------------------------------------------


def test_post_questionnaire_goes_to_those_present_once(world):
    training, enrolments = held_training(world, present=2)
    assert ev.questionnaires_send(now=NOW) == 2
    assert {m.to[0] for m in mail.outbox} == {e.person.email for e in enrolments[:2]}
    invitation = Invitation.objects.first()
    assert invitation.token in mail.outbox[0].body
    assert ev.questionnaires_send(now=NOW) == 0
    assert ev.questionnaires_send(now=NOW + dt.timedelta(days=3)) == 0
    assert len(mail.outbox) == 2
    # someone marked present later still gets theirs, once
    Attendance.objects.create(
        enrolment=enrolments[2], session=training.sessions.get(), present=True, hours=3
    )
    assert ev.questionnaires_send(now=NOW + dt.timedelta(days=4)) == 1
    assert Invitation.objects.filter(questionnaire__kind="post").count() == 3


def test_pre_questionnaire_goes_to_the_enrolled_days_before(world):
    training = TrainingFactory(centre=world.centre)
    SessionFactory(training=training, starts_at=NOW + dt.timedelta(days=10))
    EnrolmentFactory.create_batch(2, training=training)
    EnrolmentFactory(training=training, status="waitlisted", waitlist_position=1)
    assert ev.questionnaires_send(now=NOW) == 0  # 10 days before: not yet (rule: 7)
    assert ev.questionnaires_send(now=NOW + dt.timedelta(days=4)) == 2
    assert set(Invitation.objects.values_list("questionnaire__kind", flat=True)) == {"pre"}


def test_follow_up_six_months_later(world):
    held_training(world, present=1, ended_days_ago=2)
    ev.questionnaires_send(now=NOW)
    mail.outbox.clear()
    assert ev.questionnaires_send(now=NOW + dt.timedelta(days=100)) == 0
    assert ev.questionnaires_send(now=NOW + dt.timedelta(days=181)) == 1
    assert Invitation.objects.filter(questionnaire__kind="follow_up").count() == 1
    assert ev.questionnaires_send(now=NOW + dt.timedelta(days=185)) == 0


def test_sending_can_be_switched_off(world):
    training, _ = held_training(world)
    q = ev.questionnaire_for_training(training=training, kind="post")
    q.sending_enabled = False
    q.save()
    assert ev.questionnaires_send(now=NOW) == 0


def test_beat_task_runs_the_rules(world, settings):
    from trainings.evaluations.tasks import send_questionnaires

    assert "evaluations-send-questionnaires" in settings.CELERY_BEAT_SCHEDULE
    held_training(world, present=1, ended_days_ago=1)
    assert send_questionnaires.delay().get() in (0, 1)  # now differs from NOW; never raises


# --- the personal link ----------------------------------------------------------------------


@pytest.fixture
def invited(world):
    training, enrolments = held_training(world)
    ev.questionnaires_send(now=NOW)
    return Invitation.objects.select_related("questionnaire").first()


def post_answers(client, invitation, questionnaire=None):
    questionnaire = questionnaire or invitation.questionnaire
    data = {f"q{k}": v for k, v in answers_for(questionnaire, overall="5").items()}
    return client.post(reverse("evaluations:answer", args=[invitation.token]), data)


def test_answer_link_works_without_log_in_and_only_once(client, invited):
    url = reverse("evaluations:answer", args=[invited.token])
    page = client.get(url)
    assert page.status_code == 200
    assert "Hoe tevreden ben je, alles samen" in page.content.decode()
    response = post_answers(client, invited)
    assert response.status_code == 200 and "Dank je wel" in response.content.decode()
    assert Response.objects.count() == 1
    again = post_answers(client, invited)
    assert "al ingevuld" in again.content.decode()
    assert Response.objects.count() == 1
    assert "al ingevuld" in client.get(url).content.decode()


def test_answer_link_cannot_answer_another_training(client, invited, world):
    other, _ = held_training(world)
    other_q = ev.questionnaire_for_training(training=other, kind="post")
    response = post_answers(client, invited, questionnaire=other_q)
    assert response.status_code == 200
    assert response.context["form"].errors  # the other questionnaire's answers do not count
    assert not Response.objects.exists()
    assert not other_q.responses.exists()


def test_unknown_or_guessed_token_is_404(client, invited):
    assert len(invited.token) >= 40
    assert client.get(reverse("evaluations:answer", args=["x" * 43])).status_code == 404


def test_impossible_answers_are_refused(invited):
    q = invited.questionnaire
    answers = answers_for(q)
    answers[q.questions.get(code="overall").pk] = "9"
    with pytest.raises(ValidationError):
        ev.response_submit(invitation=invited, answers=answers)
    assert not Response.objects.exists()


# --- summaries ------------------------------------------------------------------------------


def test_summary_shares_averages_and_open_answers(world):
    training, enrolments = held_training(world, people=4, present=4)
    ev.questionnaires_send(now=NOW)
    q = Questionnaire.objects.get(training=training, kind="post")
    for invitation, (overall, recommend, text) in zip(
        q.invitations.all(),
        [("5", "yes", "Top"), ("4", "yes", ""), ("2", "no", "Te snel"), ("3", "yes", "")],
        strict=True,
    ):
        ev.response_submit(
            invitation=invitation,
            answers=answers_for(q, overall=overall, recommend=recommend, improve=text),
        )
    summary = evaluation_summary(q)
    assert summary.responses == 4 and summary.invited == 4
    assert str(summary.share_satisfied) == "50.0"
    assert str(summary.share_recommend) == "75.0"
    overall = next(s for s in summary.questions if s.question.code == "overall")
    assert str(overall.average) == "3.50"
    assert overall.distribution == {1: 0, 2: 1, 3: 1, 4: 1, 5: 1}
    improve = next(s for s in summary.questions if s.question.code == "improve")
    assert sorted(improve.texts) == ["Te snel", "Top"]


def test_results_page_and_xlsx_export(world, client_for):
    training, _ = held_training(world, people=2, present=2)
    ev.questionnaires_send(now=NOW)
    q = Questionnaire.objects.get(training=training, kind="post")
    invitation = q.invitations.first()
    ev.response_submit(invitation=invitation, answers=answers_for(q, improve='=HYPERLINK("x")'))
    client = client_for(world.coordinator)
    page = client.get(reverse("workspace:results", args=[q.pk]))
    body = page.content.decode()
    assert page.status_code == 200 and "<svg" in body and "100,0 %" in body
    export = client.get(reverse("workspace:results_export", args=[q.pk]))
    sheet = load_workbook(io.BytesIO(export.content)).active
    values = [c.value for row in sheet.iter_rows() for c in row]
    assert "Hoe tevreden ben je, alles samen, over deze nascholing?" in values
    assert '\'=HYPERLINK("x")' in values  # formula-like answers are neutralised
    assert (
        client_for(world.other_coordinator)
        .get(reverse("workspace:results", args=[q.pk]))
        .status_code
        == 404
    )


def test_results_page_query_count_does_not_grow(world, client_for):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(world.coordinator)
    counts = []
    for people in (2, 8):
        training, _ = held_training(world, people=people, present=people)
        ev.questionnaires_send(now=NOW)
        q = Questionnaire.objects.get(training=training, kind="post")
        for invitation in q.invitations.all():
            ev.response_submit(invitation=invitation, answers=answers_for(q))
        url = reverse("workspace:results", args=[q.pk])
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1], counts


# --- network-wide surveys -------------------------------------------------------------------


def test_survey_public_links_and_results_per_actor_group(world, client_for, client):
    survey = ev.survey_create(
        by=world.ministry,
        title="Bevraging opleidingsnoden",
        actor_groups=["teacher", "sector_federation"],
        questions=[("open", "Welke innovaties?", []), ("likert", "Hoe nodig is nascholing?", [])],
    )
    assert survey.links.count() == 2
    link = survey.links.get(actor_group="sector_federation")
    url = reverse("evaluations:survey_answer", args=[link.token])
    assert "niet open" in client.get(url).content.decode()
    ev.survey_set_status(survey=survey, status=Survey.Status.OPEN)
    questions = list(survey.questionnaire.questions.all())
    data = {f"q{questions[0].pk}": "Digitalisering", f"q{questions[1].pk}": "5"}
    assert "Dank je wel" in client.post(url, data).content.decode()
    again = client.post(url, data).content.decode()  # the same browser: once
    assert "al beantwoord" in again and "Dank je wel" in again
    assert "Dank je wel" in Client().post(url, data).content.decode()  # a public link: many
    n = ev.survey_invite(
        survey=survey, actor_group="teacher", emails=[world.teacher.email, "nobody@example.org"]
    )
    assert n == 1 and mail.outbox[-1].to == [world.teacher.email]
    assert ev.survey_invite(survey=survey, actor_group="teacher", emails=[world.teacher.email]) == 0
    group = evaluation_summary(survey.questionnaire, actor_group="sector_federation")
    assert group.responses == 2
    assert evaluation_summary(survey.questionnaire, actor_group="teacher").responses == 0
    page = client_for(world.ministry).get(
        reverse("workspace:results", args=[survey.questionnaire_id])
    )
    assert "Sectoren" in page.content.decode()
    assert "Digitalisering" in page.content.decode()
    ev.survey_set_status(survey=survey, status=Survey.Status.CLOSED)
    assert "niet open" in client.post(url, data).content.decode()
    assert survey.questionnaire.responses.count() == 2


def test_regional_coordinator_cannot_create_surveys(world, client_for):
    response = client_for(world.coordinator).post(
        reverse("workspace:surveys"), {"title": "X", "actor_groups": ["teacher"]}
    )
    assert response.status_code == 403
    assert not Survey.objects.exists()
    client_for(world.ministry).post(
        reverse("workspace:surveys"), {"title": "X", "actor_groups": ["teacher"]}
    )
    assert Survey.objects.count() == 1


def test_the_workspace_menu_offers_surveys_only_to_whoever_may_manage_them(world, client_for):
    link = f'href="{reverse("workspace:surveys")}"'
    dashboard = reverse("workspace:dashboard")
    assert link not in client_for(world.coordinator).get(dashboard).content.decode()
    assert link in client_for(world.ministry).get(dashboard).content.decode()


# --- a centre's own questions and the sending rule ------------------------------------------


def test_centre_adds_its_own_questions_to_its_trainings(world, client_for):
    client = client_for(world.coordinator)
    url = reverse("workspace:centre_questionnaire")
    assert client.post(url, {"centre": world.other_centre.pk, "kind": "post"}).status_code == 404
    response = client.post(url, {"centre": world.centre.pk, "kind": "post"})
    own = Questionnaire.objects.get(is_template=True, centre=world.centre, kind="post")
    assert response["Location"] == reverse("workspace:questionnaire", args=[own.pk])
    client.post(
        response["Location"],
        {
            "kind": "single",
            "text": "Hoe vond u de locatie?",
            "choices": "Goed\nSlecht",
            "required": "on",
        },
    )
    assert own.questions.get().choices == ["Goed", "Slecht"]
    mine = ev.questionnaire_for_training(training=TrainingFactory(centre=world.centre), kind="post")
    theirs = ev.questionnaire_for_training(
        training=TrainingFactory(centre=world.other_centre), kind="post"
    )
    assert "Hoe vond u de locatie?" in [q.text for q in mine.questions.all()]
    assert "Hoe vond u de locatie?" not in [q.text for q in theirs.questions.all()]
    assert (
        client_for(world.other_coordinator)
        .get(reverse("workspace:questionnaire", args=[own.pk]))
        .status_code
        == 404
    )


def test_sending_rule_is_changed_by_the_coordinator_only(world, client_for):
    q = ev.questionnaire_for_training(training=TrainingFactory(centre=world.centre), kind="pre")
    url = reverse("workspace:questionnaire", args=[q.pk])
    assert client_for(world.ministry).post(url, {"send_offset_days": "3"}).status_code == 403
    response = client_for(world.coordinator).post(url, {"send_offset_days": "-2"})
    assert response.status_code == 200 and response.context["settings_form"].errors
    client_for(world.coordinator).post(url, {"send_offset_days": "3"})
    q.refresh_from_db()
    assert q.send_offset_days == 3 and not q.sending_enabled


def test_ministry_builds_a_survey_from_the_workspace(world, client_for):
    client = client_for(world.ministry)
    response = client.post(
        reverse("workspace:surveys"),
        {"title": "Noden", "intro": "", "actor_groups": ["teacher", "rtc"]},
    )
    survey = Survey.objects.get()
    page = reverse("workspace:questionnaire", args=[survey.questionnaire_id])
    assert response["Location"] == page
    client.post(
        page,
        {"kind": "multiple", "text": "Welke thema's?", "choices": "AI\nEnergie", "required": "on"},
    )
    assert survey.questionnaire.questions.get().choices == ["AI", "Energie"]
    client.post(reverse("workspace:survey", args=[survey.pk]), {"status": "open"})
    survey.refresh_from_db()
    assert survey.status == Survey.Status.OPEN
    for user in (world.coordinator, world.teacher):
        assert client_for(user).get(page).status_code in (403, 404)


def test_privacy_export_and_erase_of_invitations(invited):
    from stemnet import privacy

    person = invited.person
    ev.response_submit(
        invitation=invited, answers=answers_for(invited.questionnaire, improve="Prima")
    )
    exported = privacy.export_person(person)["questionnaire_invitations"]
    assert (
        exported[0]["answered_at"]
        and {
            "question": "Wat was goed, en wat kan beter?",
            "number": None,
            "text": "Prima",
            "selected": [],
        }
        in exported[0]["answers"]
    )
    from trainings.evaluations.privacy import erase_invitations

    erase_invitations(person)
    assert not Invitation.objects.filter(person=person).exists()
    response = Response.objects.get()
    assert response.invitation is None and response.answers.count() > 0  # counted anonymously


def test_survey_pages_query_count_does_not_grow(world, client_for):
    """The surveys list, a survey's page and its results per actor group run a fixed number of
    queries whatever the number of surveys, groups and responses."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(world.ministry)
    counts = []
    for size in (1, 4):
        for index in range(size):
            survey = ev.survey_create(
                by=world.ministry,
                title=f"Bevraging {size}-{index}",
                actor_groups=["teacher", "director", "rtc", "vdab"][:size],
                questions=[
                    ("open", "Welke innovaties?", []),
                    ("likert", "Hoe nodig is nascholing?", []),
                    ("single", "Welke vorm?", ["Kort", "Lang"]),
                ],
            )
            ev.survey_set_status(survey=survey, status=Survey.Status.OPEN)
            questions = list(survey.questionnaire.questions.all())
            for link in survey.links.all():
                for answer in range(size):
                    ev.response_submit(
                        survey_link=link,
                        answers={
                            questions[0].pk: f"Antwoord {answer}",
                            questions[1].pk: "4",
                            questions[2].pk: "Kort",
                        },
                    )
        pages = [
            reverse("workspace:surveys"),
            reverse("workspace:survey", args=[survey.pk]),
            reverse("workspace:results", args=[survey.questionnaire_id]),
        ]
        sizes = []
        for url in pages:
            with CaptureQueriesContext(connection) as ctx:
                response = client.get(url)
            assert response.status_code == 200, url
            sizes.append(len(ctx.captured_queries))
        counts.append(sizes)
    assert counts[0] == counts[1], counts
    from trainings.evaluations.selectors import evaluation_summaries_by_group

    groups = ["vdab", "teacher", "stem_company"]
    for group, together in zip(
        groups, evaluation_summaries_by_group(survey.questionnaire, groups), strict=True
    ):
        alone = evaluation_summary(survey.questionnaire, actor_group=group)
        assert (together.responses, together.invited) == (alone.responses, alone.invited)
        assert [(q.count, q.average, q.distribution, q.texts) for q in together.questions] == [
            (q.count, q.average, q.distribution, q.texts) for q in alone.questions
        ]
    assert [s.responses for s in evaluation_summaries_by_group(survey.questionnaire, groups)] == [
        4,
        4,
        0,
    ]


def test_survey_results_are_exported_per_actor_group(world, client_for, client):
    survey = ev.survey_create(
        by=world.ministry,
        title="Bevraging opleidingsnoden",
        actor_groups=["teacher", "rtc", "vdab"],
        questions=[("open", "Welke innovaties?", [])],
    )
    ev.survey_set_status(survey=survey, status=Survey.Status.OPEN)
    (question,) = survey.questionnaire.questions.all()
    for group, answers in (("rtc", ["Robotica", "Sensoren"]), ("vdab", ["Vakmanschap"])):
        link = survey.links.get(actor_group=group)
        for text in answers:
            ev.response_submit(survey_link=link, answers={question.pk: text})
    export = client_for(world.ministry).get(
        reverse("workspace:results_export", args=[survey.questionnaire_id])
    )
    rows = list(load_workbook(io.BytesIO(export.content)).active.iter_rows(values_only=True))
    assert rows[0][0] == "actor_group"
    responses = {row[0]: row[4] for row in rows[1:] if row[1] in ("", None)}
    assert responses == {"all": 3, "teacher": 0, "rtc": 2, "vdab": 1}
    opens = {row[0]: row[8] for row in rows[1:] if row[2] == "Welke innovaties?"}
    assert opens["rtc"] == "Robotica\nSensoren" and opens["vdab"] == "Vakmanschap"
    assert not opens["teacher"]


def test_a_public_survey_link_limits_answers_per_address(world, settings):
    settings.SURVEY_ANSWERS_PER_ADDRESS = 3
    survey = ev.survey_create(
        by=world.ministry,
        title="Bevraging",
        actor_groups=["teacher"],
        questions=[("likert", "Hoe nodig is nascholing?", [])],
    )
    ev.survey_set_status(survey=survey, status=Survey.Status.OPEN)
    link = survey.links.get()
    url = reverse("evaluations:survey_answer", args=[link.token])
    data = {f"q{survey.questionnaire.questions.get().pk}": "4"}
    for _ in range(3):  # three browsers of one computer room
        assert "Dank je wel" in Client().post(url, data).content.decode()
    refused = Client().post(url, data).content.decode()
    assert "later opnieuw" in refused
    assert survey.questionnaire.responses.count() == 3
    other = Client(REMOTE_ADDR="10.0.0.2").post(url, data).content.decode()
    assert "Dank je wel" in other
