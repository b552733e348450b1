"""The invariants the planner's bounds rely on, checked over every subset of small catalogues.

- ``schedule.earliest``: no plan finishes a credential before its relaxed earliest month.
- ``schedule.months_floor``: a lower bound on the timeline of a set and of every superset
  (the timeline itself is not monotone: a credential can open an earlier branch).
- ``bounds.Teachers.upper``: no plan containing a set is worth more than the set's bound.
"""

from __future__ import annotations

import itertools

from hypothesis import HealthCheck, given, settings

from aipath.graph import build_graph
from aipath.models import Catalog
from aipath.planner import PlanRequest
from aipath.planner.bounds import Teachers, relaxed
from aipath.planner.context import Context
from aipath.planner.objective import evaluate, skill_levels, value_of
from aipath.planner.schedule import earliest, months_floor

from .test_oracle import cases


def subsets(pool: list[str]) -> list[frozenset[str]]:
    return [frozenset(c) for k in range(len(pool) + 1) for c in itertools.combinations(pool, k)]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases())
def test_months_floor_bounds_every_superset(case: tuple[Catalog, PlanRequest]) -> None:
    cat, req = case
    ctx = Context(cat, build_graph(cat), req)
    first = earliest(ctx)
    every = subsets(sorted(ctx.allowed))
    feasible = {s: evaluate(ctx, s) for s in every}
    feasible = {s: ev for s, ev in feasible.items() if ev.feasible}
    for s, ev in feasible.items():
        assert ev.sched is not None
        for c in s:
            assert ev.sched.finish[c] >= first[c] - 1e-9, (c, sorted(s))
        for part in subsets(sorted(s)):
            assert ev.months >= months_floor(ctx, part) - 1e-9, (sorted(part), sorted(s))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases())
def test_the_search_bound_is_never_beaten(case: tuple[Catalog, PlanRequest]) -> None:
    cat, req = case
    ctx = Context(cat, build_graph(cat), req)
    targets = req.role.target_skills
    pool = sorted(ctx.allowed)
    teachers = Teachers(ctx, targets, pool)
    feasible = [s for s in subsets(pool) if evaluate(ctx, s).feasible]
    for part in feasible:
        ev = evaluate(ctx, part)
        upper = teachers.upper(part, skill_levels(ctx, part, targets), (), ev.cost_rank,
                               months_floor(ctx, part))
        assert abs(upper - relaxed(ctx, targets, part)) < 1e-9
        for whole in feasible:
            if part <= whole:
                w = evaluate(ctx, whole)
                utility = value_of(ctx, whole, targets) - ctx.primary(w.cost_rank, w.months)
                assert utility <= upper + 1e-9, (sorted(part), sorted(whole))
