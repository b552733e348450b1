"""An exact oracle for the planner: every subset of the candidates, judged by the contract.

It shares only the timeline (``schedule``), the figures and the objective key with the
planner, so a search bug (a false "no plan", a plan worse than another valid one) shows.
"""

from __future__ import annotations

import itertools
from typing import Any

from aipath.planner.context import Context
from aipath.planner.objective import evaluate, fits
from aipath.planner.objective import key as _key

NOT_CERTIFICATES = ("degree", "licensure")


def is_core(ctx: Context, cid: str) -> bool:
    c = ctx.catalog.by_id[cid]
    return c.type == "degree" and c.level == "graduate" and ctx.catalog.open_to(c, ctx.req.role.id)


def valid(ctx: Context, planned: frozenset[str], relevant: bool = False, serving: bool = False) -> bool:
    """Whether ``planned`` meets every hard rule of the planner's contract.

    ``relevant``: a certificate teaches a target skill; ``serving``: a planned core degree
    (other than the goal) teaches one.
    """
    req, cat = ctx.req, ctx.catalog
    ev = evaluate(ctx, planned)
    if not ev.feasible or not fits(ctx, ev):
        return False
    if req.goal is not None and req.goal not in ctx.held and req.goal not in planned:
        return False
    cores = [c for c in planned if is_core(ctx, c)]
    held_core = any(is_core(ctx, c) for c in ctx.held)
    if req.certificates_only or held_core:
        if cores:
            return False
    elif len(cores) != 1:
        return False
    targets = set(req.role.target_skills)
    if serving and any(c != req.goal and not set(cat.by_id[c].skills) & targets for c in cores):
        return False
    if not any(
        cat.by_id[c].type not in NOT_CERTIFICATES and (not relevant or set(cat.by_id[c].skills) & targets)
        for c in planned
    ):
        return False
    # A degree or licence stays only as the goal or the core degree, or when the plan needs
    # it: without it the plan cannot be ordered, or finishes later. Judged on the plan, not
    # on which branch its timeline happened to wire.
    for c in planned:
        kind = cat.by_id[c].type
        if c == req.goal or c in cores or kind not in NOT_CERTIFICATES:
            continue
        without = evaluate(ctx, planned - {c})
        if without.feasible and without.months <= ev.months + 1e-9:
            return False
    return True


def best_plan(ctx: Context, targets: tuple[str, ...]) -> tuple[Any, frozenset[str]] | None:
    """The best valid plan by the planner's objective key, or None when none exists.

    The plan's core degree must teach a target skill when some valid plan's does, and then its
    certificate must teach one when some such plan's does.
    """
    pool = sorted(ctx.allowed)
    for serving, relevant in itertools.product((True, False), (True, False)):
        best: tuple[Any, frozenset[str]] | None = None
        for k in range(len(pool) + 1):
            for combo in itertools.combinations(pool, k):
                planned = frozenset(combo)
                if not valid(ctx, planned, relevant, serving):
                    continue
                key = _key(ctx, evaluate(ctx, planned), targets)
                if best is None or key < best[0]:
                    best = (key, planned)
        if best is not None:
            return best
    return None


def choices(ctx: Context, planned: frozenset[str]) -> frozenset[str]:
    """What makes two plans distinct: the core degree and the certificates (every planned
    credential that is not a degree or a licence), the goal aside."""
    cat = ctx.catalog
    return frozenset(c for c in planned if c != ctx.req.goal
                     and (is_core(ctx, c) or cat.by_id[c].type not in NOT_CERTIFICATES))


def rank(ctx: Context, planned: frozenset[str], targets: tuple[str, ...]) -> tuple[Any, ...]:
    """The order of whole plans: a serving core degree, a relevant certificate, then the key."""
    cat, req = ctx.catalog, ctx.req
    goal_targets = set(targets)
    misses = any(is_core(ctx, c) and c != req.goal and not set(cat.by_id[c].skills) & goal_targets
                 for c in planned)
    relevant = any(cat.by_id[c].type not in NOT_CERTIFICATES
                   and set(cat.by_id[c].skills) & goal_targets for c in planned)
    return (misses, not relevant, *_key(ctx, evaluate(ctx, planned), targets))


def k_best(ctx: Context, targets: tuple[str, ...], k: int) -> list[tuple[Any, frozenset[str]]]:
    """The k best distinct plans that are each the best plan once some choices are ruled out.

    Every valid subset, in rank order; a plan stands for its core degree and certificates when
    no plan ranked before it uses only some of them (it is then the best plan with any of
    the others ruled out), and it is the first of them.
    """
    pool = sorted(ctx.allowed)
    plans = [frozenset(c) for n in range(len(pool) + 1) for c in itertools.combinations(pool, n)]
    plans = sorted((rank(ctx, p, targets), p) for p in plans if valid(ctx, p))
    seen: list[frozenset[str]] = []
    out = []
    for r, p in plans:
        mine = choices(ctx, p)
        if any(s <= mine for s in seen):
            continue
        seen.append(mine)
        out.append((r, p))
        if len(out) == k:
            break
    return out
