"""Optional: prove an approximate plan optimal, or find a better one, with OR-Tools CP-SAT.

Contract
--------
Used only when all of these hold: the built-in search's plan is approximate (it states an
``optimality_gap``), the environment asks for it (``AIPATH_SOLVER=cp-sat``), OR-Tools is
installed (``pip install 'aipath[solver]'``), and the request is one this module models whole:
``--certificates-only`` or a core degree held (no core degree to choose), and every signature
credential of the role already met by the holdings (nothing for the signature stage to add).
Nothing else imports this module, and it imports OR-Tools only inside :func:`improve`, so a
plan the built-in search proves exact (every plan of the shipped catalogue) never loads it.

The model is a relaxation of the planner's contract (:mod:`.stack`, :mod:`.schedule`,
:mod:`.objective`): every valid plan is a solution that it weighs no more than the planner
does (figures are rounded down to $0.0001 and 0.00001 month), so its best bound is an upper
bound on every plan's utility. Variables: ``x_c`` per credential the request allows (no
graduate degree; the goal forced); per condition node (nodes that hold alike share one set:
the same kind, n, open state and items) ``a`` (must hold) and ``t`` (month it holds); per
item of a "one of" / class / "n of" a chosen-item boolean. ``all`` holds at the latest of its
items, "one of" at its chosen item, "n of" at the latest of n chosen; a text rule at 0, an
experience rule at its wait, a closed route never, a held credential at 0. A chosen step
starts once its entry holds and finishes its low-end months later; steps measured in study
hours do not overlap; an order variable inside a cycle rules out self-support. Value: per
target skill, what the holdings give, plus 0.5 when a chosen credential teaches it and 0.5
more when one certifies it. Objective: value minus the ``--optimize`` weight, as the first
component of :func:`.objective.key`. Budgets as in the contract; at least one certificate
(teaching a target skill when any plan can have one); a degree or licence is chosen only when
the chosen wiring uses it (a relaxation of :func:`.objective.needless`).

What comes back: the best bound replaces the built-in's bound of what it left unexplored
when lower (so the stated gap only shrinks, to 0 when the plan is proven best), and the
solver's plan replaces the built-in's only when the planner itself judges it valid and better
by :func:`.objective.key`. The search is deterministic: one worker and a deterministic time
limit (``AIPATH_SOLVER_SECONDS``, default 1, in CP-SAT's deterministic seconds: 1-3 CPU
seconds on the 2-core machine measured); ten times that in wall seconds is a backstop only.
(Starting from the built-in's plan as a hint was tried: it kept CP-SAT from proving the
hardest shape measured within 2 deterministic seconds, which it proves in 0.74 without.)
"""

from __future__ import annotations

import math
import os
from typing import Any

import networkx as nx

from .certificates import is_core, other_degrees
from .context import USD_PER_YEAR, Context
from .objective import (
    NOT_CERTIFICATES, evaluate, fits, is_certificate, key, needless, skill_levels, strength,
)
from .schedule import earliest

__all__ = ["ENV", "SECONDS_ENV", "Solution", "applicable", "improve", "solve", "wanted"]

ENV = "AIPATH_SOLVER"
SECONDS_ENV = "AIPATH_SOLVER_SECONDS"
POINT = 2_400_000_000  # one value point, in the model's integer units
PER_USD = 10_000  # costs in $0.0001
USD = POINT // USD_PER_YEAR // PER_USD  # 12 units per $0.0001 under cost and balanced
TU = 100_000  # time units per month
MONTH = POINT // 12 // TU  # 2,000 units per time unit under time and balanced


def wanted() -> bool:
    """Whether the environment asks for the solver."""
    return os.environ.get(ENV, "").strip().lower() in ("cp-sat", "cpsat", "1", "yes", "on")


def applicable(ctx: Context) -> bool:
    """Whether the request is one the model describes whole (see the contract)."""
    cat, req = ctx.catalog, ctx.req
    if not (req.certificates_only or any(is_core(ctx, h) for h in ctx.held)):
        return False
    if req.goal is not None and req.goal not in ctx.held and req.goal not in ctx.allowed:
        return False
    have = cat.closure(ctx.held)
    return all(sig.ref in have for sig in req.role.signature)


class Solution:
    """What the solver found: its status, plan (None when none) and bounds in value points."""

    def __init__(self, status: str, planned: frozenset[str] | None, utility: float,
                 bound: float, size: int, work: float = 0.0) -> None:
        self.status, self.planned, self.utility, self.bound, self.size = (
            status, planned, utility, bound, size)
        self.work = work  # CP-SAT's deterministic seconds spent

    @property
    def optimal(self) -> bool:
        return self.status == "OPTIMAL"


def _down(v: float) -> int:
    """Rounded down (a float's last bits forgiven): the model never weighs more than the plan."""
    return math.floor(v + 1e-6)


def solve(ctx: Context, targets: tuple[str, ...], *, base: frozenset[str] = frozenset(),
          forbidden: frozenset[str] | None = None, relevant: bool = True,
          keep: frozenset[str] = frozenset(), seconds: float = 1.0) -> Solution:
    """The best plan containing ``base`` and no credential of ``forbidden`` (default: every
    graduate degree), by the model of the contract above."""
    from ortools.sat.python import cp_model  # the optional dependency, loaded on use only

    req, cat, fig, G = ctx.req, ctx.catalog, ctx.figures, ctx.G
    held = ctx.held
    if forbidden is None:
        forbidden = other_degrees(ctx, frozenset())
    cands = sorted(ctx.allowed - forbidden - held)
    if base - held - set(cands):  # the base must be plannable
        return Solution("INFEASIBLE", None, -math.inf, -math.inf, 0)
    m = cp_model.CpModel()
    x = {c: m.new_bool_var(f"x[{c}]") for c in cands}
    for c in base - held:
        m.add(x[c] == 1)
    dur = {c: _down(fig.months(c).lo * TU) for c in cands}
    canon: dict[Any, int] = {}  # condition node -> the number of its class
    shapes: dict[tuple[Any, ...], int] = {}  # a class's key -> its number

    def canonical(n: Any) -> int:
        todo = [n]  # credentials are strings, condition nodes tuples
        while todo:
            u = todo[-1]
            if u in canon:
                todo.pop()
                continue
            pred = G.pred[u]
            kids = [ch for ch in pred if not isinstance(ch, str) and ch not in canon]
            if kids:
                todo.extend(kids)
                continue
            todo.pop()
            kind = G.nodes[u]["kind"]
            k: tuple[Any, ...]
            if not ctx.open_route(u):
                k = ("closed",)
            elif kind == "text":
                k = ("at", 0)
            elif kind == "experience":
                k = ("at", _down(ctx.wait_months(u) * TU))
            elif kind == "n_of":  # an item listed twice counts twice, alike items too
                count: dict[Any, int] = {}
                for ch, e in pred.items():
                    c = ch if isinstance(ch, str) else canon[ch]
                    count[c] = count.get(c, 0) + int(e.get("mult", 1))
                k = ("n_of", int(G.nodes[u]["n"]), frozenset(count.items()))
            else:
                k = ("all" if kind == "all" else "any", 1,
                     frozenset((ch if isinstance(ch, str) else canon[ch], 1) for ch in pred))
            canon[u] = shapes.setdefault(k, len(shapes))
        return canon[n]

    roots: dict[str, Any] = {}
    for c in cands:
        r = ctx.entry(c)
        roots[c] = r if r is None or isinstance(r, str) else canonical(r)
    waits = [k[1] for k in shapes if k[0] == "at"]
    horizon = sum(dur.values()) + max(waits, default=0) + 1
    start = {c: m.new_int_var(0, horizon, f"s[{c}]") for c in cands}
    true, false = m.new_constant(1), m.new_constant(0)
    a = [m.new_bool_var(f"a[{i}]") for i in range(len(shapes))]
    t = [m.new_int_var(0, horizon, f"t[{i}]") for i in range(len(shapes))]
    edges: list[tuple[Any, Any, Any]] = []  # (item, what it feeds, literal when used)

    def lit(n: Any) -> Any:
        if isinstance(n, str):
            return true if n in held else x[n] if n in x else false
        return a[n]

    def when(n: Any) -> Any:
        if isinstance(n, str):
            return start[n] + dur[n] if n in x else 0
        return t[n]

    for k, i in shapes.items():
        if k[0] == "closed":
            m.add(a[i] == 0)
            continue
        if k[0] == "at":
            m.add(t[i] >= k[1])
            continue
        kind, need, items = k
        terms = []
        for ch, mult in sorted(items, key=repr):
            if kind == "all":
                m.add_implication(a[i], lit(ch))
                m.add(t[i] >= when(ch)).only_enforce_if(a[i])
                edges.append((ch, i, a[i]))
                continue
            if isinstance(ch, str) and ch in held:
                need -= mult  # held: counts at month 0
                continue
            if isinstance(ch, str) and ch not in x:
                continue
            y = m.new_bool_var("")
            m.add_implication(y, a[i])  # an item is used only by a rule that must hold
            m.add_implication(y, lit(ch))
            m.add(t[i] >= when(ch)).only_enforce_if(y)
            edges.append((ch, i, y))
            terms.append(mult * y)
        if kind != "all" and need > 0:
            m.add(sum(terms) >= need * a[i]) if terms else m.add(a[i] == 0)
    for c in cands:
        if roots[c] is not None:
            m.add_implication(x[c], lit(roots[c]))
            m.add(start[c] >= when(roots[c])).only_enforce_if(x[c])
            edges.append((roots[c], c, x[c]))
    uses: dict[Any, list[Any]] = {}
    for u, _v, used in edges:
        uses.setdefault(u, []).append(used)
    for i in range(len(shapes)):  # a rule must hold only for a step or a rule that must
        m.add_bool_or(uses.get(i, [])).only_enforce_if(a[i])
    months = m.new_int_var(0, horizon, "months")
    first = earliest(ctx)  # each credential's floor (schedule.earliest)
    for c in cands:
        m.add(months >= start[c] + dur[c]).only_enforce_if(x[c])
        if first.get(c, math.inf) < math.inf:
            m.add(months >= _down(first[c] * TU) * x[c])  # redundant; tightens the LP bound
    lane = [m.new_optional_fixed_size_interval_var(start[c], dur[c], x[c], f"i[{c}]")
            for c in cands if fig.effort_based(c)]
    if len(lane) > 1:
        m.add_no_overlap(lane)
    D = nx.DiGraph((u, v) for u, v, _ in edges)
    for comp in nx.strongly_connected_components(D):
        if len(comp) > 1 or any(D.has_edge(u, u) for u in comp):
            order = {u: m.new_int_var(0, len(comp), "") for u in comp}
            for u, v, used in edges:
                if u in comp and v in comp:
                    m.add(order[v] >= order[u] + 1).only_enforce_if(used)
    now = skill_levels(ctx, frozenset(), targets)
    halves = []
    for tag in targets:
        teach = [c for c in cands if tag in cat.by_id[c].skills]
        for level, srcs in ((0.5, teach), (1.0, [c for c in teach if strength(cat.by_id[c]) >= 1])):
            if now[tag] < level and srcs:
                z = m.new_bool_var("")
                m.add_bool_or([x[c] for c in srcs]).only_enforce_if(z)
                halves.append(z)
    wc = USD if req.optimize in ("cost", "balanced") else 0
    wm = MONTH if req.optimize in ("time", "balanced") else 0
    cost = sum(_down(fig.cost(c).rank * PER_USD) * x[c] for c in cands)
    m.maximize(POINT // 2 * sum(halves) - wc * cost - wm * months)
    if req.max_cost is not None:
        m.add(sum(_down(fig.cost(c).lo * PER_USD) * x[c] for c in cands)
              <= _down(req.max_cost * PER_USD))
    if req.max_months is not None:
        m.add(months <= _down(req.max_months * TU))
    if not any(is_certificate(ctx, c, targets, relevant) for c in base):
        m.add_bool_or([x[c] for c in cands if is_certificate(ctx, c, targets, relevant)])
    for c in cands:
        if cat.by_id[c].type in NOT_CERTIFICATES and c not in base | keep and c != req.goal:
            m.add_bool_or(uses.get(c, [])).only_enforce_if(x[c])
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1  # with a deterministic limit: the same answer every run
    solver.parameters.linearization_level = 2  # the LP bound is what proves these optimal
    solver.parameters.max_deterministic_time = seconds
    solver.parameters.max_time_in_seconds = 10 * seconds + 10  # a backstop only
    status = solver.solve(m)
    name = solver.status_name(status)
    size = len(x) + len(shapes) + len(edges)
    held_value = sum(now.values())
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        bound = -math.inf if status == cp_model.INFEASIBLE else math.inf
        return Solution(name, None, -math.inf, bound, size, solver.deterministic_time)
    planned = frozenset(c for c in cands if solver.boolean_value(x[c])) | (base - held)
    return Solution(name, planned, held_value + solver.objective_value / POINT,
                    held_value + solver.best_objective_bound / POINT, size,
                    solver.deterministic_time)



def improve(ctx: Context, targets: tuple[str, ...], out: Any) -> tuple[Any, str | None]:
    """Prove ``out`` (the built-in's approximate plan, a :class:`.stack.Stacked`) optimal, or
    replace it by a better plan; lower the bound its gap is stated from. Returns the plan and
    a warning for the user (None when there is nothing to say)."""
    import importlib.util

    if not wanted():
        return out, None
    if importlib.util.find_spec("ortools") is None:
        return out, (f"{ENV} is set, but OR-Tools is not installed (pip install "
                     "'aipath[solver]'): the plan stays as the built-in search left it")
    if not applicable(ctx):
        return out, (f"{ENV} is set, but the solver models only requests with no core degree "
                     "to choose (--certificates-only, or one held) and the role's signature "
                     "credentials held: the plan stays as the built-in search left it")
    req = ctx.req
    base = frozenset([req.goal]) if req.goal is not None and req.goal not in ctx.held else frozenset()
    seconds = float(os.environ.get(SECONDS_ENV) or 1.0)
    relevant = True
    sol = solve(ctx, targets, base=base, keep=base, seconds=seconds)
    if sol.status == "INFEASIBLE":  # no plan has a certificate of a target skill: any will do
        relevant = False
        sol = solve(ctx, targets, base=base, keep=base, relevant=False, seconds=seconds)
    # The model is a relaxation: its bound holds for every plan (objective.gap reads it).
    bounds = ctx.__dict__
    bounds["_abandoned"] = min(float(bounds.get("_abandoned", math.inf)), sol.bound)
    mine = key(ctx, evaluate(ctx, out.planned), targets)
    if sol.planned is not None and _valid(ctx, sol.planned, targets, relevant, base) and \
            key(ctx, evaluate(ctx, sol.planned), targets) < mine:
        better = _account(ctx, targets, sol.planned)
        better.approximate = True  # plan() states the gap left, if any
        gain = -key(ctx, evaluate(ctx, sol.planned), targets)[0] + mine[0]
        better.notes.append(f"found by the CP-SAT solver ({ENV}): {gain:.3g} value points "
                            "better than the built-in search's plan")
        out = better
    if sol.bound - -key(ctx, evaluate(ctx, out.planned), targets)[0] < 5e-7:  # gap() rounds
        out.notes.append(f"proven the best plan by the CP-SAT solver ({ENV})")
    return out, None


def _valid(ctx: Context, planned: frozenset[str], targets: tuple[str, ...], relevant: bool,
           base: frozenset[str]) -> bool:
    """The planner's own judgement of the solver's plan (the contract of :mod:`.stack`)."""
    ev = evaluate(ctx, planned)
    return (
        base <= planned and planned <= ctx.allowed and fits(ctx, ev)
        and not any(is_core(ctx, c) for c in planned)
        and any(is_certificate(ctx, c, targets, relevant) for c in planned)
        and needless(ctx, planned, base) is None
    )


def _account(ctx: Context, targets: tuple[str, ...], planned: frozenset[str]) -> Any:
    """The stages' account (parts, reasons) of a whole plan: the goal's route as the goal stage
    takes it, the rest as the certificates stage commits its choice."""
    from .stack import _complete

    req = ctx.req
    route: set[str] = set()
    if req.goal is not None and req.goal not in ctx.held:
        sched = evaluate(ctx, planned).sched
        assert sched is not None
        todo = [req.goal]
        while todo:
            c = todo.pop()
            if c in planned and c not in route:
                route.add(c)
                todo.extend(sched.after.get(c, ()))
    out = _complete(ctx, frozenset(route), targets, chosen=planned - frozenset(route))
    if req.goal is not None and req.goal not in ctx.held:
        out.reasons.setdefault(req.goal, "your goal (--goal)")
    return out
