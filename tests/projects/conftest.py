import pytest
from django.db import transaction


@pytest.fixture(autouse=True)
def _commit_at_once(monkeypatch):
    """The test runs inside one transaction: work queued "after commit" (the outbox) runs
    when queued, as it would after the service's commit."""
    monkeypatch.setattr(transaction, "on_commit", lambda func, using=None, robust=False: func())
