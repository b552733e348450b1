"""What a plan is worth, and its figures: the objective every stage and the oracle share.

Contract
--------
:func:`evaluate` gives a candidate plan's cost (published figures plus estimates, low and
high ends), its timeline (:mod:`.schedule`), how many figures are estimated and how many
rules a person must check. :func:`value_of` is the plan's skill value: for each target
skill, :data:`CERTIFY` (1) when a held or planned credential certifies it (a degree, board,
licence, accredited or professional certification), :data:`INTRODUCE` (0.5) when only a
course introduces it. :func:`key` orders plans, smaller first: the value minus the weight
under ``--optimize`` (higher utility first; ``cost`` weighs cost, ``time`` months), then the
other figure (months under ``cost``, cost under ``time``), then fewer estimated figures,
fewer rules checked by hand, fewer credentials, and the credential ids. Each request may evaluate :data:`NODE_BUDGET`
timelines (big route tables count too); the searches stop past it and mark the plan
approximate. Evaluations are memoised per request.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from ..models import Credential
from .context import Context
from .schedule import Schedule, months_floor, schedule

__all__ = [
    "CERTIFY",
    "INTRODUCE",
    "FIRST_PLAN_BUDGET",
    "NODE_BUDGET",
    "Evaluation",
    "abandon",
    "ceiling",
    "gap",
    "has_plan",
    "evaluate",
    "fits",
    "is_certificate",
    "key",
    "may_fit",
    "needless",
    "skill_levels",
    "spent",
    "strength",
    "value_of",
]

NODE_BUDGET = 6_000  # timelines evaluated per request
FIRST_PLAN_BUDGET = 20_000  # more, for a search that has not found any plan yet
NODES_PER_TIMELINE = 2  # search nodes (each computes a bound) allowed per timeline budgeted
CERTIFY, INTRODUCE = 1.0, 0.5
INTRODUCING = ("course-certificate",)
NOT_CERTIFICATES = ("degree", "licensure")


def strength(c: Credential) -> float:
    """How a credential recognises its skills: certifies (1) or introduces (0.5)."""
    if c.recognition is not None:
        return INTRODUCE if c.recognition in INTRODUCING else CERTIFY
    return INTRODUCE if c.type in ("micro-credential", "executive-education") else CERTIFY


@dataclass(frozen=True)
class Evaluation:
    """A candidate plan's figures (estimates included) and timeline."""

    planned: frozenset[str]
    sched: Schedule | None
    cost_lo: float
    cost_hi: float
    cost_rank: float  # what ranking uses: published low ends, estimates at their middle
    months: float
    unknown: int
    checks: int

    @property
    def feasible(self) -> bool:
        return self.sched is not None


def evaluate(ctx: Context, planned: frozenset[str]) -> Evaluation:
    """Figures and timeline of ``planned`` (memoised on the context)."""
    memo: dict[frozenset[str], Evaluation] = ctx.__dict__.setdefault("_evals", {})
    if planned in memo:
        return memo[planned]
    ctx.__dict__["_spent"] = ctx.__dict__.get("_spent", 0) + 1
    fig = ctx.figures
    sched = schedule(ctx, planned)
    ev = Evaluation(
        planned=planned,
        sched=sched,
        cost_lo=sum(fig.cost(c).lo for c in planned),
        cost_hi=sum(fig.cost(c).hi for c in planned),
        cost_rank=sum(fig.cost(c).rank for c in planned),
        months=sched.months if sched else math.inf,
        unknown=sum((not fig.cost(c).known) + (not fig.months(c).known) for c in planned),
        checks=sum(len(v) for v in sched.checks.values()) if sched else 0,
    )
    memo[planned] = ev
    return ev


def fits(ctx: Context, ev: Evaluation) -> bool:
    req = ctx.req
    if not ev.feasible:
        return False
    if req.max_cost is not None and ev.cost_lo > req.max_cost + 1e-9:
        return False
    return not (req.max_months is not None and ev.months > req.max_months + 1e-9)


def may_fit(ctx: Context, ev: Evaluation) -> bool:
    """Whether ``ev.planned`` or a plan containing it can still fit the budgets.

    Cost only grows as credentials are added; the timeline need not (a credential can open
    an earlier branch), so months are judged by :func:`.schedule.months_floor`.
    """
    req = ctx.req
    if not ev.feasible:
        return False
    if req.max_cost is not None and ev.cost_lo > req.max_cost + 1e-9:
        return False
    return req.max_months is None or months_floor(ctx, ev.planned) <= req.max_months + 1e-9


def needless(ctx: Context, planned: frozenset[str], keep: frozenset[str]) -> str | None:
    """A degree or licence of ``planned`` that nothing justifies, or None.

    One is justified when it is the goal, in ``keep`` (chosen for itself), a graduate degree
    open to the role (the core), or needed: without it the plan cannot be ordered or
    finishes later. Judged on the plan, not on which branch the timeline happened to wire.
    """
    cat, req = ctx.catalog, ctx.req
    ev = evaluate(ctx, planned)
    for x in sorted(planned):
        c = cat.by_id[x]
        if c.type not in NOT_CERTIFICATES or x in keep or x == req.goal:
            continue
        if c.type == "degree" and c.level == "graduate" and cat.open_to(c, req.role.id):
            continue
        without = evaluate(ctx, planned - {x})
        if without.feasible and without.months <= ev.months + 1e-9:
            return x
    return None


def skill_levels(ctx: Context, planned: frozenset[str], targets: tuple[str, ...]) -> dict[str, float]:
    """Each target skill's best recognition among what is held and ``planned`` (0: none)."""
    cat = ctx.catalog
    best = {t: 0.0 for t in targets}
    for cid in (*ctx.held, *planned):
        c = cat.by_id[cid]
        s = strength(c)
        for tag in c.skills:
            if tag in best and s > best[tag]:
                best[tag] = s
    return best


def value_of(ctx: Context, planned: frozenset[str], targets: tuple[str, ...]) -> float:
    """Skill value of holding ``planned`` on top of what is held (before weight)."""
    return sum(skill_levels(ctx, planned, targets).values())


def key(ctx: Context, ev: Evaluation, targets: tuple[str, ...]) -> tuple[Any, ...]:
    """Smaller is better: value minus weight (negated), then the tie-breaks."""
    utility = value_of(ctx, ev.planned, targets) - ctx.primary(ev.cost_rank, ev.months)
    return (-round(utility, 9), round(ctx.secondary(ev.cost_rank, ev.months), 9), ev.unknown,
            ev.checks, len(ev.planned), sorted(ev.planned))


def is_certificate(ctx: Context, cid: str, targets: tuple[str, ...], relevant: bool) -> bool:
    """A certificate-type credential (teaching a target skill, when ``relevant``)."""
    c = ctx.catalog.by_id[cid]
    return c.type not in NOT_CERTIFICATES and (not relevant or bool(set(c.skills) & set(targets)))


def abandon(ctx: Context, upper: float) -> None:
    """Record that a part of the search worth at most ``upper`` (utility) was left unexplored."""
    ctx.__dict__["_abandoned"] = max(float(ctx.__dict__.get("_abandoned", -math.inf)), upper)


def gap(ctx: Context, utility: float) -> float:
    """How much better than ``utility`` an unexplored plan could be at most (0: proven best)."""
    return max(0.0, round(float(ctx.__dict__.get("_abandoned", -math.inf)) - utility, 6))


def ceiling(ctx: Context, targets: tuple[str, ...]) -> float:
    """The value of every target skill at the best level any allowed credential gives it:
    a bound no plan's value exceeds (its routes ignored)."""
    best = skill_levels(ctx, frozenset(), targets)
    for cid in ctx.allowed:
        c = ctx.catalog.by_id[cid]
        for tag in c.skills:
            if tag in best:
                best[tag] = max(best[tag], strength(c))
    return sum(best.values())


def has_plan(ctx: Context, now: bool = False) -> bool:
    """Whether the request already has a complete plan (``now``: record that it has)."""
    if now:
        ctx.__dict__["_has_plan"] = True
    return bool(ctx.__dict__.get("_has_plan"))


def spent(ctx: Context, found: bool = True) -> bool:
    """Whether the request's search budget (timelines evaluated) is used up.

    A search that has no plan yet (``found`` False) may go on for :data:`FIRST_PLAN_BUDGET`
    more: a budget cuts the search for a better plan short, never the search for a first one.
    """
    extra = 0 if found else FIRST_PLAN_BUDGET
    used = int(ctx.__dict__.get("_spent", 0))
    nodes = int(ctx.__dict__.get("_nodes", 0))  # search nodes, evaluated or pruned
    return used > NODE_BUDGET + extra or nodes > NODES_PER_TIMELINE * (NODE_BUDGET + extra)


