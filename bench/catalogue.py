"""
Benchmark of the training catalogue, the training page and enrolling under load.

Fills an (empty) PostgreSQL database the way the demo is filled (``loaddemo`` with the
generated school years of ``monitor.demo_year`` at 20,000 trainings, by COPY: see
``bench/common.py``), then prints p50/p95 latency of whole requests through Django
(middleware, view, template) for:
  - the catalogue without filters, with filters, with a full-text search, deep pages;
  - a training page (anonymous and signed in);
  - an enrolment request while 50 others enrol in the same training at once.

    bash .ci/with-services.sh .venv/bin/python bench/catalogue.py

Options through the environment: BENCH_TRAININGS (20000), BENCH_REPEAT (200).
"""

import datetime as dt
import os
import random
import statistics
import sys
import threading
import time
from pathlib import Path

from common import fill_demo  # noqa: E402  (sets Django up; see bench/common.py)
from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

TRAININGS = int(os.environ.get("BENCH_TRAININGS", "20000"))
REPEAT = int(os.environ.get("BENCH_REPEAT", "200"))
RACERS = 50
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


def report(label: str, samples: list[float]) -> tuple[str, float, float]:
    samples = sorted(samples)
    p50 = statistics.median(samples)
    p95 = samples[max(0, int(len(samples) * 0.95) - 1)]
    print(f"{label:58} p50 {p50:7.1f} ms   p95 {p95:7.1f} ms   (n={len(samples)})")
    return label, p50, p95


def search_words() -> str:
    return "+".join(rng.sample(WORDS, rng.randint(1, 2)))


def bench_pages() -> list:
    from stemnet.accounts.models import User
    from trainings.models import Training

    client = Client()
    catalogue = reverse("trainings:catalogue")
    codes = list(Training.objects.filter(status="published").values_list("code", flat=True))
    for _ in range(10):  # warm up
        timed(client, catalogue)
    results = []
    results.append(
        report("catalogue, no filters, page 1", [timed(client, catalogue) for _ in range(REPEAT)])
    )
    results.append(
        report(
            "catalogue, no filters, random page 1-300",
            [timed(client, f"{catalogue}?page={rng.randint(1, 300)}") for _ in range(REPEAT)],
        )
    )

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

    results.append(
        report(
            "catalogue, filters (domain, level, format, region, places…)",
            [timed(client, filtered()) for _ in range(REPEAT)],
        )
    )
    results.append(
        report(
            "catalogue, full-text search (1-2 words) + filter",
            [
                timed(client, f"{catalogue}?q={search_words()}&domain={rng.choice(DOMAINS)}")
                for _ in range(REPEAT)
            ],
        )
    )
    from django.utils import timezone

    today = timezone.localdate()
    month = f"date_from={today.isoformat()}&date_to={(today + dt.timedelta(days=30)).isoformat()}"
    results.append(
        report(
            "catalogue, date range (next 30 days) + places left",
            [timed(client, f"{catalogue}?{month}&available=on") for _ in range(REPEAT)],
        )
    )
    results.append(
        report(
            "training page, anonymous",
            [
                timed(client, reverse("trainings:detail", args=[rng.choice(codes)]))
                for _ in range(REPEAT)
            ],
        )
    )
    signed = Client()
    signed.force_login(
        User.objects.get(email="leerkracht@stemnet.test"),
        backend="django.contrib.auth.backends.ModelBackend",
    )
    results.append(
        report(
            "training page, signed in",
            [
                timed(signed, reverse("trainings:detail", args=[rng.choice(codes)]))
                for _ in range(REPEAT)
            ],
        )
    )
    return results


def bench_enrolment_race(rounds: int = 10) -> tuple:
    """Each round: 51 signed-in people POST "enrol" to one fresh 10-seat training at the same
    moment, over HTTP to gunicorn (4 processes x 4 threads, DEBUG off, as in production);
    every request's latency is measured."""
    import http.client
    import socket
    import subprocess

    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from stemnet.accounts.models import User
    from trainings.models import Enrolment, Session, Training

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "stemnet.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            os.environ.get("BENCH_WORKERS", "4"),
            "--threads",
            os.environ.get("BENCH_THREADS", "4"),
            "--worker-class",
            "gthread",
            "--log-level",
            "warning",
        ],
        cwd=Path(__file__).resolve().parent.parent,
        # As in production: DEBUG off (no query log, no debug templates), plain HTTP here.
        env={**os.environ, "DEBUG": "false", "SECURE": "false", "SECRET_KEY": settings.SECRET_KEY},
    )  # the sessions below are signed with it
    try:
        for _ in range(100):
            try:
                probe = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
                probe.request("GET", reverse("healthz"))
                if probe.getresponse().status == 200:
                    break
            except OSError:
                time.sleep(0.2)
        cookies = []
        csrf = "b" * 32
        for user in User.objects.order_by("pk")[: RACERS + 1]:
            store = SessionStore()
            store[SESSION_KEY] = str(user.pk)
            store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
            store[HASH_SESSION_KEY] = user.get_session_auth_hash()
            store.create()
            cookies.append(f"sessionid={store.session_key}; csrftoken={csrf}")
        samples, failures, overbooked = [], [], 0
        centre_id = Training.objects.first().centre_id
        alone = Training.objects.create(
            code="alone",
            title="Alone",
            centre_id=centre_id,
            status="published",
            shared_capacity=1000,
        )
        Session.objects.create(
            training=alone,
            starts_at="2030-01-01T10:00:00+01:00",
            ends_at="2030-01-01T12:00:00+01:00",
        )
        sequential = []
        for cookie in cookies:
            http_race(
                port,
                reverse("trainings:enrol", args=[alone.code]),
                [cookie],
                csrf,
                sequential,
                failures,
            )
        report("enrol, one request at a time (HTTP)", sequential)
        for r in range(rounds):
            training = Training.objects.create(
                code=f"race-{r}",
                title=f"Race {r}",
                centre_id=centre_id,
                status="published",
                shared_capacity=10,
            )
            Session.objects.create(
                training=training,
                starts_at="2030-01-01T10:00:00+01:00",
                ends_at="2030-01-01T12:00:00+01:00",
            )
            http_race(
                port,
                reverse("trainings:enrol", args=[training.code]),
                cookies,
                csrf,
                samples,
                failures,
            )
            enrolled = Enrolment.objects.filter(training=training, status="enrolled").count()
            overbooked += enrolled != 10
    finally:
        server.terminate()
        server.wait(10)
    result = report(f"enrol while {RACERS} others enrol at once (HTTP, {rounds} rounds)", samples)
    print(
        f"  rounds with other than exactly 10 enrolled: {overbooked}; responses other "
        f"than a redirect: {len(failures)}"
    )
    return result


def http_race(port, url, cookies, csrf, samples, failures) -> None:
    import http.client

    barrier = threading.Barrier(len(cookies))

    def enrol(cookie):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        conn.connect()
        barrier.wait()
        started = time.perf_counter()
        conn.request(
            "POST",
            url,
            body="",
            headers={
                "Cookie": cookie,
                "X-CSRFToken": csrf,
                "Content-Type": "application/x-www-form-urlencoded",
            },
        )
        response = conn.getresponse()
        response.read()
        samples.append((time.perf_counter() - started) * 1000)
        if response.status != 302 or "login" in (response.getheader("Location") or ""):
            failures.append(response.status)
        conn.close()

    threads = [threading.Thread(target=enrol, args=(c,)) for c in cookies]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def main():
    if not settings.IS_POSTGRES:
        sys.exit("Run on PostgreSQL: bash .ci/with-services.sh .venv/bin/python bench/catalogue.py")
    call_command("migrate", verbosity=0)
    from trainings.models import Training

    if not Training.objects.exists():
        fill_demo(TRAININGS)
    print(
        f"PostgreSQL {connection.pg_version // 10000}, {os.cpu_count()} CPU cores, "
        f"DEBUG={settings.DEBUG}, whole requests through the Django test client"
    )
    bench_pages()
    bench_enrolment_race()


if __name__ == "__main__":
    main()
