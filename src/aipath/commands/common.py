"""What every command does with its inputs: the catalogue it loads, ``--today``, and the
``-o FILE`` it was given checked against ``--format``. Stdlib only at import.
"""

from __future__ import annotations

import os
import re
from enum import Enum
from typing import TYPE_CHECKING

from ..errors import UsageError

if TYPE_CHECKING:
    import datetime as _dt

    from ..models import Catalog

__all__ = ["READING", "check_output", "load", "parse_start", "parse_today"]

# Files the running command reads; --output must never replace them. Reset per command.
READING: list[str] = []


# What each file extension holds; -o and --format must agree when the extension is known.
_EXTENSIONS = {
    ".json": ("json", "ctdl"), ".jsonld": ("ctdl",), ".csv": ("csv",), ".svg": ("dot",),
    ".dot": ("dot",), ".gv": ("dot",), ".mmd": ("mermaid", "gantt"), ".mermaid": ("mermaid", "gantt"),
    ".txt": ("table", "tree"), ".text": ("table", "tree"),
    ".html": ("html",), ".htm": ("html",),
    ".png": (), ".pdf": (), ".jpg": (), ".jpeg": (),
}


def check_output(output: str | None, fmt: Enum) -> str | None:
    """``-o`` checked against ``--format``: ``-`` is stdout; a known extension must match."""
    if output is None or output == "-":
        return None
    ext = os.path.splitext(output)[1].lower()
    if ext in _EXTENSIONS and fmt.value not in _EXTENSIONS[ext]:
        # Only formats this command has: `list -o x.html` must not suggest --format html.
        allowed = [f for f in _EXTENSIONS[ext] if f in {m.value for m in type(fmt)}]
        hint = (
            f"use --format {' or '.join(allowed)}" if allowed
            else f"this command writes no {ext} files" if _EXTENSIONS[ext]
            else "aipath writes .svg pictures (--format dot -o FILE.svg), .html pages "
                 "(plan --format html) and text formats"
        )
        raise UsageError(f"{output} is a {ext} file but --format is {fmt.value}; {hint}",
                         option="--output")
    return output


def load(paths: str | list[str] | None, max_mib: float) -> Catalog:
    """The catalogue of ``--catalog`` (repeated: the files merged, see aipath.load.merge)."""
    from ..catalog import builtin_catalog_file, load_catalogs

    if isinstance(paths, str):
        paths = [paths]
    READING.extend(paths or [str(builtin_catalog_file())])
    return load_catalogs(paths or [None], max_bytes=int(max_mib * 1024 * 1024))


def parse_today(value: str | None) -> _dt.date:
    import datetime as _dt

    if value is None:
        return _dt.date.today()
    try:
        return _dt.date.fromisoformat(value)
    except ValueError:
        raise UsageError(f"'{value}' is not a date YYYY-MM-DD", option="--today") from None


_MONTH = re.compile(r"([0-9]{4})-([0-9]{2})")
_YEARS = (1900, 2999)  # a career plan's calendar; the timeline's dates must stay inside it


def parse_start(value: str | None, today: _dt.date) -> _dt.date:
    """``--start YYYY-MM`` as the first day of that month; without it, the month of ``today``."""
    import datetime as _dt

    if value is None:
        if not _YEARS[0] <= today.year <= _YEARS[1]:
            raise UsageError(f"the month of --today ({today:%Y-%m}) is outside "
                             f"{_YEARS[0]}-01..{_YEARS[1]}-12; give --start YYYY-MM", option="--start")
        return today.replace(day=1)
    m = _MONTH.fullmatch(value)
    if m is None or not 1 <= int(m.group(2)) <= 12:
        raise UsageError(f"'{value}' is not a month YYYY-MM", option="--start")
    if not _YEARS[0] <= int(m.group(1)) <= _YEARS[1]:
        raise UsageError(f"'{value}' is outside {_YEARS[0]}-01..{_YEARS[1]}-12", option="--start")
    return _dt.date(int(m.group(1)), int(m.group(2)), 1)
