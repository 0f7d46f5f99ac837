"""
Benchmark of the participants import: a 50,000-row CSV (new people, enrolled in 50 trainings).

Prints rows per second for the first import (creates people, profiles and enrolments), a
re-import of the same file (everything unchanged: nothing written) and a dry run, each beside
its floor measured in the same run: PostgreSQL ``COPY`` of exactly the rows the first import
writes, into the same tables (their indexes, constraints and statement triggers), with the
foreign-key checks a commit would run, in a transaction rolled back. The rows are those of a
rehearsal: the first import run once in a transaction that is rolled back, its new rows kept
as COPY text (every table it inserted into, found in ``pg_stat_xact_user_tables``). Each figure
is printed as "import / COPY" (rows per second over COPY's rows per second of the same file).
Aim: the first import at least 0.33 of COPY (issue 20).

The machine is shared, so one run makes several rounds (floor before and after the dry run,
the dry run, the first import, the re-import; then the imported rows are deleted and the
tables vacuumed) and ends with the median ratio of the rounds and their spread.

    bash .ci/with-services.sh .venv/bin/python bench/imports.py

Options through the environment: BENCH_ROWS (50000), BENCH_TRAININGS (50), BENCH_ROUNDS (3),
BENCH_WITHOUT_SEAT_TRIGGER=1 (diagnosis only: drops the statement triggers that recount a
training's seats after enrolments are written, for the import and the floor alike).
"""

import io
import os
import statistics
import time

import common  # noqa: E402, F401  (sets Django up; see bench/common.py)
from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402

ROWS = int(os.environ.get("BENCH_ROWS", "50000"))
TRAININGS = int(os.environ.get("BENCH_TRAININGS", "50"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
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
            for event in ("insert", "update", "delete"):
                cursor.execute(
                    f"DROP TRIGGER IF EXISTS training_seats_{event} ON trainings_enrolment"
                )
        print("(diagnosis: the seat-count triggers on trainings_enrolment are dropped)")
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


def rehearsal(data: bytes) -> list[tuple[str, int, str]]:
    """Run the first import in a transaction that is rolled back and keep what it wrote: per
    table it inserted into, (table, rows, the rows as COPY text), in the order of the tables'
    creation (the foreign keys are deferred, so any order loads)."""
    from django.apps import apps

    from stemnet.imports import import_file

    tables = {
        m._meta.db_table: m
        for m in apps.get_models()
        if m._meta.pk.get_internal_type() in ("AutoField", "BigAutoField")
    }
    with transaction.atomic(), connection.cursor() as cursor:
        before = {}
        for table, model in tables.items():
            pk = connection.ops.quote_name(model._meta.pk.column)
            cursor.execute(f"SELECT COALESCE(MAX({pk}), 0) FROM {table}")  # noqa: S608
            before[table] = cursor.fetchone()[0]
        # The view also counts this session's earlier transactions not yet flushed to the
        # statistics: the import's inserts are the difference.
        stats = "SELECT relid::regclass::text, n_tup_ins FROM pg_stat_xact_user_tables"
        cursor.execute(stats)
        counted = dict(cursor.fetchall())
        report = import_file("participants", data, "participants.csv", dry_run=False)
        assert report.ok and report.new == ROWS, [str(e) for e in report.errors[:5]]
        cursor.execute(stats + " ORDER BY relid")
        written = [
            (t, n - counted.get(t, 0)) for t, n in cursor.fetchall() if n > counted.get(t, 0)
        ]
        dumps = []
        for table, inserted in written:
            assert table in tables, f"the import inserted into {table}, which has no serial key"
            pk = connection.ops.quote_name(tables[table]._meta.pk.column)
            text = io.StringIO()
            rows_sql = f"SELECT * FROM {table} WHERE {pk} > {before[table]} ORDER BY {pk}"  # noqa: S608
            cursor.cursor.copy_expert(f"COPY ({rows_sql}) TO STDOUT", text)
            rows = text.getvalue().count("\n")
            assert rows == inserted, (table, rows, inserted)
            dumps.append((table, rows, text.getvalue()))
        transaction.set_rollback(True)
    return dumps


def copy_floor(dumps: list[tuple[str, int, str]]) -> float:
    """Seconds to COPY the rehearsal's rows into their tables and run the foreign-key checks
    a commit would run (``SET CONSTRAINTS ALL IMMEDIATE``); rolled back."""
    with transaction.atomic(), connection.cursor() as cursor:
        start = time.perf_counter()
        for table, _rows, text in dumps:
            cursor.cursor.copy_expert(f"COPY {table} FROM STDIN", io.StringIO(text))
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        seconds = time.perf_counter() - start
        transaction.set_rollback(True)
    return seconds


def timed(data: bytes, *, dry_run: bool):
    """Import ``data``: (seconds, report)."""
    from stemnet.imports import import_file

    start = time.perf_counter()
    report = import_file("participants", data, "participants.csv", dry_run=dry_run)
    seconds = time.perf_counter() - start
    assert report.ok, [str(e) for e in report.errors[:5]]
    return seconds, report


def show(label: str, seconds: float, report, floor: float | None) -> float | None:
    """Print an import's figures beside its floor; returns import / COPY (None without)."""
    ratio = floor / seconds if floor else None
    shown = f"  import / COPY {ratio:4.2f}" if ratio else ""
    print(
        f"{label:38} {report.rows:>7} rows  {seconds:7.1f} s  {report.rows / seconds:8.0f} "
        f"rows/s{shown}  (new {report.new}, changed {report.updated}, "
        f"unchanged {report.unchanged})",
        flush=True,
    )
    return ratio


def remove_imported() -> None:
    """Delete what the first import wrote (without signals: no history entries) and vacuum,
    so that the next round starts from the same rows. The tables are analysed first: their
    statistics still describe them without the 50,000 new rows."""
    tables = "trainings_enrolment, accounts_profile, accounts_user"
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {tables}")
        cursor.execute("SELECT id FROM accounts_user WHERE email LIKE %s", ["bench.person%"])
        people = [pk for (pk,) in cursor.fetchall()]
        cursor.execute("DELETE FROM trainings_enrolment WHERE person_id = ANY(%s)", [people])
        cursor.execute("DELETE FROM accounts_profile WHERE user_id = ANY(%s)", [people])
        cursor.execute("DELETE FROM accounts_user WHERE id = ANY(%s)", [people])
        cursor.execute(f"VACUUM ANALYZE {tables}")


LABELS = {
    "dry run": "dry run (nothing written)",
    "first import": "first import (people + enrolments)",
    "re-import": "re-import of the same file",
}


def main() -> None:
    codes = setup()
    data = participants_csv(codes)
    print(
        f"database: {connection.vendor}; {ROWS} participant rows, {TRAININGS} trainings, "
        f"{len(data) / 1e6:.1f} MB CSV; limit {settings.IMPORT_MAX_ROWS} rows",
        flush=True,
    )
    if connection.vendor != "postgresql":
        print("(no floor: COPY is PostgreSQL's)")
        for name, dry_run in (("dry run", True), ("first import", False), ("re-import", False)):
            show(LABELS[name], *timed(data, dry_run=dry_run), floor=None)
        return
    dumps = rehearsal(data)
    tables = ", ".join(f"{table} {rows}" for table, rows, _text in dumps)
    print(f"the first import writes {tables}", flush=True)
    ratios: dict[str, list[float]] = {name: [] for name in LABELS}
    for number in range(1, ROUNDS + 1):
        if number > 1:
            remove_imported()
        # The dry run changes nothing, so the floor is measured before and after it (just
        # before the first import); the round's floor is the mean of the two.
        before = copy_floor(dumps)
        dry = timed(data, dry_run=True)
        after = copy_floor(dumps)
        floor = (before + after) / 2
        print(
            f"round {number}\n{'floor: COPY of the rows the import writes':38} {ROWS:>7} rows  "
            f"{floor:7.1f} s  {ROWS / floor:8.0f} rows/s  (before the dry run {before:.2f} s, "
            f"after it {after:.2f} s)",
            flush=True,
        )
        ratios["dry run"].append(show(LABELS["dry run"], *dry, floor=floor))
        for name in ("first import", "re-import"):
            ratios[name].append(show(LABELS[name], *timed(data, dry_run=False), floor=floor))
    print(f"import / COPY, median of {ROUNDS} rounds (lowest–highest):")
    for name, values in ratios.items():
        print(f"  {name:36} {statistics.median(values):4.2f} ({min(values):.2f}–{max(values):.2f})")


if __name__ == "__main__":
    main()
