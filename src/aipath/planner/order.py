"""Put the chosen credentials in order and explain each step in plain words.

Contract
--------
Steps follow a topological order of the wiring the timeline chose (:mod:`.schedule`):
every step comes after the planned credentials its entry uses. Among steps free to go next:
prerequisites, then the core degree, then certificates, then by id, so the same request
gives the same plan byte for byte. O(S log S + checks) for S steps.
"""

from __future__ import annotations

import datetime as _dt
import math
from typing import Any

import networkx as nx

from .._text import a
from ..models import RECOGNITIONS, WARN_STATUSES, Credential, experience_words, months_between
from .context import Context
from .routes import RouteTable
from .schedule import Schedule, schedule
from .objective import evaluate
from .picks import Stacked
from .types import Alternative, PlanStep, Satisfies, Totals

__all__ = ["describe", "order_steps", "totals"]

_PART_RANK = {"prerequisite": 0, "core-degree": 1, "certificate": 2}


def describe(ctx: Context, node: Any) -> str:
    """A condition in words with names, e.g. ``md or do`` / ``rn-licensure and a nursing bachelor's``."""
    kind = ctx.kind(node)
    attrs = ctx.G.nodes[node]
    if kind == "credential":
        return str(node)
    if kind == "text":
        return str(attrs["text"])
    if kind == "experience":
        return experience_words(attrs["rule"])
    if kind == "class":
        name = attrs["name"]
        cls = ctx.catalog.classes.get(name)
        return cls.label if cls is not None else f"{name} (or what counts as it)"
    parts = [describe(ctx, ch) for ch in ctx.items(node)]
    label = attrs.get("label")
    if kind == "all":
        text = " and ".join(parts)
    elif kind == "any":
        text = " or ".join(parts)
    else:
        text = f"{attrs['n']} of: " + "; ".join(parts)
    return f"{label} ({text})" if label else text


def order_steps(
    ctx: Context, out: Stacked, sched: Schedule, targets: tuple[str, ...]
) -> tuple[PlanStep, ...]:
    cat, req, fig = ctx.catalog, ctx.req, ctx.figures
    planned = out.planned
    D = nx.DiGraph()
    D.add_nodes_from(sorted(planned))
    for cid in planned:
        for dep in sched.after.get(cid, ()):
            if dep in planned:
                D.add_edge(dep, cid)
    part = {cid: out.part.get(cid, "prerequisite") for cid in planned}
    order = list(nx.lexicographical_topological_sort(D, key=lambda n: (_PART_RANK[part[n]], n)))
    today = _dt.date.fromisoformat(req.today)
    steps = []
    for i, cid in enumerate(order, 1):
        c = cat.by_id[cid]
        later = sorted(D.successors(cid), key=order.index)
        satisfies = tuple(
            Satisfies(s, describe(ctx, ctx.entry(s))) for s in later if ctx.entry(s) is not None
        )
        reason = out.reasons.get(cid) or (
            ("needed by " + ", ".join(later)) if later else _unwired(ctx, planned, sched, cid)
        )
        warnings = []
        if c.status in WARN_STATUSES:
            warnings.append(f"status is {c.status}: check the provider's page")
        cost, months = fig.cost(cid), fig.months(cid)
        imputed = []
        if not cost.known:
            imputed.append("cost")
            warnings.append(cost.sentence("price", "usd"))
        if not months.known:
            imputed.append("duration")
            warnings.append(months.sentence("length", "months"))
        if _stale(c, today, req.stale_months):
            warnings.append("facts may be out of date: verify on the provider's page")
        if "cost" in c.recalled_fields or "duration" in c.recalled_fields:
            warnings.append("some figures are recalled, not from a source page")
        wait = sched.wait.get(cid, 0.0)
        if wait > 0:
            warnings.append(f"eligible after about {wait:.0f} more months of experience")
        steps.append(
            PlanStep(
                order=i,
                credential=c,
                part=part[cid],
                reason=reason,
                satisfies=satisfies,
                alternatives=_alternatives(ctx, out, sched, cid),
                months=c.duration.months(req.hours_per_week) if c.duration else None,
                imputed=tuple(imputed),
                manual_checks=sched.checks.get(cid, ()),
                stale=_stale(c, today, req.stale_months),
                warnings=tuple(warnings),
                after=tuple(d for d in sorted(D.predecessors(cid), key=order.index)),
                start_month=round(sched.start.get(cid, 0.0), 2),
                finish_month=round(sched.finish.get(cid, 0.0), 2),
                wait_months=round(wait, 2),
                cost_estimate=None if cost.known else (cost.lo, cost.hi),
                months_estimate=None if months.known else (months.lo, months.hi),
                cost_figure=None if cost.known else cost,
                months_figure=None if months.known else months,
            )
        )
    return tuple(steps)


def recognised_as(c: Credential) -> str:
    """``an ABMS member board's certification ...`` or empty when not stated."""
    return RECOGNITIONS.get(c.recognition or "", "")


def _alternatives(ctx: Context, out: Stacked, sched: Schedule, cid: str) -> tuple[Alternative, ...]:
    """Branches of this step's entry that were not taken, each with what it would add."""
    root = ctx.entry(cid)
    alts: list[Alternative] = []
    base_ev = evaluate(ctx, out.planned)
    stack = [root] if root is not None and not ctx.is_credential(root) else []
    table: RouteTable | None = None
    while stack:
        node = stack.pop()
        kind = ctx.kind(node)
        if kind in ("credential", "text", "experience"):
            continue
        chosen = sched.chosen.get(node, ())
        stack.extend(ch for ch in chosen if not ctx.is_credential(ch))
        if kind not in ("any", "class"):
            continue
        if any(ch in ctx.held for ch in chosen):
            continue  # met by what you hold: nothing was chosen here
        others = [ch for ch in ctx.items(node) if ch not in chosen]
        if kind == "class" and chosen and ctx.is_credential(chosen[0]):
            # Alternatives of the same kind only: another bachelor's for a bachelor's.
            pick = ctx.catalog.by_id[chosen[0]]
            others = [
                ch for ch in others
                if (ctx.catalog.by_id[ch].type, ctx.catalog.by_id[ch].level) == (pick.type, pick.level)
            ]
            # The cheapest open members first, not the first by name.
            held = RouteTable.from_held(ctx)
            others.sort(key=lambda ch: next(iter(_cheapest(ctx, held.routes(ch), out.planned)), ((math.inf,),))[0])
        for ch in others[:3]:
            if ctx.is_credential(ch) and ch in ctx.held:
                continue
            if table is None:
                # What each branch would need from what you hold (a close estimate when
                # other steps would have brought some of it).
                table = RouteTable.from_held(ctx)
            label = ctx.G.nodes[ch].get("label") or describe(ctx, ch)
            if not ctx.is_credential(ch) and not ctx.open_route(ch):
                alts.append(Alternative(label, str(ctx.closed_reason(ch))))
                continue
            routes = table.routes(ch)
            if not routes:
                alts.append(Alternative(label, _closed_reason(ctx, ch)))
                continue
            # A branch is costed by its cheapest open route (a class by its cheapest open
            # member, not its generic entry), given what the rest of the plan brings.
            swapped = _swap(ctx, out, sched, cid, node)
            ev = None
            for _, route in _cheapest(ctx, routes, swapped)[:4]:
                ev = _forced(ctx, swapped | route, node, ch)
                if ev is not None and ev.feasible:
                    break
            if ev is None or not ev.feasible:
                alts.append(Alternative(label, "cannot be ordered with the rest of the plan"))
                continue
            dcost = ev.cost_lo - base_ev.cost_lo
            # When this step could finish: the difference that matters to it.
            dmonths = ev.sched.finish[cid] - sched.finish[cid]  # type: ignore[union-attr]
            alts.append(Alternative(label, _compare(dcost, dmonths, ev, base_ev), dcost, dmonths))
    for d, _route in out.core_runners if out.part.get(cid) == "core-degree" else []:
        if d == cid:
            continue
        ev = evaluate(ctx, _route | (out.planned - {cid}))
        if ev.feasible and len(alts) < 6:
            alts.append(Alternative(
                d, _compare(ev.cost_lo - base_ev.cost_lo, ev.months - base_ev.months, ev, base_ev)
                + " for the whole plan",
                ev.cost_lo - base_ev.cost_lo, ev.months - base_ev.months,
            ))
    return tuple(alts)


def _cheapest(
    ctx: Context, routes: list[frozenset[str]], planned: frozenset[str]
) -> list[tuple[tuple[Any, ...], frozenset[str]]]:
    """``routes`` keyed and sorted by what each adds to ``planned``: cost, then months, then ids."""
    fig = ctx.figures

    def added(r: frozenset[str]) -> tuple[Any, ...]:
        new = r - planned
        return (sum(fig.cost(c).rank for c in new), sum(fig.months(c).lo for c in new), sorted(new))

    return sorted(((added(r), r) for r in routes), key=lambda x: x[0])


def _forced(ctx: Context, planned: frozenset[str], node: Any, child: Any) -> Any:
    """The plan's figures with ``node`` made to use ``child`` (the other items closed off)."""
    from .schedule import schedule as _schedule
    from .objective import Evaluation

    others = [ch for ch in ctx.items(node) if ch != child]
    if any(ctx.is_credential(ch) for ch in others):
        return evaluate(ctx, planned)  # a credential branch cannot be closed off: as is
    sched = _schedule(ctx, planned, closed=frozenset(others))
    fig = ctx.figures
    return Evaluation(
        planned=planned, sched=sched,
        cost_lo=sum(fig.cost(c).lo for c in planned), cost_hi=sum(fig.cost(c).hi for c in planned),
        cost_rank=sum(fig.cost(c).rank for c in planned),
        months=sched.months if sched else float("inf"), unknown=0,
        checks=sum(len(v) for v in sched.checks.values()) if sched else 0,
    )


def _closed_reason(ctx: Context, node: Any) -> str:
    """Why a branch cannot be taken: the first credential under it that is not open."""
    cat, role = ctx.catalog, ctx.req.role.id
    stack, seen = [node], set()
    while stack:
        x = stack.pop()
        if x in seen:
            continue  # an OR-cycle (a BSN needing a licence that needs a BSN) is walked once
        seen.add(x)
        if ctx.is_credential(x):
            if x in ctx.held:
                continue
            c = cat.by_id[x]
            if x not in ctx.allowed:
                if not cat.open_to(c, role):
                    return f"needs {x}, which is not open to {a(role)}"
                return f"needs {x}, which is {c.status}"
            stack.extend([ctx.entry(x)] if ctx.entry(x) is not None else [])
        elif not ctx.open_route(x):
            return f"its route {ctx.closed_reason(x)}"
        else:
            stack.extend(ctx.items(x))
    return "cannot be taken with what you hold"


def _swap(ctx: Context, out: Stacked, sched: Schedule, cid: str, node: Any) -> frozenset[str]:
    """The plan without the prerequisites only this branch choice brought in."""
    mine: set[str] = set()
    stack = list(sched.chosen.get(node, ()))
    while stack:
        x = stack.pop()
        if ctx.is_credential(x):
            if x in out.planned and out.part.get(x) == "prerequisite":
                mine.add(x)
                stack.extend(sched.after.get(x, ()))
        else:
            stack.extend(sched.chosen.get(x, ()))
    used_elsewhere = {d for s, deps in sched.after.items() if s != cid and s not in mine for d in deps}
    return out.planned - (mine - used_elsewhere)


def _compare(dcost: float, dmonths: float, ev: Any, base: Any) -> str:
    bits = []
    if abs(dcost) >= 1:
        bits.append(f"{'adds' if dcost > 0 else 'saves'} ${abs(dcost):,.0f}")
    if abs(dmonths) >= 0.05:
        bits.append(f"{'adds' if dmonths > 0 else 'saves'} {abs(dmonths):.1f} months")
    if not bits:
        if ev.checks > base.checks:
            return "same cost and time, but more to prove by hand"
        if ev.unknown > base.unknown:
            return "same cost and time, but fewer published figures"
        return "same cost and time"
    return " and ".join(bits)


def _stale(c: Credential, today: _dt.date, stale_months: int) -> bool:
    newest = c.verified_on
    if newest is not None and months_between(newest, today) > stale_months:
        return True
    return c.cost is not None and c.cost.year is not None and c.cost.year < today.year - 2


def totals(ctx: Context, out: Stacked, sched: Schedule, steps: tuple[PlanStep, ...]) -> Totals:
    fig = ctx.figures
    known = [fig.cost(s.credential.id) for s in steps if fig.cost(s.credential.id).known]
    unknown = [fig.cost(s.credential.id) for s in steps if not fig.cost(s.credential.id).known]
    known_sched = schedule(ctx, out.planned, known_only=True)
    return Totals(
        cost_usd_min=sum((k.lo for k in known), 0.0),
        cost_usd_max=sum((k.hi for k in known), 0.0),
        months_min=sched.months,
        months_max=sched.months_hi,
        unknown_cost_steps=len(unknown),
        unknown_duration_steps=sum(not fig.months(s.credential.id).known for s in steps),
        estimated_cost_min=sum((u.lo for u in unknown), 0.0),
        estimated_cost_max=sum((u.hi for u in unknown), 0.0),
        known_months_min=known_sched.months if known_sched else 0.0,
        known_months_max=known_sched.months_hi if known_sched else 0.0,
        wait_months=max(sched.wait.values(), default=0.0),
    )


def _unwired(ctx: Context, planned: frozenset[str], sched: Schedule, cid: str) -> str:
    """Why a step no other step's entry is wired to is in the plan: what it makes earlier."""
    without = evaluate(ctx, planned - {cid}).sched
    if without is None:
        return "prerequisite: the plan cannot be ordered without it"
    sooner = sorted(x for x in sched.start if x in without.start
                    and sched.start[x] < without.start[x] - 1e-9)
    if sooner:
        gain = without.months - sched.months
        return ("lets " + ", ".join(sooner) + " start sooner"
                + (f" (the plan ends {gain:.1f} months earlier)" if gain > 1e-9 else ""))
    return "prerequisite"
