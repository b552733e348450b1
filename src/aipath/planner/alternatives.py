"""Ranked whole plans for ``--alternatives K``: the plan, then the next best distinct ones.

Contract
--------
*Distinct*: two plans are the same plan when they have the same core degree and the same
certificates (every credential of the plan that is not a degree or a licence, the goal
aside). Another order of the same steps, or other degree or licence prerequisites on the
way to them, is the same plan; a certificate that only comes in because a chosen one
needs it on every route comes with that one, so it never makes two plans distinct alone.

*Alternatives*: the plans the planner makes once some of the core degrees and certificates
it chose are ruled out (``Context.ruled_out``: the stages never see them). Each is the best
plan of the catalogue without those, so an alternative is never the best plan plus a
course that does not earn its place, nor a reordering of another.

:func:`ranked_plans` returns up to K distinct plans. The first is exactly :func:`.plan`'s.
The others follow in the planner's order (:func:`.stack._rank`: a core degree that teaches
a target skill, then fewer signature credentials left out, then a certificate that teaches
a target skill, then the ``--optimize`` key of :mod:`.objective`, which ends in the
credential ids, so no two plans tie). The plan can rank behind an alternative, since the
stages settle the signature credentials first (a degree a signature names is the core degree
when one fits; each signature credential by the best of its three lightest routes), not by
the whole plan: it
stays first, as ``plan`` gives it, and such an alternative says so in a warning.

Method: Lawler's k-best partitioning (Lawler 1972, as Murty 1968 and Yen 1971 use it),
on exclusions. A heap holds subproblems, each a set E of ruled-out credentials with the
planner's best plan without them. The best is popped; when its core degree and certificates
are new it is the next plan; then each of its core degree and certificates ``a`` (not the
goal) gives the subproblem E + {a}. A subproblem's best never ranks before its parent's (it
has fewer plans to choose from), and every best-without-some plan is reached by a chain that
rules out, at each step, one of its parent's choices that the target plan lacks, so the
popped order is the ranked order: exact k-best wherever the planner is exact (the test
suite checks it against every subset of small random catalogues,
``tests/test_alternatives.py``).

Work and budget: at most (plans popped) x (choices per plan) planner runs, about K x 6 on
the shipped catalogue; no work at all without ``--alternatives`` (K = 1 is one plan). The
runs share what does not depend on what is ruled out: the timelines evaluated, the
request's route tables (a complete table less the routes through what a run rules out is
that run's table, :class:`.routes._Without`) and the certificate search's exact answers
(one found with fewer credentials ruled out stands when it uses none of those ruled out
now; the request's own run only records, so the plan is searched exactly as ``plan``
searches it). Together the runs evaluate at most K x :data:`.objective.NODE_BUDGET`
timelines, the plan's own included: each gets what is left, up to one request's budget,
and never the extra budget of a first plan. A run cut short (even at a gap of 0, where a
tie may have gone another way), or not run for want of budget, leaves part of the space
unsure: every plan popped after that is marked ``approximate``, with the most value points
a plan from the unsure part could beat it by as its ``optimality_gap`` (0 when only the
order is unsure), and :attr:`Ranking.complete` is False. The plan keeps its own label.
"""

from __future__ import annotations

import heapq
import math
from dataclasses import dataclass, replace
from typing import Any

import networkx as nx

from ..errors import NoPlanError
from ..models import Catalog
from . import _unreachable, assemble, over_scope, points, scoped, search, targets_of
from . import objective
from .certificates import is_core
from .context import Context
from .objective import NOT_CERTIFICATES, ceiling, evaluate, gap, is_certificate, key, spent
from .picks import Stacked
from .stack import _rank
from .types import Plan, PlanRequest, RankedPlan
from .contrast import differs

__all__ = ["MAX_ALTERNATIVES", "Ranking", "ranked_plans"]

MAX_ALTERNATIVES = 10  # --alternatives K: 1..10

# Caches of a request's context that do not depend on what is allowed: shared by the runs.
_SHARED = ("catalog", "G", "req", "scope", "ids", "figures", "held", "experience", "_memo", "_evals",
           "_conditions", "_owners", "_ranks", "_parents", "_kinds", "_entries", "_up", "_items", "_enters",
           "_open", "_served", "_asserted", "_sweep")


@dataclass(frozen=True)
class Ranking:
    """The plan, the alternatives after it, and the work it took (for tests and benchmarks)."""

    best: Plan
    others: tuple[RankedPlan, ...]
    asked: int  # K, as asked for
    runs: int  # planner runs after the first plan
    timelines: int  # timelines evaluated in all, the first plan's included
    complete: bool = True  # False: a part of the search was cut short, more plans may exist


@dataclass
class _Solved:
    ctx: Context
    out: Stacked
    warning: str | None
    rank: tuple[Any, ...]
    utility: float
    slack: float  # the run's own stated gap
    cut: bool  # the run's search was cut short: even at a gap of 0, a tie may have gone wrong


def ranked_plans(catalog: Catalog, G: nx.DiGraph | None, req: PlanRequest, k: int) -> Ranking:
    """The plan for ``req`` and up to ``k - 1`` distinct alternatives, best first, over the
    request's scope (``G``, the whole catalogue's graph, may be None: built when needed).

    Raises NoPlanError exactly when :func:`.plan` does.
    """
    if not 1 <= k <= MAX_ALTERNATIVES:
        raise ValueError(f"k must be 1..{MAX_ALTERNATIVES}")
    return over_scope(catalog, req, lambda ids: _ranked(scoped(catalog, G, req, ids), k))


def _ranked(root: Context, k: int) -> Ranking:
    catalog, req = root.catalog, root.req
    if k > 1:
        root.__dict__["_memo"] = {}  # the runs' certificate answers (certificates.py)
    targets = targets_of(req)
    out, warning = search(root, targets, lambda goal: _unreachable(root, goal))
    best = assemble(root, out, targets, warning)
    if k == 1:
        return Ranking(best, (), k, 0, int(root.__dict__.get("_spent", 0)))
    state = _Search(root, targets, k)
    first = state.solved(root, out, warning)
    state.run(first)
    others = []
    for rank, (sol, ruled, unsure) in enumerate(state.emitted[1:], 2):
        plan = assemble(sol.ctx, sol.out, targets, sol.warning, slack=0.0)
        if unsure > -math.inf:
            slack = round(max(0.0, unsure - sol.utility), 6)
            said = ("the search for alternatives reached its budget: this one may be out of "
                    "place" + (f", and one not listed may beat it by up to "
                               f"{points(req.optimize, slack)}" if slack > 0 else ""))
            plan = replace(plan, approximate=True, optimality_gap=slack,
                           warnings=(*plan.warnings, said))
        if sol.rank < first.rank:  # the signature stage's greedy choice, see the contract
            plan = replace(plan, warnings=(*plan.warnings, (
                f"ranks above the plan itself on --optimize {req.optimize}: the planner settles "
                "what your profession recognises first (a degree it names is the core degree "
                "when one fits; each credential by the best of its three lightest routes), and "
                "ruling some of "
                "that out let it choose otherwise")))
        others.append(RankedPlan(rank, plan, differs(catalog, best, plan), tuple(sorted(ruled))))
    return Ranking(best, tuple(others), k, state.runs, state.used, state.unsure == -math.inf)


class _Search:
    """Lawler's partitioning over ruled-out sets (see the module's contract)."""

    def __init__(self, root: Context, targets: tuple[str, ...], k: int) -> None:
        self.root, self.targets, self.k = root, targets, k
        self.total = k * objective.NODE_BUDGET  # read now: tests shrink the budget
        self.used = int(root.__dict__.get("_spent", 0))
        self.top = ceiling(root, targets)  # no plan is worth more (weight counted as 0)
        self.unsure = -math.inf  # the most a plan of the unsure part could be worth
        self.runs = 0
        self.emitted: list[tuple[_Solved, frozenset[str], float]] = []
        self.heap: list[tuple[tuple[Any, ...], int, frozenset[str], _Solved]] = []
        self.seen: set[frozenset[str]] = {frozenset()}

    def run(self, first: _Solved) -> None:
        classes = {self.choices(first)}
        self.emitted.append((first, frozenset(), self.unsure))
        self.expand(frozenset(), first)
        while self.heap and len(self.emitted) < self.k:
            _, _, ruled, sol = heapq.heappop(self.heap)
            cls = self.choices(sol)
            if cls not in classes:
                classes.add(cls)
                self.emitted.append((sol, ruled, self.unsure))
                if len(self.emitted) == self.k:
                    return
            self.expand(ruled, sol)

    def choices(self, sol: _Solved) -> frozenset[str]:
        """The plan's core degree and certificates: what makes plans distinct, and what the
        subproblems rule out."""
        ctx = sol.ctx
        goal = ctx.req.goal
        return frozenset(
            c for c in sol.out.planned
            if c != goal and (is_core(ctx, c) or ctx.catalog.by_id[c].type not in NOT_CERTIFICATES)
        )

    def expand(self, ruled: frozenset[str], sol: _Solved) -> None:
        for a in sorted(self.choices(sol)):
            sub = ruled | {a}
            if sub in self.seen:
                continue
            self.seen.add(sub)
            got = self.solve(sub)
            if got is not None:
                heapq.heappush(self.heap, (got.rank, len(self.seen), sub, got))

    def solve(self, ruled: frozenset[str]) -> _Solved | None:
        """The planner's best plan without ``ruled`` (None when there is none or no budget)."""
        left = self.total - self.used
        if left <= 0:
            self.unsure = max(self.unsure, self.top)  # a part of the space never searched
            return None
        ctx = object.__new__(Context)  # the request's context less ``ruled``, caches shared
        ctx.__dict__.update({k: v for k, v in self.root.__dict__.items() if k in _SHARED})
        ctx.ruled_out, ctx.allowed = ruled, self.root.allowed - ruled
        ctx.__dict__["_whole"] = self.root  # its complete route tables serve, filtered
        budget = objective.NODE_BUDGET
        preset = budget - min(budget, left)
        # What is left of the budget, and no first-plan extra: the request has its plan.
        ctx.__dict__.update(_spent=preset, _nodes=objective.NODES_PER_TIMELINE * preset,
                            _has_plan=True)
        self.runs += 1
        try:
            out, warning = search(ctx, self.targets, lambda goal: f"{goal} is ruled out")
        except NoPlanError:
            out = None
        self.used += int(ctx.__dict__["_spent"]) - preset
        if out is None:
            if spent(ctx):
                self.unsure = max(self.unsure, self.top)
            return None
        return self.solved(ctx, out, warning)

    def solved(self, ctx: Context, out: Stacked, warning: str | None) -> _Solved:
        targets = self.targets
        rank = _rank(ctx, out, targets)
        relevant = any(is_certificate(ctx, c, targets, True) for c in out.planned)
        utility = -key(ctx, evaluate(ctx, out.planned), targets)[0]
        slack = gap(ctx, utility) if out.approximate else 0.0
        if out.approximate:
            self.unsure = max(self.unsure, utility + slack)
        return _Solved(ctx, out, warning, (*rank[:2], not relevant, *rank[2:]), utility, slack,
                       out.approximate)
