"""
Benchmark of enrolling under contention, beside its floor, and of a registration day.

Fills an (empty) PostgreSQL database with a small data set of its own (one centre,
BENCH_TRAININGS trainings with a session each, 550 people), gives people signed-in sessions
and serves the portal with gunicorn over HTTP (DEBUG off, as in production). It prints, in
one run:

  (a) the race: each round 51 signed-in people POST "enrol" to one fresh 10-seat training at
      the same moment; round time (first request sent to last answer) p50/p95, request p95,
      whether every round ended with exactly 10 enrolled and the waiting list in arrival
      order (the order in which the requests got the lock);
  (b) the floor: the same lock (``SELECT … FOR UPDATE`` of the training row), count and
      insert sent as raw SQL (psycopg2) from 51 connections at once, same rounds;
  (c) the ratio round p95 / floor p95 (the figure to trust on a shared machine);
  (d) registration day: 500 teachers enrol in one 30-seat training, arriving spread over
      10 seconds, while 50 others browse and search the catalogue without pause; oversold
      seats, server errors, what each teacher is told on the training page after the
      redirect, and the catalogue's p95 during the rush against its p95 at rest.

    bash .ci/with-services.sh .venv/bin/python bench/enrolment.py

Options through the environment: BENCH_ROUNDS (30), BENCH_LAYOUTS (gunicorn layouts to
compare, e.g. "4x4,2x8,8x2,2s": workers x threads of gthread, or "Ns" for N sync workers;
default "2x8", docker-compose.yml's),
BENCH_DAY (1: run the registration day on the first layout; 0: skip it), BENCH_TRAININGS
(120).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import http.client
import os
import random
import re
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

from common import report  # noqa: E402  (sets Django up; see bench/common.py)
from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.urls import reverse  # noqa: E402

ROUNDS = int(os.environ.get("BENCH_ROUNDS", "30"))
LAYOUTS = os.environ.get("BENCH_LAYOUTS", "2x8").split(",")
DAY = os.environ.get("BENCH_DAY", "1") == "1"
TRAININGS = int(os.environ.get("BENCH_TRAININGS", "120"))
RACERS = 51
SEATS = 10
DAY_TEACHERS = 500
DAY_SEATS = 30
DAY_SPREAD_S = 10.0
DAY_BROWSERS = 50
CSRF = "b" * 32
rng = random.Random(2026)


# --- the server -----------------------------------------------------------------------------


@contextlib.contextmanager
def serve(layout: str):
    """gunicorn on a free loopback port with ``layout`` ("4x4": 4 gthread workers of 4
    threads; "2s": 2 sync workers), DEBUG off; yields the port."""
    options = []
    if layout.endswith("s"):
        options += ["--workers", layout[:-1], "--worker-class", "sync"]
    else:
        workers, threads = layout.split("x")
        options += ["--workers", workers, "--threads", threads, "--worker-class", "gthread"]
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "stemnet.wsgi", "--bind", f"127.0.0.1:{port}"]
        + options
        + ["--log-level", "warning"],
        cwd=Path(__file__).resolve().parent.parent,
        # As in production: DEBUG off (no query log, no debug templates), plain HTTP here;
        # the sessions below are signed with the same SECRET_KEY.
        env={
            **os.environ,
            "PYTHONWARNINGS": "ignore::UserWarning",  # no collectstatic here
            "DEBUG": "false",
            "SECURE": "false",
            "SECRET_KEY": settings.SECRET_KEY,
        },
    )
    try:
        for _ in range(150):
            try:
                probe = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
                probe.request("GET", reverse("healthz"))
                if probe.getresponse().status == 200:
                    break
            except OSError:
                time.sleep(0.2)
        yield port
    finally:
        server.terminate()
        server.wait(20)


def signed_in_cookies(users) -> list[str]:
    """A database session per user, as after a log-in; the Cookie header of each."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    cookies = []
    for user in users:
        store = SessionStore()
        store[SESSION_KEY] = str(user.pk)
        store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        store.create()
        cookies.append(f"sessionid={store.session_key}; csrftoken={CSRF}")
    return cookies


def fresh_training(code: str, seats: int):
    from networks.models import Centre
    from trainings.models import Session, Training

    training = Training.objects.create(
        code=code,
        title=code.replace("-", " ").capitalize(),
        centre_id=Centre.objects.order_by("pk").values_list("pk", flat=True)[0],
        status="published",
        shared_capacity=seats,
    )
    starts_at = dt.datetime(2030, 1, 7, 10, tzinfo=dt.UTC)
    Session.objects.create(
        training=training, starts_at=starts_at, ends_at=starts_at + dt.timedelta(hours=2)
    )
    return training


def enrol_post(port: int, url: str, cookie: str, barrier=None) -> tuple[float, float, object]:
    """POST "enrol" (after ``barrier``, when given); (started, ended, response)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    conn.connect()
    if barrier is not None:
        barrier.wait()
    started = time.perf_counter()
    conn.request(
        "POST",
        url,
        body="",
        headers={
            "Cookie": cookie,
            "X-CSRFToken": CSRF,
            "Content-Type": "application/x-www-form-urlencoded",
        },
    )
    response = conn.getresponse()
    response.read()
    ended = time.perf_counter()
    conn.close()
    return started, ended, response


def http_race(port: int, url: str, cookies: list[str]) -> tuple[float, list[float], list]:
    """Everyone of ``cookies`` POSTs "enrol" to ``url`` at the same moment (a barrier after
    each has connected). Returns the round time (first request sent to last answer, ms), each
    request's time (ms) and the statuses of answers other than the redirect to the page."""
    barrier = threading.Barrier(len(cookies))
    spans, failures = [], []

    def enrol(cookie):
        started, ended, response = enrol_post(port, url, cookie, barrier)
        spans.append((started, ended))
        if response.status != 302 or "login" in (response.getheader("Location") or ""):
            failures.append(response.status)

    threads = [threading.Thread(target=enrol, args=(c,)) for c in cookies]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    round_ms = (max(e for _, e in spans) - min(s for s, _ in spans)) * 1000
    return round_ms, [(e - s) * 1000 for s, e in spans], failures


def seats_and_order(training, seats: int) -> tuple[bool, bool]:
    """Exactly ``seats`` enrolled; the waiting list in arrival order (rows in the order they
    were written under the lock: the first ``seats`` enrolled, then positions 1, 2, …)."""
    from trainings.models import Enrolment

    rows = list(
        Enrolment.objects.filter(training=training)
        .order_by("created_at", "pk")
        .values_list("status", "waitlist_position")
    )
    statuses = [status for status, _ in rows]
    exact = statuses.count("enrolled") == seats
    ordered = statuses == ["enrolled"] * seats + ["waitlisted"] * (len(rows) - seats) and [
        position for _, position in rows[seats:]
    ] == list(range(1, len(rows) - seats + 1))
    return exact, ordered


# --- the floor ------------------------------------------------------------------------------


def floor_race(connections: list, training_id: int, person_ids: list[int]) -> tuple[float, list]:
    """The same lock, count and insert as raw SQL from one connection per person at once."""
    barrier = threading.Barrier(len(connections))
    spans = []

    def enrol(conn, person_id):
        with conn.cursor() as cursor:
            barrier.wait()
            started = time.perf_counter()
            cursor.execute(
                "SELECT id, shared_capacity FROM trainings_training WHERE id = %s FOR UPDATE",
                [training_id],
            )
            capacity = cursor.fetchone()[1]
            cursor.execute(
                "SELECT count(*) FILTER (WHERE status IN ('enrolled', 'attended')"
                " OR (status = 'waitlisted' AND offer_expires_at > now())),"
                " max(waitlist_position) FILTER (WHERE status = 'waitlisted'),"
                " max(status) FILTER (WHERE person_id = %s)"
                " FROM trainings_enrolment WHERE training_id = %s",
                [person_id, training_id],
            )
            taken, last, _own = cursor.fetchone()
            status, position = (
                ("enrolled", None) if taken < capacity else ("waitlisted", (last or 0) + 1)
            )
            cursor.execute(
                "INSERT INTO trainings_enrolment (person_id, training_id, status,"
                " waitlist_position, created_at, updated_at, removal_reason, above_capacity)"
                " VALUES (%s, %s, %s, %s, clock_timestamp(), now(), '', false)",
                [person_id, training_id, status, position],
            )
            conn.commit()
            spans.append((started, time.perf_counter()))

    threads = [
        threading.Thread(target=enrol, args=(c, p))
        for c, p in zip(connections, person_ids, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    round_ms = (max(e for _, e in spans) - min(s for s, _ in spans)) * 1000
    return round_ms, [(e - s) * 1000 for s, e in spans]


def floor_connections(count: int) -> list:
    import psycopg2

    db = settings.DATABASES["default"]
    return [
        psycopg2.connect(
            dbname=db["NAME"],
            user=db["USER"],
            password=db["PASSWORD"],
            host=db["HOST"],
            port=db["PORT"],
        )
        for _ in range(count)
    ]


# --- (a)–(c): the race beside its floor -----------------------------------------------------


def bench_race(layout: str, users, cookies, floor_conns, tag: str) -> dict:
    """``ROUNDS`` rounds, each a floor round then an HTTP round on fresh trainings, so that
    both see the same load of the machine."""
    person_ids = [u.pk for u in users]
    rounds, requests, floors, floor_requests = [], [], [], []
    failures, inexact, disordered, floor_inexact = [], 0, 0, 0
    with serve(layout) as port:
        warm = fresh_training(f"warm-{tag}", 1000)  # every thread opens its connection
        for _ in range(2):
            http_race(port, reverse("trainings:enrol", args=[warm.code]), cookies)
        warm = fresh_training(f"warm-floor-{tag}", 1000)  # each connection's first statements
        floor_race(floor_conns, warm.pk, person_ids)
        for r in range(ROUNDS):
            floor = fresh_training(f"floor-{tag}-{r}", SEATS)
            round_ms, samples = floor_race(floor_conns, floor.pk, person_ids)
            floors.append(round_ms)
            floor_requests += samples
            floor_inexact += not seats_and_order(floor, SEATS)[0]
            training = fresh_training(f"race-{tag}-{r}", SEATS)
            round_ms, samples, failed = http_race(
                port, reverse("trainings:enrol", args=[training.code]), cookies
            )
            rounds.append(round_ms)
            requests += samples
            failures += failed
            exact, ordered = seats_and_order(training, SEATS)
            inexact += not exact
            disordered += not ordered
    print(f"-- gunicorn {layout} ({ROUNDS} rounds of {RACERS} at once, 10 seats)")
    _, round_p95 = report("(a) enrol race over HTTP: round time", rounds)
    report("    enrol race over HTTP: each request", requests)
    _, floor_p95 = report("(b) floor, raw SQL from 51 connections: round time", floors)
    report("    floor: each transaction", floor_requests)
    print(
        f"(c) round p95 / floor p95 = {round_p95 / floor_p95:.2f}   "
        f"rounds not exactly 10 enrolled: {inexact} (floor {floor_inexact}); "
        f"waiting list out of arrival order: {disordered}; "
        f"answers other than the redirect: {len(failures)} {sorted(set(failures))}",
        flush=True,
    )
    return {"layout": layout, "round_p95": round_p95, "floor_p95": floor_p95}


# --- (d): registration day ------------------------------------------------------------------

ENROLLED_TEXT = "Je bent ingeschreven"
WAITING_RE = re.compile(r"wachtlijst \(plaats (\d+)\)")


def catalogue_urls():
    from catalogue import DOMAINS, FORMATS, LEVELS, WORDS  # the catalogue bench's vocabulary

    catalogue = reverse("trainings:catalogue")
    browse_rng = random.Random(7)

    def url():
        query = [f"domain={browse_rng.choice(DOMAINS)}"]
        if browse_rng.random() < 0.5:
            query.append(f"level={browse_rng.choice(LEVELS)}")
        if browse_rng.random() < 0.3:
            query.append(f"format={browse_rng.choice(FORMATS)}")
        if browse_rng.random() < 0.5:
            query.append("available=on")
        if browse_rng.random() < 0.5:
            query.append("q=" + "+".join(browse_rng.sample(WORDS, browse_rng.randint(1, 2))))
        if browse_rng.random() < 0.2:
            query = [f"q={browse_rng.choice(WORDS)}"]
        return f"{catalogue}?{'&'.join(query)}"

    return url


class Browsers:
    """``DAY_BROWSERS`` clients that browse and search the catalogue without pause, each on
    its own keep-alive connection; ``phase`` labels the latencies they record."""

    def __init__(self, port: int):
        self.port, self.url = port, catalogue_urls()
        self.phase, self.samples, self.errors = "warm", {}, []
        self.lock, self.stop = threading.Lock(), threading.Event()
        self.threads = [threading.Thread(target=self.browse) for _ in range(DAY_BROWSERS)]

    def browse(self):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        while not self.stop.is_set():
            with self.lock:
                url = self.url()
            phase = self.phase
            started = time.perf_counter()
            try:
                conn.request("GET", url)
                response = conn.getresponse()
                response.read()
                status = response.status
            except (OSError, http.client.HTTPException) as exc:
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
                status = repr(exc)
            elapsed = (time.perf_counter() - started) * 1000
            if status != 200:
                self.errors.append(status)
            elif phase == self.phase:
                self.samples.setdefault(phase, []).append(elapsed)
        conn.close()

    def __enter__(self):
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        for thread in self.threads:
            thread.join()


def teacher(port: int, url: str, cookie: str, at: float, out: list) -> None:
    """Arrive at ``at`` (perf_counter), POST "enrol", follow the redirect with the cookies
    it set (the message) and read what the training page says."""
    time.sleep(max(0.0, at - time.perf_counter()))
    try:
        started, ended, response = enrol_post(port, url, cookie)
        location = response.getheader("Location") or ""
        told = None
        if response.status == 302 and "login" not in location:
            set_cookies = [
                v.split(";", 1)[0] for k, v in response.getheaders() if k == "Set-Cookie"
            ]
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            conn.request("GET", location, headers={"Cookie": "; ".join([cookie, *set_cookies])})
            page = conn.getresponse()
            body = page.read().decode()
            conn.close()
            if page.status != 200:
                told = page.status
            elif ENROLLED_TEXT in body:
                told = "enrolled"
            elif match := WAITING_RE.search(body):
                told = int(match.group(1))
            elif "volzet" in body:
                told = "full"
        out.append((cookie, response.status, (ended - started) * 1000, told))
    except (OSError, http.client.HTTPException) as exc:
        out.append((cookie, repr(exc), 0.0, None))


def bench_day(layout: str, users, cookies) -> None:
    from trainings.models import Enrolment

    training = fresh_training("registration-day", DAY_SEATS)
    url = reverse("trainings:enrol", args=[training.code])
    person_of = {c: u.pk for c, u in zip(cookies, users, strict=True)}
    results: list = []
    with serve(layout) as port, Browsers(port) as browsers:
        time.sleep(3)
        browsers.phase = "rest"
        time.sleep(DAY_SPREAD_S)
        browsers.phase = "rush"
        start = time.perf_counter() + 0.2
        arrivals = sorted(rng.uniform(0, DAY_SPREAD_S) for _ in cookies)
        teachers = [
            threading.Thread(target=teacher, args=(port, url, c, start + a, results))
            for c, a in zip(cookies, arrivals, strict=True)
        ]
        for thread in teachers:
            thread.start()
        for thread in teachers:
            thread.join()
        browsers.phase = "after"
        rush_s = time.perf_counter() - start
    rows = {
        person: (status, position)
        for person, status, position in Enrolment.objects.filter(training=training).values_list(
            "person_id", "status", "waitlist_position"
        )
    }
    enrolled = sum(status == "enrolled" for status, _ in rows.values())
    server_errors = [s for _, s, _, _ in results if not isinstance(s, int) or s >= 500]
    not_redirected = [s for _, s, _, _ in results if s != 302]
    told_clearly = 0
    for cookie, _status, _ms, told in results:
        status, position = rows.get(person_of[cookie], (None, None))
        told_clearly += (told == "enrolled" and status == "enrolled") or (
            isinstance(told, int) and status == "waitlisted" and told == position
        )
    exact, ordered = seats_and_order(training, DAY_SEATS)
    print(
        f"-- registration day, gunicorn {layout}: {len(cookies)} teachers over "
        f"{DAY_SPREAD_S:.0f} s for {DAY_SEATS} seats (all answered after {rush_s:.1f} s), "
        f"{DAY_BROWSERS} browsing the catalogue"
    )
    print(
        f"(d) enrolled {enrolled} of {DAY_SEATS} seats (oversold: {max(0, enrolled - DAY_SEATS)}),"
        f" waiting list in arrival order: {ordered}; server errors: {len(server_errors)} "
        f"(enrol) + {len([e for e in browsers.errors if not isinstance(e, int) or e >= 500])}"
        f" (catalogue); answers other than the redirect: {len(not_redirected)}; told clearly on"
        f" the page after the redirect (enrolled, or their waiting-list place): {told_clearly}"
        f" of {len(cookies)}",
        flush=True,
    )
    report("    enrol during the rush: each request", [ms for _, s, ms, _ in results if s == 302])
    _, rest = report("    catalogue at rest (50 browsing)", browsers.samples.get("rest", [0]))
    _, rush = report("    catalogue during the rush", browsers.samples.get("rush", [0]))
    print(f"    catalogue p95 rush / rest = {rush / rest:.2f} (aim <= 2)", flush=True)


def fill_small(trainings: int, people: int) -> None:
    """A small data set of this benchmark's own: one regional centre, ``trainings`` published
    trainings with a session each (titles and descriptions from the catalogue bench's words,
    for the search) and ``people`` accounts."""
    from catalogue import DOMAINS, FORMATS, LEVELS, WORDS
    from django.contrib.auth.hashers import make_password

    from networks.models import Centre, Network, Organisation
    from stemnet.accounts.models import User
    from trainings.models import Session, Training

    host = Organisation.objects.create(
        name="Hogeschool Bench", kind=Organisation.Kind.UNIVERSITY_COLLEGE
    )
    network = Network.objects.create(code="BENCH", name="STEMNET bench", country="BE")
    centre = Centre.objects.create(
        code="VAN", network=network, name="Regionaal centrum Antwerpen", host=host, province="VAN"
    )
    starts = dt.datetime(2030, 1, 7, 9, tzinfo=dt.UTC)
    for i in range(trainings):
        words = rng.sample(WORDS, 4)
        training = Training.objects.create(
            code=f"bench-{i}",
            title=f"{words[0].capitalize()} en {words[1]} in de klas",
            description=f"Een nascholing over {words[2]}, {words[3]} en {words[0]}.",
            centre=centre,
            stem_domains=rng.sample(DOMAINS[:4], 2),
            levels=rng.sample(LEVELS, 3),
            format=rng.choice(FORMATS),
            status="published",
            shared_capacity=rng.choice([None, 12, 20, 30]),
        )
        start = starts + dt.timedelta(days=i % 60, hours=i % 5)
        Session.objects.create(
            training=training, starts_at=start, ends_at=start + dt.timedelta(hours=3)
        )
    password = make_password(None)
    User.objects.bulk_create(
        User(email=f"leerkracht{i}@school.test", password=password, first_name=f"L{i}")
        for i in range(people)
    )
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    print(f"filled: 1 centre, {trainings} trainings with a session each, {people} people")


def main():
    if not settings.IS_POSTGRES:
        sys.exit("Run on PostgreSQL: bash .ci/with-services.sh .venv/bin/python bench/enrolment.py")
    call_command("migrate", verbosity=0)
    from stemnet.accounts.models import User
    from trainings.models import Training

    if not Training.objects.exists():
        fill_small(TRAININGS, DAY_TEACHERS + 50)
    print(
        f"PostgreSQL {connection.pg_version // 10000}, {os.cpu_count()} CPU cores, "
        f"load average {os.getloadavg()[0]:.1f}, DEBUG off, over HTTP to gunicorn",
        flush=True,
    )
    people = list(User.objects.order_by("pk")[:DAY_TEACHERS])
    cookies = signed_in_cookies(people)
    racers, race_cookies = people[:RACERS], cookies[:RACERS]
    floor_conns = floor_connections(RACERS)
    connection.close()
    results = [
        bench_race(layout, racers, race_cookies, floor_conns, tag=str(i))
        for i, layout in enumerate(LAYOUTS)
    ]
    for conn in floor_conns:
        conn.close()
    if len(results) > 1:
        print("layouts by round p95 / floor p95:")
        for r in sorted(results, key=lambda r: r["round_p95"] / r["floor_p95"]):
            print(
                f"  {r['layout']:5} round p95 {r['round_p95']:6.1f} ms, floor p95 "
                f"{r['floor_p95']:5.1f} ms, ratio {r['round_p95'] / r['floor_p95']:.2f}"
            )
    if DAY:
        bench_day(LAYOUTS[0], people, cookies)


if __name__ == "__main__":
    main()
