"""The certificate of participation as PDF (PDF/UA-1, ``stemnet.pdf``), from one HTML template.

It carries its check: the verification code, the address of the check page with the code
filled in (a link in the PDF) and the same address as a QR code (inline SVG, drawn here).
"""

import segno
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from stemnet.pdf import html_to_pdf, pdf_response
from stemnet.site import absolute_url

# The QR code's module (one square) in millimetres: 25 to 30 mm in all, at error
# correction M, which a phone reads from paper at arm's length.
QR_MODULE_MM = 0.7


def certificate_verify_url(code: str) -> str:
    """The check page with ``code`` filled in, on the site's own address (``SITE_URL``)."""
    return absolute_url(reverse("trainings:certificate_verify") + "?" + urlencode({"code": code}))


def qr_svg(url: str, *, title: str) -> SafeString:
    """``url`` as a QR code, an inline ``<svg>`` whose ``<title>`` is its text alternative
    (PDF/UA: WeasyPrint tags the SVG as a Figure with that ``/Alt``)."""
    qr = segno.make(url, error="m", micro=False)
    # segno escapes the title and writes nothing else that comes from outside.
    return mark_safe(qr.svg_inline(scale=QR_MODULE_MM, unit="mm", title=title, svgclass="qr"))  # noqa: S308


def certificate_pdf_response(request, certificate: dict) -> HttpResponse:
    """Render ``certificate`` (see ``selectors.certificate_for``) as a PDF download."""
    code = certificate["enrolment"].certificate_code
    verify_url = certificate_verify_url(code)
    html = render_to_string(
        "trainings/certificate_pdf.html",
        {
            **certificate,
            "verify_url": verify_url,
            "verify_link": format_html('<a href="{0}">{0}</a>', verify_url),
            "verify_qr": qr_svg(verify_url, title=_("QR code: check this certificate online")),
        },
        request=request,
    )
    pdf = html_to_pdf(html, base_url=request.build_absolute_uri("/"))
    return pdf_response(pdf, filename=f"attest-{code}.pdf")
