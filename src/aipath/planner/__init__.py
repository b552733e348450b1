"""Plan a stack of credentials for a role: pure functions of (catalogue, graph, request).

The stages and what each promises are in the module docstrings: :mod:`.routes` (how a
credential can be earned), :mod:`.schedule` (the timeline), :mod:`.figures` (known and
estimated figures), :mod:`.stack` (what is chosen and what is minimised) and :mod:`.order`
(steps and explanations), over the request's scope (:mod:`.scope`). Nothing here prints.
"""

from __future__ import annotations

import datetime as _dt
import os as _os
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

import networkx as nx

from .._text import a
from ..errors import UsageError
from ..models import INACTIVE_STATUSES as INACTIVE
from ..models import Catalog, Text, walk
from .context import USD_PER_YEAR, Context
from .order import describe, order_steps, totals
from .routes import RouteTable
from .schedule import schedule
from .scope import Wider, request_scope
from .objective import evaluate, gap, key
from .stack import Stacked, stack
from .types import OPTIMIZE, Alternative, Holding, Plan, PlanRequest, PlanStep, Satisfies, Totals

T = TypeVar("T")

__all__ = [
    "INACTIVE",
    "OPTIMIZE",
    "Alternative",
    "Holding",
    "Plan",
    "PlanRequest",
    "PlanStep",
    "Satisfies",
    "Totals",
    "build_request",
    "plan",
]


def plan(catalog: Catalog, G: nx.DiGraph | None, req: PlanRequest) -> Plan:
    """Plan the stack for ``req``.

    Parameters
    ----------
    catalog, G
        The validated catalogue and its graph (:func:`aipath.graph.build_graph`), or None
        for the graph: planning reads only the request's scope (:mod:`.scope`) and builds the
        graph of it (a whole graph given is used when the scope is the whole catalogue).
    req
        Role, holdings, goal, budgets and options.

    Returns
    -------
    Plan
        Steps in a valid order, each explained; known and estimated figures kept apart.

    Raises
    ------
    NoPlanError
        No plan meets the goal and the budgets: the message names the smallest set of
        missing holdings, or the figure the lightest plan needs.

    Examples
    --------
    >>> from aipath.catalog import load_catalog
    >>> from aipath.graph import build_graph
    >>> cat = load_catalog()
    >>> nurse = cat.backgrounds["nurse"]
    >>> p = plan(cat, build_graph(cat), PlanRequest(role=nurse,
    ...          holdings=tuple(Holding(h, "preset") for h in nurse.holds), today="2026-12-01"))
    >>> [s.part for s in p.steps].count("core-degree")
    1
    """
    return over_scope(catalog, req, lambda ids: _plan(catalog, G, req, ids))


def over_scope(catalog: Catalog, req: PlanRequest, run: Callable[[tuple[str, ...] | None], T]) -> T:
    """``run`` over the request's scope (:mod:`.scope`), or over the whole catalogue (None)
    when the scope is all of it or a stage needs more."""
    ids: tuple[str, ...] | None = request_scope(catalog, req)
    if ids is not None and len(ids) == len(catalog.credentials):
        ids = None  # the whole catalogue: nothing can lie beyond it
    try:
        return run(ids)
    except Wider:
        return run(None)


def scoped(catalog: Catalog, G: nx.DiGraph | None, req: PlanRequest,
           ids: tuple[str, ...] | None) -> Context:
    """The request's context over the credentials ``ids`` (None: the whole catalogue)."""
    return Context(catalog, _graph(catalog, G, ids), req, ids)


def _plan(catalog: Catalog, G: nx.DiGraph | None, req: PlanRequest, ids: tuple[str, ...] | None) -> Plan:
    """The plan over the credentials ``ids`` (None: the whole catalogue)."""
    ctx = scoped(catalog, G, req, ids)
    targets = targets_of(req)
    out, solver_warning = search(ctx, targets, lambda goal: _unreachable(ctx, goal))
    return assemble(ctx, out, targets, solver_warning)


def targets_of(req: PlanRequest) -> tuple[str, ...]:
    """The skills the plan aims at: ``--skills`` or the role's own."""
    return req.target_skills if req.target_skills is not None else req.role.target_skills


def search(
    ctx: Context, targets: tuple[str, ...], unreachable: Any,
) -> tuple[Stacked, str | None]:
    """The stages' choice for ``ctx`` (:mod:`.stack`), handed to the optional solver when it
    is approximate, and the solver's warning (None when there is nothing to say)."""
    out = stack(ctx, targets, unreachable)
    solver_warning = None
    if out.approximate and _os.environ.get("AIPATH_SOLVER"):
        # Opt-in, optional (pip install 'aipath[solver]'): never loaded for an exact plan.
        from .solver import improve

        out, solver_warning = improve(ctx, targets, out)
    return out, solver_warning


def assemble(
    ctx: Context, out: Stacked, targets: tuple[str, ...], solver_warning: str | None = None,
    *, slack: float | None = None,
) -> Plan:
    """The :class:`Plan` of the stages' choice: steps in order, totals, warnings. ``slack``
    replaces the gap the search states (the alternatives state their own)."""
    catalog, req = ctx.catalog, ctx.req
    ev = evaluate(ctx, out.planned)
    assert ev.sched is not None  # every stage keeps the plan orderable
    steps = order_steps(ctx, out, ev.sched, targets)
    covered = set()
    for cid in (*ctx.held, *out.planned):
        covered.update(catalog.by_id[cid].skills)
    missing = tuple(t for t in targets if t not in covered)
    warnings = []
    estimated = [s.credential.id for s in steps if s.imputed]
    no_price = [s.credential.id for s in steps if "cost" in s.imputed]
    no_length = [s.credential.id for s in steps if "duration" in s.imputed]
    if estimated:
        bits = []
        if no_price:
            bits.append("no published price for " + ", ".join(no_price))
        if no_length:
            bits.append("no published length for " + ", ".join(no_length))
        warnings.append(
            "; ".join(bits) + ": the plan uses estimates from similar credentials (the middle "
            "half of what those of the same kind publish, named on each step), always shown "
            "apart from published figures"
        )
    if missing:
        teachable = {t for c in ctx.credentials() if c.id in ctx.allowed for t in c.skills}
        # An alternative's ruled-out credentials still teach: say so rather than "none covers".
        ruled = {t for c in ctx.credentials() if c.id in ctx.ruled_out for t in c.skills}
        none = [t for t in missing if t not in teachable | ruled]
        ruled_only = [t for t in missing if t in ruled and t not in teachable]
        left = [t for t in missing if t in teachable]
        if none:
            warnings.append("no open credential covers: " + ", ".join(none))
        if ruled_only:
            warnings.append("left uncovered: " + ", ".join(ruled_only)
                            + " (only credentials this alternative leaves out teach it)")
        if left:
            warnings.append(
                "left uncovered: " + ", ".join(left)
                + " (what teaches it does not fit the budgets or costs more than it adds)"
            )
    if out.core_held and out.core is not None:
        warnings.append(f"core degree already held: {out.core}")
    capped = req.max_cost is not None or req.max_months is not None
    if capped and estimated:
        warnings.append(
            "fits the budget with estimated figures for " + ", ".join(estimated)
            + ": check their prices and lengths before you rely on it"
        )
    if solver_warning:
        warnings.append(solver_warning)
    if slack is None:
        slack = gap(ctx, -key(ctx, ev, targets)[0]) if out.approximate else 0.0
        if slack > 0:
            warnings.append(
                "the search reached its budget: this plan is good but not proven the best; no "
                f"plan beats it by more than {points(req.optimize, slack)}"
            )
    return Plan(
        request=req,
        holdings=req.holdings,
        core=out.core,
        core_held=out.core_held,
        steps=steps,
        totals=totals(ctx, out, ev.sched, steps),
        target_skills=targets,
        covered=tuple(t for t in targets if t in covered),
        missing=missing,
        warnings=tuple(warnings),
        notes=tuple(out.notes),
        approximate=slack > 0,
        optimality_gap=slack,
        renewals=_renewals(catalog, req),
    )


def _graph(catalog: Catalog, G: nx.DiGraph | None, ids: tuple[str, ...] | None) -> nx.DiGraph:
    """The graph of the credentials ``ids``, or of all (None): ``G`` when given."""
    from ..graph import build_graph

    if G is not None and ids is None:
        return G
    return build_graph(catalog, ids)


def points(optimize: str, slack: float) -> str:
    """A utility gap in the user's terms: value points, and what they are worth in weight."""
    worth = {
        "cost": f"${slack * USD_PER_YEAR:,.0f}",
        "time": f"{slack * 12:.1f} months",
        "balanced": f"${slack * USD_PER_YEAR:,.0f} or {slack * 12:.1f} months",
    }[optimize]
    return f"{slack:.3g} value points (a target skill certified counts 1), worth {worth}"


def _must_hold(ctx: Context, cid: str) -> list[str]:
    """The unasserted ``must_hold`` rules in ``cid``'s entry (not those of its prerequisites)."""
    return [c.text for _, c in walk(ctx.catalog.by_id[cid].entry)
            if isinstance(c, Text) and c.must_hold and not ctx.asserted(c.text)]


def _renewals(catalog: Catalog, req: PlanRequest) -> tuple[Any, ...]:
    if not any(h.earned for h in req.holdings):
        return ()  # most plans: no dates given, and the module stays unimported
    from .renewals import renewals

    return renewals(catalog, req.holdings, req.today)


def _unreachable(ctx: Context, goal: str) -> str:
    """Why ``goal`` cannot be reached, naming the smallest set of holdings that would open it."""
    cat, role = ctx.catalog, ctx.req.role.id
    wide = Context(cat, ctx.G, ctx.req, ctx.scope)
    wide.allowed = frozenset(
        c.id for c in ctx.credentials() if c.status not in INACTIVE and c.id not in ctx.held
    )
    c = cat.by_id[goal]
    if c.status in INACTIVE:
        return f"{goal} is {c.status}" + (f"; its successor is {c.successor}" if c.successor else "")
    routes = RouteTable(wide, ctx.held).routes(goal)
    if not routes:
        held = _must_hold(ctx, goal)
        if held:
            return (f"{goal} is out of reach for {a(role)}: each route needs a credential from "
                    f"outside this catalogue that you have not said you hold ({'; '.join(held)}); "
                    "if you hold one, add it under asserts in a profile (--profile)")
        return f"{goal} is out of reach for {a(role)}: every route to it is closed or needs a retired credential"

    def frontier(route: frozenset[str]) -> list[str]:
        # The closed credentials to hold: those the goal or an open step of the route needs
        # directly (whatever they need in turn is then not needed).
        closed = route - ctx.allowed - {goal}
        sched = schedule(wide, route)
        if sched is None:
            return sorted(closed)
        direct = {d for x in route - closed for d in sched.after.get(x, ())}
        return sorted(closed & direct)

    best = min(routes, key=lambda r: (len(frontier(r)), len(r), sorted(r)))
    missing = frontier(best)
    if not missing:
        return f"{goal} is out of reach for {a(role)}: its routes cannot be ordered"
    if len(missing) == 1:
        root = ctx.entry(missing[0])
        need = f"{missing[0]}, which needs {describe(ctx, root)}" if root is not None else missing[0]
        return (f"{goal} is out of reach for {a(role)}: it needs {need} (not open to {a(role)}); "
                f"holding {missing[0]} would open it")

    def own_needs(m: str) -> list[str]:
        # What m asks beyond the other missing credentials and what is held.
        root = ctx.entry(m)
        if root is None:
            return []
        items = ctx.items(root) if ctx.kind(root) == "all" else [root]
        return [describe(ctx, x) for x in items
                if not (ctx.is_credential(x) and (x in missing or x in ctx.held))]

    needs = [own_needs(m) for m in missing]
    common = [n for n in needs[0] if all(n in other for other in needs[1:])]
    names = ", ".join(missing[:-1]) + f" and {missing[-1]}"
    if common:
        # One shared reason reads in a line; the rest is in aipath show.
        why = f"which are not open to {a(role)} and each need {' and '.join(common)}"
    else:
        why = f"which are not open to {a(role)} ({'; '.join(f'{m} needs ' + ' and '.join(n) for m, n in zip(missing, needs) if n)})"
    return (f"{goal} is out of reach for {a(role)}: it needs {names}, {why}; holding them would "
            f"open it (aipath show ID lists each one's rules)")


def build_request(
    catalog: Catalog,
    *,
    role: str | None,
    have: Iterable[str] = (),
    no_assume: bool = False,
    wallet: Iterable[str] = (),
    profile: Any = None,
    goal: str | None = None,
    skills: Iterable[str] | None = None,
    certificates_only: bool = False,
    max_cost: float | None = None,
    max_months: float | None = None,
    optimize: str = "balanced",
    stale_months: int = 18,
    today: _dt.date | None = None,
    hours_per_week: float | None = None,
) -> PlanRequest:
    """Merge preset, ``--have``, wallet and profile into a :class:`PlanRequest` (options win
    over the profile). ``wallet`` holds catalogue ids already matched from ``--have-from``.

    Raises
    ------
    UsageError
        Unknown role, id or skill, or no role given at all.
    """
    from ..query import resolve_ids, resolve_role

    role_name = role if role is not None else getattr(profile, "background", None)
    if role_name is None:
        raise UsageError("give --role (or 'background:' in the profile)", option="--role")
    bg = resolve_role(catalog, role_name)
    holdings: dict[str, Holding] = {}
    if not no_assume and getattr(profile, "assume", True):
        for cid in bg.holds:
            holdings.setdefault(cid, Holding(cid, "preset"))
    for cid in resolve_ids(catalog, have, option="--have"):
        holdings.setdefault(cid, Holding(cid, "have"))
    for cid in resolve_ids(catalog, wallet, option="--have-from"):
        holdings.setdefault(cid, Holding(cid, "wallet"))
    if profile is not None:
        earned = dict(profile.earned)
        for cid in profile.holds:
            if cid in earned:  # the date belongs to the holding whatever else listed it
                holdings[cid] = Holding(cid, holdings[cid].source if cid in holdings
                                        else "profile", earned[cid])
            else:
                holdings.setdefault(cid, Holding(cid, "profile"))
    if goal is None and profile is not None:
        goal = profile.goal
    if goal is not None:
        resolve_ids(catalog, [goal], option="--goal")
    targets = None
    if skills is not None:
        targets = tuple(dict.fromkeys(t.strip() for s in skills for t in s.split(",") if t.strip()))
        if not targets:
            raise UsageError("give at least one skill tag", option="--skills")
        for tag in targets:
            if tag not in catalog.skills:
                raise UsageError(
                    f"unknown skill '{tag}'; valid skills: {', '.join(sorted(catalog.skills))}",
                    option="--skills",
                )

    def pick(option: float | None, attr: str) -> float | None:
        return option if option is not None else getattr(profile, attr, None)

    return PlanRequest(
        role=bg,
        holdings=tuple(holdings.values()),
        goal=goal,
        target_skills=targets,
        certificates_only=certificates_only,
        max_cost=pick(max_cost, "max_cost"),
        max_months=pick(max_months, "max_months"),
        optimize=optimize,
        stale_months=stale_months,
        today=(today or _dt.date.today()).isoformat(),
        hours_per_week=pick(hours_per_week, "hours_per_week") or 10.0,
        asserts=tuple(getattr(profile, "asserts", ())),
        experience=tuple(getattr(profile, "experience", ())),
    )
