"""Imports from the coordinator workspace: upload, preview, confirm, and a background job for
large files.

An upload is kept in the cache (shared by web and workers, never served as a file) between the
preview and the confirmation; a large file is imported by a Celery job that reports its
progress in the cache too. The import itself is all-or-nothing (``stemnet.imports``).
``import_template_example`` fills the one row of each kind's downloadable template.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from stemnet.outbox.services import send_after_commit

if TYPE_CHECKING:
    from stemnet.imports import ImportReport

IMPORT_TTL = 3600
IMPORT_IN_BACKGROUND_ROWS = 2000


def _import_key(job_id: str, part: str) -> str:
    return f"trainings:import:{job_id}:{part}"


def import_upload_keep(
    *,
    kind: str,
    data: bytes,
    filename: str,
    centre_ids: Iterable[int] | None,
    owner_id: int,
) -> str:
    """Keep an uploaded file for an hour and return its id. Writes only to the cache."""
    import uuid

    from django.core.cache import cache

    job_id = uuid.uuid4().hex
    cache.set(
        _import_key(job_id, "file"),
        {
            "kind": kind,
            "data": data,
            "filename": filename,
            "owner_id": owner_id,
            "centre_ids": None if centre_ids is None else sorted(centre_ids),
        },
        IMPORT_TTL,
    )
    return job_id


def import_upload_get(*, job_id: str, owner_id: int) -> dict | None:
    """The kept upload of ``owner_id`` (None when expired, unknown or someone else's)."""
    from django.core.cache import cache

    upload = cache.get(_import_key(job_id, "file"))
    if not upload or upload["owner_id"] != owner_id:
        return None
    return upload


def import_progress(*, job_id: str, owner_id: int) -> dict | None:
    """The state of ``owner_id``'s import job (None when expired, unknown or someone else's)."""
    from django.core.cache import cache

    progress = cache.get(_import_key(job_id, "progress"))
    if not progress or progress.get("owner_id") != owner_id:
        return None
    return progress


def _rows_in(upload: dict) -> int:
    from stemnet.tabular import TableFileError, read_table

    try:
        return len(read_table(upload["data"], upload["filename"]))
    except TableFileError:
        return 0  # the import reports why


def _queue(job_id: str, *, owner_id: int, rows: int, dry_run: bool) -> None:
    from django.core.cache import cache

    from ..tasks import import_file_job

    cache.set(
        _import_key(job_id, "progress"),
        {
            "state": "queued",
            "done": 0,
            "total": rows,
            "dry_run": dry_run,
            "report": None,
            "owner_id": owner_id,
        },
        IMPORT_TTL,
    )
    send_after_commit(import_file_job, job_id, dry_run)


def import_check(
    *,
    kind: str,
    data: bytes,
    filename: str,
    centre_ids: Iterable[int] | None,
    owner_id: int,
    preview_rows: int = 50,
) -> tuple[str, ImportReport | None]:
    """Keep an upload and check it without writing (a dry run with a preview of the rows).

    Returns (job id, ImportReport) for a small file; for a large one (job id, None): the check
    runs as a Celery job, follow ``import_progress``. Writes nothing to the database.
    """
    job_id = import_upload_keep(
        kind=kind, data=data, filename=filename, centre_ids=centre_ids, owner_id=owner_id
    )
    upload = import_upload_get(job_id=job_id, owner_id=owner_id)
    if upload is None:  # the cache did not keep it
        raise ValidationError(_("This upload has expired; upload the file again."))
    rows = _rows_in(upload)
    if rows <= IMPORT_IN_BACKGROUND_ROWS:
        return job_id, import_run(job_id=job_id, dry_run=True, preview_rows=preview_rows)
    _queue(job_id, owner_id=owner_id, rows=rows, dry_run=True)
    return job_id, None


def import_confirm(*, job_id: str, owner_id: int) -> ImportReport | None:
    """Import a kept upload for real. Small files at once (returns the ImportReport); large
    ones in a Celery job (returns None; follow ``import_progress``). Raises ValidationError
    when the upload has expired. The import itself is all-or-nothing and safe to repeat."""
    upload = import_upload_get(job_id=job_id, owner_id=owner_id)
    if upload is None:
        raise ValidationError(_("This upload has expired; upload the file again."))
    rows = _rows_in(upload)
    if rows <= IMPORT_IN_BACKGROUND_ROWS:
        return import_run(job_id=job_id)
    _queue(job_id, owner_id=owner_id, rows=rows, dry_run=False)
    return None


def import_run(
    *, job_id: str, dry_run: bool = False, preview_rows: int = 50
) -> ImportReport | None:
    """Check (``dry_run``) or import a kept upload, writing progress and report to the cache.

    All-or-nothing (see ``stemnet.imports``). After a real import the upload is dropped, so
    running it again finds nothing and does nothing; after a check it is kept for the
    confirmation. Returns the ImportReport (or None when the upload is gone).
    """
    from django.core.cache import cache

    from stemnet.imports import import_file

    upload = cache.get(_import_key(job_id, "file"))
    if upload is None:
        return None
    key = _import_key(job_id, "progress")
    state = cache.get(key) or {"total": 0}

    owner_id = upload["owner_id"]

    def progress(done: int, total: int) -> None:
        cache.set(
            key,
            {
                "state": "running",
                "done": done,
                "total": total,
                "dry_run": dry_run,
                "report": None,
                "owner_id": owner_id,
            },
            IMPORT_TTL,
        )

    context: dict[str, object] = {"progress": progress}
    if upload["centre_ids"] is not None:
        context["centre_ids"] = set(upload["centre_ids"])
    report = import_file(
        upload["kind"],
        upload["data"],
        upload["filename"],
        dry_run=dry_run,
        context=context,
        preview_rows=preview_rows if dry_run else 0,
    )
    summary = report.as_dict() | {"preview": report.preview}
    cache.set(
        key,
        {
            "state": "checked" if dry_run else "done",
            "done": report.rows,
            "total": state.get("total") or report.rows,
            "dry_run": dry_run,
            "report": summary,
            "owner_id": owner_id,
        },
        IMPORT_TTL,
    )
    if not dry_run or not report.ok:
        cache.delete(_import_key(job_id, "file"))
    return report


# --- templates ------------------------------------------------------------------------------


def import_template_example(*, kind: str, centre_ids: Iterable[int] | None) -> dict[str, str]:
    """One example row for the template of ``kind`` that imports as it is for whoever may
    change ``centre_ids`` (None: every centre): it names their own centre and, for sessions,
    participants and budget, their latest training (or the trainings template's example
    code when they have none: import that first). Names stand where codes are English
    (``leraar``, ``ingeschreven``), to show that both are accepted. Reads only."""
    import datetime as dt

    from django.utils import timezone

    from networks.models import Centre, Organisation

    from ..models import Training

    centres = Centre.objects.select_related("host").order_by("code")
    if centre_ids is not None:
        centres = centres.filter(pk__in=centre_ids)
    centre = centres.first()
    centre_code = centre.code if centre is not None else "VOV"
    year = timezone.localdate().year
    example_code = f"{centre_code.lower()}-voorbeeld-{year}"
    training = (
        Training.objects.filter(centre=centre)
        .exclude(status__in=[Training.Status.CLOSED, Training.Status.CANCELLED])
        .order_by("-pk")
        .first()
        if centre is not None
        else None
    )
    training_code = training.code if training is not None else example_code
    if kind == "trainings":
        return {
            "code": example_code,
            "title": "Robotica in de eerste graad",
            "centre": centre_code,
            "format": "meerdaags",
            "stem_domains": "T;E",
            "levels": "graad1",
            "hours": "12",
            "target_participants": "20",
            "fee_eur": "45,00",
            "published": "nee",
        }
    if kind == "sessions":
        day = timezone.localdate() + dt.timedelta(days=28)
        return {
            "training": training_code,
            "starts_at": f"{day:%Y-%m-%d}T13:30",
            "ends_at": f"{day:%Y-%m-%d}T16:30",
            "location": (centre.address or centre.name) if centre is not None else "",
            "capacity": "",
        }
    if kind == "participants":
        return {
            "training": training_code,
            "email": "voornaam.familienaam@school.example",
            "first_name": "Voornaam",
            "last_name": "Familienaam",
            "role": "leraar",
            "school": "Voorbeeldschool",
            "stem_domain": "T",
            "levels": "graad1",
            "status": "ingeschreven" if _has_a_free_seat(training) else "wachtlijst",
        }
    if kind == "budget":
        source = centre.host if centre is not None and centre.host is not None else None
        if source is None:
            source = Organisation.objects.order_by("name").first()
        return {
            "centre": centre_code,
            "training": training.code if training is not None else "",
            "year": str(year),
            "category": "locatie",
            "source": source.name if source is not None else "",
            "planned_eur": "1.200,00",
            "paid_eur": "0",
        }
    raise ValueError(f"no template for {kind!r}")


def _has_a_free_seat(training) -> bool:
    """As the participants import counts: enrolled and attended people hold the seats."""
    if training is None:
        return True
    from ..counting import training_capacity
    from ..models import Enrolment

    capacity = training_capacity(training)
    if capacity is None:
        return True
    taken = training.enrolments.filter(
        status__in=[Enrolment.Status.ENROLLED, Enrolment.Status.ATTENDED]
    ).count()
    return taken < capacity
