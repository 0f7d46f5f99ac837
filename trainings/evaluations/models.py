"""
Evaluations: questionnaires before, after and some months after a training, the personal
invitations to answer them, the answers, and the network-wide surveys addressed to groups of
actors (teachers, directors, VDAB, regional technology centres, sector federations …) that
belong to no training.

Answers are anonymous towards their readers: summaries never show who answered.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from stemnet.accounts.models import PersonRole
from stemnet.tokens import new_token
from trainings.models import Training


class ActorGroup(models.TextChoices):
    """The groups of actors a network-wide survey addresses (the survey of training needs)."""

    TEACHER = "teacher", _("Teachers")
    DIRECTOR = "director", _("Directors")
    PBD = "pbd", _("Pedagogical counselling services")
    RTC = "rtc", _("Regional technology centres (RTC)")
    VDAB = "vdab", _("VDAB")
    SECTOR_FEDERATION = "sector_federation", _("Sector federations")
    STEM_COMPANY = "stem_company", _("STEM companies")


class Questionnaire(models.Model):
    """A list of questions sent to people.

    Templates have no training: the network's standard questionnaire of each kind (no centre)
    holds the questions every centre asks, so that centres can be compared; a centre's own
    template (with a centre) holds the questions it adds. A training's questionnaire is copied
    from those templates. A network-wide survey (kind ``survey``) belongs to no training.
    """

    class Kind(models.TextChoices):
        PRE = "pre", _("Before the training")
        POST = "post", _("After the training")
        FOLLOW_UP = "follow_up", _("Follow-up")
        SURVEY = "survey", _("Network-wide survey")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    intro = models.TextField(_("introduction"), blank=True)
    training = models.ForeignKey(
        Training,
        verbose_name=_("training"),
        on_delete=models.CASCADE,
        related_name="questionnaires",
        null=True,
        blank=True,
    )
    centre = models.ForeignKey(
        "networks.Centre",
        verbose_name=_("centre"),
        on_delete=models.CASCADE,
        related_name="questionnaires",
        null=True,
        blank=True,
    )
    is_template = models.BooleanField(_("template"), default=False)
    send_offset_days = models.IntegerField(
        _("send after (days)"),
        default=1,
        help_text=_(
            "Before the training: days before the first session. After and follow-up: "
            "days after the last session."
        ),
    )
    sending_enabled = models.BooleanField(_("send automatically"), default=True)
    reminder_after_days = models.PositiveSmallIntegerField(
        _("reminder after (days)"),
        null=True,
        blank=True,
        default=7,
        help_text=_(
            "One reminder to those who have not answered, this many days after their "
            "invitation. Empty: no reminder."
        ),
    )
    closed_at = models.DateTimeField(
        _("closed at"),
        null=True,
        blank=True,
        help_text=_("A closed questionnaire sends nothing more and accepts no answers."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["kind", "title"]
        verbose_name = _("questionnaire")
        verbose_name_plural = _("questionnaires")
        constraints = [
            models.UniqueConstraint(
                fields=["training", "kind"],
                condition=Q(training__isnull=False),
                name="questionnaire_one_kind_per_training",
            ),
            models.UniqueConstraint(
                fields=["kind"],
                condition=Q(is_template=True, centre__isnull=True),
                name="questionnaire_one_standard_per_kind",
            ),
            models.UniqueConstraint(
                fields=["centre", "kind"],
                condition=Q(is_template=True, centre__isnull=False),
                name="questionnaire_one_centre_template_per_kind",
            ),
        ]

    def __str__(self):
        return self.title


class Question(models.Model):
    class Kind(models.TextChoices):
        LIKERT = "likert", _("Scale 1 to 5")
        SINGLE = "single", _("One choice")
        MULTIPLE = "multiple", _("Several choices")
        OPEN = "open", _("Open answer")
        RECOMMEND = "recommend", _("Would you recommend this training to a colleague?")

    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.CASCADE, related_name="questions"
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    text = models.CharField(_("question"), max_length=500)
    choices = models.JSONField(
        _("choices"),
        default=list,
        blank=True,
        help_text=_("For single and multiple choice: the options."),
    )
    required = models.BooleanField(_("required"), default=True)
    code = models.SlugField(
        _("code"),
        max_length=40,
        blank=True,
        help_text=_(
            "Standard questions keep the same code everywhere, so that answers can be "
            "compared; 'overall' is the overall satisfaction question."
        ),
    )
    is_standard = models.BooleanField(_("standard question"), default=False)

    class Meta:
        ordering = ["questionnaire", "position", "pk"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        constraints = [
            models.UniqueConstraint(
                fields=["questionnaire", "code"],
                condition=~Q(code=""),
                name="question_code_once_per_questionnaire",
            ),
        ]

    def __str__(self):
        return self.text


class Survey(models.Model):
    """A network-wide survey that belongs to no training, addressed to groups of actors."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    questionnaire = models.OneToOneField(
        Questionnaire, on_delete=models.CASCADE, related_name="survey"
    )
    actor_groups = models.JSONField(_("actor groups"), default=list, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    closes_on = models.DateField(_("closes on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")

    def __str__(self):
        return str(self.questionnaire)


class SurveyLink(models.Model):
    """One public link per actor group of a survey: anyone with it may answer, as that group."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="links")
    actor_group = models.CharField(_("actor group"), max_length=20, choices=ActorGroup.choices)
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("public survey link")
        verbose_name_plural = _("public survey links")
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "actor_group"], name="survey_link_once_per_group"
            ),
        ]

    def __str__(self):
        return f"{self.survey} — {self.get_actor_group_display()}"


class Invitation(models.Model):
    """A personal, unguessable link for one person to answer one questionnaire once."""

    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.CASCADE, related_name="invitations"
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="questionnaire_invitations"
    )
    actor_group = models.CharField(
        _("actor group"), max_length=20, choices=ActorGroup.choices, blank=True
    )
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("reminded at"), null=True, blank=True)
    responded_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            models.UniqueConstraint(
                fields=["questionnaire", "person"], name="invitation_once_per_person"
            ),
        ]

    def __str__(self):
        return f"{self.person} — {self.questionnaire}"


class Response(models.Model):
    """One filled-in questionnaire. Anonymous towards readers: summaries never show who."""

    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.CASCADE, related_name="responses"
    )
    invitation = models.OneToOneField(
        Invitation, on_delete=models.SET_NULL, null=True, blank=True, related_name="response"
    )
    survey_link = models.ForeignKey(
        SurveyLink, on_delete=models.SET_NULL, null=True, blank=True, related_name="responses"
    )
    actor_group = models.CharField(
        _("actor group"), max_length=20, choices=ActorGroup.choices, blank=True
    )
    role = models.CharField(
        _("role"),
        max_length=20,
        choices=PersonRole.choices,
        blank=True,
        help_text=_(
            "The respondent's role when answering (from the profile), kept without the person "
            "so that results can be split by role."
        ),
    )
    submitted_at = models.DateTimeField(_("submitted at"), db_index=True)

    class Meta:
        ordering = ["-submitted_at"]
        verbose_name = _("response")
        verbose_name_plural = _("responses")

    def __str__(self):
        return f"{self.questionnaire} — {self.submitted_at:%Y-%m-%d}"


class Answer(models.Model):
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    number = models.SmallIntegerField(
        null=True,
        blank=True,
        help_text="Likert: 1-5; recommend: 1 yes, 0 no.",
    )
    text = models.TextField(blank=True)
    selected = models.JSONField(default=list, blank=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(
                fields=["response", "question"], name="answer_once_per_question"
            ),
        ]

    def __str__(self):
        return f"{self.question}: {self.number if self.number is not None else self.text}"
