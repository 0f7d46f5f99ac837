"""Permission matrix rows of the newsletters (see tests/matrix.py).

The lists, their archive and the links of the mails are public; a person's subscriptions need
a log-in; composing and sending is for the coordinators of the list's centre (``world.centre``:
the other centre's coordinator gets 404, teachers and ministry staff 403).
"""

from django.utils import timezone

from tests.matrix import Row, public, roles, signed_in
from trainings.newsletters.mail import confirmation_code

from .factories import IssueFactory, SubscriptionFactory, centre_list


def _list(world):
    return {"slug": centre_list(world).slug}


def _draft(world):
    issue = IssueFactory(newsletter=centre_list(world), subject="Concept van de matrix")
    return {"pk": issue.pk}


def _sent(world):
    issue = IssueFactory(
        newsletter=centre_list(world), status="sent", sent_at=timezone.now(), subject="Verstuurd"
    )
    return {"slug": issue.newsletter.slug, "pk": issue.pk}


def _pending(world):
    subscription = SubscriptionFactory(newsletter=centre_list(world), confirmed_at=None)
    return {"code": confirmation_code(subscription)}


def _token(world):
    return {"token": SubscriptionFactory(newsletter=centre_list(world)).token}


ROWS = [
    Row("newsletters:index", public()),
    Row("newsletters:detail", public(), _list),
    Row("newsletters:archive_issue", public(), _sent),
    Row("newsletters:confirm", public(), _pending),
    Row("newsletters:unsubscribe", public(), _token),
    Row("newsletters:mine", signed_in()),
    Row("newsletters:manage", roles("coordinator", "other_coordinator")),
    Row("newsletters:manage_newsletter", roles("coordinator", other_centre=404), _list),
    Row("newsletters:issue_new", roles("coordinator", other_centre=404), _list),
    Row("newsletters:issue_edit", roles("coordinator", other_centre=404), _draft),
    Row("newsletters:issue_preview", roles("coordinator", other_centre=404), _draft),
    Row("newsletters:issue_send", roles("coordinator", other_centre=404), _draft),
    Row("newsletters:issue_delete", roles("coordinator", other_centre=404), _draft),
]
