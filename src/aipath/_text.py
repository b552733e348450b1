"""The one sanitiser for text that came from a file: terminal, rich markup, CSV and JSON.

Catalogue text is data, never instructions: terminal control sequences (ESC, NUL, C1 such as
CSI), bidirectional overrides, rich markup (``[bold]``, ``[/]``) and spreadsheet formulas
(``=HYPERLINK(...)``) are all neutralised here. Stdlib only, except :func:`markup`.
"""

from __future__ import annotations

import re

__all__ = ["csv_cell", "json_safe", "markup", "terminal"]

# C0 (but tab and newline, handled below), DEL, C1, and the bidi embedding/override/isolate
# characters that can make a line display differently from what it says.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_C1 = re.compile("[\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
# OWASP CSV injection: a cell starting with one of these is a formula to a spreadsheet.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def terminal(text: str, *, newlines: bool = False) -> str:
    """``text`` without control characters; tabs become spaces, newlines too unless allowed."""
    text = text.replace("\t", " ")
    if not newlines:
        text = text.replace("\r\n", " ").replace("\n", " ")
    return _CONTROL.sub("", text)


def markup(text: str, *, newlines: bool = True) -> str:
    """``text`` safe to embed in rich markup: controls removed, anything tag-like escaped."""
    from rich.markup import escape  # escapes exactly what rich's parser would read as a tag

    return escape(terminal(text, newlines=newlines))


def csv_cell(value: object) -> object:
    """A CSV cell: text cleaned and, if a spreadsheet would run it as a formula, quoted with '."""
    if not isinstance(value, str):
        return value
    if value.startswith(_FORMULA_START):
        value = "'" + value
    return terminal(value)


def json_safe(text: str) -> str:
    """JSON text whose strings cannot carry raw C1 or bidi controls (``json`` escapes only C0)."""
    return _C1.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def a(noun: str) -> str:
    """``a nurse``, ``an informaticist``: the indefinite article a role id needs."""
    return f"{'an' if noun[:1].lower() in 'aeiou' else 'a'} {noun}"
