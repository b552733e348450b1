"""Plain-text layout for narrow terminals: words wrapped whole, hanging indents kept.

Ids and URLs are what a reader copies, so a line never breaks inside a word: a word longer
than the room left gets a line of its own and runs past the width (the terminal soft-wraps
it, and it still copies and clicks as one). rich is imported inside functions only.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from .._text import terminal

if TYPE_CHECKING:
    from rich.console import RenderableType
    from rich.text import Text

__all__ = ["Stack", "fits", "styled", "wrap"]
# A word, and a " ·" separator after it, so a wrapped list of facts never starts with a dot.
_WORD = re.compile(r"\S+(?: ·(?!\S))?")


def wrap(text: Text | str, width: int, first: str = "", rest: str | None = None) -> list[Text]:
    """``text`` as lines of at most ``width`` columns, broken at spaces only, styles kept.

    ``first`` starts the first line and ``rest`` (default: as many spaces) every other one,
    so a wrapped item keeps its hanging indent. Newlines in ``text`` start new lines.
    """
    from rich.cells import cell_len
    from rich.text import Text

    if isinstance(text, str):
        text = Text(terminal(text, newlines=True))
    rest = " " * cell_len(first) if rest is None else rest
    out: list[Text] = []
    for para in text.split("\n", allow_blank=True):
        plain = para.plain
        words = [(m.start(), m.end()) for m in _WORD.finditer(plain)]
        if not words:
            out.append(Text(""))
            continue
        prefix = first if not out else rest
        start, end = words[0]
        for ws, we in words[1:]:
            # The line as it would be, its own spacing kept, must fit.
            if cell_len(prefix) + cell_len(plain[start:we]) <= width:
                end = we
                continue
            out.append(Text(prefix) + para[start:end])
            prefix, start, end = rest, ws, we
        out.append(Text(prefix) + para[start:end])
    return out


def styled(*parts: str | tuple[str, str]) -> Text:
    """Catalogue text without control characters as one Text; parts are text or (text, style)."""
    from rich.text import Text

    out = Text()
    for part in parts:
        text, style = (part, "") if isinstance(part, str) else part
        out.append(terminal(text, newlines=True), style=style)
    return out


def fits(width: int, columns: list[int], gap: int = 2) -> bool:
    """Whether columns of these least widths, ``gap`` apart, fit in ``width``."""
    return sum(columns) + gap * (len(columns) - 1) <= width


class Stack:
    """Lines built top to bottom: headings, wrapped paragraphs and aligned ``key  value`` fields."""

    def __init__(self, width: int) -> None:
        self.width = width
        self.lines: list[Text] = []

    def line(self, text: Text | str, indent: int = 0, hang: int = 0) -> Stack:
        """``text`` wrapped at ``indent``, continuation lines ``hang`` further in."""
        pad = " " * indent
        self.lines.extend(wrap(text, self.width, pad, pad + " " * hang))
        return self

    def fields(self, rows: list[tuple[str, Any]], indent: int = 0, hang: int = 0) -> Stack:
        """Each value beside its key, wrapped under the value so the keys stay a column.

        A value may be a list: each item starts a line under the value, its wrapped lines
        ``hang`` further in, so items stay apart.
        """
        from rich.text import Text

        key_width = max((len(k) for k, _ in rows), default=0) + 2
        under = " " * (indent + key_width)
        for key, value in rows:
            head = " " * indent + key + " " * (key_width - len(key))
            items, more = (value, " " * hang) if isinstance(value, list) else ([value], "")
            for i, item in enumerate(items):
                lines = wrap(item, self.width, head if i == 0 else under, under + more)
                if i == 0:  # the key in bold
                    key_text = Text(" " * indent) + Text(key, style="bold")
                    lines[0] = key_text + lines[0][indent + len(key):]
                self.lines.extend(lines)
        return self

    def blank(self) -> Stack:
        from rich.text import Text

        if self.lines and self.lines[-1].plain:
            self.lines.append(Text(""))
        return self

    def extend(self, lines: list[Text]) -> Stack:
        self.lines.extend(lines)
        return self

    def renderable(self) -> RenderableType:
        from rich.console import Group
        from rich.text import Text

        while self.lines and not self.lines[-1].plain:
            self.lines.pop()
        text = Text("\n").join(self.lines)
        text.no_wrap, text.overflow = True, "ignore"
        # In a Group, so rich prints the lines as laid out here instead of wrapping them again.
        return Group(text)
