"""Two decisions at once never grant more projects than the call has (PostgreSQL only)."""

import datetime as dt
import threading
from decimal import Decimal

import pytest
from django.db import connection
from django.utils import timezone

from trainings.projects import services
from trainings.projects.models import Application, Call, Project

from .factories import make_call, make_team

RUNS = 5
APPLICATIONS = 6


@pytest.mark.django_db(transaction=True)
def test_concurrent_acceptances_grant_only_what_the_call_has(require_postgres, world):
    for run in range(RUNS):
        call = make_call(world.centre, title=f"Race {run}")
        Call.objects.filter(pk=call.pk).update(projects_max=2)
        applications = []
        for i in range(APPLICATIONS):
            school, director, staff = make_team(number=f"{800000 + run * 10 + i:06d}")
            application = Application.objects.create(
                call=call, school=school, title=f"Plan {i}", status="submitted"
            )
            application.members.create(person=director, role="director")
            applications.append(application)
        Call.objects.filter(pk=call.pk).update(deadline=timezone.now() - dt.timedelta(hours=1))
        barrier = threading.Barrier(APPLICATIONS)
        errors = []

        def decide(application, barrier=barrier, errors=errors):
            try:
                barrier.wait()
                services.decision_record(
                    application=application,
                    user=world.coordinator,
                    accepted=True,
                    motivation="Goed plan.",
                    grant_eur=Decimal("3000"),
                )
            except Exception as exc:  # noqa: BLE001 - collected and asserted below
                errors.append(exc)
            finally:
                connection.close()

        threads = [threading.Thread(target=decide, args=(a,)) for a in applications]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert Project.objects.filter(application__call=call).count() == 2, f"run {run}"
        assert len(errors) == APPLICATIONS - 2
        assert all(getattr(e, "messages", None) for e in errors), errors
