"""
Benchmark of the training catalogue and the training page at two data sizes, beside floors.

Each size (BENCH_SIZES, default 20,000 and 100,000 trainings: the benchmark's data and five
times it) gets a PostgreSQL database of its own, filled the way the demo is filled
(``loaddemo`` with the generated school years of ``monitor.demo_year``, by COPY: see
``bench/common.py``) unless it is filled already, and a process of its own that measures
whole requests through Django (middleware, view, template; DEBUG off, as in production):
  - the catalogue without filters, with filters, with a full-text search, pages 1-50,
    a date range;
  - a training page (anonymous and signed in);
  - two floors of the same run: a constant view (the middleware and a fixed response) and an
    empty page (the site's base template);
then prints the sizes side by side: p95 at each size, the ratio of five times the data to
the data, each page against the empty page of its run, and the queries of each request.
Enrolling under contention and the registration day: bench/enrolment.py.

    bash .ci/with-services.sh .venv/bin/python bench/catalogue.py

Options through the environment: BENCH_SIZES (20000,100000), BENCH_REPEAT (200).
"""

import datetime as dt
import os
import random
import sys
import time
from pathlib import Path

from common import fill_demo, report  # noqa: E402  (sets Django up; see bench/common.py)
from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

TRAININGS = int(os.environ.get("BENCH_TRAININGS", "20000"))
REPEAT = int(os.environ.get("BENCH_REPEAT", "200"))
rng = random.Random(2026)

WORDS = [
    "robotica",
    "wiskunde",
    "programmeren",
    "chemie",
    "fysica",
    "biologie",
    "techniek",
    "ingenieur",
    "data",
    "statistiek",
    "duurzaam",
    "energie",
    "klimaat",
    "labo",
    "onderzoekend",
    "leren",
    "STEM",
    "didactiek",
    "microbit",
    "3D-printen",
    "elektronica",
    "sensoren",
    "modelleren",
    "geogebra",
    "python",
    "ecologie",
    "waterstof",
    "materialen",
    "constructie",
    "design",
    "thinking",
    "kleuters",
    "lager",
    "secundair",
]
DOMAINS = ["S", "T", "E", "M", "other"]
LEVELS = [
    "kleuter",
    "lager",
    "graad1",
    "aso",
    "tso_kso_bso",
    "lerarenopleiding",
    "directie",
    "stem_coordinator",
    "technicus",
    "clb",
]
FORMATS = [
    "short",
    "multi_day",
    "long",
    "blended",
    "online",
    "residential",
    "company_visit",
    "learning_network",
]
CENTRES = [
    ("VAN", "Antwerpen"),
    ("VBR", "Vlaams-Brabant"),
    ("VLI", "Limburg"),
    ("VOV", "Oost-Vlaanderen"),
    ("VWV", "West-Vlaanderen"),
    ("BRU", "Brussel"),
]


def timed(client: Client, url: str) -> float:
    started = time.perf_counter()
    response = client.get(url)
    elapsed = (time.perf_counter() - started) * 1000
    assert response.status_code == 200, (url, response.status_code)
    return elapsed


def search_words() -> str:
    return "+".join(rng.sample(WORDS, rng.randint(1, 2)))


def bench_pages() -> list[dict]:
    """p50/p95 and queries of each page, beside two floors of the same run: a constant view
    (the middleware and a fixed response) and an empty page (the site's chrome: base template,
    menus, footer). Returns one dict per measure."""
    from django.db import reset_queries
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from stemnet.accounts.models import User
    from trainings.models import Training

    client = Client()
    catalogue = reverse("trainings:catalogue")
    codes = list(Training.objects.filter(status="published").values_list("code", flat=True))
    today = timezone.localdate()
    month = f"date_from={today.isoformat()}&date_to={(today + dt.timedelta(days=30)).isoformat()}"

    def filtered():
        query = [f"domain={rng.choice(DOMAINS)}", f"level={rng.choice(LEVELS)}"]
        if rng.random() < 0.5:
            query.append(f"format={rng.choice(FORMATS)}")
        if rng.random() < 0.5:
            query.append(f"province={rng.choice(CENTRES)[0]}")
        if rng.random() < 0.5:
            query.append("available=on")
        if rng.random() < 0.3:
            query.append("fee=free")
        if rng.random() < 0.3:
            query.append("online=" + rng.choice(["yes", "no"]))
        return f"{catalogue}?{'&'.join(query)}"

    signed = Client()
    signed.force_login(
        User.objects.get(email="leerkracht@stemnet.test"),
        backend="django.contrib.auth.backends.ModelBackend",
    )
    measures = [
        ("floor: constant view (middleware only)", client, lambda: "/bench/constant/"),
        ("floor: empty page (base template)", client, lambda: "/bench/empty/"),
        ("catalogue, no filters, page 1", client, lambda: catalogue),
        (
            "catalogue, no filters, random page 1-50",
            client,
            lambda: f"{catalogue}?page={rng.randint(1, 50)}",
        ),
        ("catalogue, filters (domain, level, format, region, places…)", client, filtered),
        (
            "catalogue, full-text search (1-2 words) + domain",
            client,
            lambda: f"{catalogue}?q={search_words()}&domain={rng.choice(DOMAINS)}",
        ),
        (
            "catalogue, full-text search (1-2 words)",
            client,
            lambda: f"{catalogue}?q={search_words()}",
        ),
        (
            "catalogue, date range (next 30 days) + places left",
            client,
            lambda: f"{catalogue}?{month}&available=on",
        ),
        (
            "training page, anonymous",
            client,
            lambda: reverse("trainings:detail", args=[rng.choice(codes)]),
        ),
        (
            "training page, signed in",
            signed,
            lambda: reverse("trainings:detail", args=[rng.choice(codes)]),
        ),
    ]
    results = []
    for label, who, url in measures:
        for _ in range(10):  # warm up: connections, template caches
            timed(who, url())
        samples = [timed(who, url()) for _ in range(REPEAT)]
        with CaptureQueriesContext(connection) as ctx:
            timed(who, url())
        queries = len(ctx.captured_queries)
        reset_queries()
        p50, p95 = report(label, samples, width=58)
        results.append({"label": label, "p50": p50, "p95": p95, "queries": queries})
    return results


def bench_urls():
    """The project's URLs and the two floors (set as ROOT_URLCONF in the measuring process)."""
    from django.http import HttpResponse
    from django.shortcuts import render
    from django.urls import include, path

    return [
        path("bench/constant/", lambda request: HttpResponse("ok")),
        path("bench/empty/", lambda request: render(request, "base.html", {})),
        path("", include("stemnet.urls")),
    ]


urlpatterns = []  # filled by measure() before the first request


def measure(out: Path) -> None:
    """In the process of one data size: fill the database if empty, measure, write JSON."""
    import json

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)  # hashed names, as served
    from trainings.models import Training

    if not Training.objects.exists():
        fill_demo(TRAININGS)
    global urlpatterns
    urlpatterns = bench_urls()
    settings.ROOT_URLCONF = __name__
    counts = {
        "trainings": Training.objects.count(),
        "published": Training.objects.filter(status="published").count(),
    }
    with connection.cursor() as cursor:
        for table in ("trainings_session", "trainings_enrolment"):
            cursor.execute(f"SELECT reltuples::bigint FROM pg_class WHERE relname = '{table}'")  # noqa: S608
            counts[table.split("_")[1] + "s"] = cursor.fetchone()[0]
    print(
        f"PostgreSQL {connection.pg_version // 10000}, {os.cpu_count()} CPU cores, "
        f"DEBUG={settings.DEBUG}, whole requests through the Django test client; {counts}",
        flush=True,
    )
    out.write_text(json.dumps({"size": TRAININGS, "counts": counts, "results": bench_pages()}))


def main():
    """Each data size in a database of its own, measured by a process of its own; then the
    sizes side by side, each page's p95 beside the floors of the same run."""
    import json
    import subprocess
    import tempfile

    if not settings.IS_POSTGRES:
        sys.exit("Run on PostgreSQL: bash .ci/with-services.sh .venv/bin/python bench/catalogue.py")
    if "--measure" in sys.argv:
        measure(Path(sys.argv[-1]))
        return
    sizes = [int(s) for s in os.environ.get("BENCH_SIZES", "20000,100000").split(",")]
    base = settings.DATABASES["default"]
    runs = []
    for size in sizes:
        name = f"bench_catalogue_{size}"
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            if not cursor.fetchone():
                cursor.execute(f'CREATE DATABASE "{name}"')
        url = f"postgres://{base['USER']}@{base['HOST']}:{base['PORT']}/{name}"
        with tempfile.NamedTemporaryFile(suffix=".json") as out:
            print(f"\n== {size:,} trainings (database {name})", flush=True)
            subprocess.run(
                [sys.executable, __file__, "--measure", out.name],
                check=True,
                env={
                    **os.environ,
                    "DATABASE_URL": url,
                    "BENCH_TRAININGS": str(size),
                    # As in production: DEBUG off (no query log, no debug templates).
                    "DEBUG": "false",
                    "SECURE": "false",
                    "SECRET_KEY": "bench-" + "x" * 50,
                    "SITE_URL": "http://bench.test",
                },
            )
            runs.append(json.loads(Path(out.name).read_text()))
    print_side_by_side(runs)


def print_side_by_side(runs: list[dict]) -> None:
    """The table of docs/performance.md: p95 per size, the ratio to the smallest size, the
    ratio to the empty page of the same run, and the queries."""
    first = runs[0]
    head = " | ".join(f"p95 at {r['size']:,}" for r in runs)
    ratios = " | ".join(f"{r['size'] // first['size']}x / 1x" for r in runs[1:])
    print(f"\n| request | {head} | {ratios} | / empty page (each size) | queries |")
    print("|---" * (len(runs) * 2 + 3) + "|")
    for i, row in enumerate(first["results"]):
        p95s = [r["results"][i]["p95"] for r in runs]
        empties = [r["results"][1]["p95"] for r in runs]
        cells = " | ".join(f"{p:.1f} ms" for p in p95s)
        growth = " | ".join(f"{p / p95s[0]:.2f}" for p in p95s[1:])
        floors = ", ".join(f"{p / e:.1f}" for p, e in zip(p95s, empties, strict=True))
        queries = ", ".join(str(r["results"][i]["queries"]) for r in runs)
        print(f"| {row['label']} | {cells} | {growth} | {floors} | {queries} |")
    for r in runs:
        print(f"  {r['size']:,}: {r['counts']}")


if __name__ == "__main__":
    main()
