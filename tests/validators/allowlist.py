"""
What the validators may report without failing. Every entry says why, so that an entry is a
decision, not a way to make a failure go away. Empty is the aim.

``AXE_ALLOWED``: axe rule id -> reason (the rule is ignored on every page).
``VNU_ALLOWED``: a fragment of the Nu checker's message -> reason.
"""

AXE_ALLOWED: dict[str, str] = {}
VNU_ALLOWED: dict[str, str] = {}

for _name, _entries in (("AXE_ALLOWED", AXE_ALLOWED), ("VNU_ALLOWED", VNU_ALLOWED)):
    for _key, _reason in _entries.items():
        if not (isinstance(_reason, str) and _reason.strip()):
            raise ValueError(f"{_name}[{_key!r}] needs a reason")
