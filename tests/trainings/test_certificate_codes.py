"""Certificates anyone can check: the code read in any spelling
(``trainings/services/certificates.py``), the check page from its query string
(``trainings/views/public.py``), the certificate's link, QR code, date and names
(``trainings/certificates.py``, ``trainings/selectors.py``)."""

import datetime as dt
import io
import subprocess
from decimal import Decimal
from unittest import mock

import pikepdf
import pytest
import segno
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.dateformat import format as date_format
from django.utils.html import escape

from networks.models import Membership
from tests.factories import MembershipFactory, ProfileFactory
from trainings import certificates, selectors
from trainings.models import Attendance
from trainings.services.certificates import (
    CODE_ALPHABET,
    certificate_code_issue,
    certificate_code_normalise,
)

from .factories import EnrolmentFactory, SessionFactory, TrainingFactory

pytestmark = pytest.mark.django_db
CODE = "ABCD-EFGH-JKLM"
VERIFY = reverse("trainings:certificate_verify")

SPELLINGS = [
    "ABCD-EFGH-JKLM",
    "abcd-efgh-jklm",
    "AbCd-eFgH-jKlM",
    "ABCD EFGH JKLM",
    "ABCDEFGHJKLM",
    "abcdefghjklm",
    "  ABCD-EFGH-JKLM  ",
    "ABCD-EFGH-JKLM\n",
    "\tabcd efgh jklm\r\n",
    "AB CD - EF GH - JK LM",
    "ABCD\u2013EFGH\u2014JKLM",  # en and em dash, as a word processor types them
    "ABCD\u2212EFGH\u2011JKLM",  # minus sign, non-breaking hyphen
    "ABCD\u00a0EFGH\u202fJKLM",  # no-break spaces
    "ABCD\u00adEFGH\u200bJKLM\ufeff",  # soft hyphen, zero-width space, BOM from a copy
    "\uff21\uff22\uff23\uff24-\uff25\uff26\uff27\uff28-\uff2a\uff2b\uff2c\uff2d",  # full width
]

# What cannot be a code, and the message's code (the person reads the message).
NOT_CODES = [
    ("", "required"),
    ("   \n\t", "required"),
    ("- - -", "required"),
    (None, "required"),
    ("ABCD-EFGH-JKL", "length"),
    ("ABCD-EFGH-JKLMN", "length"),
    ("ABCD", "length"),
    ("ABCD-EFGH-JKL0", "left_out"),  # a zero for the letter O: neither is ever in a code
    ("ABCD-EFGH-JKLO", "left_out"),
    ("ABCD-EFGH-JKL1", "left_out"),
    ("abcd-efgh-jkli", "left_out"),
    ("ABCD\x00EFGH-JKLM", "characters"),
    ("\x00" * 12, "characters"),
    ("ABCD/EFGH/JKLM", "characters"),
    ("<script>alert(1)</script>", "characters"),
    ("' OR 1=1 --", "characters"),
    ("ABCD-ÉFGH-JKLM", "characters"),
    ("ABCD-EFGH-JKL🙂", "characters"),
    ("A" * 101, "too_long"),
    ("ABCD-EFGH-JKLM" * 700, "too_long"),  # ~10 000 characters pasted
]


def message_for(raw) -> str:
    with pytest.raises(ValidationError) as caught:
        certificate_code_normalise(raw)
    return caught.value.messages[0]


# --- the one reader of a typed code -----------------------------------------------------------


@pytest.mark.parametrize("raw", SPELLINGS)
def test_every_spelling_of_a_code_reads_as_the_printed_code(raw):
    assert certificate_code_normalise(raw) == CODE


@pytest.mark.parametrize("raw, reason", NOT_CODES)
def test_what_cannot_be_a_code_gets_its_own_message(raw, reason):
    with pytest.raises(ValidationError) as caught:
        certificate_code_normalise(raw)
    assert caught.value.code == reason
    assert caught.value.messages[0]


def test_an_issued_code_reads_back_unchanged(world):
    enrolment = EnrolmentFactory(person=world.teacher)
    code = certificate_code_issue(enrolment=enrolment)
    assert certificate_code_normalise(code) == code
    assert certificate_code_normalise(code.replace("-", "").lower()) == code
    assert set(code.replace("-", "")) <= set(CODE_ALPHABET)
    assert not set(code) & set("0O1I")


@pytest.mark.parametrize("raw", SPELLINGS)
def test_the_selector_finds_the_enrolment_in_every_spelling(raw):
    enrolment = EnrolmentFactory(certificate_code=CODE)
    assert selectors.certificate_by_code(raw) == enrolment


@pytest.mark.parametrize("raw", [r for r, _reason in NOT_CODES if r is not None])
def test_the_selector_finds_nothing_for_what_cannot_be_a_code(raw):
    EnrolmentFactory(certificate_code=CODE)
    assert selectors.certificate_by_code(raw) is None


# --- the check page ---------------------------------------------------------------------------


@pytest.fixture
def certified():
    return EnrolmentFactory(
        certificate_code=CODE,
        person=ProfileFactory(user__first_name="An", user__last_name="Peeters").user,
        training__title="Robotica in de klas",
    )


@pytest.mark.parametrize("raw", SPELLINGS)
def test_the_check_page_finds_the_certificate_in_every_spelling(client, certified, raw):
    response = client.get(VERIFY, {"code": raw})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Dit attest is echt" in page
    assert "An Peeters" in page and "Robotica in de klas" in page
    assert f"<dd>{CODE}</dd>" in page  # the code as printed, to compare with the paper


def test_the_check_page_reads_the_code_from_the_query_string(client, certified):
    """The link and the QR code on the certificate open the answer itself."""
    response = client.get(f"{VERIFY}?code={CODE}")
    assert response.status_code == 200
    assert response.context["checked"] and response.context["enrolment"] == certified
    assert "Dit attest is echt" in response.content.decode()


def test_a_well_formed_code_of_no_certificate_is_answered_as_not_issued(client, certified):
    response = client.get(VERIFY, {"code": "zzzz zzzz zzzz"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Geen attest met deze code" in page and "Dit attest is echt" not in page


@pytest.mark.parametrize("raw, reason", [(r, why) for r, why in NOT_CODES if r is not None])
def test_the_check_page_says_what_is_wrong_with_the_input_never_a_500(
    client, certified, raw, reason
):
    response = client.get(VERIFY, {"code": raw})
    assert response.status_code == 200
    page = response.content.decode()
    assert response.context["form"].errors["code"] == [message_for(raw)]
    assert escape(message_for(raw)) in page
    # Not the claim "not issued by STEMNET": the input was not a code to look up.
    assert "Geen attest met deze code" not in page and "Dit attest is echt" not in page


def test_the_check_page_without_a_code_shows_the_empty_form(client):
    for query in ({}, {"utm_source": "qr"}):
        response = client.get(VERIFY, query)
        assert response.status_code == 200
        assert not response.context["form"].is_bound
        assert not response.context["checked"]


def test_the_check_page_refuses_post(client):
    assert client.post(VERIFY, {"code": CODE}).status_code == 405


def test_the_footer_links_to_the_check_page(client):
    page = client.get(reverse("trainings:catalogue")).content.decode()
    footer = page[page.index('<footer class="site-footer">') :]
    assert f'href="{VERIFY}"' in footer
    assert "Een attest controleren" in footer


# --- who the certificate names ----------------------------------------------------------------


def test_the_certificate_names_the_centres_published_contact_person(world):
    world.centre.contact_name = "  Els Maes "
    world.centre.save()
    assert selectors.certificate_contact(world.centre) == "Els Maes"


def test_without_a_contact_person_the_certificate_names_the_first_coordinator(world):
    world.centre.contact_name = ""
    world.centre.save()
    first = world.coordinator  # the world's coordinator came first
    later = MembershipFactory(centre=world.centre, user__first_name="Jan").user
    assert selectors.certificate_contact(world.centre) == first.get_full_name()
    first.is_active = False
    first.save()
    assert selectors.certificate_contact(world.centre) == later.get_full_name()
    later.anonymised_at = timezone.now()
    later.save()
    assert selectors.certificate_contact(world.centre) == ""


def test_without_contact_person_or_coordinator_the_certificate_names_nobody(world):
    world.centre.contact_name = ""
    world.centre.save()
    Membership.objects.filter(centre=world.centre).delete()
    MembershipFactory(centre=world.centre, role=Membership.Role.MINISTRY)  # not the centre's
    assert selectors.certificate_contact(world.centre) == ""


# --- the certificate PDF ----------------------------------------------------------------------


@pytest.fixture
def certificate(world, client_for, settings):
    """A finished training's certificate as downloaded, with the HTML it was made from."""
    settings.SITE_URL = "https://stemnet.example.be"
    world.centre.contact_name = "Els Maes"
    world.centre.save()
    training = TrainingFactory(
        centre=world.centre, title="Sensoren in de klas", ects=Decimal("1.0")
    )
    session = SessionFactory(training=training, starts_at=timezone.now() - dt.timedelta(days=20))
    enrolment = EnrolmentFactory(person=world.teacher, training=training)
    Attendance.objects.create(
        enrolment=enrolment, session=session, present=True, hours=Decimal("3.0")
    )
    with mock.patch.object(certificates, "html_to_pdf", wraps=certificates.html_to_pdf) as made:
        response = client_for(world.teacher).get(
            reverse("trainings:certificate", args=[enrolment.pk])
        )
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    enrolment.refresh_from_db()
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=response.content, capture_output=True, check=True
    ).stdout.decode()
    return {
        "enrolment": enrolment,
        "pdf": response.content,
        "html": made.call_args.args[0],
        "text": text,
        "url": f"https://stemnet.example.be/nascholingen/attest/controle/?code={enrolment.certificate_code}",
    }


def link_uris(pdf: bytes) -> list[str]:
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        return [
            str(annot.A.URI)
            for page in doc.pages
            for annot in page.obj.get("/Annots", [])
            if annot.get("/Subtype") == pikepdf.Name.Link and "/A" in annot
        ]


def test_the_certificate_links_to_its_check_on_the_sites_own_address(certificate):
    assert link_uris(certificate["pdf"]) == [certificate["url"]]
    assert f'<a href="{certificate["url"]}">' in certificate["html"]
    # The printed address is the same one (pdftotext may break it at the line's end).
    assert certificate["url"] in "".join(certificate["text"].split())
    assert "testserver" not in certificate["text"]


def test_the_link_opens_the_answer(certificate, client):
    response = client.get(certificate["url"].removeprefix("https://stemnet.example.be"))
    assert "Dit attest is echt" in response.content.decode()


def test_the_certificate_carries_a_qr_code_of_that_link(certificate):
    html = certificate["html"]
    expected = segno.make(certificate["url"], error="m", micro=False)
    path = expected.svg_inline(scale=certificates.QR_MODULE_MM, unit="mm")
    d = path[path.index(' d="') :].split('"')[1]
    assert f'd="{d}"' in html  # the very modules of the link, inline: no remote image
    assert "<svg" in html and "<title>" in html and "<img" not in html
    with pikepdf.open(io.BytesIO(certificate["pdf"])) as doc:
        figures = [
            element
            for element in _structure(doc.Root.StructTreeRoot)
            if element.get("/S") == pikepdf.Name.Figure
        ]
    assert len(figures) == 1 and str(figures[0].Alt).strip()  # tagged, with its alternative


def _structure(node):
    kids = node.get("/K")
    if kids is None:
        return
    for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
        if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            yield kid
            yield from _structure(kid)


def test_the_certificate_carries_code_date_and_names(certificate, world):
    text = " ".join(certificate["text"].split())
    enrolment = certificate["enrolment"]
    assert enrolment.certificate_code in "".join(text.split())
    with translation.override("nl-be"):
        today = date_format(timezone.localdate(), "j F Y")
    assert f"Uitgereikt op {today}" in text or f"Issued on {today}" in text
    assert world.teacher.get_full_name() in text
    assert "Sensoren in de klas" in text
    assert world.centre.name in text  # the centre that organised it
    assert "Els Maes" in text  # its contact person
