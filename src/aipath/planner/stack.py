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
2. the core degree, the background's signature credentials and certificates: every core
   candidate (lightest first, stopping when no later one can win) with the rest completed on
   top (each signature credential by whichever of its SIGNATURE_TRIALS lightest fitting
   routes completes the best plan, then the best certificates, :mod:`.certificates`), the
   best whole plan kept. A degree a signature names
   is the candidate when one fits, else any open degree after the signature credentials. A
   degree that teaches no target skill is planned only when none that teaches one completes a
   plan within the caps (signature credentials give way to one that does), and says so. A
   plan has one core degree; a signature credential left out is named with the reason.

Whole plans rank by :func:`_rank`: a core degree that teaches a target skill, then fewer
signature credentials left out, then the objective's key (:mod:`.objective`).

Complexity: O(R) route tables of O((V + E) * KEEP^2) each, where R is the number of stages
and core candidates; the searches share the request's budget.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from ..errors import NoPlanError
from ..models import Signature
from .bounds import relaxed
from .certificates import is_core, other_degrees
from .context import Context
from .objective import NOT_CERTIFICATES, evaluate, has_plan, key, may_fit, spent
from .objective import ceiling as value_ceiling
from .objective import abandon
from .picks import (
    Fail,
    Stacked,
    abandon_relaxed,
    add_certificates,
    add_signature,
    floor_weight,
    holds_core,
    idle,
    ranked,
    sig_label,
    sig_options,
    signature_choices,
    take,
    take_signature,
)
from .reasons import core_reason, is_graduate_degree, misses_why, no_core, over_budget, serves
from .routes import RouteTable

__all__ = ["Stacked", "stack"]


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
        goal_options = ranked(ctx, routes, base, targets)
        # A degree or licence is planned only as the core degree or because a step needs it:
        # a route carrying one its own timeline does not use is a lighter route plus an extra
        # that a later stage adds itself when a step needs it (completing it searches in vain).
        goal_options = [r for r in goal_options if not idle(ctx, r)] or goal_options
        # Lightest first by a weight that completing a route can only add to (the months
        # floor, not the route's own timeline), so the bound below can stop the loop.
        goal_options.sort(key=lambda r: floor_weight(ctx, r))
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
    top = value_ceiling(ctx, targets)  # no plan is worth more than every skill at its best
    if truncated:
        abandon_relaxed(ctx, targets, frozenset())
    for option in goal_options:
        if best is not None:
            # Completing a route only adds weight to its floor: once the floor alone leaves
            # less than the best plan's utility, no later (heavier) route can win, unless
            # the best plan ranks behind on what comes before utility (see _rank).
            upper = top - floor_weight(ctx, option)
            if best[0][:2] == (False, 0) and -round(upper, 9) > best[0][2]:
                break
            if spent(ctx):
                best[1].approximate = True
                abandon(ctx, upper)  # the routes left are no lighter than this one
                break
        try:
            out = _complete(ctx, option, targets)
        except Fail as exc:
            first_failure = first_failure or str(exc)
            continue
        # The lightest route alone is not always the best plan: an experience wait, say,
        # can overlap a degree that a cheaper-looking course cannot. Each is completed.
        k = _rank(ctx, out, targets)
        if best is None or k < best[0]:
            if best is not None:
                out.approximate |= best[1].approximate
            best = (k, out)
            has_plan(ctx, now=True)
        else:
            best[1].approximate |= out.approximate
    if best is None:
        raise NoPlanError(first_failure or "no plan fits the request")
    out = best[1]
    out.approximate |= truncated
    if req.goal is not None and req.goal not in ctx.held:
        out.reasons.setdefault(req.goal, "your goal (--goal)")
    if _misses(ctx, out, targets) and out.core is not None:  # a step on the goal's route
        out.reasons.setdefault(out.core, f"core degree on the way to {req.goal}: {misses_why(ctx, targets)}")
    return out


def _complete(
    ctx: Context, goal_route: frozenset[str], targets: tuple[str, ...],
    chosen: frozenset[str] | None = None,
) -> Stacked:
    """The plan on top of a goal route; ``chosen`` commits given certificates instead of
    searching (the optional solver's plan, :mod:`.solver`)."""
    req, cat = ctx.req, ctx.catalog
    out = Stacked(planned=goal_route)
    ev = evaluate(ctx, goal_route)
    if not may_fit(ctx, ev):
        raise Fail(over_budget(ctx, f"--goal {req.goal}", ev))
    for cid in goal_route:
        out.part.setdefault(cid, "prerequisite")
    if req.goal in goal_route:  # the goal is what it is, not a step towards itself
        goal = cat.by_id[req.goal]
        out.part[req.goal] = (
            "core-degree" if is_core(ctx, req.goal)
            else "prerequisite" if goal.type in NOT_CERTIFICATES else "certificate"
        )
    sigs = sorted(req.role.signature, key=lambda g: all(cat.by_id[o].type != "degree" for o in sig_options(ctx, g)))
    if req.certificates_only or holds_core(ctx, out):
        return _rest(ctx, out, sigs, targets, chosen)
    # A degree a signature names is the core degree when one fits, chosen by the whole plan;
    # else the signatures come first and any open degree is the core.
    own = {d: f"recognised by your profession: {g.why}" for g in reversed(sigs) for d in sig_options(ctx, g)}
    best, failure = _core_first(ctx, out, sigs, targets, own), None
    if best is None:
        try:
            best = _rest(ctx, _copy(out), sigs, targets)
        except Fail as exc:
            failure = exc
    if sigs and (best is None or _misses(ctx, best, targets)):
        second = _serving_first(ctx, out, sigs, targets, own)
        if second is not None and (best is None or not _misses(ctx, second, targets)):
            return second
    if best is None:
        raise failure or Fail("no plan fits the request")
    return best


def _serving_first(
    ctx: Context, out: Stacked, sigs: list[Signature], targets: tuple[str, ...], own: dict[str, str]
) -> Stacked | None:
    """The signatures left no room for a core degree that teaches a target skill: the core
    degree first, then what the other signatures name that still fits beside it."""
    rest = [g for g in sigs if not any(is_core(ctx, o) for o in sig_options(ctx, g))]
    best = _core_first(ctx, out, rest, targets, {d: "" for d in _degrees(ctx, out) if d not in own})
    if best is None:
        return None
    probe = _copy(out)  # what is said of each signature degree on its own
    for g in sigs:
        if g not in rest:
            add_signature(ctx, probe, g, targets, exclude=other_degrees(ctx, set(sig_options(ctx, g))))
            best.notes.append(next(
                (n for n in probe.notes if n.startswith(sig_label(ctx, g))),
                f"{sig_label(ctx, g)}: not planned, as {best.core} is the core degree (a plan has one)"))
    return best


def _copy(out: Stacked) -> Stacked:
    return replace(out, part={**out.part}, reasons={**out.reasons}, notes=[*out.notes], core_runners=[*out.core_runners])


def _degrees(ctx: Context, out: Stacked) -> list[str]:
    """The graduate degrees that could be the core degree on top of ``out``."""
    return [c.id for c in ctx.credentials()
            if is_graduate_degree(ctx, c.id) and c.id in ctx.allowed and c.id not in out.planned]


def _rest(
    ctx: Context, out: Stacked, sigs: list[Signature], targets: tuple[str, ...],
    chosen: frozenset[str] | None = None,
) -> Stacked:
    """``out`` completed: the signature credentials, then the core degree and certificates."""
    req = ctx.req
    for i, sig in enumerate(sigs):
        # Only a signature degree itself may bring a degree into the plan here: a second
        # master's is never planned to shorten the wait for a certificate.
        choices = signature_choices(ctx, out, sig, targets, exclude=other_degrees(ctx, set(sig_options(ctx, sig)) | out.planned))
        if len(choices) > 1 and chosen is None:
            return _signature_trials(ctx, out, sig, choices, sigs[i + 1:], targets)
        if choices:
            take_signature(ctx, out, sig, choices[0])
    have_core = [cid for cid in sorted((*ctx.held, *out.planned)) if is_core(ctx, cid)]
    if req.certificates_only or have_core:
        if have_core:
            held_first = sorted(have_core, key=lambda c: (c not in ctx.held, c))
            out.core = held_first[0]
            out.core_held = out.core in ctx.held
        add_certificates(ctx, out, targets, chosen)
        return out
    best = _core_first(ctx, out, [], targets, {d: "" for d in _degrees(ctx, out)})
    if best is None:
        raise Fail(no_core(ctx, out.planned, _degrees(ctx, out)))
    return best


def _signature_trials(
    ctx: Context, out: Stacked, sig: Signature, choices: list[tuple[frozenset[str], str]],
    sigs: list[Signature], targets: tuple[str, ...],
) -> Stacked:
    """The best whole plan over ``sig``'s lightest fitting routes: the lightest member of a
    class is not the best plan when another also teaches what a certificate would be added
    for (a data scientist's health-domain course that covers two courses' skills)."""
    best: tuple[tuple[Any, ...], Stacked] | None = None
    failure: Fail | None = None
    for choice in choices:
        if best is not None and spent(ctx):
            best[1].approximate = True
            abandon_relaxed(ctx, targets, out.planned)  # what the routes left could give
            break
        trial = _copy(out)
        take_signature(ctx, trial, sig, choice)
        try:
            trial = _rest(ctx, trial, sigs, targets)
        except Fail as exc:
            failure = failure or exc
            continue
        k = _rank(ctx, trial, targets)
        if best is None or k < best[0]:
            if best is not None:
                trial.approximate |= best[1].approximate
            best = (k, trial)
        else:
            best[1].approximate |= trial.approximate
    if best is None:
        raise failure or Fail("no plan fits the request")
    return best[1]


def _core_first(
    ctx: Context, out: Stacked, sigs: list[Signature], targets: tuple[str, ...], degrees: dict[str, str],
) -> Stacked | None:
    """The best whole plan whose core degree is one of ``degrees`` (id -> reason), or None.

    Each open degree with the rest (``sigs``, certificates) completed on top, the best whole
    plan kept: the lightest degree alone is not the best plan when its months overlap a wait
    the plan has anyway. Degrees that teach a target skill first, lightest first in each tier.
    """
    table = RouteTable.of(ctx, (*ctx.held, *out.planned))
    if table.truncated:
        abandon_relaxed(ctx, targets, out.planned)
    cands: list[tuple[bool, float, str, frozenset[str]]] = []
    for d in sorted(degrees):
        if not is_graduate_degree(ctx, d) or d not in ctx.allowed or d in out.planned:
            continue
        for route in table.routes(d):
            if any(is_core(ctx, x) for x in route - {d}):
                continue  # one core degree: not a second one on the way to it
            ev = evaluate(ctx, out.planned | route)
            if may_fit(ctx, ev):
                cands.append((not serves(ctx, d, targets), floor_weight(ctx, out.planned | route), d, route))
    cands.sort(key=lambda c: (*c[:3], sorted(c[3])))
    best: tuple[tuple[Any, ...], Stacked] | None = None
    runners: list[tuple[str, frozenset[str]]] = []
    top = value_ceiling(ctx, targets)
    for misses, weight, d, route in cands:
        if best is not None:
            # Once the best plan's degree serves the role, no degree that does not can win;
            # within a tier, completing a plan only adds weight to its floor, so a degree
            # whose floor alone leaves less than the best plan's utility cannot win, nor
            # any later one.
            if misses > best[0][0] or best[0][1] == 0 and -round(top - weight, 9) > best[0][2]:
                break
            if spent(ctx):
                best[1].approximate = True
                abandon(ctx, top - weight)  # the degrees left weigh no less than this one
                break
            if (misses, 0) == best[0][:2] and -round(
                    relaxed(ctx, targets, out.planned | route), 9) > best[0][2]:
                continue  # even the relaxation (any credential, each skill at its best) loses
        trial = _copy(out)
        reason = degrees[d] or core_reason(ctx, d, targets)
        if degrees[d] and misses:  # a signature degree says so too
            reason += f"; as the core degree it {misses_why(ctx, targets)}"
        take(ctx, trial, route, d, reason)
        try:
            trial = _rest(ctx, trial, sigs, targets)
        except Fail:
            continue
        runners.append((d, trial.planned - out.planned))
        k = _rank(ctx, trial, targets)
        if best is None or k < best[0]:
            best = (k, trial)
            has_plan(ctx, now=True)
    if best is None:
        return None
    best[1].approximate |= table.truncated
    best[1].core_runners = runners
    return best[1]


def _rank(ctx: Context, out: Stacked, targets: tuple[str, ...]) -> tuple[Any, ...]:
    """Smaller is better: a core degree that teaches a target skill, then fewer signature
    credentials left out (each is planned whenever it fits), then the objective's key."""
    have = ctx.catalog.closure((*ctx.held, *out.planned))
    unmet = sum(g.ref not in have for g in ctx.req.role.signature)
    return (_misses(ctx, out, targets), unmet, *key(ctx, evaluate(ctx, out.planned), targets))


def _misses(ctx: Context, out: Stacked, targets: tuple[str, ...]) -> bool:
    """Whether the plan's core degree is planned, not the goal, and teaches no target skill."""
    d = out.core
    return d is not None and not out.core_held and d != ctx.req.goal and not serves(ctx, d, targets)

