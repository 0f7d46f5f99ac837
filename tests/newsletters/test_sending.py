"""Sending an issue in batches: nobody gets it twice, whatever stops the job.

The crash tests run on SQLite and on PostgreSQL (``with-services``); the race of two workers
needs PostgreSQL's row locks."""

import datetime as dt
import threading
from collections import Counter

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.db import connection
from django.utils import timezone

from trainings.newsletters import services
from trainings.newsletters.models import Issue, IssueDelivery
from trainings.newsletters.selectors import STALE, issue_progress

from .factories import IssueFactory, SubscriptionFactory, centre_list

PEOPLE = 23
BATCH = 5


class Crash(Exception):
    """The mail server goes away in the middle of a batch."""


class WorkerKilled(BaseException):
    """A worker killed mid-batch: like SIGKILL, nothing of the job's own clean-up runs."""


def _issue(world, people=PEOPLE):
    newsletter = centre_list(world)
    for n in range(people):
        SubscriptionFactory(newsletter=newsletter, email=f"lezer{n}@example.org")
    issue = IssueFactory(newsletter=newsletter)
    services.issue_send(issue=issue)
    mail.outbox.clear()
    return issue


def _fail_on(monkeypatch, nth, error):
    """The ``nth`` message handed to the mail backend raises ``error`` (not sent)."""
    real = EmailBackend.send_messages
    count = {"n": 0}

    def send_messages(self, messages):
        count["n"] += 1
        if count["n"] == nth:
            raise error
        return real(self, messages)

    monkeypatch.setattr(EmailBackend, "send_messages", send_messages)
    return lambda: monkeypatch.setattr(EmailBackend, "send_messages", real)


def _drain(issue, *, now=None, runs=50):
    """Run the job as the chained tasks would, until it has nothing left."""
    for _ in range(runs):
        if not services.issue_batch_send(issue_id=issue.pk, size=BATCH, now=now):
            break


def _per_address():
    return Counter(address for message in mail.outbox for address in message.to)


def test_a_crash_mid_batch_then_resume_mails_everyone_exactly_once(world, monkeypatch):
    issue = _issue(world)
    restore = _fail_on(monkeypatch, 8, Crash("mail server away"))  # in the second batch
    with pytest.raises(Crash):
        _drain(issue)
    issue.refresh_from_db()
    assert issue.status == Issue.Status.INTERRUPTED and "mail server away" in issue.error
    assert len(mail.outbox) == 7
    assert issue_progress(issue).mailed == 7
    restore()
    # The task is redelivered too (acks late): a run of an interrupted issue mails nothing.
    assert services.issue_batch_send(issue_id=issue.pk, size=BATCH) == 0
    assert services.issue_send_resume(issue=issue) == PEOPLE - 7
    _drain(issue)
    counts = _per_address()
    assert len(counts) == PEOPLE and set(counts.values()) == {1}
    issue.refresh_from_db()
    assert issue.status == Issue.Status.SENT and issue.finished_at
    # Resending once more (a second resume, a late redelivery) mails nobody.
    with pytest.raises(Exception):  # noqa: B017 - ValidationError: not interrupted
        services.issue_send_resume(issue=issue)
    _drain(issue)
    assert len(mail.outbox) == PEOPLE


def test_a_killed_worker_ends_and_its_job_resumes_without_mailing_twice(world, monkeypatch):
    issue = _issue(world)
    restore = _fail_on(monkeypatch, 3, WorkerKilled())
    with pytest.raises(WorkerKilled):
        _drain(issue)
    restore()
    assert len(mail.outbox) == 2
    issue.refresh_from_db()
    assert issue.status == Issue.Status.SENDING  # nothing of the job's own clean-up ran
    # A redelivered task right away: the dead run's claims are still fresh, so it takes the
    # rows after them and mails nobody twice.
    _drain(issue)
    assert set(_per_address().values()) == {1}
    held = IssueDelivery.objects.filter(issue=issue, mailed_at__isnull=True).count()
    assert held == BATCH - 2  # the dead run's rows, waiting
    # Five minutes later the page calls it interrupted and offers to resume.
    later = timezone.now() + STALE + dt.timedelta(seconds=1)
    Issue.objects.filter(pk=issue.pk).update(sending_seen_at=timezone.now() - STALE * 2)
    assert issue_progress(Issue.objects.get(pk=issue.pk), now=later).stale
    assert services.issue_send_resume(issue=issue, now=later) == held
    _drain(issue, now=later)
    counts = _per_address()
    assert len(counts) == PEOPLE and set(counts.values()) == {1}
    assert Issue.objects.get(pk=issue.pk).status == Issue.Status.SENT


def test_a_second_run_beside_the_first_mails_nobody_twice(world):
    """A redelivered task while the first still runs: the batches do not overlap."""
    issue = _issue(world, people=12)
    now = timezone.now()
    first = services._claim(issue.pk, size=BATCH, now=now)
    second = services._claim(issue.pk, size=BATCH, now=now)
    assert first and second and not set(first) & set(second)
    for pk in first + second + first:  # the first batch handed out twice
        services._mail_one(pk, issue=issue, now=now)
    assert len(mail.outbox) == 2 * BATCH and set(_per_address().values()) == {1}


@pytest.mark.django_db(transaction=True)
def test_workers_racing_over_one_issue_mail_everyone_once_on_postgres(
    require_postgres, world, monkeypatch
):
    monkeypatch.setattr(services, "_queue", lambda issue: None)  # the threads are the workers
    issue = _issue(world, people=60)
    mail.outbox.clear()
    barrier = threading.Barrier(4)
    errors = []

    def work():
        try:
            barrier.wait()
            _drain(issue, runs=100)
        except Exception as exc:  # noqa: BLE001 - asserted below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    counts = _per_address()
    assert len(counts) == 60 and set(counts.values()) == {1}
    assert Issue.objects.get(pk=issue.pk).status == Issue.Status.SENT


@pytest.mark.django_db(transaction=True)
def test_a_crash_and_resume_on_postgres(require_postgres, world, monkeypatch):
    monkeypatch.setattr(services, "_queue", lambda issue: None)
    issue = _issue(world)
    restore = _fail_on(monkeypatch, 12, Crash("verbinding verbroken"))
    with pytest.raises(Crash):
        _drain(issue)
    restore()
    services.issue_send_resume(issue=issue)
    _drain(issue)
    counts = _per_address()
    assert len(counts) == PEOPLE and set(counts.values()) == {1}
