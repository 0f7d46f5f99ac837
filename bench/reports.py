"""
Benchmark of the ministry reports: the network's yearly report as JSON and as PDF.

Fills an (empty) PostgreSQL database by COPY with 60,000 people (profiles with role, STEM
domain and levels), 20,000 trainings of one year in seven centres, 30,000 sessions, 220,000
enrolments, 20,000 budget lines from 12 funding sources and 4,000 evaluation responses
(with overall, recommend and open answers), plus the STEM monitor's demo indicators; then
builds the report of the network for that year in each format, each in a fresh process, and
prints wall-clock seconds and the process's peak memory (max RSS).

    bash .ci/with-services.sh .venv/bin/python bench/reports.py

Options through the environment: BENCH_TRAININGS (20000), BENCH_ENROLMENTS_PER_TRAINING (11),
BENCH_KEEP (a folder to keep the files in).
"""

import io
import json
import os
import random
import re
import resource
import shutil
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path

from common import copy  # noqa: E402  (sets Django up; see bench/common.py)
from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

YEAR = 2025
TRAININGS = int(os.environ.get("BENCH_TRAININGS", "20000"))
PER_TRAINING = int(os.environ.get("BENCH_ENROLMENTS_PER_TRAINING", "11"))
PEOPLE = 60000
RESPONSES = min(4000, 2 * TRAININGS)
SOURCES = 12
rng = random.Random(2026)
ROLES = (
    ["teacher"] * 70
    + ["director"] * 6
    + ["company"] * 10
    + ["researcher"] * 7
    + ["clb"] * 2
    + ["student"] * 3
    + ["other"] * 2
)
DOMAINS = ["S", "T", "E", "M", "other", ""]
LEVELS = ["kleuter", "lager", "graad1", "aso", "tso_kso_bso", "hoger", "lerarenopleiding", "andere"]
CENTRES = [
    ("VL-NAT", ""),
    ("VAN", "VAN"),
    ("VBR", "VBR"),
    ("VLI", "VLI"),
    ("VOV", "VOV"),
    ("VWV", "VWV"),
    ("BRU", "BRU"),
]
STAMP = "2025-01-01 00:00:00+00"


def first_id(table: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT min(id) FROM {table}")  # noqa: S608 — a constant name
        return cursor.fetchone()[0]


def fill() -> None:
    from monitor import demo as monitor_demo
    from networks.models import Centre, Network, Organisation
    from trainings.models import Training

    started = time.perf_counter()
    network = Network.objects.create(code="VL", name="STEMNET Vlaanderen", country="BE")
    centre_ids = [
        Centre.objects.create(
            code=code, name=f"STEM-centrum {code}", network=network, province=province
        ).pk
        for code, province in CENTRES
    ]
    source_ids = [Organisation.objects.create(name=f"Financier {i:02d}").pk for i in range(SOURCES)]
    copy(
        "accounts_user",
        [
            "email",
            "password",
            "first_name",
            "last_name",
            "is_superuser",
            "is_staff",
            "is_active",
            "date_joined",
            "language",
        ],
        (
            (f"p{i}@bench.test", "!", "Bench", f"P{i}", "f", "f", "t", STAMP, "nl-be")
            for i in range(PEOPLE)
        ),
    )
    user0 = first_id("accounts_user")
    profiles = []
    for i in range(PEOPLE):
        role = rng.choice(ROLES)
        teacher = role == "teacher"
        levels = rng.sample(LEVELS, rng.choice([1, 1, 1, 2])) if teacher else []
        profiles.append(
            (user0 + i, "", "", role, rng.choice(DOMAINS) if teacher else "", json.dumps(levels))
        )
    copy(
        "accounts_profile",
        ["user_id", "school_name", "school_number", "role", "stem_domain", "levels"],
        profiles,
    )
    trainings, sessions, enrolments, lines = [], [], [], []
    for t in range(1, TRAININGS + 1):
        centre = rng.choice(centre_ids)
        trainings.append(
            Training(
                id=t,
                code=f"r{t:06d}",
                title=f"Nascholing {t}",
                centre_id=centre,
                stem_domains=["S", "T"],
                levels=["aso"],
                contact_hours=Decimal(rng.choice(["3.0", "6.0", "12.5"])),
                target_participants=rng.randint(8, 20),
                status=Training.Status.HELD,
            )
        )
        day = rng.randint(0, 360)
        for s in range(rng.choice([1, 1, 2])):
            start = time.gmtime(time.mktime((YEAR, 1, 1, 9, 0, 0, 0, 0, 0)) + (day + 7 * s) * 86400)
            sessions.append(
                (
                    t,
                    time.strftime("%Y-%m-%d %H:%M:%S+00", start),
                    time.strftime("%Y-%m-%d 12:00:00+00", start),
                    "Campus",
                    "",
                    None,
                    "",
                    "",
                )
            )
        for n, person in enumerate(rng.sample(range(PEOPLE), PER_TRAINING)):
            status = "cancelled" if n % 10 == 9 else "attended"
            enrolments.append((user0 + person, t, status, None, STAMP, STAMP))
        paid = f"{rng.randint(100, 5000)}.{rng.randint(0, 99):02d}"
        lines.append((centre, t, YEAR, "staff", rng.choice(source_ids), "", paid, paid, STAMP))
    # The ORM for trainings (model defaults for columns other apps add), COPY for the rest.
    Training.objects.bulk_create(trainings, batch_size=2000)
    copy(
        "trainings_session",
        [
            "training_id",
            "starts_at",
            "ends_at",
            "location",
            "online_url",
            "capacity",
            "theme",
            "experts",
        ],
        sessions,
    )
    copy(
        "trainings_enrolment",
        ["person_id", "training_id", "status", "waitlist_position", "created_at", "updated_at"],
        enrolments,
    )
    copy(
        "trainings_budgetline",
        [
            "centre_id",
            "training_id",
            "year",
            "category",
            "source_id",
            "description",
            "planned_eur",
            "paid_eur",
            "updated_at",
        ],
        lines,
    )
    evaluated = rng.sample(range(1, TRAININGS + 1), RESPONSES // 2)
    copy(
        "evaluations_questionnaire",
        [
            "kind",
            "title",
            "intro",
            "training_id",
            "centre_id",
            "is_template",
            "send_offset_days",
            "sending_enabled",
            "created_at",
        ],
        (("post", "Evaluatie", "", t, None, "f", 1, "t", STAMP) for t in evaluated),
    )
    questionnaire0 = first_id("evaluations_questionnaire")
    questions = []
    for q in range(len(evaluated)):
        for position, (code, kind) in enumerate(
            [("overall", "likert"), ("recommend", "recommend"), ("improve", "open")]
        ):
            questions.append((questionnaire0 + q, position, kind, code, "[]", "t", code, "t"))
    copy(
        "evaluations_question",
        [
            "questionnaire_id",
            "position",
            "kind",
            "text",
            "choices",
            "required",
            "code",
            "is_standard",
        ],
        questions,
    )
    question0 = first_id("evaluations_question")
    copy(
        "evaluations_response",
        ["questionnaire_id", "actor_group", "submitted_at"],
        ((questionnaire0 + r // 2, "", f"{YEAR}-12-01 10:00:00+00") for r in range(RESPONSES)),
    )
    response0 = first_id("evaluations_response")
    answers = []
    for r in range(RESPONSES):
        q = (r // 2) * 3
        score = rng.choice([2, 3, 4, 4, 5, 5])
        answers.append((response0 + r, question0 + q, score, "", "[]"))
        answers.append((response0 + r, question0 + q + 1, int(score >= 4), "", "[]"))
        if r % 3 == 0:
            answers.append(
                (
                    response0 + r,
                    question0 + q + 2,
                    None,
                    f"Leerrijke dag, bruikbaar in de klas (antwoord {r}).",
                    "[]",
                )
            )
    copy(
        "evaluations_answer", ["response_id", "question_id", "number", "text", "selected"], answers
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT setval(pg_get_serial_sequence('trainings_training', 'id'), "
            "(SELECT max(id) FROM trainings_training))"
        )
        cursor.execute("ANALYZE")
    monitor_demo.load(io.StringIO())
    print(
        f"filled {PEOPLE:,} people, {len(trainings):,} trainings, {len(sessions):,} "
        f"sessions, {len(enrolments):,} enrolments, {len(lines):,} budget lines, "
        f"{RESPONSES:,} evaluation responses in {time.perf_counter() - started:.1f} s"
    )


def peak_mib() -> float:
    """This process's peak resident memory. VmHWM belongs to the process image, so unlike
    ``ru_maxrss`` it does not carry over the parent's peak from before ``exec``."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def pdf_pages(content: bytes) -> int | None:
    """Pages of a PDF, read by poppler's pdfinfo when it is installed."""
    if not shutil.which("pdfinfo"):
        return None
    info = subprocess.run(["pdfinfo", "-"], input=content, capture_output=True).stdout
    match = re.search(rb"Pages:\s+(\d+)", info)
    return int(match.group(1)) if match else None


def measure(fmt: str) -> None:
    """In a fresh process: build the network's report in ``fmt``; print seconds and peak."""
    from django.utils import translation

    from monitor.reports import render
    from monitor.reports.figures import yearly_report
    from monitor.reports.scope import Period, Scope

    baseline = peak_mib()  # Django and the apps loaded, nothing built yet
    with translation.override("nl-be"):
        started = time.perf_counter()
        report = yearly_report(
            scope=Scope("network", "VL"), period=Period.year(YEAR), details=fmt != "json"
        )
        figures_done = time.perf_counter()
        if fmt == "json":
            content = render.to_json(report.figures)
        elif fmt == "xlsx":
            content = render.yearly_xlsx(report)
        else:
            content = render.yearly_pdf(report)
        finished = time.perf_counter()
    peak = peak_mib()
    if os.environ.get("BENCH_KEEP"):  # e.g. BENCH_KEEP=/tmp to look at the files
        Path(os.environ["BENCH_KEEP"], f"network-report.{fmt}").write_bytes(content)
    pages = pdf_pages(content) if fmt == "pdf" else None
    print(
        json.dumps(
            {
                "format": fmt,
                "seconds": round(finished - started, 2),
                "figures_seconds": round(figures_done - started, 2),
                "render_seconds": round(finished - figures_done, 2),
                "peak_mib": round(peak, 1),
                "baseline_mib": round(baseline, 1),
                "bytes": len(content),
                "pages": pages,
                "participants": report.figures["participants"]["total"],
                "participations": report.figures["participants"]["participations"],
            }
        )
    )


def main():
    if not settings.IS_POSTGRES:
        sys.exit("Run on PostgreSQL: bash .ci/with-services.sh .venv/bin/python bench/reports.py")
    if len(sys.argv) > 2 and sys.argv[1] == "--measure":
        measure(sys.argv[2])
        return
    call_command("migrate", verbosity=0)
    from trainings.models import Training

    if not Training.objects.exists():
        fill()
    print(
        f"PostgreSQL {connection.pg_version // 10000}, {os.cpu_count()} CPU cores; each "
        f"format built in a fresh process (peak = its VmHWM) [pid {os.getpid()}]",
        flush=True,
    )
    for fmt in ("json", "xlsx", "pdf"):
        result = subprocess.run(
            [sys.executable, __file__, "--measure", fmt], check=True, capture_output=True, text=True
        )
        line = result.stdout.strip().splitlines()[-1]
        data = json.loads(line)
        print(
            f"yearly report of the network, {fmt:4}: {data['seconds']:6.2f} s "
            f"(figures {data['figures_seconds']:.2f} s, render {data['render_seconds']:.2f} s),"
            f" peak {data['peak_mib']:.0f} MiB (Django loaded: {data['baseline_mib']:.0f} MiB),"
            f" {data['bytes']:,} bytes"
            + (f", {data['pages']} pages" if data["pages"] else "")
            + f"; {data['participants']:,} participants, "
            f"{data['participations']:,} participations",
            flush=True,
        )


if __name__ == "__main__":
    main()
