"""The open-data API's reference page (stemnet/api_docs.py), drawn from its OpenAPI schema."""

import re

from django.urls import reverse
from django.utils import translation

from stemnet.api_docs import Kind, _kind, api_reference


def test_every_operation_and_object_is_described(db, client):
    with translation.override("en"):
        reference = api_reference()
    paths = {op.path for group in reference.groups for op in group.operations}
    assert {"/api/v1/indicators/", "/api/v1/trainings/{code}/"} <= paths
    names = {obj.name for obj in reference.objects}
    assert {"Indicator", "PublicTraining", "NotFound", "BadRequest"} <= names
    assert not any(name.startswith("Paginated") for name in names)  # pages are "a page of X"
    listing = next(
        op
        for group in reference.groups
        for op in group.operations
        if op.path == "/api/v1/indicators/"
    )
    assert listing.answers[0].kind == Kind("a page of", "Indicator")
    html = client.get(reverse("api:docs"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    ids = set(re.findall(r' id="([^"]+)"', html))
    links = set(re.findall(r'href="#([^"]+)"', html))
    assert links - {"main"} <= ids, f"links to nowhere: {sorted(links - ids)}"


def test_a_type_in_a_few_words(settings):
    settings.LANGUAGE_CODE = "en"
    components = {
        "StatusEnum": {"enum": ["held", "closed"], "description": "* `held` - Gegeven\n"},
        "BlankEnum": {"enum": [""]},
        "Headline": {"type": "object", "properties": {}},
    }
    ref = {"$ref": "#/components/schemas/StatusEnum"}
    assert _kind(ref, components).text == 'one of: "held" (Gegeven), "closed"'
    blank = {"oneOf": [ref, {"$ref": "#/components/schemas/BlankEnum"}]}
    assert _kind(blank, components).text == 'one of: "held" (Gegeven), "closed", ""'
    headlines = {"type": "array", "items": {"$ref": "#/components/schemas/Headline"}}
    assert _kind(headlines, components) == Kind("list of", "Headline")
    periods = {"type": "string", "enum": [str(y) for y in range(1950, 2000)]}
    assert _kind(periods, components).text == 'one of 50 values, from "1950" to "1999"'
    moment = {"type": "string", "format": "date-time", "nullable": True}
    assert _kind(moment, components).text == "string (date-time) | null"
