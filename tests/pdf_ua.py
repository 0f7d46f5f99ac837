"""
A PDF/UA-1 (ISO 14289-1) check for the portal's PDFs, with pikepdf.

Not a full validator (veraPDF is that): it checks what a PDF produced from HTML can get wrong
and what a test can tell without a human — the catalog (tagged, language, title shown,
XMP identification), the structure tree (tables with header and data cells, figures with a
text alternative, headings in order) and that every page's content is tagged or marked as an
artifact. ``pdf_ua_problems`` returns one readable sentence per problem; none means it passed.
"""

from __future__ import annotations

import io
import re
from collections import Counter
from collections.abc import Iterator

import pikepdf

# A language tag as BCP 47 spells it: "nl", "nl-BE", "en" ...
LANGUAGE_TAG = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$")
# Operators that put something on the page: text, paths, images and forms, shadings.
PAINTING = {"Tj", "TJ", "'", '"', "f", "F", "f*", "S", "s", "B", "B*", "b", "b*", "Do", "sh"}
# Annotations that need no /Contents text (PDF/UA-1 7.18.1: forms have their own labels).
NO_CONTENTS = (pikepdf.Name.Widget, pikepdf.Name.PrinterMark)
HEADING = re.compile(r"^/H([1-6])$")


def pdf_ua_problems(data: bytes, *, expect_tables: bool) -> list[str]:
    """What keeps ``data`` from being PDF/UA-1, one sentence per problem (empty: none found).

    ``expect_tables``: the document shows tables, so its structure tree must hold ``/Table``
    elements made of ``/TR`` rows with ``/TH`` and ``/TD`` cells.
    """
    try:
        pdf = pikepdf.open(io.BytesIO(data))
    except pikepdf.PdfError as exc:
        return [f"not a PDF: {exc}"]
    with pdf:
        root = pdf.Root
        problems = _catalog_problems(root)
        problems += _metadata_problems(pdf)
        elements = list(_elements(root.get("/StructTreeRoot")))
        problems += _structure_problems(elements, expect_tables=expect_tables)
        problems += _page_problems(pdf)
    return problems


# --- catalog and metadata ---------------------------------------------------------------------


def _catalog_problems(root: pikepdf.Dictionary) -> list[str]:
    problems = []
    mark_info = root.get("/MarkInfo")
    if not isinstance(mark_info, pikepdf.Dictionary) or mark_info.get("/Marked") is not True:
        problems.append("the catalog has no /MarkInfo with /Marked true: the PDF is not tagged")
    tree = root.get("/StructTreeRoot")
    if not isinstance(tree, pikepdf.Dictionary):
        problems.append("the catalog has no /StructTreeRoot: there is no structure tree")
    elif not _kids(tree):
        problems.append("the structure tree (/StructTreeRoot) has no kids")
    lang = str(root.get("/Lang", "")).strip()
    if not lang:
        problems.append("the catalog has no /Lang: the document's language is not given")
    elif not LANGUAGE_TAG.match(lang):
        problems.append(f"the catalog's /Lang {lang!r} is not a language tag such as 'nl'")
    preferences = root.get("/ViewerPreferences")
    if (
        not isinstance(preferences, pikepdf.Dictionary)
        or preferences.get("/DisplayDocTitle") is not True
    ):
        problems.append(
            "/ViewerPreferences has no /DisplayDocTitle true: viewers show the file name, "
            "not the title"
        )
    return problems


def _metadata_problems(pdf: pikepdf.Pdf) -> list[str]:
    if "/Metadata" not in pdf.Root:
        return ["the catalog has no XMP /Metadata stream (title, PDF/UA identification)"]
    problems = []
    meta = pdf.open_metadata()
    if not str(meta.get("dc:title", "") or "").strip():
        problems.append("the XMP metadata has no dc:title (give the HTML a <title>)")
    part = str(meta.get("pdfuaid:part", "") or "").strip()
    if part != "1":
        problems.append(
            f"the XMP metadata does not identify the file as PDF/UA-1 "
            f"(pdfuaid:part is {part or 'missing'!s})"
        )
    return problems


# --- structure tree ---------------------------------------------------------------------------


def _kids(node) -> list:
    kids = node.get("/K")
    if kids is None:
        return []
    return list(kids) if isinstance(kids, pikepdf.Array) else [kids]


def _elements(tree) -> Iterator[pikepdf.Dictionary]:
    """The structure elements under ``tree``, in document order (depth first)."""
    if not isinstance(tree, pikepdf.Dictionary):
        return
    seen: set[tuple[int, int]] = set()
    stack = list(reversed(_kids(tree)))
    while stack:
        node = stack.pop()
        if not isinstance(node, pikepdf.Dictionary) or "/S" not in node:
            continue  # a marked-content id, a marked-content or object reference
        if node.is_indirect:
            if node.objgen in seen:
                continue
            seen.add(node.objgen)
        yield node
        stack.extend(reversed(_kids(node)))


def _tag(element: pikepdf.Dictionary) -> str:
    return str(element.get("/S"))


def _under(element: pikepdf.Dictionary) -> Counter:
    """How many elements of each tag are below ``element``."""
    return Counter(_tag(e) for e in _elements(element))


def _structure_problems(elements: list[pikepdf.Dictionary], *, expect_tables: bool) -> list[str]:
    problems = []
    tags = Counter(_tag(e) for e in elements)
    if expect_tables:
        if not tags["/Table"]:
            problems.append("the structure tree has no /Table, though the document shows tables")
        for number, table in enumerate((e for e in elements if _tag(e) == "/Table"), start=1):
            inside = _under(table)
            missing = [tag for tag in ("/TR", "/TH", "/TD") if not inside[tag]]
            if missing:
                problems.append(f"table {number} has no {', '.join(missing)} elements")
    for number, figure in enumerate((e for e in elements if _tag(e) == "/Figure"), start=1):
        alt = str(figure.get("/Alt", "") or figure.get("/ActualText", "")).strip()
        if not alt:
            problems.append(f"figure {number} has no /Alt text")
    problems += _heading_problems(elements)
    return problems


def _heading_problems(elements: list[pikepdf.Dictionary]) -> list[str]:
    levels = [int(m.group(1)) for e in elements if (m := HEADING.match(_tag(e)))]
    if not levels:
        return []
    problems = []
    if levels[0] != 1:
        problems.append(f"the first heading is /H{levels[0]}, not /H1")
    for before, after in zip(levels, levels[1:], strict=False):
        if after > before + 1:
            problems.append(f"a heading level is skipped: /H{before} is followed by /H{after}")
            break
    return problems


# --- pages ------------------------------------------------------------------------------------


def _parent_tree_keys(root: pikepdf.Dictionary) -> set[int]:
    """The keys of the structure tree's /ParentTree (a number tree, flat or with /Kids)."""
    tree = root.get("/StructTreeRoot")
    parent_tree = tree.get("/ParentTree") if isinstance(tree, pikepdf.Dictionary) else None
    keys: set[int] = set()
    stack = [parent_tree] if isinstance(parent_tree, pikepdf.Dictionary) else []
    while stack:
        node = stack.pop()
        nums = node.get("/Nums")
        if isinstance(nums, pikepdf.Array):
            keys.update(int(nums[i]) for i in range(0, len(nums), 2))
        stack.extend(k for k in node.get("/Kids", []) if isinstance(k, pikepdf.Dictionary))
    return keys


def _page_problems(pdf: pikepdf.Pdf) -> list[str]:
    problems = []
    keys = _parent_tree_keys(pdf.Root)
    for number, page in enumerate(pdf.pages, start=1):
        obj = page.obj
        parents = obj.get("/StructParents")
        if parents is None:
            problems.append(f"page {number} has no /StructParents: its content is not tagged")
        elif int(parents) not in keys:
            problems.append(
                f"page {number}: its /StructParents {int(parents)} is not in the /ParentTree"
            )
        annots = [a for a in obj.get("/Annots", []) if isinstance(a, pikepdf.Dictionary)]
        if annots and obj.get("/Tabs") != pikepdf.Name.S:
            problems.append(f"page {number} has annotations but no /Tabs /S (structure order)")
        described = [a for a in annots if a.get("/Subtype") not in NO_CONTENTS]
        if without := sum(1 for a in described if not str(a.get("/Contents", "")).strip()):
            problems.append(f"page {number}: {without} annotations (links) have no /Contents")
        if untagged := sum(1 for a in annots if "/StructParent" not in a):
            problems.append(f"page {number}: {untagged} annotations (links) are not tagged")
        untagged = _untagged_painting(page)
        if untagged:
            problems.append(
                f"page {number}: {untagged} painting operators are neither tagged nor artifacts"
            )
    return problems


def _untagged_painting(page: pikepdf.Page) -> int:
    """How many operators paint outside a marked-content sequence (tagged or /Artifact)."""
    depth = untagged = 0
    for _operands, operator in pikepdf.parse_content_stream(page):
        name = str(operator)
        if name in ("BMC", "BDC"):
            depth += 1
        elif name == "EMC":
            depth = max(depth - 1, 0)
        elif name in PAINTING and not depth:
            untagged += 1
    return untagged
