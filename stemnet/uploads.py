"""
Uploaded files: their type read from their content, and served back safely.

An upload's extension says what it claims to be; ``content_matches`` checks the file's first
bytes (and, for the ZIP-based Office and OpenDocument formats, the parts inside) against that
claim, so that an HTML page named ``.pdf`` is refused (``validate_content_matches_extension``,
a model field validator). ``download_response`` serves a stored upload through Django, as a
download with a type read from its content, never sniffed by the browser; production does not
serve ``MEDIA_ROOT`` at all, so access is always checked by the view that calls it.
"""

from __future__ import annotations

import zipfile
from pathlib import PurePosixPath
from typing import IO

from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

OOXML = {  # extension: (content type, the folder of its main parts)
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "word/"),
    "pptx": ("application/vnd.openxmlformats-officedocument.presentationml.presentation", "ppt/"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xl/"),
}
OPENDOCUMENT = {  # extension: content type, also the text of the package's `mimetype` file
    "odt": "application/vnd.oasis.opendocument.text",
    "odp": "application/vnd.oasis.opendocument.presentation",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
}
SIGNATURES = {  # extension: (content type, the bytes the file starts with)
    "pdf": ("application/pdf", b"%PDF-"),
    "png": ("image/png", b"\x89PNG\r\n\x1a\n"),
    "jpg": ("image/jpeg", b"\xff\xd8\xff"),
    "jpeg": ("image/jpeg", b"\xff\xd8\xff"),
}
CONTENT_TYPES = {
    **{ext: content_type for ext, (content_type, _signature) in SIGNATURES.items()},
    **{ext: content_type for ext, (content_type, _folder) in OOXML.items()},
    **OPENDOCUMENT,
}
ZIP_SIGNATURE = b"PK\x03\x04"  # at byte 0: a ZIP with anything put before it is refused
UNKNOWN_TYPE = "application/octet-stream"
MAX_PART_BYTES = 1024  # an OpenDocument `mimetype` file is a few dozen bytes


def extension_of(name: str) -> str:
    return PurePosixPath(name).suffix.lstrip(".").lower()


def _zip_matches(file: IO[bytes], extension: str) -> bool:
    try:
        with zipfile.ZipFile(file) as package:
            names = set(package.namelist())
            if extension in OOXML:
                folder = OOXML[extension][1]
                return "[Content_Types].xml" in names and any(n.startswith(folder) for n in names)
            info = package.getinfo("mimetype")
            if info.file_size > MAX_PART_BYTES:
                return False
            return package.read(info).strip() == OPENDOCUMENT[extension].encode()
    except (zipfile.BadZipFile, KeyError, ValueError, NotImplementedError, OSError, EOFError):
        return False


def content_matches(file: IO[bytes], extension: str) -> bool:
    """Whether the content of ``file`` (binary, seekable) is what ``extension`` claims: the
    signature of a PDF, PNG or JPEG; a ZIP from byte 0 holding ``[Content_Types].xml`` and the
    main folder of a .docx, .pptx or .xlsx; a ZIP whose ``mimetype`` file names the
    OpenDocument type of an .odt, .odp or .ods. False for any other extension. Reads from the
    start and leaves the file at the start."""
    extension = extension.lower()
    file.seek(0)
    try:
        head = file.read(16)
        file.seek(0)
        if extension in SIGNATURES:
            return head.startswith(SIGNATURES[extension][1])
        if extension in OOXML or extension in OPENDOCUMENT:
            return head.startswith(ZIP_SIGNATURE) and _zip_matches(file, extension)
        return False
    finally:
        file.seek(0)


def validate_content_matches_extension(file) -> None:
    """Model field validator: refuses a new upload whose content is not what its extension
    says (see ``content_matches``). Extensions it does not know are left to the field's
    ``FileExtensionValidator``; a file already stored is not read again (its type is checked
    when it is served)."""
    if getattr(file, "_committed", False):
        return
    extension = extension_of(file.name)
    if extension not in CONTENT_TYPES:
        return
    if not content_matches(file, extension):
        raise ValidationError(
            _("The content of this file does not match its extension (.%(extension)s)."),
            code="content_mismatch",
            params={"extension": extension},
        )


def download_filename(name: str, fallback: str = "download") -> str:
    """``name`` as a safe download name: ASCII letters, digits, ``-`` and ``_``, at most 80
    characters, and its extension."""
    path = PurePosixPath(name)
    stem = slugify(path.stem)[:80] or slugify(fallback)[:80] or "download"
    extension = slugify(path.suffix.lstrip("."))[:10]
    return f"{stem}.{extension}" if extension else stem


def download_response(file, *, fallback_name: str = "download", cache: str = "private"):
    """The stored upload ``file`` (a ``FieldFile``) as a download: ``Content-Disposition:
    attachment`` with a sanitised name, the content type its content was checked to have
    (``application/octet-stream`` when it does not match its extension), ``nosniff`` and
    ``Cache-Control: cache``. A missing file is a 404. Access is the caller's to check."""
    if not file:
        raise Http404
    try:
        handle = file.storage.open(file.name, "rb")
    except (FileNotFoundError, IsADirectoryError, PermissionError):
        raise Http404 from None
    extension = extension_of(file.name)
    verified = extension in CONTENT_TYPES and content_matches(handle, extension)
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=download_filename(file.name, fallback_name),
        content_type=CONTENT_TYPES[extension] if verified else UNKNOWN_TYPE,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = cache
    response["X-Robots-Tag"] = "noindex"
    return response
