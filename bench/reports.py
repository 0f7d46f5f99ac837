"""
Benchmark of the ministry reports: the network's yearly report as JSON and as PDF.

Fills an (empty) PostgreSQL database the way the demo is filled: ``loaddemo`` with the
generated school years (``monitor.demo_year``) at 20,000 trainings over the six regional
centres and the previous and current school year (people with profiles and schools,
sessions, enrolments, attendance, budget lines from several funding sources, evaluations),
written with COPY; then builds the network's report for the latest year with data in each
format, each in a fresh process, and prints wall-clock seconds and the process's peak memory.

    bash .ci/with-services.sh .venv/bin/python bench/reports.py

Options through the environment: BENCH_TRAININGS (20000; 100000 for the large size),
BENCH_KEEP (a folder to keep the files in).
"""

import json
import os
import re
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

from common import fill_demo  # noqa: E402  (sets Django up; see bench/common.py)
from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

TRAININGS = int(os.environ.get("BENCH_TRAININGS", "20000"))


def report_year() -> int:
    """The year the report form offers first: the latest with data."""
    from monitor.reports.selectors import latest_year_with_data

    return latest_year_with_data()


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
            scope=Scope("network", "VL"), period=Period.year(report_year()), details=fmt != "json"
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
        fill_demo(TRAININGS)
    print(
        f"the network's yearly report of {report_year()}: "
        f"{Training.objects.count():,} trainings in the database; "
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
