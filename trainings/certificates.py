"""The certificate of participation as PDF (WeasyPrint), from one HTML template."""

from django.http import HttpResponse
from django.template.loader import render_to_string
from weasyprint import HTML


def certificate_pdf_response(request, certificate: dict) -> HttpResponse:
    """Render ``certificate`` (see ``selectors.certificate_for``) as a PDF download."""
    html = render_to_string(
        "trainings/certificate_pdf.html",
        {
            **certificate,
            "verify_url": request.build_absolute_uri(certificate["verify_path"]),
        },
        request=request,
    )
    pdf = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    code = certificate["enrolment"].certificate_code
    response["Content-Disposition"] = f'attachment; filename="attest-{code}.pdf"'
    return response
