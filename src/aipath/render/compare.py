"""``aipath compare``: two plans and how side B differs from side A, as a table or JSON.

The differences come from :mod:`aipath.planner.diff`; the words for money and months are
:mod:`.formatting`'s, so a figure reads as it does under ``plan``. A price the catalogue does
not publish is said to be unknown, with its estimate, and never counted as $0. Stdlib only at
import (the JSON never pays for rich); rich is imported inside ``compare_table``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..planner.diff import diff_line, months_words, usd_words
from .formatting import _cost_text, _plural, money, months_text

if TYPE_CHECKING:
    from rich.console import RenderableType

    from ..models import Catalog
    from ..planner import Plan, PlanStep
    from ..planner.diff import PlanDiff, StepRef

__all__ = ["compare_json", "compare_table", "diff_json"]


def _r(x: float) -> str:
    return f"{x:.1f}".rstrip("0").rstrip(".") if x < 10 else f"{x:.0f}"


def cost_cell(plan: Plan) -> str:
    """A plan's total cost in a few words: published prices, and how many are unknown."""
    t, n = plan.totals, len(plan.steps)
    if n == 0:
        return "nothing to pay (no steps)"
    if t.unknown_cost_steps == 0:
        return money(t.cost_usd_min, t.cost_usd_max)
    unknown = (f"{_plural(t.unknown_cost_steps, 'price')} unknown (est. "
               f"{money(t.estimated_cost_min, t.estimated_cost_max)})")
    if t.unknown_cost_steps == n:
        return unknown
    return f"{money(t.cost_usd_min, t.cost_usd_max)} known + {unknown}"


def time_cell(plan: Plan) -> str:
    t = plan.totals
    if not plan.steps:
        return "nothing to do"
    extra = []
    if t.wait_months > 0:
        extra.append(f"{t.wait_months:.0f} mo waiting for experience")
    if t.unknown_duration_steps:
        extra.append(f"{_plural(t.unknown_duration_steps, 'length')} estimated")
    return f"about {months_text(t.months_min, t.months_max)}" + (
        f" ({'; '.join(extra)})" if extra else "")


def _price(s: PlanStep) -> str:
    if "cost" not in s.imputed:
        return _cost_text(s.credential)
    if s.cost_estimate is None:
        return "price unknown"
    return f"price unknown (est. {money(*s.cost_estimate)})"


def _step_line(ref: StepRef, step: PlanStep) -> str:
    when = f"months {_r(step.start_month)}–{_r(step.finish_month)}"
    return f"{ref.order}. {ref.id}: {ref.name} · {ref.part} · {_price(step)} · {when}"


def compare_table(a: Plan, b: Plan, d: PlanDiff, heads: dict[str, str],
                  width: int = 100) -> RenderableType:
    """Both sides' requests and totals, the difference in a line, then its parts.

    ``heads``: ``both`` (the options the sides share), ``A`` and ``B`` (those that differ).
    """
    from rich.console import Group

    from .layout import Stack, styled
    from .tables import _table

    head = Stack(width)
    head.line(styled(("Compare two plans", "bold"), ": side B is side A with the options "
                     "after --vs"), hang=2)
    if heads["both"]:
        head.line(f"Both: {heads['both']}", indent=2, hang=4)
    head.line(f"A: {heads['A']}", indent=2, hang=5).line(f"B: {heads['B']}", indent=2, hang=5)
    t = _table()
    t.add_column("")
    t.add_column("A", ratio=1)
    t.add_column("B", ratio=1)
    rows = [
        ("steps", str(len(a.steps)), str(len(b.steps))),
        ("core degree", _core(a), _core(b)),
        ("cost", cost_cell(a), cost_cell(b)),
        ("time", time_cell(a), time_cell(b)),
        ("approximate", _approx(a), _approx(b)),
    ]
    for row in rows:
        t.add_row(styled((row[0], "bold")), styled(row[1]), styled(row[2]))

    body = Stack(width)
    body.line(styled(("B against A: ", "bold"), diff_line(d)), hang=2)
    steps_a = {s.credential.id: s for s in a.steps}
    steps_b = {s.credential.id: s for s in b.steps}
    for title, refs, steps in (("Only in A (B drops them):", d.dropped, steps_a),
                               ("Only in B (B adds them):", d.added, steps_b)):
        if refs:
            body.blank().line(styled((title, "bold")))
            for ref in refs:
                body.line(_step_line(ref, steps[ref.id]), indent=2, hang=3)
    if d.moved:
        body.blank().line(styled(("In both, at other months:", "bold")))
        for m in d.moved:
            body.line(f"{m.id}: months {_r(m.a[0])}–{_r(m.a[1])} in A, "
                      f"{_r(m.b[0])}–{_r(m.b[1])} in B", indent=2, hang=2)
    still = [k for k in d.kept if k not in {m.id for m in d.moved}]
    if still:
        body.blank().line(f"In both, at the same months: {', '.join(still)}", hang=2)
    body.blank().line(f"Cost, B against A: {_cost_detail(d)}", hang=2)
    body.line(f"Time, B against A: {months_words(d)}"
              + (" (the timelines use estimated lengths)" if d.estimated_months else ""), hang=2)
    rough = [side for side, p in (("A", a), ("B", b)) if p.approximate]
    if rough:
        whose = " and ".join(f"side {x}'s" for x in rough)
        body.line(styled((f"Not proven the best: {whose} plan (the search reached its budget), "
                          "so neither is this difference", "yellow")), hang=2)
    return Group(head.renderable(), "", t, "", body.renderable())


def _core(p: Plan) -> str:
    if p.core is None:
        return "none"
    return f"{p.core} (held)" if p.core_held else p.core


def _approx(p: Plan) -> str:
    return "yes: good, not proven the best" if p.approximate else "no (the best for its request)"


def _cost_detail(d: PlanDiff) -> str:
    lo, hi = d.cost_delta
    text = ("the same published prices" if round(lo) == round(hi) == 0
            else f"{usd_words(lo, hi)} in published prices")
    unknown = []
    if d.unknown_added:
        unknown.append(f"{', '.join(d.unknown_added)} (in B only)")
    if d.unknown_dropped:
        unknown.append(f"{', '.join(d.unknown_dropped)} (in A only)")
    if unknown:
        est = d.estimated_delta
        text += ("; not counted, as their prices are unknown: " + " and ".join(unknown)
                 + ("" if est is None else f"; their estimates: {usd_words(*est)}"))
    return text


# --- JSON -------------------------------------------------------------------------------


def _span(lo: float, hi: float, digits: int = 2) -> dict[str, float]:
    return {"min": round(lo, digits), "max": round(hi, digits)}


def _ref_json(ref: StepRef) -> dict[str, Any]:
    return {"id": ref.id, "name": ref.name, "part": ref.part, "order": ref.order,
            "price_unknown": ref.price_unknown}


def diff_json(d: PlanDiff) -> dict[str, Any]:
    """The ``diff`` block: B against A (deltas are B minus A, as min and max)."""
    return {
        "summary": diff_line(d),
        "same_steps": d.same_steps,
        "added": [_ref_json(r) for r in d.added],
        "dropped": [_ref_json(r) for r in d.dropped],
        "moved": [{"id": m.id, "name": m.name,
                   "a": {"start_month": m.a[0], "finish_month": m.a[1]},
                   "b": {"start_month": m.b[0], "finish_month": m.b[1]}} for m in d.moved],
        "kept": list(d.kept),
        "cost_delta": {
            "known": _span(*d.cost_delta),
            "unknown_price": {"added": list(d.unknown_added), "dropped": list(d.unknown_dropped)},
            "estimated": None if d.estimated_delta is None else _span(*d.estimated_delta, 0),
        },
        "months_delta": _span(*d.months_delta),
        "approximate": d.approximate,
        "estimated_months": d.estimated_months,
    }


def compare_json(a: tuple[Catalog, Plan, dict[str, Any]], b: tuple[Catalog, Plan, dict[str, Any]],
                 changed: list[str], d: PlanDiff) -> dict[str, Any]:
    """``aipath compare --format json``: each side a ``(catalogue, plan, query)``; each plan
    exactly as ``plan --format json`` prints it, less its ``schema_version``."""
    from .json import JSON_SCHEMA_VERSION, plan_json

    def side(cat: Catalog, plan: Plan, query: dict[str, Any]) -> dict[str, Any]:
        doc = plan_json(cat, plan, query)
        doc.pop("schema_version")
        return doc

    return {
        "schema_version": JSON_SCHEMA_VERSION,
        "requests": {"a": a[2], "b": b[2], "changed": changed},
        "plans": {"a": side(*a), "b": side(*b)},
        "diff": diff_json(d),
    }
