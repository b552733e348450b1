"""The plan's months drawn: a month-by-month chart for the table (``plan --timeline``) and
one for the HTML page.

Both read the months the planner computed (``PlanStep.start_month`` / ``finish_month`` /
``wait_months``, on the low figures), as ``gantt`` does: a row per step, a bar from its start
to its finish, and before it, from month 0, the experience the step still asks for, drawn as
a wait (another mark, hatched on the page). Steps that do not need each other overlap in time,
so their bars do. Month 0 is the first of the ``start`` month; the calendar years are marked.

In text a column is a month, or 3, 6, 12 ... months when the plan is longer than the room
(``months_per_column``); the chart fits the width it is given (80 columns in the README).
Stdlib only.
"""

from __future__ import annotations

import datetime as _dt
import math
from dataclasses import dataclass
from html import escape
from typing import TYPE_CHECKING

from .._text import terminal
from .formatting import months_text

if TYPE_CHECKING:
    from ..planner import Plan

__all__ = ["STUDY", "WAIT", "Row", "chart_lines", "months_per_column", "rows", "timeline_html"]

STUDY, WAIT = "█", "░"
SCALES = (1, 3, 6, 12, 24, 60, 120)  # a month, a quarter, half a year, years
_EPS = 1e-6


@dataclass(frozen=True)
class Row:
    order: int
    id: str
    name: str
    start: float
    finish: float
    wait: float  # experience to gain from month 0 before the step can start


def rows(plan: Plan) -> list[Row]:
    return [Row(s.order, s.credential.id, s.credential.name, s.start_month,
                max(s.start_month, s.finish_month), s.wait_months) for s in plan.steps]


def span(plan_rows: list[Row]) -> float:
    """The months the chart covers: to the last finish or wait."""
    return max((max(r.finish, r.wait) for r in plan_rows), default=0.0)


def months_per_column(months: float, room: int) -> int:
    """The fewest months a column can stand for so that ``months`` fit in ``room`` columns."""
    for scale in SCALES:
        if math.ceil(months / scale - _EPS) <= room:
            return scale
    return math.ceil(months / max(1, room))


def cells(row: Row, scale: int, columns: int) -> str:
    """The row's marks, a column ``scale`` months: study where the step's months fall, the wait
    where its experience does; a step shorter than a column still gets the column it starts in."""
    out = []
    for i in range(columns):
        lo, hi = i * scale, (i + 1) * scale
        study = (row.start < hi - _EPS and row.finish > lo + _EPS) or (
            row.finish - row.start < _EPS and lo - _EPS <= row.start < hi - _EPS)
        out.append(STUDY if study else WAIT if row.wait > lo + _EPS else " ")
    return "".join(out).rstrip()


def _months_to_january(start: _dt.date, year: int) -> int:
    return (year - start.year) * 12 - (start.month - 1)


def _axis(start: _dt.date, scale: int, columns: int, room: int) -> str:
    """Each calendar year written from the column its January falls in, where it fits."""
    line = ""
    year = start.year + (start.month > 1)
    while (months := _months_to_january(start, year)) < columns * scale:
        col = months // scale
        text = str(year)
        if col >= len(line) + (1 if line else 0) and col + len(text) <= room:
            line = line.ljust(col) + text
        year += 1
    return line


def _label(row: Row, width: int) -> str:
    text = terminal(f"{row.order}. {row.id}")
    return text if len(text) <= width else text[: width - 1] + "…"


def chart_lines(plan: Plan, start: _dt.date, width: int = 80) -> list[str]:
    """The chart: a heading (a sentence, for the caller to wrap), then lines of at most
    ``width`` characters: the years, a row per step and the key. [] for a plan without steps."""
    plan_rows = rows(plan)
    if not plan_rows:
        return []
    months = max(span(plan_rows), _EPS)
    longest = max(len(_label(r, 999)) for r in plan_rows)
    # Whole labels when the months fit beside them a month a column; else cut, down to a third.
    label_w = min(longest, max(width // 3, width - 2 - math.ceil(months - _EPS)))
    room = max(1, width - label_w - 2)
    scale = months_per_column(months, room)
    columns = max(1, math.ceil(months / scale - _EPS))
    unit = "month" if scale == 1 else f"{scale} months"
    t = plan.totals
    lines = [f"Timeline from {start:%Y-%m}, one column per {unit} (bars at the low figures, "
             f"{months_text(t.months_min, t.months_max)} in all):"]
    axis = _axis(start, scale, columns, room)
    if axis:
        lines.append(" " * (label_w + 2) + axis)
    for r in plan_rows:
        lines.append(f"{_label(r, label_w).ljust(label_w)}  {cells(r, scale, columns)}".rstrip())
    key = f"{STUDY} study"
    if any(r.wait > _EPS for r in plan_rows):
        key += f"  {WAIT} waiting for experience"
    lines.append(key)
    return lines


# --- the HTML page ----------------------------------------------------------------------
# The page allows no style attributes (nothing in it may carry CSS but its one <style>), so
# each bar's place is a rule of that style sheet: numbers only, written here.

CSS = """
.tl { margin: .5rem 0; }
.tl-row { display: grid; grid-template-columns: minmax(8rem, 16rem) 1fr 5.5rem; gap: .6rem;
  align-items: center; min-height: 1.7rem; border-bottom: 1px solid var(--rule); }
.tl-label { overflow-wrap: anywhere; font-size: .9em; }
.tl-when { text-align: right; color: var(--muted); font-size: .85em; }
.tl-track { position: relative; height: 1.1rem; }
.tl-track .tl-bar, .tl-track .tl-wait, .tl-year { position: absolute; top: 0; bottom: 0; }
.tl-bar { background: var(--accent); border-radius: 2px; min-width: 3px; }
.tl-wait { border: 1px solid var(--warn);
  background: repeating-linear-gradient(135deg, var(--warn) 0 2px, transparent 2px 6px); }
.tl-track .tl-wait { top: .3rem; bottom: .3rem; }
.tl-year { border-left: 1px dashed var(--rule); }
.tl-axis .tl-year { border-left: 1px solid var(--muted); padding-left: .25rem; font-size: .8em;
  color: var(--muted); white-space: nowrap; }
.tl-key { display: inline-block; width: 1.6rem; height: .8rem; vertical-align: middle; }
.tl-bar, .tl-wait { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
"""


def _pct(x: float, months: float) -> str:
    return f"{100 * x / months:.2f}".rstrip("0").rstrip(".") + "%"


def _m(x: float) -> str:
    return f"{x:.1f}".rstrip("0").rstrip(".") if x < 10 else f"{x:.0f}"


def timeline_html(plan: Plan, start: _dt.date) -> tuple[str, str]:
    """The page's timeline section and the CSS that places its bars (in percent of the plan's
    months): ``("", CSS)`` for a plan without steps."""
    plan_rows = rows(plan)
    if not plan_rows:
        return "", CSS
    months = max(span(plan_rows), _EPS)
    rules = []
    years = []
    year = start.year + (start.month > 1)
    while (at := _months_to_january(start, year)) < months:
        years.append(year)
        rules.append(f".tl-y{len(years)} {{ left: {_pct(at, months)}; }}")
        year += 1
    ticks = "".join(f"<span class='tl-year tl-y{i}'></span>" for i in range(1, len(years) + 1))
    axis = "".join(f"<span class='tl-year tl-y{i}'>{y}</span>" for i, y in enumerate(years, 1))
    out = [f"<div class='tl-row tl-axis' aria-hidden=true><span></span>"
           f"<span class=tl-track>{axis}</span><span></span></div>"]
    for r in plan_rows:
        marks = ticks
        if r.wait > _EPS:
            rules.append(f"#tl-{r.order} .tl-wait {{ left: 0%; width: {_pct(r.wait, months)}; }}")
            marks += (f"<span class=tl-wait title='experience to gain first: about "
                      f"{r.wait:.0f} months'></span>")
        rules.append(f"#tl-{r.order} .tl-bar {{ left: {_pct(r.start, months)}; "
                     f"width: {_pct(r.finish - r.start, months)}; }}")
        name = escape(terminal(r.name), quote=True)
        marks += f"<span class=tl-bar title='{name}: months {_m(r.start)}–{_m(r.finish)}'></span>"
        out.append(f"<div class=tl-row id=tl-{r.order} data-step={r.order}>"
                   f"<a class=tl-label href='#step-{r.order}'>{r.order}. "
                   f"<span class=id>{escape(terminal(r.id))}</span></a>"
                   f"<span class=tl-track>{marks}</span>"
                   f"<span class=tl-when>{_m(r.start)}–{_m(r.finish)} mo</span></div>")
    t = plan.totals
    section = (
        "<section id=timeline><h2>Timeline</h2>"
        f"<p class=small>From {start:%Y-%m} (month 0), at the low figures; all told about "
        f"{escape(months_text(t.months_min, t.months_max))}. "
        "<span class='tl-key tl-bar'></span> study, <span class='tl-key tl-wait'></span> "
        "experience a step asks for before it can start. Bars side by side in time run at the "
        f"same time; the lines mark each January.</p><div class=tl>{''.join(out)}</div></section>"
    )
    return section, CSS + "\n".join(rules) + "\n"
