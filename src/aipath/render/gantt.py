"""``plan --format gantt``: the plan's timeline as a Mermaid ``gantt`` chart.

The bars are the months the planner computed (``PlanStep.start_month`` / ``finish_month``, on
the low figures), made calendar dates from the first day of the ``start`` month: steps that do
not depend on each other run side by side, and the experience a step still asks for is its own
bar (tagged ``active``: drawn in another colour), from month 0 (experience is gained from
now) to the month the step becomes open. A step
that begins exactly when the steps it needs (and its wait) end is written ``after`` them, so
the chart keeps the dependency; any other start is a date.

Only what Mermaid's gantt grammar reads is emitted: task names lose ``:`` (it ends a name),
``#``, ``;`` and ``%`` (comments and separators), and start with the step number, so no name
is read as a keyword. Stdlib only; the output depends on nothing but the plan and ``start``.
"""

from __future__ import annotations

import calendar
import datetime as _dt
import math
import re
from typing import TYPE_CHECKING

from .._text import terminal
from .formatting import months_text

if TYPE_CHECKING:
    from ..planner import Plan, PlanStep

__all__ = ["month_date", "plan_gantt"]

DATE_FORMAT = "YYYY-MM-DD"
_SECTIONS = {"prerequisite": "Prerequisites", "core-degree": "Core degree", "certificate": "Certificates"}
_UNSAFE = re.compile(r"[:;#%]+")
_EPS = 1e-6


def month_date(start: _dt.date, month: float) -> _dt.date:
    """The day ``month`` months after the first of ``start``'s month (fractions as days).

    Whole months are calendar months; the fraction is that share of the days of the month it
    falls in, rounded, so the dates never go backwards as the months grow. ValueError when the
    date is past the calendar's end.
    """
    month = max(0.0, month)
    whole = math.floor(month + _EPS)
    frac = max(0.0, month - whole)
    index = start.year * 12 + (start.month - 1) + whole
    year, mon = divmod(index, 12)
    first = _dt.date(year, mon + 1, 1)  # ValueError past year 9999
    days = calendar.monthrange(first.year, first.month)[1]
    return first + _dt.timedelta(days=round(frac * days))


def _name(text: str) -> str:
    """A task or section name Mermaid reads as text: one line, none of ``: ; # %``."""
    text = terminal(text).replace("\n", " ")
    text = _UNSAFE.sub(lambda m: " -" if ":" in m.group() else " ", text)
    return " ".join(text.split())


def _task(name: str, task_id: str, start: str, end: _dt.date, begin: _dt.date,
          tag: str = "") -> str:
    if end <= begin:  # shorter than a day on the calendar: a point, not a bar
        return f"    {name} :milestone, {task_id}, {start}, 0d"
    return f"    {name} :{tag}{task_id}, {start}, {end.isoformat()}"


def _step_lines(step: PlanStep, start: _dt.date, finish_of: dict[str, float],
                sid: dict[str, str]) -> list[str]:
    n = step.order
    lines = []
    refs = [sid[d] for d in step.after if d in sid]
    ready = max([finish_of[d] for d in step.after if d in finish_of], default=0.0)
    if step.wait_months > 0:
        wait_end = month_date(start, step.wait_months)
        lines.append(_task(_name(f"{n}. experience to gain, about {step.wait_months:.0f} months"),
                           f"w{n}", start.isoformat(), wait_end, start, "active, "))
        refs.append(f"w{n}")
        ready = max(ready, step.wait_months)
    begin = month_date(start, step.start_month)
    when = (f"after {' '.join(refs)}" if refs and abs(step.start_month - ready) < _EPS
            else begin.isoformat())
    lines.append(_task(_name(f"{n}. {step.credential.name}"), sid[step.credential.id], when,
                       month_date(start, step.finish_month), begin))
    return lines


def plan_gantt(plan: Plan, start: _dt.date) -> str:
    """The plan as Mermaid gantt text, its month 0 the first day of ``start``'s month."""
    start = start.replace(day=1)
    t = plan.totals
    title = (f"aipath plan for {plan.request.role.id} from {start:%Y-%m}, "
             f"{months_text(t.months_min, t.months_max)} (bars at the low figures)")
    lines = ["gantt", f"    title {_name(title)}", f"    dateFormat {DATE_FORMAT}",
             "    axisFormat %Y-%m"]
    if not plan.steps:
        lines.append("    %% no steps: the plan adds nothing to what is held")
        return "\n".join(lines) + "\n"
    sid = {s.credential.id: f"s{s.order}" for s in plan.steps}
    finish_of = {s.credential.id: s.finish_month for s in plan.steps}
    parts = sorted({s.part for s in plan.steps},
                   key=lambda p: (list(_SECTIONS).index(p) if p in _SECTIONS else len(_SECTIONS), p))
    for part in parts:
        lines.append(f"    section {_name(_SECTIONS.get(part, part.replace('-', ' ').capitalize()))}")
        for step in plan.steps:
            if step.part == part:
                lines.extend(_step_lines(step, start, finish_of, sid))
    return "\n".join(lines) + "\n"
