"""Shared wording of figures and rules: money, month ranges, routes, totals in words.

Every presentation (tables, tree, HTML page) says a price or a length the same way because it
says it through these helpers. Stdlib only.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from ..models import (
    All,
    AnyOf,
    Catalog,
    ClassOf,
    Condition,
    Credential,
    Experience,
    NOf,
    Ref,
    Text,
    experience_words,
    is_open,
    satisfied,
)

if TYPE_CHECKING:
    from ..estimates import Figure
    from ..planner import Plan

__all__ = [
    "class_text",
    "condition_lines",
    "entry_open",
    "money",
    "months_text",
    "route_note",
    "totals_sentences",
]


def _num(x: float) -> str:
    return f"{x:,.0f}" if float(x).is_integer() else f"{x:,.1f}"


def money(lo: float | None, hi: float | None) -> str:
    """``$270–395`` / ``$0`` / ``unknown``."""
    if lo is None or hi is None:
        return "unknown"
    return f"${_num(lo)}" if lo == hi else f"${_num(lo)}–{_num(hi)}"


def months_text(lo: float | None, hi: float | None) -> str:
    """``3–6 mo`` rounded sensibly, or ``unknown``."""
    if lo is None or hi is None:
        return "unknown"

    def r(x: float) -> str:
        return f"{x:.1f}".rstrip("0").rstrip(".") if x < 10 else f"{x:.0f}"

    return f"{r(lo)} mo" if r(lo) == r(hi) else f"{r(lo)}–{r(hi)} mo"


def _cost_text(c: Credential) -> str:
    if c.cost is None:
        return "unknown"
    text = money(c.cost.usd_min, c.cost.usd_max)
    return f"~{text}" if c.cost.approximate else text


def _duration_text(c: Credential) -> str:
    d = c.duration
    if d is None:
        return "unknown"
    lo, hi = _num(d.min), _num(d.max)
    return f"{lo} {d.unit}" if lo == hi else f"{lo}–{hi} {d.unit}"


def _join_ids(ids: Iterable[str]) -> str:
    return ", ".join(ids)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


# --- rules ------------------------------------------------------------------------------


def route_note(cond: Condition, today: str | None) -> str:
    """`` (open until 2025-12-31: closed)`` for a dated route, else ``""``."""
    if cond.open_from is None and cond.open_until is None:
        return ""
    bits = []
    if cond.open_from is not None:
        bits.append(f"from {cond.open_from}")
    if cond.open_until is not None:
        bits.append(f"until {cond.open_until}")
    state = "" if today is None else (": open" if is_open(cond, today) else ": closed")
    return f" (open {' '.join(bits)}{state})"


def class_text(name: str, catalog: Catalog) -> str:
    """``an informatics master's or doctorate (e.g. ms-health-informatics, ...)``."""
    members = catalog.members(name)
    label = catalog.classes[name].label if name in catalog.classes else name
    shown = ", ".join(members[:4]) + (f" and {len(members) - 4} more" if len(members) > 4 else "")
    return f"{label} ({shown})" if members else f"{label} (nothing in this catalogue counts)"


def condition_lines(
    cond: Condition, catalog: Catalog, indent: int = 0, today: str | None = None
) -> list[str]:
    """The condition as an indented "all of / one of / N of" outline (plain text)."""
    pad = "  " * indent
    label = f"{cond.label}: " if cond.label else ""
    note = route_note(cond, today)
    if isinstance(cond, Ref):
        name = catalog.by_id[cond.id].name if cond.id in catalog.by_id else "?"
        also = catalog.members(cond.id)
        extra = f"; also met by {', '.join(also)}" if also else ""
        return [f"{pad}- {cond.id} ({name}{extra})"]
    if isinstance(cond, ClassOf):
        return [f"{pad}- {label}{class_text(cond.name, catalog)}{note}"]
    if isinstance(cond, Text):
        kind = "must already hold" if cond.must_hold else "check"
        return [f"{pad}- {label}{kind}: {cond.text}{note}"]
    if isinstance(cond, Experience):
        return [f"{pad}- {label}check: {experience_words(cond)}{note}"]
    head = {All: "all of:", AnyOf: "one of:"}.get(type(cond))
    if head is None and isinstance(cond, NOf):
        head = f"{cond.n} of:"
    lines = [f"{pad}{label}{head}{note}"]
    for item in cond.items:  # type: ignore[union-attr]
        lines.extend(condition_lines(item, catalog, indent + 1, today))
    return lines


def entry_open(c: Credential, today: str) -> bool:
    """Whether some route into ``c`` is still open on ``today`` (holdings aside)."""
    return satisfied(c.entry, lambda _name: True, today)


# --- estimates and totals ---------------------------------------------------------------


def _figures(catalog: Catalog, c: Credential) -> tuple[Figure | None, Figure | None]:
    """The estimated cost and months of ``c`` (None where published), at 10 hours a week."""
    from ..estimates import Figures

    fig = Figures(catalog)
    cost, months = fig.cost(c.id), fig.months(c.id)
    return (None if cost.known else cost), (None if months.known else months)


def _figure_cell(known: str, estimate: tuple[float, float] | None, kind: str) -> str:
    if estimate is None:
        return known
    if kind == "cost":
        return f"est. {money(*estimate)}"
    return f"est. {months_text(*estimate).removesuffix(' mo')}"


def totals_sentences(plan: Plan) -> list[str]:
    """Totals in words: what is known, what is estimated, and the waits."""
    t = plan.totals
    n = len(plan.steps)
    if t.unknown_cost_steps == 0:
        cost = f"Cost: {money(t.cost_usd_min, t.cost_usd_max)} (all {n} steps have a published price)"
    elif t.unknown_cost_steps == n:
        cost = (
            f"Cost: no step has a published price (estimated "
            f"{money(t.estimated_cost_min, t.estimated_cost_max)} from similar credentials)"
        )
    else:
        cost = (
            f"Cost: at least {money(t.cost_usd_min, t.cost_usd_max)} known, plus "
            f"{_plural(t.unknown_cost_steps, 'step')} without a published price (estimated "
            f"{money(t.estimated_cost_min, t.estimated_cost_max)})"
        )
    time = f"Time: about {months_text(t.months_min, t.months_max)}, steps that do not depend on each other overlapping"
    extra = []
    if t.wait_months > 0:
        extra.append(f"including about {t.wait_months:.0f} months gaining the experience a step asks for")
    if t.unknown_duration_steps:
        extra.append(f"{_plural(t.unknown_duration_steps, 'step')} with no published length estimated")
    if extra:
        time += " (" + "; ".join(extra) + ")"
    return [cost, time]


def _question(check: str) -> str:
    """A manual check as a question the person can answer."""
    amount, _, rest = check.partition(" ")
    number = amount.replace(".", "").replace(",", "")
    if number.isdigit() and rest.startswith(("years of ", "h of ")):
        return f"Do you have {check}?"
    return f"Can you show: {check}?"


# --- the skills command's rows, for its table and its JSON ------------------------------


def _skill_rows(catalog: Catalog, role: str | None) -> list[dict[str, Any]]:
    rows = []
    for tag, description in catalog.skills.items():
        teaching = [c for c in catalog.credentials if tag in c.skills
                    and (role is None or catalog.open_to(c, role))]
        rows.append({
            "tag": tag,
            "description": description,
            "credentials": len(teaching),
            "certified_by": sum(c.recognition not in (None, "course-certificate") for c in teaching),
            "targeted_by": [b.id for b in catalog.backgrounds.values() if tag in b.target_skills],
        })
    return rows
