"""
Shared by the benchmarks: Django set up for the database of ``DATABASE_URL`` (run them with
``bash .ci/with-services.sh .venv/bin/python bench/<name>.py`` for a throwaway PostgreSQL),
and a COPY loader for filling it quickly. Import this module before anything from Django.
"""

import io
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "stemnet.settings")
os.environ.setdefault("EMAIL_URL", "dummymail://")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402


def copy(table: str, columns: list[str], rows) -> None:
    """Bulk load rows with PostgreSQL COPY (tab-separated, \\N for NULL)."""
    buffer = io.StringIO()
    for row in rows:
        buffer.write("\t".join("\\N" if v is None else str(v) for v in row))
        buffer.write("\n")
    buffer.seek(0)
    with connection.cursor() as cursor:
        cursor.cursor.copy_expert(f"COPY {table} ({', '.join(columns)}) FROM STDIN", buffer)
