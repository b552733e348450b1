"""``aipath plan`` as a table: holdings, ordered steps, totals in words, choices, checks.

The steps are a table when it fits the width with room for the reasons, else each step is
stacked. rich is imported inside the functions.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..models import RECOGNITIONS, WARN_STATUSES
from .formatting import (
    _cost_text,
    _figure_cell,
    _join_ids,
    _question,
    months_text,
    totals_sentences,
)
from .layout import Stack, fits, styled
from .tables import GAP, TEXT_MIN, _longest, _rendered_width, _table
from .upkeep import upkeep_heading, upkeep_sentences, upkeep_totals_sentence

if TYPE_CHECKING:
    import datetime as _dt

    from rich.console import RenderableType

    from ..models import Catalog
    from ..planner import Plan, PlanStep
    from ..planner.upkeep import Upkeep

__all__ = ["plan_table"]


def _plan_sections(plan: Plan, out: Stack, upkeep: Upkeep | None = None) -> None:
    """Totals, skills and the free-text sections; a wrapped line keeps its item's indent."""
    for sentence in totals_sentences(plan):
        out.line(sentence, hang=2)
    if upkeep is not None:
        out.line(upkeep_totals_sentence(upkeep), hang=2)
    out.line(f"Skills covered: {_join_ids(plan.covered) or 'none'}", hang=2)
    if plan.missing:
        out.line(f"Skills missing: {_join_ids(plan.missing)}", hang=2)
    if plan.notes:
        heading = "What your profession recognises but this plan leaves out:"
        out.blank().line(styled((heading, "bold")))
        for note in plan.notes:
            out.line(note, indent=2, hang=2)
    checks = [s for s in plan.steps if s.manual_checks]
    if checks:
        out.blank().line(styled(("Before you pay, check:", "bold")))
        for s in checks:
            out.line(f"{s.order}. {s.credential.id}:", indent=2, hang=3)
            for check in s.manual_checks:
                out.line(f"- {_question(check)}", indent=5, hang=2)
    choices = [s for s in plan.steps if s.alternatives]
    if choices:
        out.blank().line(styled(("Why this and not that:", "bold")))
        for s in choices:
            out.line(f"{s.order}. {s.credential.id}", indent=2, hang=3)
            for a in s.alternatives[:3]:
                out.line(f"- rather than {a.option}: {a.reason}", indent=5, hang=2)
    if plan.renewals:
        out.blank().line(styled(("Renewals of what you hold:", "bold")))
        for r in plan.renewals:
            urgent = r.due_soon or r.overdue_cycles or r.cannot_renew
            out.line(styled((r.sentence(), "yellow")) if urgent else r.sentence(),
                     indent=2, hang=2)
    if upkeep is not None and upkeep.items:
        out.blank().line(styled((upkeep_heading(upkeep), "bold")))
        for sentence, item in zip(upkeep_sentences(upkeep), upkeep.items):
            out.line(styled((sentence, "yellow")) if item.missing else sentence,
                     indent=2, hang=2)
    if plan.warnings:
        out.blank().line(styled(("Warnings:", "yellow")))
        for w in plan.warnings:
            out.line(w, indent=2, hang=2)


def _step_notes(s: PlanStep, order: dict[str, int]) -> list[Any]:
    """What follows a step's reason: recognition, what it opens, estimates' sources, any wait."""
    c = s.credential
    notes: list[Any] = []
    recognised = RECOGNITIONS.get(c.recognition or "")
    if recognised:
        notes.append(styled((f"Recognition: {recognised}", "dim")))
    opens = [f"{x.step} (step {order[x.step]})" for x in s.satisfies if x.step in order]
    if opens:
        notes.append(styled((f"Qualifies you for: {', '.join(opens)}", "dim")))
    for what, fig in (("Price", s.cost_figure), ("Length", s.months_figure)):
        if fig is not None:
            notes.append(styled((f"{what} estimated from {fig.basis}", "dim")))
    if s.wait_months > 0:
        notes.append(styled(
            (f"Eligible after about {s.wait_months:.0f} more months of experience", "yellow")
        ))
    return notes


def _step_flags(s: PlanStep) -> list[str]:
    flags = []
    if s.stale:
        flags.append("check: facts may be old")
    if s.credential.status in WARN_STATUSES:
        flags.append(s.credential.status)
    return flags


def _timeline(plan: Plan, start: _dt.date | None, width: int) -> list[Any]:
    """``--timeline``: the month-by-month chart and a blank line after it, or nothing."""
    from .timeline import chart_lines

    lines = chart_lines(plan, start, width) if start is not None else []
    if not lines:
        return []
    out = Stack(width).line(styled((lines[0], "bold")), hang=2).extend(list(map(styled, lines[1:])))
    return [out.renderable(), ""]


def plan_table(catalog: Catalog, plan: Plan, width: int = 100,
               upkeep: Upkeep | None = None, timeline: _dt.date | None = None,
               ranking: Any = None) -> RenderableType:
    """``aipath plan``: holdings, ordered steps, totals in words, choices, checks, warnings.

    The steps are a table when it fits ``width`` with room for the reasons, else stacked.
    ``upkeep`` (``--horizon-years``) adds its totals line and a cost-to-keep section;
    ``timeline`` (``--timeline``, the month the chart starts in) a chart of the months.
    ``ranking`` (``--alternatives``) the plans side by side after the plan.
    """
    from rich.console import Group
    from rich.text import Text

    req = plan.request
    held = _join_ids(h.id for h in plan.holdings) or "nothing"
    head = Stack(width)
    head.line(styled((f"Plan for role {req.role.id}", "bold"),
                     f" ({req.role.label}), optimizing {req.optimize}"), hang=2)
    head.line(f"Holding: {held}", hang=2)
    if plan.core_held and plan.core:
        head.line(f"Core degree: {plan.core} (already held)", hang=2)
    order = {s.credential.id: s.order for s in plan.steps}
    costs, months = [], []
    for s in plan.steps:
        costs.append(_figure_cell(_cost_text(s.credential), s.cost_estimate, "cost"))
        known = "unknown" if s.months is None else months_text(*s.months).removesuffix(" mo")
        months.append(_figure_cell(known, s.months_estimate, "months"))
    steps = plan.steps
    names = [
        f"{s.credential.name}" + (f" ({', '.join(_step_flags(s))})" if _step_flags(s) else "")
        for s in steps
    ]
    kinds = [f"{s.part} · {s.credential.type}" for s in steps]
    whys = [s.reason + "".join(f" {n.plain}" for n in _step_notes(s, order)) for s in steps]
    columns = [
        max(1, _longest(str(s.order) for s in steps)),
        max(4, _longest(s.credential.id for s in steps), _longest(names + kinds, words=True)),
        max(4, _longest(costs)), max(6, _longest(months)),
        max(TEXT_MIN + 6, _longest(whys, words=True)),
    ]
    rest = Stack(width)
    _plan_sections(plan, rest, upkeep)
    tail: list[Any] = []
    if ranking is not None:
        from .alternatives import comparison_table

        tail = ["", comparison_table(ranking, width)]
    if fits(width, columns, GAP):
        t = _table(show_lines=True)
        t.add_column("#", justify="right", no_wrap=True)
        # The reasons take the room an id does not need; the step column never takes more than
        # the others leave at their least widths (rich would otherwise overshoot the width).
        room = width - GAP * (len(columns) - 1) - sum(columns) + columns[1]
        t.add_column("step", min_width=columns[1], max_width=max(columns[1], min(36, room)))
        t.add_column("cost", justify="right", no_wrap=True)
        t.add_column("months", justify="right", no_wrap=True)
        t.add_column("why", min_width=columns[4])
        for s, name, kind, cost, span in zip(steps, names, kinds, costs, months):
            c = s.credential
            flags = _step_flags(s)
            step = Text("\n").join([
                styled((c.id, "bold")),
                styled(c.name, ((f" ({', '.join(flags)})", "red") if flags else "")),
                styled((kind, "dim")),
            ])
            why = Text("\n").join([styled(s.reason), *_step_notes(s, order)])
            t.add_row(str(s.order), step, cost, span, why)
        if _rendered_width(t, width) <= width:
            return Group(head.renderable(), "", t, "", *_timeline(plan, timeline, width),
                         rest.renderable(), *tail)
    body = Stack(width)
    indent = len(f"{max(order.values(), default=1)}. ")
    for s, kind, cost, span in zip(steps, kinds, costs, months):
        c = s.credential
        flags = _step_flags(s)
        figures = [
            "cost unknown" if cost == "unknown" else cost,
            "length unknown" if span == "unknown" else f"{span} months",
        ]
        body.blank().line(styled((f"{s.order}. ".ljust(indent) + c.id, "bold")))
        body.line(styled(c.name, ((f" ({', '.join(flags)})", "red") if flags else "")),
                  indent=indent, hang=2)
        body.line(styled((f"{kind} · {' · '.join(figures)}", "dim")), indent=indent, hang=2)
        body.line(s.reason, indent=indent)
        for note in _step_notes(s, order):
            body.line(note, indent=indent, hang=2)
    return Group(head.renderable(), "", body.renderable(), "",
                 *_timeline(plan, timeline, width), rest.renderable(), *tail)
