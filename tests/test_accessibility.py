"""
Machine-checkable parts of WCAG 2.1 AA on every HTML page of the permission matrix, as each
role that may open it sees it: a language, one h1, the main landmark and skip link, a label
for every form control, alternative text for images, unique ids, titled SVG charts.
A quick first look, in the test client: contrast, ARIA and the rest of WCAG 2.1 A and AA are
axe-core's in Chromium (tests/validators/test_axe.py), valid HTML the Nu checker's
(tests/validators/test_vnu.py); keyboard use is checked by looking at the pages.
"""

from html.parser import HTMLParser

import pytest

from tests.test_permission_matrix import ROWS

ROLES_LOOKED_AT = ["anonymous", "teacher", "coordinator", "ministry"]
LABELLED_INPUTS = {
    "text",
    "email",
    "password",
    "number",
    "date",
    "datetime-local",
    "search",
    "url",
    "file",
    "checkbox",
    "radio",
    "tel",
    "time",
    "month",
    "week",
    "range",
}


class PageAudit(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.ids: dict[str, int] = {}
        self.label_for: set[str] = set()
        self.controls: list[tuple[str, dict]] = []
        self.h1 = 0
        self.html_lang = None
        self.has_main = False
        self.label_depth = 0
        self.svg_stack: list[dict] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids[a["id"]] = self.ids.get(a["id"], 0) + 1
        if tag == "html":
            self.html_lang = a.get("lang")
        elif tag == "main":
            self.has_main = True
        elif tag == "h1":
            self.h1 += 1
        elif tag == "label":
            self.label_depth += 1
            if a.get("for"):
                self.label_for.add(a["for"])
        elif tag == "img" and "alt" not in a:
            self.problems.append(f"<img src={a.get('src')}> has no alt")
        elif tag in ("input", "select", "textarea"):
            kind = a.get("type", "text") if tag == "input" else tag
            if tag != "input" or kind in LABELLED_INPUTS:
                labelled = bool(
                    a.get("aria-label")
                    or a.get("aria-labelledby")
                    or a.get("title")
                    or self.label_depth
                )
                self.controls.append((a.get("id", ""), {**a, "_labelled": labelled, "_tag": tag}))
        elif tag == "svg":
            self.svg_stack.append(
                {
                    "role": a.get("role"),
                    "label": a.get("aria-label") or a.get("aria-labelledby"),
                    "title": False,
                    "hidden": a.get("aria-hidden") == "true",
                }
            )
        elif tag == "title" and self.svg_stack:
            self.svg_stack[-1]["title"] = True

    def handle_endtag(self, tag):
        if tag == "label":
            self.label_depth = max(0, self.label_depth - 1)
        elif tag == "svg" and self.svg_stack:
            svg = self.svg_stack.pop()
            if not svg["hidden"] and not (svg["title"] or svg["label"]):
                self.problems.append("an <svg> has neither a <title> nor an aria-label")

    def audit(self) -> list[str]:
        problems = list(self.problems)
        if not self.html_lang:
            problems.append("<html> has no lang")
        if self.h1 != 1:
            problems.append(f"{self.h1} <h1> elements (want exactly one)")
        if not self.has_main:
            problems.append("no <main> landmark")
        for ident, count in self.ids.items():
            if count > 1:
                problems.append(f"id '{ident}' is used {count} times")
        for ident, attrs in self.controls:
            if not attrs["_labelled"] and ident not in self.label_for:
                problems.append(f"<{attrs['_tag']} name={attrs.get('name')}> has no label")
        return problems


# The rows some looked-at role may open; each row's roles are checked in one world.
PAGES = [row for row in ROWS if any(row.expect[role] == 200 for role in ROLES_LOOKED_AT)]


@pytest.mark.parametrize("row", PAGES, ids=lambda row: row.name)
def test_page_is_accessible(row, world, client_for):
    url = row.url(world)
    problems = []
    for role in ROLES_LOOKED_AT:
        if row.expect[role] != 200:
            continue
        response = client_for(world.users[role]).get(url)
        if not response.get("Content-Type", "").startswith("text/html"):
            continue  # downloads, JSON and feeds are not pages
        audit = PageAudit()
        audit.feed(response.content.decode())
        problems += [f"{url} as {role}: {problem}" for problem in audit.audit()]
    assert not problems, "\n".join(problems)
