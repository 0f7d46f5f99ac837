"""Subscribing (double opt-in), unsubscribing, composing and sending an issue."""

import datetime as dt
import re

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import TestCase
from django.utils import timezone

from tests.trainings.factories import SessionFactory, TrainingFactory
from trainings.newsletters import services
from trainings.newsletters.mail import confirmation_code, issue_build
from trainings.newsletters.models import Issue, IssueDelivery, Subscription
from trainings.newsletters.selectors import confirmed_subscribers

from .factories import IssueFactory, SubscriptionFactory, centre_list, network_list


def library_item(world, *, kind="good_practice", title="Robotica in de eerste graad", centre=None):
    """A published item of the library (``world.centre`` unless told)."""
    from trainings.library.services import library_item_create, library_item_publish

    item = library_item_create(
        centre=centre or world.centre,
        title=title,
        summary="Leerlingen bouwen een robot en meten hoe ver hij rijdt.",
        kind=kind,
        stem_domains=["T"],
    )
    return library_item_publish(item=item, by=world.admin)


def _request(newsletter, email, **kwargs):
    with TestCase.captureOnCommitCallbacks(execute=True):
        return services.subscription_request(newsletter=newsletter, email=email, **kwargs)


def _send(issue):
    with TestCase.captureOnCommitCallbacks(execute=True):
        return services.issue_send(issue=issue)


def test_a_request_mails_only_the_confirmation_and_keeps_the_consent(world):
    newsletter = centre_list(world)
    mail.outbox.clear()
    subscription = _request(newsletter, "  An.Claes@Example.org ")
    assert subscription.email == "an.claes@example.org"
    assert subscription.consent_text == newsletter.consent_text
    assert subscription.consented_at and subscription.confirmed_at is None
    (message,) = mail.outbox
    assert message.to == ["an.claes@example.org"]
    (code,) = re.findall(r"/nieuwsbrieven/bevestigen/([^/\s]+)/", message.body)
    assert services.subscription_for_code(code) == subscription
    assert not confirmed_subscribers(newsletter).exists()


def test_no_issue_reaches_an_address_that_did_not_confirm(world):
    newsletter = centre_list(world)
    _request(newsletter, "wacht@example.org")
    confirmed = SubscriptionFactory(newsletter=newsletter, email="ja@example.org")
    mail.outbox.clear()
    assert _send(IssueFactory(newsletter=newsletter)) == 1
    assert [m.to for m in mail.outbox] == [[confirmed.email]]
    assert not IssueDelivery.objects.filter(subscription__email="wacht@example.org").exists()


def test_an_issue_without_confirmed_subscribers_is_not_sent(world):
    newsletter = centre_list(world)
    _request(newsletter, "wacht@example.org")
    mail.outbox.clear()
    issue = IssueFactory(newsletter=newsletter)
    with pytest.raises(ValidationError):
        _send(issue)
    issue.refresh_from_db()
    assert issue.is_draft and issue.sent_at is None and mail.outbox == []


def test_asking_again_soon_or_when_confirmed_mails_nothing_more(world):
    newsletter = centre_list(world)
    first = _request(newsletter, "twee@example.org")
    assert _request(newsletter, "twee@example.org") is None
    later = timezone.now() + services.CONFIRM_AGAIN_AFTER + dt.timedelta(minutes=1)
    again = _request(newsletter, "twee@example.org", now=later)
    assert again.pk == first.pk
    assert len(mail.outbox) == 2
    # Only the latest link confirms.
    assert services.subscription_for_code(confirmation_code(first)) is None
    services.subscription_confirm(code=confirmation_code(again))
    assert _request(newsletter, "twee@example.org", now=later + dt.timedelta(days=1)) is None
    assert len(mail.outbox) == 2


def test_confirming_twice_keeps_the_first_date(world):
    subscription = _request(centre_list(world), "drie@example.org")
    code = confirmation_code(subscription)
    first = services.subscription_confirm(code=code).confirmed_at
    assert services.subscription_confirm(code=code).confirmed_at == first


@pytest.mark.parametrize("code", ["", "x", "abc:def", "\x00", "a" * 5000])
def test_a_broken_code_confirms_nothing(world, code):
    with pytest.raises(ValidationError):
        services.subscription_confirm(code=code)


def test_an_expired_code_confirms_nothing(world, monkeypatch):
    subscription = _request(centre_list(world), "oud@example.org")
    code = confirmation_code(subscription)
    monkeypatch.setattr("trainings.newsletters.mail.CONFIRM_MAX_AGE", -1)
    with pytest.raises(ValidationError):
        services.subscription_confirm(code=code)
    subscription.refresh_from_db()
    assert subscription.confirmed_at is None


@pytest.mark.parametrize("email", ["", "geen-adres", "a\x00b@example.org", "x" * 250 + "@a.be"])
def test_a_bad_address_is_refused_and_nothing_is_written(world, email):
    with pytest.raises(ValidationError):
        _request(centre_list(world), email)
    assert not Subscription.objects.exists() and mail.outbox == []


def test_a_signed_in_person_is_linked_only_to_their_own_address(world):
    newsletter = centre_list(world)
    own = _request(newsletter, world.teacher.email.upper(), user=world.teacher)
    other = _request(newsletter, "iemand-anders@example.org", user=world.teacher)
    assert own.user == world.teacher and other.user is None


def test_unsubscribing_is_immediate_and_safe_twice(world):
    subscription = SubscriptionFactory(newsletter=centre_list(world))
    services.subscription_end(subscription=subscription)
    first = subscription.unsubscribed_at
    services.subscription_end(subscription=subscription)
    assert first and subscription.unsubscribed_at == first
    assert not confirmed_subscribers(subscription.newsletter).exists()


def test_a_subscriber_who_leaves_during_a_sending_gets_nothing_more(world):
    newsletter = centre_list(world)
    stays, leaves = SubscriptionFactory.create_batch(2, newsletter=newsletter)
    issue = IssueFactory(newsletter=newsletter)
    services.issue_send(issue=issue)  # the job not run yet (no commit in this test)
    services.subscription_end(subscription=leaves)
    mail.outbox.clear()
    services.issue_batch_send(issue_id=issue.pk)
    assert [m.to for m in mail.outbox] == [[stays.email]]
    issue.refresh_from_db()
    assert issue.status == Issue.Status.SENT


def test_the_mail_has_the_one_click_unsubscribe_of_rfc_8058(world, settings):
    settings.SITE_URL = "https://stemnet.example.be"
    subscription = SubscriptionFactory(newsletter=centre_list(world))
    message = issue_build(IssueFactory(newsletter=subscription.newsletter), subscription)
    url = f"https://stemnet.example.be/nieuwsbrieven/afmelden/{subscription.token}/"
    assert message.extra_headers["List-Unsubscribe"] == f"<{url}>"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    html = message.alternatives[0][0]
    assert url in message.body and f'href="{url}"' in html


def test_free_text_is_escaped_in_the_html_part(world):
    subscription = SubscriptionFactory(newsletter=centre_list(world))
    issue = IssueFactory(
        newsletter=subscription.newsletter,
        intro='<script>alert(1)</script> <a href="https://kwaad.example">klik</a> & meer',
    )
    message = issue_build(issue, subscription)
    html = message.alternatives[0][0]
    assert "<script>" not in html and ">klik</a>" not in html  # no markup of the author's
    assert "&lt;script&gt;" in html and "&lt;/a&gt;" in html
    assert "<script>alert(1)</script>" in message.body  # the text part as written


def test_an_issue_picks_only_published_items_of_its_scope(world):
    newsletter = centre_list(world)
    own = TrainingFactory(centre=world.centre)
    other = TrainingFactory(centre=world.other_centre)
    draft = TrainingFactory(centre=world.centre, status="draft")
    for wrong in (other, draft):
        with pytest.raises(ValidationError):
            services.issue_create(
                newsletter=newsletter, author=world.coordinator, subject="X", trainings=[wrong]
            )
    with pytest.raises(ValidationError):
        services.issue_create(
            newsletter=newsletter,
            author=world.coordinator,
            subject="X",
            library_items=[library_item(world, centre=world.other_centre)],
        )
    issue = services.issue_create(
        newsletter=newsletter,
        author=world.coordinator,
        subject="Nieuw in december",
        trainings=[own],
        library_items=[library_item(world)],
    )
    assert list(issue.trainings.all()) == [own] and issue.library_items.count() == 1
    # The network's list takes every centre of the network.
    services.issue_create(
        newsletter=network_list(world), author=world.admin, subject="X", trainings=[own, other]
    )


@pytest.mark.parametrize(
    "subject, intro", [("", "tekst"), ("x" * 151, ""), ("Goed", "x" * 10001), ("a\x00", "")]
)
def test_a_bad_issue_is_refused(world, subject, intro):
    with pytest.raises(ValidationError):
        services.issue_create(
            newsletter=centre_list(world), author=world.coordinator, subject=subject, intro=intro
        )
    assert not Issue.objects.exists()


def test_a_sent_issue_no_longer_changes_and_stays(world):
    newsletter = centre_list(world)
    SubscriptionFactory(newsletter=newsletter)
    issue = IssueFactory(newsletter=newsletter)
    _send(issue)
    for change in (
        lambda: services.issue_update(issue=issue, subject="Anders"),
        lambda: services.issue_delete(issue=issue),
        lambda: services.issue_send(issue=issue),
    ):
        with pytest.raises(ValidationError):
            change()
    assert Issue.objects.get(pk=issue.pk).subject == issue.subject


def test_the_issue_mail_lists_its_picks_with_links(world, settings):
    settings.SITE_URL = "https://stemnet.example.be"
    subscription = SubscriptionFactory(newsletter=centre_list(world))
    session = SessionFactory(training__centre=world.centre, training__title="Python voor wiskunde")
    issue = IssueFactory(newsletter=subscription.newsletter)
    issue.trainings.set([session.training])
    report = library_item(world, kind="action_research", title="Eindrapport waterkwaliteit")
    issue.library_items.set([library_item(world), report])
    body = issue_build(issue, subscription).body
    assert "Python voor wiskunde" in body
    assert f"/nascholingen/aanbod/{session.training.code}/" in body
    assert "Eindrapport waterkwaliteit" in body and f"/bibliotheek/{report.pk}/" in body
