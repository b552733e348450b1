"""Which credentials to stack: the goal, what the profession recognises, a core degree, certificates.

Contract
--------
A *plan* is a set P of credentials the request allows (see :mod:`.routes`) that can be
ordered so that every entry holds from what is held and the steps before it, that contains
the ``--goal`` (unless held), at least one certificate, and, unless ``--certificates-only``
or a graduate degree of the role is held or planned, exactly one core degree (a graduate
degree open to the role). Budgets are hard: the plan's cost (known figures plus estimates,
low ends) is at most ``--max-cost`` and its timeline (waits included) at most
``--max-months``.

Stages, each over every route the route table keeps (so exact unless it was truncated):

1. the goal, by each of its routes in turn (lightest first), the rest of the plan completed
   on top of each and the best whole plan kept (a route whose rest cannot be completed
   within the budgets is skipped);
2. the background's signature credentials, degrees first, each by its lightest route that
   fits; one that cannot be planned is named with the reason, never dropped silently;
3. the core degree and certificates together: every core candidate (lightest first, stopping
   when no later one can win) with the best certificates on top of it
   (:mod:`.certificates`), judged by the plan's utility (:mod:`.objective`).

Complexity: O(R) route tables of O((V + E) * KEEP^2) each, where R is the number of stages
and core candidates; the searches share the request's budget.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .._text import a
from ..errors import NoPlanError
from ..models import Signature
from .certificates import is_core, other_degrees, search_certificates
from .context import Context
from .objective import (
    NOT_CERTIFICATES, Evaluation, abandon, ceiling, evaluate, fits, key, may_fit, spent,
)
from .bounds import relaxed
from .routes import RouteTable
from .schedule import months_floor

__all__ = ["Stacked", "stack"]


@dataclass
class Stacked:
    """What the stages chose, and why."""

    planned: frozenset[str]
    part: dict[str, str] = field(default_factory=dict)
    reasons: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    core_runners: list[tuple[str, frozenset[str]]] = field(default_factory=list)  # degree, plan part
    core: str | None = None
    core_held: bool = False
    approximate: bool = False


class _Fail(Exception):
    """A stage could not complete the plan within the budgets."""


def stack(ctx: Context, targets: tuple[str, ...], unreachable: Callable[[str], str]) -> Stacked:
    """Run the stages for ``ctx.req``; raise NoPlanError when no plan exists."""
    req = ctx.req
    base: frozenset[str] = frozenset()
    goal_options: list[frozenset[str]] = [frozenset()]
    table = RouteTable.from_held(ctx)
    truncated = table.truncated
    if req.goal is not None and req.goal not in ctx.held:
        # A plan has one core degree at most (none with --certificates-only or one held):
        # a route that brings in more, a master's counting as a bachelor's, say, is not one.
        cores = 0 if req.certificates_only or any(is_core(ctx, h) for h in ctx.held) else 1
        routes = [r for r in table.routes(req.goal) if sum(is_core(ctx, x) for x in r) <= cores]
        goal_options = _ranked(ctx, routes, base, targets)
        # Lightest first by a weight that completing a route can only add to (the months
        # floor, not the route's own timeline), so the bound below can stop the loop.
        goal_options.sort(key=lambda r: _floor_weight(ctx, r))
        if not goal_options:
            if table.routes(req.goal):
                raise NoPlanError(
                    f"{req.goal} can only be reached through a graduate degree, which "
                    + ("--certificates-only rules out" if req.certificates_only
                       else "a plan cannot add on top of the one it has")
                )
            raise NoPlanError(unreachable(req.goal))
    first_failure: str | None = None
    best: tuple[tuple[Any, ...], Stacked] | None = None
    top = ceiling(ctx, targets)  # no plan is worth more than every skill at its best level
    if truncated:
        _relaxed(ctx, targets, frozenset())
    for option in goal_options:
        if best is not None:
            # Completing a route only adds weight to its floor: once the floor alone leaves
            # less than the best plan's utility, no later (heavier) route can win.
            upper = top - _floor_weight(ctx, option)
            if -round(upper, 9) > best[0][0]:
                break
            if spent(ctx):
                best[1].approximate = True
                abandon(ctx, upper)  # the routes left are no lighter than this one
                break
        try:
            out = _complete(ctx, option, targets)
        except _Fail as exc:
            first_failure = first_failure or str(exc)
            continue
        # The lightest route alone is not always the best plan: an experience wait, say,
        # can overlap a degree that a cheaper-looking course cannot. Each is completed.
        k = key(ctx, evaluate(ctx, out.planned), targets)
        if best is None or k < best[0]:
            if best is not None:
                out.approximate |= best[1].approximate
            best = (k, out)
        else:
            best[1].approximate |= out.approximate
    if best is None:
        raise NoPlanError(first_failure or "no plan fits the request")
    out = best[1]
    out.approximate |= truncated
    if req.goal is not None and req.goal not in ctx.held:
        out.reasons.setdefault(req.goal, "your goal (--goal)")
    return out


def _relaxed(ctx: Context, targets: tuple[str, ...], planned: frozenset[str]) -> None:
    """Routes were left out of a table: bound what they could give by the relaxation."""
    abandon(ctx, relaxed(ctx, targets, planned))


def _floor_weight(ctx: Context, planned: frozenset[str]) -> float:
    """A lower bound on the weight of every plan containing ``planned``."""
    ev = evaluate(ctx, planned)
    return ctx.primary(ev.cost_rank, months_floor(ctx, planned))


def _ranked(
    ctx: Context, routes: list[frozenset[str]], base: frozenset[str], targets: tuple[str, ...]
) -> list[frozenset[str]]:
    """Routes that can be ordered on top of ``base``, best plan first."""
    evs = [evaluate(ctx, base | r) for r in routes]
    good = [ev for ev in evs if ev.feasible]
    good.sort(key=lambda ev: (not fits(ctx, ev), ctx.scalar(ev.cost_rank, ev.months), *key(ctx, ev, targets)[1:]))
    return [ev.planned - base for ev in good]


def _complete(
    ctx: Context, goal_route: frozenset[str], targets: tuple[str, ...],
    chosen: frozenset[str] | None = None,
) -> Stacked:
    req, cat = ctx.req, ctx.catalog
    out = Stacked(planned=goal_route)
    ev = evaluate(ctx, goal_route)
    if not may_fit(ctx, ev):
        raise _Fail(_over_budget(ctx, f"--goal {req.goal}", ev))
    for cid in goal_route:
        out.part.setdefault(cid, "prerequisite")
    if req.goal in goal_route:  # the goal is what it is, not a step towards itself
        goal = cat.by_id[req.goal]
        out.part[req.goal] = (
            "core-degree" if is_core(ctx, req.goal)
            else "prerequisite" if goal.type in NOT_CERTIFICATES else "certificate"
        )

    def degree_first(sig: Signature) -> bool:
        opts = cat.members(sig.ref) if sig.is_class else (sig.ref,)
        return not any(cat.by_id[o].type == "degree" for o in opts)

    for sig in sorted(req.role.signature, key=degree_first):
        # Only a signature degree itself may bring a degree into the plan here: a second
        # master's is never planned to shorten the wait for a certificate.
        own = set(cat.members(sig.ref) if sig.is_class else (sig.ref,))
        _signature(ctx, out, sig, targets, exclude=other_degrees(ctx, own | out.planned))

    have_core = [cid for cid in sorted((*ctx.held, *out.planned)) if is_core(ctx, cid)]
    if req.certificates_only or have_core:
        if have_core:
            held_first = sorted(have_core, key=lambda c: (c not in ctx.held, c))
            out.core = held_first[0]
            out.core_held = out.core in ctx.held
        _certificates(ctx, out, out.planned, targets, commit=True, chosen=chosen)
        return out
    _core_and_certificates(ctx, out, targets)
    return out


def _signature(
    ctx: Context, out: Stacked, sig: Signature, targets: tuple[str, ...], exclude: frozenset[str]
) -> None:
    cat, req = ctx.catalog, ctx.req
    label = cat.classes[sig.ref].label if sig.is_class else sig.ref
    if sig.ref in cat.closure((*ctx.held, *out.planned)):
        return
    options = cat.members(sig.ref) if sig.is_class else (sig.ref,)
    if req.certificates_only:
        options = tuple(o for o in options if cat.by_id[o].type != "degree")
        if not options:
            out.notes.append(f"{label}: not planned, as asked (--certificates-only). {sig.why}.")
            return
    table = RouteTable.of(ctx, (*ctx.held, *out.planned), exclude)
    out.approximate |= table.truncated
    if table.truncated:
        _relaxed(ctx, targets, out.planned)
    routes = [r for o in options for r in table.routes(o)]
    if not routes:
        reasons = [_why_not(ctx, o) for o in options[:3]]
        out.notes.append(f"{label} is out of reach: " + "; ".join(dict.fromkeys(reasons)))
        return
    ranked = _ranked(ctx, routes, out.planned, targets)
    if sig.is_class and not req.certificates_only and out.core is None and not _holds_core(ctx, out):
        # A graduate degree of the class can be the plan's core degree too: prefer one.
        ranked.sort(key=lambda r: not any(is_core(ctx, x) for x in r if x in options))
    for route in ranked:
        ev = evaluate(ctx, out.planned | route)
        if fits(ctx, ev):
            target = next(o for o in sorted(options, key=lambda o: not is_core(ctx, o)) if o in route)
            _take(ctx, out, route, target, f"recognised by your profession: {sig.why}")
            return
    ev = evaluate(ctx, out.planned | ranked[0]) if ranked else None
    if ev is None:
        out.notes.append(f"{label} cannot be ordered with the rest of the plan")
    else:
        out.notes.append(f"{label}: " + _over_budget(ctx, "it", ev))


def _holds_core(ctx: Context, out: Stacked) -> bool:
    return any(is_core(ctx, c) for c in (*ctx.held, *out.planned))


def _take(ctx: Context, out: Stacked, route: frozenset[str], cid: str, reason: str) -> None:
    cat = ctx.catalog
    out.planned = out.planned | route
    for x in route:
        out.part.setdefault(x, "prerequisite")
    c = cat.by_id[cid]
    out.part[cid] = (
        "core-degree" if is_core(ctx, cid) and out.core is None
        else "prerequisite" if c.type in NOT_CERTIFICATES else "certificate"
    )
    if out.part[cid] == "core-degree":
        out.core = cid
    out.reasons[cid] = reason


def _why_not(ctx: Context, cid: str) -> str:
    c = ctx.catalog.by_id[cid]
    if cid not in ctx.allowed:
        if not ctx.catalog.open_to(c, ctx.req.role.id):
            return f"{cid} is not open to {a(ctx.req.role.id)}"
        return f"{cid} is {c.status}"
    return f"{cid} needs something not open to {a(ctx.req.role.id)} or a route that is closed"


def _over_budget(ctx: Context, what: str, ev: Evaluation) -> str:
    req = ctx.req
    over = []
    if req.max_cost is not None and ev.cost_lo > req.max_cost:
        over.append(f"--max-cost {req.max_cost:,.0f}")
    if req.max_months is not None and ev.months > req.max_months:
        over.append(f"--max-months {req.max_months:g}")
    return (
        f"{what} needs at least ${ev.cost_lo:,.0f} and {ev.months:.1f} months on its timeline "
        f"(estimates included), over {' and '.join(over) or 'the budgets'}"
    )


# --- core degree and certificates ---------------------------------------------------------------


def _core_and_certificates(ctx: Context, out: Stacked, targets: tuple[str, ...]) -> None:
    cat, req = ctx.catalog, ctx.req
    table = RouteTable.of(ctx, (*ctx.held, *out.planned))
    out.approximate |= table.truncated
    if table.truncated:
        _relaxed(ctx, targets, out.planned)
    degrees = [
        c.id for c in cat.credentials
        if c.type == "degree" and c.level == "graduate" and c.id in ctx.allowed
        and c.id not in out.planned
    ]
    candidates: list[tuple[float, str, frozenset[str]]] = []
    for d in degrees:
        for route in table.routes(d):
            if any(is_core(ctx, x) for x in route - {d}):
                continue  # one core degree: not a second one on the way to it
            ev = evaluate(ctx, out.planned | route)
            if ev.feasible:
                candidates.append((_floor_weight(ctx, out.planned | route), d, route))
    if not candidates:
        raise _Fail(f"no graduate degree open to {a(req.role.id)} can be reached; try --certificates-only")
    candidates.sort(key=lambda x: (x[0], x[1]))
    best: tuple[tuple[Any, ...], str, frozenset[str], frozenset[str]] | None = None
    top = ceiling(ctx, targets)
    for weight, d, route in candidates:
        if best is not None and -round(top - weight, 9) > best[0][0]:
            break  # no later degree can beat it: floors only grow from here
        if best is not None and spent(ctx):
            out.approximate = True
            abandon(ctx, top - weight)  # the degrees left weigh no less than this one
            break
        base = out.planned | route
        if not may_fit(ctx, evaluate(ctx, base)):
            continue
        certs = _certificates(ctx, out, base, targets, commit=False)
        if certs is None:
            continue
        ev = evaluate(ctx, base | certs)
        k = key(ctx, ev, targets)
        if best is None or k < best[0]:
            best = (k, d, route, certs)
        out.core_runners.append((d, route | certs))
    if best is None:
        lightest = candidates[0]
        ev = evaluate(ctx, out.planned | lightest[2])
        raise _Fail(
            "no core degree fits the budget: the lightest, "
            + _over_budget(ctx, lightest[1], ev) + "; raise the cap or use --certificates-only"
        )
    _, d, route, certs = best
    covered = sorted(set(targets) & _skills(ctx, route))
    _take(ctx, out, route, d,
          "core degree: covers " + (f"{len(covered)} of {len(targets)} target skills ({', '.join(covered)})"
                                    if covered else "none of the target skills, but is the lightest open degree"))
    out.core = d
    _certificates(ctx, out, out.planned, targets, commit=True, chosen=certs)


def _skills(ctx: Context, ids: frozenset[str]) -> set[str]:
    out: set[str] = set()
    for cid in ids:
        out.update(ctx.catalog.by_id[cid].skills)
    return out


def _certificates(
    ctx: Context, out: Stacked, base: frozenset[str], targets: tuple[str, ...], *,
    commit: bool, chosen: frozenset[str] | None = None,
) -> frozenset[str] | None:
    """The certificates that maximise the plan's value on top of ``base`` (branch and bound)."""
    cat = ctx.catalog
    if chosen is None:
        # The plan's certificate teaches a target skill when one can; else any will do.
        keep = frozenset(out.reasons)
        chosen, approx = search_certificates(ctx, base, targets, relevant=True, keep=keep)
        if chosen is None:
            chosen, approx2 = search_certificates(ctx, base, targets, relevant=False, keep=keep)
            approx = approx or approx2
        out.approximate |= approx
        if chosen is None:
            if commit:
                raise _Fail(_no_certificate(ctx, base))
            return None
    if commit:
        for cid in sorted(chosen, key=lambda x: (cat.by_id[x].type in NOT_CERTIFICATES, x)):
            if cid in out.planned:
                continue
            c = cat.by_id[cid]
            if c.type in NOT_CERTIFICATES or not (set(c.skills) & set(targets)) and cid not in _tops(ctx, chosen):
                out.part.setdefault(cid, "prerequisite")
                continue
            gained = sorted(set(c.skills) & set(targets))
            out.part[cid] = "certificate"
            out.reasons[cid] = ("covers " + ", ".join(gained)) if gained else "the lightest certificate open to you"
        out.planned = out.planned | chosen
    return chosen


def _tops(ctx: Context, ids: frozenset[str]) -> set[str]:
    """Credentials of ``ids`` that no other of them needs."""
    needed: set[str] = set()
    sched = evaluate(ctx, ids).sched if ids else None
    if sched:
        for deps in sched.after.values():
            needed.update(deps)
    return set(ids) - needed


def _no_certificate(ctx: Context, base: frozenset[str]) -> str:
    req = ctx.req
    if req.max_cost is None and req.max_months is None:
        return f"no certificate is open to {a(req.role.id)} in this catalogue"
    table = RouteTable.of(ctx, (*ctx.held, *base))
    best: tuple[tuple[float, float], str, Evaluation] | None = None
    for c in ctx.catalog.credentials:
        if c.id in ctx.allowed and c.type not in NOT_CERTIFICATES and c.id not in base:
            for r in table.routes(c.id)[:1]:
                ev = evaluate(ctx, base | r)
                lightest = (ev.cost_lo, ev.months) if req.max_cost is not None else (ev.months, ev.cost_lo)
                if ev.feasible and (best is None or (lightest, c.id) < (best[0], best[1])):
                    best = (lightest, c.id, ev)
    if best is None:
        return f"no certificate is open to {a(req.role.id)} in this catalogue"
    return (
        "no certificate fits the budget: the lightest plan, with " + best[1] + ", "
        + _over_budget(ctx, "", best[2]).strip() + "; raise --max-cost or --max-months"
    )
