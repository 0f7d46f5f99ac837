"""
Benchmark of the participants import: a 50,000-row CSV (new people, enrolled in 50 trainings).

Prints rows per second for the first import (creates people, profiles and enrolments), a
re-import of the same file (everything unchanged: nothing written) and a dry run. Aim: at least
2,000 rows/s on PostgreSQL.

    bash .ci/with-services.sh .venv/bin/python bench/imports.py

Options through the environment: BENCH_ROWS (50000), BENCH_TRAININGS (50),
BENCH_WITHOUT_SEAT_TRIGGER=1 (diagnosis only: drops the per-row trigger that recounts a
training's seats on every enrolment written, to measure the import's own cost).
"""

import os
import time

import common  # noqa: E402, F401  (sets Django up; see bench/common.py)
from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

ROWS = int(os.environ.get("BENCH_ROWS", "50000"))
TRAININGS = int(os.environ.get("BENCH_TRAININGS", "50"))
ROLES = ["teacher", "teacher", "teacher", "director", "company", "researcher", "clb"]
DOMAINS = ["S", "T", "E", "M", ""]
LEVELS = ["aso", "tso_kso_bso", "graad1", "lager", "aso;tso_kso_bso"]
STATUSES = ["enrolled", "enrolled", "enrolled", "attended", "waitlisted", "cancelled"]


def setup() -> list[str]:
    from networks.models import Centre, Network
    from trainings.models import Training

    call_command("migrate", verbosity=0)
    if os.environ.get("BENCH_WITHOUT_SEAT_TRIGGER") and connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("DROP TRIGGER IF EXISTS training_seats_refresh ON trainings_enrolment")
        print("(diagnosis: the seat-count trigger on trainings_enrolment is dropped)")
    network, _ = Network.objects.get_or_create(
        code="VL", defaults={"name": "STEMNET", "country": "BE"}
    )
    centre, _ = Centre.objects.get_or_create(
        code="VOV", defaults={"network": network, "name": "STEM-centrum Oost-Vlaanderen"}
    )
    codes = [f"bench-import-{i:03d}" for i in range(TRAININGS)]
    for code in codes:
        Training.objects.get_or_create(
            code=code,
            defaults={"title": code, "centre": centre, "status": Training.Status.PUBLISHED},
        )
    return codes


def participants_csv(codes: list[str]) -> bytes:
    lines = ["training,email,first_name,last_name,role,school,stem_domain,levels,status"]
    for i in range(ROWS):
        lines.append(
            ",".join(
                [
                    codes[i % len(codes)],
                    f"bench.person{i:06d}@school.example",
                    "Voornaam",
                    f"Achternaam{i}",
                    ROLES[i % len(ROLES)],
                    f"School {i % 700}",
                    DOMAINS[i % len(DOMAINS)],
                    f'"{LEVELS[i % len(LEVELS)]}"',
                    STATUSES[i % len(STATUSES)],
                ]
            )
        )
    return ("\n".join(lines) + "\n").encode()


def timed(label: str, data: bytes, *, dry_run: bool) -> None:
    from stemnet.imports import import_file

    start = time.perf_counter()
    report = import_file("participants", data, "participants.csv", dry_run=dry_run)
    seconds = time.perf_counter() - start
    assert report.ok, [str(e) for e in report.errors[:5]]
    print(
        f"{label:38} {report.rows:>7} rows  {seconds:7.1f} s  {report.rows / seconds:8.0f} "
        f"rows/s  (new {report.new}, changed {report.updated}, unchanged {report.unchanged})"
    )


def main() -> None:
    codes = setup()
    data = participants_csv(codes)
    print(
        f"database: {connection.vendor}; {ROWS} participant rows, {TRAININGS} trainings, "
        f"{len(data) / 1e6:.1f} MB CSV; limit {settings.IMPORT_MAX_ROWS} rows"
    )
    timed("dry run (nothing written)", data, dry_run=True)
    timed("first import (people + enrolments)", data, dry_run=False)
    timed("re-import of the same file", data, dry_run=False)


if __name__ == "__main__":
    main()
