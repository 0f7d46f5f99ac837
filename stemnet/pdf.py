"""
HTML to PDF, the one way every PDF of the portal is made (WeasyPrint).

Every PDF is tagged PDF/UA-1: a structure tree (headings, tables with header cells, figures
with their text alternative), the document's language and title, XMP metadata that says so.
For that the HTML needs ``<html lang>``, a ``<title>``, tables with ``<th scope>`` and a
``<title>`` in each inline SVG (WeasyPrint tags an ``<svg>`` as a Figure and takes its
``<title>`` as the alternative text). ``tests/pdf_ua.py`` checks the result.
"""

from __future__ import annotations

from django.http import HttpResponse

PDF_VARIANT = "pdf/ua-1"


def html_to_pdf(html: str, *, base_url: str | None = None) -> bytes:
    """The PDF/UA-1 document of ``html``; ``base_url`` resolves relative links and images."""
    from weasyprint import HTML  # loaded when a PDF is made, not by every process at start

    return HTML(string=html, base_url=base_url).write_pdf(pdf_variant=PDF_VARIANT)


def pdf_response(pdf: bytes, *, filename: str, inline: bool = False) -> HttpResponse:
    """``pdf`` as a download named ``filename`` (``inline``: opened in the browser)."""
    response = HttpResponse(pdf, content_type="application/pdf")
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response
