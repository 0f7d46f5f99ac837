"""
Shared by the benchmarks: Django set up for the database of ``DATABASE_URL`` (run them with
``bash .ci/with-services.sh .venv/bin/python bench/<name>.py`` for a throwaway PostgreSQL),
``fill_demo`` (the demo's own generator, ``monitor.demo_year``, at benchmark size), a COPY
loader for data of a benchmark's own, and ``report`` (p50 and p95 of a measure). Import this
module before anything from Django.
"""

import io
import os
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "stemnet.settings")
os.environ.setdefault("EMAIL_URL", "dummymail://")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402


def percentile(samples: list[float], q: float) -> float:
    """The ``q`` percentile of ``samples`` (nearest rank), as every benchmark reports it."""
    samples = sorted(samples)
    return samples[max(0, int(round(len(samples) * q)) - 1)]


def report(label: str, samples: list[float], width: int = 62) -> tuple[float, float]:
    """Print and return the p50 and p95 of ``samples`` (milliseconds)."""
    p50, p95 = statistics.median(samples), percentile(samples, 0.95)
    print(f"{label:{width}} p50 {p50:7.1f} ms   p95 {p95:7.1f} ms   (n={len(samples)})", flush=True)
    return p50, p95


def copy(table: str, columns: list[str], rows) -> None:
    """Bulk load rows with PostgreSQL COPY (tab-separated, \\N for NULL)."""
    buffer = io.StringIO()
    for row in rows:
        buffer.write("\t".join("\\N" if v is None else str(v) for v in row))
        buffer.write("\n")
    buffer.seek(0)
    with connection.cursor() as cursor:
        cursor.cursor.copy_expert(f"COPY {table} ({', '.join(columns)}) FROM STDIN", buffer)


def fill_demo(trainings: int) -> float:
    """Fill an empty database the way the demo is filled (``loaddemo``), with the generated
    school years (``monitor.demo_year``) at ``trainings`` trainings in all: spread over the
    six regional centres and the school years of ``demo_year.school_years``, by ``COPY``.
    Prints what it loaded; returns the seconds it took."""
    import time

    from django.core.management import call_command
    from django.utils import timezone

    from monitor import demo_year
    from networks.models import Province

    cells = len(Province.values) * len(demo_year.school_years(timezone.localdate()))
    per_cell = max(1, -(-trainings // cells))
    started = time.perf_counter()
    out = io.StringIO()
    call_command("loaddemo", trainings=per_cell, fast=True, stdout=out)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    seconds = time.perf_counter() - started
    summary = next(line for line in out.getvalue().splitlines() if "demo year:" in line)
    print(
        f"filled with loaddemo --trainings {per_cell} (x {cells} centre-years, "
        f"{demo_year.__name__}) in {seconds:.1f} s:{summary.split(':', 1)[1]}",
        flush=True,
    )
    return seconds
