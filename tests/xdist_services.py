"""
Loaded first (``-p tests.xdist_services`` in pyproject.toml), before Django's settings: under
pytest-xdist (``make test`` runs the suite in as many processes as the machine has cores),
each process gets Redis databases of its own on the one Redis of ``.ci/with-services.sh`` —
the cache (which each test clears), the broker (which the journeys purge, and whose worker
must not run another process's tasks) and the results. PostgreSQL needs nothing:
pytest-django gives each process its own test database (``test_stemnet_gw0`` ...).
"""

import os
import re

URLS = ("REDIS_URL", "CELERY_BROKER_URL", "CELERY_RESULT_BACKEND")
worker = os.environ.get("PYTEST_XDIST_WORKER", "")
if worker.startswith("gw"):
    first = len(URLS) * (int(worker[2:]) + 1)  # gw0 -> 3, 4, 5; the run alone keeps 0, 1, 2
    if first + len(URLS) > 16:  # Redis has 16 databases
        raise RuntimeError(f"too many xdist processes for Redis's 16 databases: {worker}")
    for offset, name in enumerate(URLS):
        if os.environ.get(name):
            os.environ[name] = re.sub(r"/\d+$", f"/{first + offset}", os.environ[name])
