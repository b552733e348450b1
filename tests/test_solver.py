"""The optional CP-SAT solver (AIPATH_SOLVER=cp-sat, pip install 'aipath[solver]').

It proves an approximate plan the best or replaces it by a better one; it is never loaded
for an exact plan, and without OR-Tools the plan stays as the built-in search left it.
Tests that solve skip when OR-Tools is not installed.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import os
import subprocess
import sys
from unittest import mock

import pytest

from aipath.graph import build_graph
from aipath.planner import build_request, plan

from .conftest import cred

TODAY = dt.date(2026, 12, 1)
needs_ortools = pytest.mark.skipif(importlib.util.find_spec("ortools") is None,
                                   reason="OR-Tools is not installed (pip install 'aipath[solver]')")


def lattice(make_catalog):
    """40 credentials, each needing any of the previous two: more routes than a table keeps,
    so the built-in search states a gap."""
    return make_catalog([
        cred(f"c{i}", cost={"usd": i}, **({"entry": {"any": [f"c{i - 1}", f"c{i - 2}"]}} if i >= 2 else {}))
        for i in range(40)
    ])


def run(cat, goal=None):
    req = build_request(cat, role="nurse", goal=goal, certificates_only=True, today=TODAY)
    return plan(cat, build_graph(cat), req)


def test_the_shipped_catalogue_never_loads_the_solver() -> None:
    """Every role's plan (with and without --certificates-only) is exact, so neither the
    solver module nor OR-Tools is imported, even with AIPATH_SOLVER set."""
    code = (
        "import json, sys\n"
        "from aipath.catalog import load_catalog\n"
        "from aipath.graph import build_graph\n"
        "from aipath.planner import build_request, plan\n"
        "cat = load_catalog(); G = build_graph(cat); gaps = []\n"
        "for role in cat.backgrounds:\n"
        "    for only in (False, True):\n"
        "        p = plan(cat, G, build_request(cat, role=role, certificates_only=only))\n"
        "        gaps.append(p.optimality_gap)\n"
        "print(json.dumps([gaps, sorted(m for m in sys.modules\n"
        "                  if m.split('.')[0] == 'ortools' or m == 'aipath.planner.solver')]))\n"
    )
    for env in ({}, {"AIPATH_SOLVER": "cp-sat"}):
        full = {k: v for k, v in os.environ.items() if k != "AIPATH_SOLVER"} | env
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                             check=True, env=full)
        gaps, loaded = json.loads(out.stdout)
        assert gaps and not any(gaps)
        assert loaded == [], env


def test_without_ortools_the_plan_stays_approximate_and_says_why(make_catalog, monkeypatch) -> None:
    cat = lattice(make_catalog)
    monkeypatch.setenv("AIPATH_SOLVER", "cp-sat")
    monkeypatch.setitem(sys.modules, "ortools", None)  # as if not installed
    p = run(cat, "c39")
    assert p.approximate and p.optimality_gap > 0
    assert any("OR-Tools is not installed" in w and "aipath[solver]" in w for w in p.warnings)


@needs_ortools
def test_the_solver_proves_the_lattice_plan_the_best(make_catalog, monkeypatch) -> None:
    """The built-in search keeps 64 routes of 2^20 and states a gap; CP-SAT proves its plan
    (every other step) the best: the same steps, no gap, and a note saying so."""
    cat = lattice(make_catalog)
    monkeypatch.delenv("AIPATH_SOLVER", raising=False)
    alone = run(cat, "c39")
    assert alone.approximate and alone.optimality_gap > 0
    monkeypatch.setenv("AIPATH_SOLVER", "cp-sat")
    p = run(cat, "c39")
    assert [s.credential.id for s in p.steps] == [s.credential.id for s in alone.steps] \
        == [f"c{i}" for i in range(1, 40, 2)]
    assert not p.approximate and p.optimality_gap == 0
    assert any("proven the best plan by the CP-SAT solver" in n for n in p.notes)
    assert not any("not proven the best" in w for w in p.warnings)


@needs_ortools
def test_the_solver_replaces_a_plan_cut_short_by_the_budget(make_catalog, monkeypatch) -> None:
    """A set cover the greedy first plan gets wrong: c (s1, s2, $100) looks best first, but
    a ($1,000, s0 s1) and b ($1,000, s2 s3) cover all four for less than c + a + b. With no
    search budget the built-in stops at its first plan; the solver finds a + b and proves it."""
    cat = make_catalog([
        cred("a", skills=["s0", "s1"], cost={"usd": 1000}),
        cred("b", skills=["s2", "s3"], cost={"usd": 1000}),
        cred("c", skills=["s1", "s2"], cost={"usd": 100}),
    ])
    monkeypatch.delenv("AIPATH_SOLVER", raising=False)
    with mock.patch("aipath.planner.objective.NODE_BUDGET", 0):
        alone = run(cat)
        monkeypatch.setenv("AIPATH_SOLVER", "cp-sat")
        p = run(cat)
    assert alone.approximate and "c" in {s.credential.id for s in alone.steps}
    assert sorted(s.credential.id for s in p.steps) == ["a", "b"]
    assert not p.approximate and p.optimality_gap == 0
    assert p.totals.cost_usd_min == 2000
    assert any("found by the CP-SAT solver" in n for n in p.notes)
    assert all(s.reason.startswith("covers ") for s in p.steps)  # explained as the stages do


@needs_ortools
def test_a_request_the_solver_does_not_model_keeps_its_gap_and_says_so(
    make_catalog, monkeypatch
) -> None:
    """A plan that must choose a core degree is left to the built-in search, with a warning."""
    cat = make_catalog([
        cred(f"c{i}", cost={"usd": i}, **({"entry": {"any": [f"c{i - 1}", f"c{i - 2}"]}} if i >= 2 else {}))
        for i in range(40)
    ] + [cred("msn", type="degree", level="graduate", cost={"usd": 30000})])
    monkeypatch.setenv("AIPATH_SOLVER", "cp-sat")
    req = build_request(cat, role="nurse", goal="c39", today=TODAY)
    p = plan(cat, build_graph(cat), req)
    assert p.approximate and p.optimality_gap > 0
    assert any("the solver models only requests" in w for w in p.warnings)


@needs_ortools
def test_the_model_is_a_relaxation_of_the_contract_and_tight_on_random_catalogues() -> None:
    """Against the exact oracle (every subset) on seeded random catalogues of the oracle test,
    --certificates-only: the solver's bound is never below the best plan (so a gap it states
    is true), and the plan it finds, when the planner judges it valid, is as good as the best."""
    from dataclasses import replace

    from hypothesis import HealthCheck, given, seed, settings

    from aipath.planner.context import Context
    from aipath.planner.objective import evaluate, key
    from aipath.planner.solver import _valid, solve

    from .oracle import best_plan
    from .test_oracle import cases, describe_case

    found = []

    @seed(20261216)
    @settings(max_examples=300, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    @given(cases())
    def check(case) -> None:
        cat, req = case
        req = replace(req, certificates_only=True)
        ctx = Context(cat, build_graph(cat), req)
        targets = req.role.target_skills
        oracle = best_plan(ctx, targets)
        base = frozenset([req.goal]) if req.goal and req.goal not in ctx.held else frozenset()
        relevant = True
        sol = solve(ctx, targets, base=base, keep=base)
        if sol.status == "INFEASIBLE":
            relevant = False
            sol = solve(ctx, targets, base=base, keep=base, relevant=False)
        assert sol.optimal or sol.status == "INFEASIBLE", sol.status
        if oracle is None:
            assert sol.planned is None or not _valid(ctx, sol.planned, targets, relevant, base)
            return
        best = -oracle[0][0]
        assert sol.bound >= best - 1e-6, describe_case(cat, req)
        if _valid(ctx, sol.planned, targets, relevant, base):
            found.append(1)
            assert abs(-key(ctx, evaluate(ctx, sol.planned), targets)[0] - best) < 1e-6, \
                describe_case(cat, req)

    check()
    assert len(found) >= 100  # the comparison ran on many plans
