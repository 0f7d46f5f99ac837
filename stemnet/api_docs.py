"""
The open-data API's reference page (``api:docs``), read from the same OpenAPI schema that
``api:schema`` serves and drawn on the server like every other page: per endpoint its
parameters and answers, per object its fields. It stands in for Swagger UI, whose page is built
in the browser by its own script and fails the accessibility checks (no language, too little
contrast, buttons inside buttons: tests/validators/); tools read the schema itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from drf_spectacular.generators import SchemaGenerator

# drf-spectacular appends an enum's values to a description as Markdown: "* `held` - Gegeven".
_ENUM_LINE = re.compile(r"^\* `([^`]*)` - (.*)$", re.MULTILINE)
LISTED_VALUES = 12  # a longer enum (the periods) is shown as its count, first and last value


@dataclass(frozen=True)
class Kind:
    """What a parameter or field holds: ``text``, then a link to the object ``ref`` if any."""

    text: str
    ref: str = ""


@dataclass(frozen=True)
class Parameter:
    name: str
    where: str
    required: bool
    kind: Kind
    description: str


@dataclass(frozen=True)
class Answer:
    status: str
    description: str
    kind: Kind | None


@dataclass(frozen=True)
class Operation:
    method: str
    path: str
    anchor: str
    description: str
    parameters: list[Parameter]
    answers: list[Answer]


@dataclass(frozen=True)
class Group:
    name: str
    operations: list[Operation]


@dataclass(frozen=True)
class ObjectField:
    name: str
    kind: Kind
    read_only: bool
    description: str


@dataclass(frozen=True)
class SchemaObject:
    name: str
    description: str
    fields: list[ObjectField]


@dataclass(frozen=True)
class Reference:
    title: str
    version: str
    groups: list[Group] = field(default_factory=list)
    objects: list[SchemaObject] = field(default_factory=list)


def api_reference() -> Reference:
    """The reference of every endpoint and object of the open-data API, in the active
    language where the schema has one (field titles and value labels come from the models)."""
    schema = SchemaGenerator().get_schema(request=None, public=True)
    components = schema.get("components", {}).get("schemas", {})
    groups: dict[str, list[Operation]] = {}
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            if method == "parameters":
                continue
            tag = (operation.get("tags") or [path])[0]
            groups.setdefault(tag, []).append(_operation(path, method, operation, components))
    objects = [
        SchemaObject(
            name=name,
            description=_prose(node.get("description", "")),
            fields=[
                ObjectField(
                    name=prop,
                    kind=_kind(sub, components),
                    read_only=bool(sub.get("readOnly")),
                    description=_field_description(sub),
                )
                for prop, sub in node.get("properties", {}).items()
            ],
        )
        for name, node in sorted(components.items())
        if "enum" not in node and _page_of(node) is None
    ]
    return Reference(
        title=schema["info"]["title"],
        version=schema["info"]["version"],
        groups=[Group(name, ops) for name, ops in groups.items()],
        objects=objects,
    )


def _operation(path: str, method: str, operation: dict, components: dict) -> Operation:
    return Operation(
        method=method.upper(),
        path=path,
        anchor=operation.get("operationId") or f"{method}-{path}",
        description=_prose(operation.get("description") or operation.get("summary") or ""),
        parameters=[
            Parameter(
                name=p["name"],
                where=p["in"],
                required=bool(p.get("required")),
                kind=_kind(p.get("schema", {}), components, p.get("description", "")),
                description=_prose(p.get("description", "")),
            )
            for p in operation.get("parameters", [])
        ],
        answers=[
            Answer(
                status=status,
                description=answer.get("description", ""),
                kind=_answer_kind(answer, components),
            )
            for status, answer in operation.get("responses", {}).items()
        ],
    )


def _answer_kind(answer: dict, components: dict) -> Kind | None:
    body = answer.get("content", {}).get("application/json", {}).get("schema")
    if body is None:
        return None
    name = _ref_name(body)
    item = _page_of(components.get(name, {})) if name else None
    if item:
        return Kind(_("a page of"), item)
    return _kind(body, components)


def _page_of(node: dict) -> str | None:
    """The object a paginated list holds, or None when ``node`` is not a page."""
    properties = node.get("properties", {})
    if {"count", "next", "previous", "results"} <= set(properties):
        return _ref_name(properties["results"].get("items", {}))
    return None


def _ref_name(node: dict) -> str:
    return node.get("$ref", "").rsplit("/", 1)[-1]


def _kind(node: dict, components: dict, description: str = "") -> Kind:
    """``node``'s type in a few words: an object links to its fields, an enum lists its values
    (with their labels from ``description`` or its own), a list says what it holds."""
    node = _enum_or_self(node, components)
    for combined in ("allOf", "oneOf", "anyOf"):
        if combined in node:
            parts = [_enum_or_self(part, components) for part in node[combined]]
            if all("enum" in part for part in parts):
                descriptions = [
                    node.get("description", ""),
                    *(p.get("description", "") for p in parts),
                ]
                merged = {
                    "enum": [v for p in parts for v in p["enum"]],
                    "description": "\n".join(descriptions),
                }
                return _kind(merged, components, description)
            kinds = [_kind(part, components, description) for part in parts]
            return kinds[0] if len(kinds) == 1 else Kind(" | ".join(k.text or k.ref for k in kinds))
    if "$ref" in node:
        return Kind("", _ref_name(node))
    if "enum" in node:
        labels = {**_labels(description), **_labels(node.get("description", ""))}
        return Kind(_enum_text(node["enum"], labels))
    if node.get("type") == "array":
        items = _kind(node.get("items", {}), components)
        return Kind(" ".join(part for part in (_("list of"), items.text) if part), items.ref)
    text = node.get("type", "")
    if node.get("format"):
        text += f" ({node['format']})"
    if node.get("nullable"):
        text += " | null"
    return Kind(text)


def _enum_or_self(node: dict, components: dict) -> dict:
    """The enum ``node`` refers to (shown by its values, not as an object), else ``node``."""
    target = components.get(_ref_name(node), {}) if "$ref" in node else {}
    return target if "enum" in target else node


def _labels(description: str) -> dict[str, str]:
    return dict(_ENUM_LINE.findall(description))


def _enum_text(values: list, labels: dict[str, str]) -> str:
    def shown(value):
        label = labels.get(str(value), "")
        text = f'"{value}"'
        return f"{text} ({label})" if label and label != str(value) else text

    if len(values) > LISTED_VALUES:
        return _("one of %(count)d values, from %(first)s to %(last)s") % {
            "count": len(values),
            "first": shown(values[0]),
            "last": shown(values[-1]),
        }
    return _("one of: %(values)s") % {"values": ", ".join(shown(v) for v in values)}


def _prose(description: str) -> str:
    """A description without drf-spectacular's appended list of enum values."""
    return _ENUM_LINE.sub("", description).strip()


def _field_description(node: dict) -> str:
    title, description = node.get("title", ""), _prose(node.get("description", ""))
    return " ".join(part for part in (f"{title}." if title else "", description) if part)
