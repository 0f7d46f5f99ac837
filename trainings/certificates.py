"""The certificate of participation as PDF (PDF/UA-1, ``stemnet.pdf``), from one HTML template."""

from django.http import HttpResponse
from django.template.loader import render_to_string

from stemnet.pdf import html_to_pdf, pdf_response
from stemnet.site import absolute_url


def certificate_pdf_response(request, certificate: dict) -> HttpResponse:
    """Render ``certificate`` (see ``selectors.certificate_for``) as a PDF download."""
    html = render_to_string(
        "trainings/certificate_pdf.html",
        {
            **certificate,
            "verify_url": absolute_url(certificate["verify_path"]),
        },
        request=request,
    )
    pdf = html_to_pdf(html, base_url=request.build_absolute_uri("/"))
    code = certificate["enrolment"].certificate_code
    return pdf_response(pdf, filename=f"attest-{code}.pdf")
