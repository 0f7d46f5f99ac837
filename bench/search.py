"""
Benchmark of the catalogue's search in Dutch: recall and precision on the query set of
``tests/trainings/search_queries.py`` (40+ Dutch queries, each with the trainings a teacher
expects), and the time per search, on the database of ``DATABASE_URL`` and then on SQLite
(the embedded default, in a temporary file), so one run prints both:

    bash .ci/with-services.sh .venv/bin/python bench/search.py

Aims (issue 13): recall >= 0.95 and precision >= 0.8 on both databases.
"""

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ONLY_HERE = "BENCH_SEARCH_ONLY_HERE"

from common import connection, percentile  # noqa: E402  (sets Django up; see bench/common.py)
from django.core.management import call_command  # noqa: E402

sys.path.insert(0, str(ROOT))
from tests.trainings.search_queries import QUERIES, TUNED_ON, build, measure  # noqa: E402
from trainings.selectors import CatalogueQuery, catalogue_search  # noqa: E402


def found(query: str) -> list[str]:
    return [t.code for t in catalogue_search(CatalogueQuery(q=query))]


def main() -> None:
    call_command("migrate", verbosity=0)
    build()
    result = measure(found)
    later = measure(found, QUERIES[TUNED_ON:])
    times = []
    for query, _expected in QUERIES:
        for _ in range(5):
            start = time.perf_counter()
            found(query)
            times.append((time.perf_counter() - start) * 1000)
    p95 = percentile(times, 0.95)
    print(f"search on {connection.vendor}: {result.report()}")
    print(
        f"  the {len(QUERIES) - TUNED_ON} queries written after the tuning: recall "
        f"{later.recall:.3f}, precision {later.precision:.3f}"
    )
    print(f"  time per search: p50 {statistics.median(times):.1f} ms, p95 {p95:.1f} ms")
    met = result.recall >= 0.95 and result.precision >= 0.8
    print(f"  aims (recall >= 0.95, precision >= 0.8): {'met' if met else 'NOT MET'}")


if __name__ == "__main__":
    main()
    if connection.vendor != "sqlite" and not os.environ.get(ONLY_HERE):
        with tempfile.TemporaryDirectory() as folder:
            env = {
                **os.environ,
                "DATABASE_URL": f"sqlite:///{folder}/search.sqlite3",
                ONLY_HERE: "1",
            }
            subprocess.run([sys.executable, __file__], env=env, check=True)
