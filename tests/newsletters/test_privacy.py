"""What the newsletters keep about a person: exported and erased by account and by address
alone (a subscriber needs no account)."""

import json

from django.core.management import call_command

from stemnet import privacy
from trainings.newsletters.models import IssueDelivery, Subscription
from trainings.newsletters.privacy import erase_email, export_email

from .factories import IssueFactory, SubscriptionFactory, centre_list, network_list


def test_the_registry_exports_and_erases_a_persons_subscriptions(world):
    mine = SubscriptionFactory(newsletter=centre_list(world), email=world.teacher.email)
    signed_in = SubscriptionFactory(
        newsletter=network_list(world), email="ander-adres@example.org", user=world.teacher
    )
    IssueDelivery.objects.create(issue=IssueFactory(newsletter=mine.newsletter), subscription=mine)
    other = SubscriptionFactory(newsletter=centre_list(world), email="iemand@example.org")
    exported = privacy.export_person(world.teacher)["newsletter_subscriptions"]
    assert {row["email"] for row in exported} == {mine.email, signed_in.email}
    assert all(row["consent_text"] and row["consented_at"] for row in exported)
    privacy.erase_person(world.teacher)
    assert list(Subscription.objects.all()) == [other]


def test_an_address_without_account_is_exported_and_erased(world, capsys):
    SubscriptionFactory(newsletter=centre_list(world), email="zonder.account@example.org")
    SubscriptionFactory(newsletter=network_list(world), email="zonder.account@example.org")
    assert len(export_email("Zonder.Account@example.org ")) == 2
    call_command("newsletter_privacy", "zonder.account@example.org")
    assert len(json.loads(capsys.readouterr().out)) == 2
    call_command("newsletter_privacy", "zonder.account@example.org", "--erase")
    assert not Subscription.objects.exists()
    assert erase_email("zonder.account@example.org") == 0  # safe twice
