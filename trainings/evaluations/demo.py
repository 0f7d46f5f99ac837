"""Demo evaluations: the network's standard questionnaires, answers to the post-training
evaluation of the held trainings of ``trainings.demo`` (the STEM+ learning network and the
2017 masterclasses, answered by teachers, company staff, researchers … with the roles of their
profiles) and the network-wide survey of the training needs of TSO/BSO teachers.

Idempotent: rows are matched on codes, e-mail addresses and natural keys; running it twice
changes nothing.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from stemnet.accounts.models import User
from trainings.models import Enrolment, Training

from . import services as evaluations
from .models import Question, Questionnaire, Survey

BRUSSELS = ZoneInfo("Europe/Brussels")

# Answers to the post-training questionnaire, cycled over the people who answer:
# (overall 1-5, would recommend, open answer)
ANSWERS = [
    ("5", "yes", "De koppeling tussen STEM en gelijke kansen was heel concreet."),
    ("4", "yes", "Meer tijd om praktijkvoorbeelden uit te wisselen."),
    ("5", "yes", ""),
    ("4", "yes", "De experten waren inspirerend."),
    ("3", "no", "Sommige sessies lagen te ver van mijn klaspraktijk."),
    ("4", "yes", ""),
    ("5", "yes", "Graag een vervolg in het volgende schooljaar."),
    ("2", "no", "Te weinig afgestemd op mijn vak."),
    ("4", "yes", ""),
]
NEEDS_QUESTIONS = [
    (
        "open",
        "Welke innovatieve ontwikkelingen op de arbeidsmarkt hebben invloed op het "
        "technische en beroepssecundair onderwijs, en welke uitdagingen ziet u?",
    ),
    ("open", "Welke opleidingsnoden hebben leerkrachten TSO/BSO binnen deze context?"),
    (
        "likert",
        "In welke mate ondersteunt uw organisatie leerkrachten TSO/BSO al om bij te "
        "blijven met innovaties op de arbeidsmarkt? (1 helemaal niet – 5 sterk)",
    ),
    ("open", "Welke engagementen zouden in de toekomst nog mogelijk zijn?"),
    ("open", "Wat verwacht u van de andere betrokken partijen?"),
    (
        "multiple",
        "Welke randvoorwaarden zijn essentieel voor de transfer van de arbeidsmarkt "
        "naar de klasvloer?",
    ),
]
NEEDS_CONDITIONS = [
    "Tijd voor nascholing",
    "Vervanging van leerkrachten",
    "Stages in bedrijven",
    "Uitrusting op school",
    "Samenwerking met sectoren",
]


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=BRUSSELS)


def _post_answers(training: Training, *, share: tuple[int, int]) -> int:
    """The post-training questionnaire of a held training, answered by ``share`` (2, 3: two
    in three) of its participants, each with the role of their profile (teachers, company
    staff, researchers …), so that the results split by role."""
    questionnaire = evaluations.questionnaire_for_training(
        training=training, kind=Questionnaire.Kind.POST
    )
    people = list(
        training.enrolments.filter(status=Enrolment.Status.ATTENDED).values_list(
            "person_id", flat=True
        )
    )
    evaluations.invitations_create(questionnaire=questionnaire, person_ids=people)
    questions = {q.code: q for q in questionnaire.questions.all()}
    sent_at = training.sessions.order_by("-ends_at").first().ends_at + dt.timedelta(days=1)
    invitations = list(questionnaire.invitations.order_by("person__email"))
    questionnaire.invitations.filter(sent_at__isnull=True).update(sent_at=sent_at)
    answering, of = share
    for number, invitation in enumerate(invitations):
        if invitation.responded_at or number % of >= answering:
            continue
        overall, recommend, text = ANSWERS[(number * answering // of) % len(ANSWERS)]
        answers = {
            q.pk: str(3 + (number + q.position) % 3)
            for q in questions.values()
            if q.kind == Question.Kind.LIKERT
        }
        answers[questions["overall"].pk] = overall
        answers[questions["recommend"].pk] = recommend
        answers[questions["improve"].pk] = text
        evaluations.response_submit(
            invitation=invitation, answers=answers, now=sent_at + dt.timedelta(days=2)
        )
    return questionnaire.responses.count()


def _needs_survey() -> Survey:
    title = "Bevraging opleidingsnoden leerkrachten TSO/BSO"
    survey = Survey.objects.filter(questionnaire__title=title).first()
    if survey is None:
        survey = evaluations.survey_create(
            by=User.objects.filter(email="ministerie@stemnet.test").first(),
            title=title,
            intro="Een globale bevraging naar de innovatiegerichte opleidingsnoden van "
            "leerkrachten TSO/BSO en de engagementen van bedrijven en sectoren. De "
            "resultaten gaan naar de stuurgroep.",
            actor_groups=[
                "teacher",
                "director",
                "pbd",
                "rtc",
                "vdab",
                "sector_federation",
                "stem_company",
            ],
            questions=[
                (kind, text, NEEDS_CONDITIONS if kind == "multiple" else [])
                for kind, text in NEEDS_QUESTIONS
            ],
        )
        evaluations.survey_set_status(survey=survey, status=Survey.Status.OPEN)
        questions = list(survey.questionnaire.questions.all())
        samples = {
            "teacher": (
                "Automatisering en digitalisering van productieprocessen.",
                "Bijscholing over nieuwe machines en software.",
                "2",
                ["Tijd voor nascholing", "Vervanging van leerkrachten"],
            ),
            "sector_federation": (
                "Industrie 4.0, duurzame energie.",
                "Stages voor leerkrachten in bedrijven.",
                "4",
                ["Stages in bedrijven", "Samenwerking met sectoren"],
            ),
            "stem_company": (
                "Robotica en data-analyse.",
                "Praktijkgerichte opleidingen.",
                "3",
                ["Uitrusting op school", "Stages in bedrijven"],
            ),
        }
        for group, (innovation, needs, support, conditions) in samples.items():
            link = survey.links.get(actor_group=group)
            evaluations.response_submit(
                survey_link=link,
                answers={
                    questions[0].pk: innovation,
                    questions[1].pk: needs,
                    questions[2].pk: support,
                    questions[3].pk: "",
                    questions[4].pk: "",
                    questions[5].pk: conditions,
                },
            )
    return survey


def load(out) -> None:
    for kind in (Questionnaire.Kind.PRE, Questionnaire.Kind.POST, Questionnaire.Kind.FOLLOW_UP):
        evaluations.standard_questionnaire(kind=kind)
    held = {
        t.code: t
        for t in Training.objects.filter(
            code__in=["stem-plus-2016-2017", "stem-masterclasses-2017"], status=Training.Status.HELD
        ).select_related("centre__host")
        if t.sessions.exists()
    }
    # The masterclasses: two in three answer, so that teachers, company staff and researchers
    # each reach the smallest group shown on its own; STEM+: one in two, so that its few
    # researchers and others show only together ("other groups together").
    shares = {"stem-masterclasses-2017": (2, 3)}
    answered = sum(_post_answers(t, share=shares.get(code, (1, 2))) for code, t in held.items())
    survey = _needs_survey()
    out.write(
        f"  evaluations: {Questionnaire.objects.count()} questionnaires, "
        f"{answered} evaluation answers, "
        f"survey '{survey}' ({survey.questionnaire.responses.count()} answers)"
    )
