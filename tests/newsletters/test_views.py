"""The newsletter pages: subscribing and confirming in the browser's way, the one-click
unsubscribe from the link and from the mail's header, the archive, a person's subscriptions
and the coordinator's composer, preview and sending."""

import re

import pytest
from django.core import mail
from django.test import Client, TestCase
from django.urls import reverse
from django.utils import timezone

from tests.trainings.factories import SessionFactory
from trainings.newsletters.mail import confirmation_code
from trainings.newsletters.models import Issue, Subscription

from .factories import IssueFactory, SubscriptionFactory, centre_list
from .test_services import library_item

pytestmark = pytest.mark.django_db


def _subscribe(client, newsletter, email="nieuw@example.org", **extra):
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(
            reverse("newsletters:detail", args=[newsletter.slug]),
            {"email": email, "consent": "on", **extra},
        )


def _link(message, kind):
    return re.search(rf"https?://[^\s]+/nieuwsbrieven/{kind}/[^\s]+/", message.body).group(0)


def test_subscribe_confirm_with_one_button_then_receive(world, client):
    newsletter = centre_list(world)
    response = _subscribe(client, newsletter)
    assert response.status_code == 200 and "nieuw@example.org" in response.content.decode()
    (confirmation,) = mail.outbox
    path = _link(confirmation, "bevestigen").split("://", 1)[1].split("/", 1)[1]
    opened = client.get("/" + path)  # a link scanner opening it confirms nothing
    assert opened.status_code == 200
    assert Subscription.objects.get().confirmed_at is None
    assert client.post("/" + path).status_code == 200
    assert Subscription.objects.get().confirmed_at is not None


def test_the_form_needs_the_consent_and_a_real_address(world, client):
    newsletter = centre_list(world)
    for data in ({"email": "x@example.org"}, {"email": "geen adres", "consent": "on"}):
        response = client.post(reverse("newsletters:detail", args=[newsletter.slug]), data)
        assert response.status_code == 200
    response = client.post(
        reverse("newsletters:detail", args=[newsletter.slug]),
        {"email": "a\x00@example.org", "consent": "on"},
    )
    assert response.status_code == 200
    assert not Subscription.objects.exists() and mail.outbox == []


def test_the_form_says_the_same_for_an_address_already_on_the_list(world, client):
    newsletter = centre_list(world)
    SubscriptionFactory(newsletter=newsletter, email="al@example.org")
    known = _subscribe(client, newsletter, email="al@example.org").content.decode()
    assert mail.outbox == []
    unknown = _subscribe(client, newsletter, email="nog-niet@example.org").content.decode()
    strip = lambda html: re.sub(r"\S+@example\.org|csrfmiddlewaretoken[^>]*", "", html)  # noqa: E731
    assert strip(known) == strip(unknown)


def test_a_bad_confirmation_link_is_a_404_page(world, client):
    subscription = SubscriptionFactory(newsletter=centre_list(world), confirmed_at=None)
    code = confirmation_code(subscription)
    for bad in (code[:-2] + "xx", "niets", "%00"):
        assert client.get(f"/nieuwsbrieven/bevestigen/{bad}/").status_code == 404
        assert client.post(f"/nieuwsbrieven/bevestigen/{bad}/").status_code == 404
    subscription.refresh_from_db()
    assert subscription.confirmed_at is None


def test_one_click_unsubscribe_from_the_header_without_csrf_or_login(world):
    newsletter = centre_list(world)
    subscription = SubscriptionFactory(newsletter=newsletter)
    with TestCase.captureOnCommitCallbacks(execute=True):
        from trainings.newsletters.services import issue_send

        issue_send(issue=IssueFactory(newsletter=newsletter))
    (message,) = mail.outbox
    header = message.extra_headers["List-Unsubscribe"].strip("<>")
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    client = Client(enforce_csrf_checks=True)  # a mail client: no cookie, no token
    path = "/" + header.split("://", 1)[1].split("/", 1)[1]
    response = client.post(
        path, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200
    subscription.refresh_from_db()
    first = subscription.unsubscribed_at
    assert first is not None
    again = client.post(
        path, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert again.status_code == 200  # idempotent
    subscription.refresh_from_db()
    assert subscription.unsubscribed_at == first
    assert _link(message, "afmelden") == header  # the same link in the body


def test_the_link_in_the_mail_asks_once_and_one_button_ends_it(world):
    subscription = SubscriptionFactory(newsletter=centre_list(world))
    client = Client(enforce_csrf_checks=True)
    url = reverse("newsletters:unsubscribe", args=[subscription.token])
    page = client.get(url).content.decode().split("<main", 1)[1].split("</main>")[0]
    assert page.count("<form") == 1 and page.count('type="submit"') == 1
    subscription.refresh_from_db()
    assert subscription.unsubscribed_at is None
    assert client.post(url).status_code == 200
    subscription.refresh_from_db()
    assert subscription.unsubscribed_at is not None


def test_an_unknown_token_is_a_404(world, client):
    assert client.post("/nieuwsbrieven/afmelden/onbekend/").status_code == 404


def test_the_archive_shows_sent_issues_only(world, client):
    newsletter = centre_list(world)
    sent = IssueFactory(newsletter=newsletter, subject="Verstuurd", sent_at=timezone.now())
    sent.status = Issue.Status.SENT
    sent.save()
    draft = IssueFactory(newsletter=newsletter, subject="Nog een concept")
    page = client.get(reverse("newsletters:detail", args=[newsletter.slug])).content.decode()
    assert "Verstuurd" in page and "Nog een concept" not in page
    assert (
        client.get(reverse("newsletters:archive_issue", args=["vov", sent.pk])).status_code == 200
    )
    assert (
        client.get(reverse("newsletters:archive_issue", args=["vov", draft.pk])).status_code == 404
    )


def test_a_person_sees_and_ends_their_subscriptions(world, client_for):
    newsletter = centre_list(world)
    mine = SubscriptionFactory(newsletter=newsletter, email=world.teacher.email)
    other = SubscriptionFactory(newsletter=newsletter, email="iemand@example.org")
    client = client_for(world.teacher)
    page = client.get(reverse("newsletters:mine")).content.decode()
    assert newsletter.name in page and "iemand@example.org" not in page
    assert client.post(reverse("newsletters:mine"), {"subscription": other.pk}).status_code == 404
    client.post(reverse("newsletters:mine"), {"subscription": mine.pk})
    mine.refresh_from_db()
    other.refresh_from_db()
    assert mine.unsubscribed_at is not None and other.unsubscribed_at is None
    profile = client.get(reverse("accounts:profile")).content.decode()
    assert reverse("newsletters:mine") in profile


def test_a_coordinator_composes_previews_and_sends(world, client_for):
    newsletter = centre_list(world)
    SubscriptionFactory(newsletter=newsletter, email="lezer@example.org")
    SubscriptionFactory(newsletter=newsletter, email="wacht@example.org", confirmed_at=None)
    session = SessionFactory(training__centre=world.centre, training__title="Microbit in de klas")
    item = library_item(world)
    client = client_for(world.coordinator)
    response = client.post(
        reverse("newsletters:issue_new", args=[newsletter.slug]),
        {
            "subject": "Nieuws van december",
            "intro": "Beste collega's,\n\nHier is ons nieuws.",
            "trainings": [session.training.pk],
            "library_items": [item.pk],
        },
    )
    issue = Issue.objects.get()
    assert response.status_code == 302
    preview = client.get(reverse("newsletters:issue_preview", args=[issue.pk]))
    assert "Microbit in de klas" in preview.content.decode()
    html = client.get(reverse("newsletters:issue_preview", args=[issue.pk]) + "?part=html")
    assert html["Content-Type"].startswith("text/html")
    assert "default-src 'none'" in html["Content-Security-Policy"]
    assert "Microbit in de klas" in html.content.decode()
    assert mail.outbox == []  # a preview mails nobody
    with TestCase.captureOnCommitCallbacks(execute=True):
        client.post(reverse("newsletters:issue_send", args=[issue.pk]))
    assert [m.to for m in mail.outbox] == [["lezer@example.org"]]
    issue.refresh_from_db()
    assert issue.status == Issue.Status.SENT
    status = client.get(reverse("newsletters:issue_edit", args=[issue.pk])).content.decode()
    assert "1 van 1" in status or "1 of 1" in status


def test_another_centres_coordinator_cannot_send(world, client_for):
    newsletter = centre_list(world)
    SubscriptionFactory(newsletter=newsletter)
    issue = IssueFactory(newsletter=newsletter)
    client = client_for(world.other_coordinator)
    assert client.post(reverse("newsletters:issue_send", args=[issue.pk])).status_code == 404
    assert Issue.objects.get(pk=issue.pk).is_draft and mail.outbox == []
