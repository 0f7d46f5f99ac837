"""
Every kind of e-mail the portal sends (the registry ``stemnet.mail.MAIL_KINDS``), built
through the code that sends it: each is multipart (plain text and HTML from the one pair of
base templates), has no remote images or scripts, and every link in it is absolute, on the
site's own address (SITE_URL), the same in both parts, and answers (the page opens, or asks to
log in first and then opens). A relative link, a link to another host or a dead link fails.

``MAILS`` has one builder per registered kind; a kind without a builder, or a mail template
that is not registered, fails ``test_every_kind_has_a_builder_and_every_template_a_kind``.
"""

import datetime as dt
import re
from decimal import Decimal
from html import escape
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from tests.projects.mails import MAILS as PROJECT_MAILS
from tests.trainings.factories import EnrolmentFactory, SessionFactory, TrainingFactory
from trainings.calendar import session_uid
from trainings.evaluations.services import questionnaires_send
from trainings.models import Attendance
from trainings.services.mail import MAIL_SUBJECTS, WITH_CALENDAR, enrolment_mail_send

ROOT = Path(__file__).resolve().parents[1]
SITE = "https://stemnet.example.be"
URL = re.compile(r"https?://[^\s<>\"')]+")
# A path standing alone where a link belongs: "Mijn nascholingen: /nascholingen/mijn/".
RELATIVE = re.compile(r"(?:^|[\s:(])(/[a-z][\w\-./?=&%]*)", re.MULTILINE)


def _enrolment_mail(kind):
    def build(world, client):
        session = SessionFactory(training__centre=world.centre)
        enrolment = EnrolmentFactory(training=session.training, person=world.teacher)
        enrolment_mail_send(enrolment=enrolment, kind=kind, session=session)
        return world.teacher

    return build


def _questionnaire(world, client):
    training = TrainingFactory(centre=world.centre, contact_hours=Decimal("3"))
    ended = timezone.now() - dt.timedelta(days=1, hours=2)
    session = SessionFactory(
        training=training, starts_at=ended - dt.timedelta(hours=3), ends_at=ended
    )
    enrolment = EnrolmentFactory(training=training, person=world.teacher)
    Attendance.objects.create(enrolment=enrolment, session=session, present=True)
    assert questionnaires_send() == 1
    return None  # the personal link works without logging in


def _questionnaire_reminder(world, client):
    from trainings.evaluations.services import questionnaire_reminders_send

    _questionnaire(world, client)
    mail.outbox.clear()
    later = timezone.now() + dt.timedelta(days=8)
    assert questionnaire_reminders_send(now=later) == 1
    return None


def _message(world, client):
    from trainings.services.messages import training_message_send

    enrolment = EnrolmentFactory(training__centre=world.centre, person=world.teacher)
    with TestCase.captureOnCommitCallbacks(execute=True):  # the task is queued on commit
        training_message_send(
            training=enrolment.training,
            sender=world.coordinator,
            audience="all",
            subject="Parking",
            body="Parkeer achter het gebouw.",
        )
    return world.teacher


def _signup(world, client):
    client.post(
        reverse("account_signup"),
        {
            "email": "nieuw@example.org",
            "password1": "een-lang-wachtwoord-2026",
            "password2": "een-lang-wachtwoord-2026",
            "first_name": "An",
            "last_name": "Claes",
        },
    )
    return None


def _password_reset(world, client):
    client.post(reverse("account_reset_password"), {"email": world.teacher.email})
    return None


def _signup_again(world, client):
    """Signing up with an address that has an account: allauth tells the owner."""
    client.post(
        reverse("account_signup"),
        {
            "email": world.teacher.email,
            "password1": "een-lang-wachtwoord-2026",
            "password2": "een-lang-wachtwoord-2026",
            "first_name": "An",
            "last_name": "Claes",
        },
    )
    return None


def _unknown_account(world, client):
    client.post(reverse("account_reset_password"), {"email": "niemand@example.org"})
    return None


def _confirmation_again(world, client):
    """Logging in with an address not confirmed yet sends the confirmation again."""
    from allauth.account.models import EmailAddress

    from tests.factories import UserFactory

    user = UserFactory(
        email="onbevestigd@example.org", password="een-lang-wachtwoord-2026", verified=False
    )
    EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=False)
    client.post(
        reverse("account_login"),
        {"login": user.email, "password": "een-lang-wachtwoord-2026"},
    )
    return None


def _search_alert(world, client):
    from trainings.services.alerts import saved_search_create, search_alerts_send

    saved_search_create(person=world.teacher, params={"domain": "M"})
    session = SessionFactory(training__centre=world.centre, training__stem_domains=["M"])
    assert session.training and search_alerts_send() == 1
    return world.teacher


def _newsletter_confirm(world, client):
    """Subscribing on a list's page: the confirmation with its signed link, nothing else."""
    from tests.newsletters.factories import centre_list

    newsletter = centre_list(world)
    with TestCase.captureOnCommitCallbacks(execute=True):
        client.post(
            reverse("newsletters:detail", args=[newsletter.slug]),
            {"email": "nieuwsgierig@example.org", "consent": "on"},
        )
    return None  # the link works without logging in


def _newsletter_issue(world, client):
    """An issue with a training, a library item and a project result, sent to a subscriber."""
    from tests.newsletters.factories import IssueFactory, SubscriptionFactory, centre_list
    from tests.newsletters.test_services import library_item
    from trainings.newsletters.services import issue_send

    newsletter = centre_list(world)
    SubscriptionFactory(newsletter=newsletter, email=world.teacher.email, user=world.teacher)
    session = SessionFactory(training__centre=world.centre)
    issue = IssueFactory(newsletter=newsletter, intro="Zie https://stemnet.example.be/ voor meer.")
    issue.trainings.set([session.training])
    issue.library_items.set(
        [library_item(world), library_item(world, kind="action_research", title="Eindrapport")]
    )
    mail.outbox.clear()
    with TestCase.captureOnCommitCallbacks(execute=True):
        issue_send(issue=issue)
    return world.teacher


def _kit_reminder(late):
    """A collected kit: its return date two days away (due) or passed (late)."""

    def build(world, client):
        from tests.library.factories import KitReservationFactory
        from trainings.library.services import kit_reminders_send

        today = timezone.localdate()
        ends_on = today - dt.timedelta(days=1) if late else today + dt.timedelta(days=2)
        KitReservationFactory(
            copy__kit__centre=world.centre,
            person=world.teacher,
            starts_on=ends_on - dt.timedelta(days=5),
            ends_on=ends_on,
            status="collected",
        )
        assert kit_reminders_send(today=today) == 1
        return world.teacher

    return build


def _support_mail(kind):
    """A support claim taken to the step that mails ``kind`` (tests/support/factories.py)."""

    def build(world, client):
        from tests.support.factories import IBAN, SchemeFactory, attend, past_training
        from trainings.support import services as support

        SchemeFactory(centre=world.centre)
        enrolment = EnrolmentFactory(training=past_training(world.centre), person=world.teacher)
        replacement = kind in ("director_request", "confirmed", "declined")
        with TestCase.captureOnCommitCallbacks(execute=True):
            claim = support.claim_submit(
                enrolment=enrolment,
                fee=True,
                replacement_hours=2 if replacement else 0,
                iban=IBAN,
                director_email="directeur@school.example" if replacement else "",
            )
        if kind == "director_request":
            mail.outbox[:] = [m for m in mail.outbox if m.to == ["directeur@school.example"]]
            return None  # the personal link works without logging in
        if kind == "submitted":
            return world.teacher
        mail.outbox.clear()
        with TestCase.captureOnCommitCallbacks(execute=True):
            if replacement:
                support.claim_director_answer(
                    claim=claim, confirm=kind == "confirmed", name="M. Janssens", reason="Examens"
                )
            elif kind == "refused":
                support.claim_refuse(claim=claim, coordinator=world.coordinator, reason="Dubbel")
            elif kind in ("approved", "paid"):
                support.claim_approve(claim=claim, coordinator=world.coordinator)
        if kind == "paid":
            attend(enrolment)
            mail.outbox.clear()
            with TestCase.captureOnCommitCallbacks(execute=True):
                support.claim_mark_paid(claim=claim, coordinator=world.coordinator)
        return world.teacher

    return build


def _review_decided(world, client):
    """The scientific committee sends a training back: its coordinator is mailed why."""
    from trainings.quality.models import Criterion
    from trainings.quality.services import review_decide

    training = TrainingFactory(centre=world.centre, status="in_review")
    review = review_decide(
        training=training,
        reviewer=world.committee,
        approve=False,
        verdicts=dict.fromkeys(Criterion.values, ("partly", "")),
        remarks="Vermeld de onderzoeksbasis.",
    )
    from trainings.quality.services import review_decision_mail_send

    review_decision_mail_send(review_id=review.pk)
    return world.coordinator


MAILS = {
    "library/email/kit_due": _kit_reminder(late=False),
    "library/email/kit_late": _kit_reminder(late=True),
    **{f"trainings/email/{kind}": _enrolment_mail(kind) for kind in MAIL_SUBJECTS},
    "evaluations/email/questionnaire": _questionnaire,
    "evaluations/email/questionnaire_reminder": _questionnaire_reminder,
    "trainings/email/message": _message,
    "trainings/email/search_alert": _search_alert,
    "account/email/email_confirmation_signup_message": _signup,
    "account/email/email_confirmation_message": _confirmation_again,
    "account/email/password_reset_key_message": _password_reset,
    "account/email/unknown_account_message": _unknown_account,
    "account/email/account_already_exists_message": _signup_again,
    **{
        f"support/email/{kind}": _support_mail(kind)
        for kind in (
            "submitted",
            "director_request",
            "confirmed",
            "declined",
            "approved",
            "refused",
            "paid",
        )
    },
    "newsletters/email/confirm": _newsletter_confirm,
    "newsletters/email/issue": _newsletter_issue,
    **PROJECT_MAILS,
    "quality/email/review_decided": _review_decided,
}


def _registered():
    import stemnet.accounts.adapters  # noqa: F401  (each module registers its kinds)
    import trainings.evaluations.services  # noqa: F401
    import trainings.library.services  # noqa: F401
    import trainings.newsletters.mail  # noqa: F401
    import trainings.projects.services  # noqa: F401
    import trainings.quality.services  # noqa: F401
    import trainings.services.alerts  # noqa: F401
    import trainings.services.mail  # noqa: F401
    import trainings.services.messages  # noqa: F401
    import trainings.support.mail  # noqa: F401
    from stemnet.mail import MAIL_KINDS

    return set(MAIL_KINDS)


def test_every_kind_has_a_builder_and_every_template_a_kind():
    templates = {
        str(path.relative_to(path.parents[2])).removesuffix(".txt")
        for app in ("stemnet", "networks", "trainings", "monitor")
        for path in (ROOT / app).rglob("templates/*/email/*.txt")
    } | {
        f"account/email/{path.stem}"
        for path in (ROOT / "templates" / "account" / "email").glob("*_message.txt")
    }
    assert templates, "no mail templates found"
    registered = _registered()
    assert templates <= registered, sorted(templates - registered)
    assert registered == set(MAILS), sorted(registered ^ set(MAILS))


class _Html(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links, self.sources, self.tags, self.lang = [], [], set(), None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.add(tag)
        if tag == "html":
            self.lang = attrs.get("lang")
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        for name in ("src", "srcset", "background"):
            if attrs.get(name):
                self.sources.append(attrs[name])


def _parts(message):
    assert isinstance(message, EmailMultiAlternatives), "not multipart"
    html = [content for content, kind in message.alternatives if kind == "text/html"]
    assert len(html) == 1, "one HTML part"
    return message.body, html[0]


@pytest.mark.parametrize("name", sorted(MAILS))
def test_every_mail_is_multipart_and_every_link_absolute_and_answers(name, world, client, settings):
    settings.SITE_URL = SITE
    _registered()
    mail.outbox.clear()
    reader = MAILS[name](world, client)
    assert mail.outbox, f"{name}: no e-mail was sent"
    for message in mail.outbox:
        text, html = _parts(message)
        assert "<" not in text and "&amp;" not in text, f"{name}: HTML in the plain text"
        parsed = _Html()
        parsed.feed(html)
        assert parsed.lang in ("nl-be", "en"), f"{name}: the HTML part has no language"
        assert not parsed.sources, f"{name}: remote or embedded resources {parsed.sources}"
        assert not parsed.tags & {"img", "script", "link", "iframe", "form"}, parsed.tags
        links = URL.findall(text)
        assert links, f"{name}: the e-mail has no link to act on"
        assert not RELATIVE.findall(text), f"{name}: relative links {RELATIVE.findall(text)}"
        assert "testserver" not in text + html and "127.0.0.1" not in text + html
        web_links = {link for link in parsed.links if not link.startswith("mailto:")}
        assert web_links == set(links), f"{name}: the parts link to different places"
        for link in links:
            assert link.startswith(SITE + "/"), f"{name}: {link} is not on {SITE}"
            path = link.removeprefix(SITE)
            client.logout()
            if reader is not None:
                client.force_login(reader)
            response = client.get(path, follow=True)
            assert response.status_code == 200, f"{name}: {link} answered {response.status_code}"


@pytest.mark.parametrize("kind", sorted(WITH_CALENDAR))
def test_a_seat_comes_with_the_sessions_as_ics_with_the_feeds_uids(kind, world, client):
    session = SessionFactory(training__centre=world.centre, location="Campus Schoonmeersen")
    SessionFactory(training=session.training, starts_at=session.starts_at + dt.timedelta(days=7))
    enrolment = EnrolmentFactory(training=session.training, person=world.teacher)
    mail.outbox.clear()
    enrolment_mail_send(enrolment=enrolment, kind=kind)
    (message,) = mail.outbox
    ((filename, content, mimetype),) = message.attachments
    assert (filename, mimetype) == (f"{session.training.code}.ics", "text/calendar")
    calendar = Calendar.from_ical(content)
    uids = {str(event["uid"]) for event in calendar.walk("VEVENT")}
    assert uids == {session_uid(s) for s in session.training.sessions.all()}
    client.force_login(world.teacher)
    feed = client.get(
        reverse("trainings:training_calendar", kwargs={"code": session.training.code})
    )
    assert uids == {str(e["uid"]) for e in Calendar.from_ical(feed.content).walk("VEVENT")}


def test_a_confirmation_says_when_where_what_it_costs_and_how_to_cancel(world):
    session = SessionFactory(
        training__centre=world.centre,
        training__fee_eur=Decimal("480"),
        location="Campus Schoonmeersen, Gent",
        online_url="https://meet.example.org/stem",
        starts_at=dt.datetime(2027, 1, 12, 8, 0, tzinfo=dt.UTC),
        ends_at=dt.datetime(2027, 1, 12, 11, 30, tzinfo=dt.UTC),
    )
    enrolment = EnrolmentFactory(training=session.training, person=world.teacher)
    world.teacher.language = "nl-be"
    mail.outbox.clear()
    enrolment_mail_send(enrolment=enrolment, kind="enrolled")
    text, html = _parts(mail.outbox[0])
    for fact in (
        "dinsdag 12 januari 2027, 09:00–12:30",
        "Campus Schoonmeersen, Gent",
        "https://meet.example.org/stem",
        "€ 480,00",
        "annuleren",
        session.training.centre.name,
    ):
        assert fact in text, fact
        assert escape(fact) in html, fact


def test_a_moved_session_is_mailed_to_the_enrolled_once(world):
    from django.test import TestCase as DjangoTestCase

    from trainings.services.trainings import session_update

    session = SessionFactory(training__centre=world.centre)
    EnrolmentFactory(training=session.training, person=world.teacher)
    mail.outbox.clear()
    later = session.starts_at + dt.timedelta(days=1)
    with DjangoTestCase.captureOnCommitCallbacks(execute=True):
        session_update(
            session=session, fields={"starts_at": later, "ends_at": later + dt.timedelta(hours=3)}
        )
    with DjangoTestCase.captureOnCommitCallbacks(execute=True):  # the same again: no news
        session_update(
            session=session, fields={"starts_at": later, "ends_at": later + dt.timedelta(hours=3)}
        )
    assert [m.to for m in mail.outbox] == [[world.teacher.email]]
    assert mail.outbox[0].attachments


@pytest.mark.parametrize("location", ["/nascholingen/mijn/", "http://testserver/x/?a=1#b"])
def test_absolute_url_puts_any_location_on_the_site(location, settings):
    from stemnet.site import absolute_url

    settings.SITE_URL = SITE + "/"
    assert absolute_url(location).startswith(SITE + "/")
    assert "testserver" not in absolute_url(location)
