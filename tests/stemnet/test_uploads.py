"""stemnet/uploads.py: an upload's type read from its content, and its download name."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from stemnet import uploads

PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 20
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 20
HTML = b"<html><script>alert(1)</script></html>"


def _zip(files: dict[str, bytes], *, prefix: bytes = b"") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        for name, content in files.items():
            compress = zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED
            package.writestr(name, content, compress_type=compress)
    return prefix + buffer.getvalue()


def _ooxml(folder: str) -> bytes:
    return _zip(
        {
            "[Content_Types].xml": b"<Types/>",
            "_rels/.rels": b"<Relationships/>",
            f"{folder}main.xml": b"<x/>",
        }
    )


def _odf(mimetype: str) -> bytes:
    return _zip({"mimetype": mimetype.encode(), "content.xml": b"<x/>"})


GOOD = {
    "pdf": PDF,
    "png": PNG,
    "jpg": JPEG,
    "jpeg": JPEG,
    "docx": _ooxml("word/"),
    "pptx": _ooxml("ppt/"),
    "xlsx": _ooxml("xl/"),
    "odt": _odf("application/vnd.oasis.opendocument.text"),
    "odp": _odf("application/vnd.oasis.opendocument.presentation"),
    "ods": _odf("application/vnd.oasis.opendocument.spreadsheet"),
}


@pytest.mark.parametrize("extension", sorted(GOOD))
def test_real_files_match_their_extension(extension):
    file = io.BytesIO(GOOD[extension])
    assert uploads.content_matches(file, extension)
    assert uploads.content_matches(file, extension.upper())
    assert file.tell() == 0  # left at the start, for the storage to save all of it


@pytest.mark.parametrize(
    ("extension", "content"),
    [
        ("pdf", HTML),
        ("pdf", b""),
        ("pdf", b" %PDF-1.4"),  # the signature must open the file
        ("pdf", PNG),
        ("png", JPEG),
        ("jpg", PNG),
        ("docx", GOOD["xlsx"]),  # a workbook named .docx
        ("docx", GOOD["odt"]),
        ("docx", _zip({"word/document.xml": b"<x/>"})),  # no [Content_Types].xml
        ("docx", HTML + _ooxml("word/")),  # HTML before a ZIP
        ("docx", b"PK\x03\x04 not a zip at all"),
        ("odt", GOOD["ods"]),
        ("odt", _zip({"content.xml": b"<x/>"})),  # no mimetype
        ("odt", _zip({"mimetype": b"application/vnd.oasis.opendocument.text" + b" " * 2000})),
        ("html", HTML),  # an extension it does not know never matches
        ("exe", b"MZ\x90\x00"),
    ],
)
def test_other_content_does_not_match(extension, content):
    assert not uploads.content_matches(io.BytesIO(content), extension)


def test_the_validator_refuses_a_mismatch_with_a_clear_message():
    with pytest.raises(ValidationError) as excinfo:
        uploads.validate_content_matches_extension(SimpleUploadedFile("plan.pdf", HTML))
    (error,) = excinfo.value.error_list
    assert error.code == "content_mismatch" and error.params == {"extension": "pdf"}
    uploads.validate_content_matches_extension(SimpleUploadedFile("plan.PDF", PDF))
    uploads.validate_content_matches_extension(SimpleUploadedFile("plan.html", HTML))  # not its job


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("good_practices/3/Zes sleutels.pdf", "zes-sleutels.pdf"),
        ('good_practices/3/a"b;c\r\nSet-Cookie: x=1.pdf', "abc-set-cookie-x1.pdf"),
        ("good_practices/3/Élève_été.docx", "eleve_ete.docx"),
        ("good_practices/3/../../etc/passwd", "passwd"),
        ("good_practices/3/Ω.pdf", "praktijk.pdf"),
        ("good_practices/3/" + "x" * 300 + ".pdf", "x" * 80 + ".pdf"),
    ],
)
def test_download_filename_is_safe(name, expected):
    assert uploads.download_filename(name, fallback="Praktijk") == expected
