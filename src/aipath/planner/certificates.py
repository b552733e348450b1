"""Which certificates to add: branch and bound over the target skills.

Contract
--------
On top of a base (held, goal, signatures, core degree), choose certificate routes (from
:mod:`.routes`, never adding a graduate degree) to maximise the plan's utility
(:mod:`.objective`). Options are each certificate's routes from the base and, less the
base, from what is held alone (a route reaching what the base has another way can start a
step sooner). The search branches on the open skill with the fewest options: each option
that raises it, then leaving it where it is; with every skill settled, each option with a
credential that helps meet a planned credential's entry and can finish before that step
starts (it raises no skill, but the step may start sooner). It prunes with :class:`.bounds.Teachers` (each
open skill at its best teacher less that teacher's cost share, months at the floor of
:func:`.schedule.months_floor`, which never shrinks as credentials are added) and with the
budgets on cost and that floor, so no plan the options can make is lost. A greedy plan
comes first, as the incumbent. A degree or licence is planned only when the plan needs it
(:func:`.objective.needless`).

Anytime: each search node evaluated counts against the request's budget
(:data:`.objective.NODE_BUDGET`). When it is spent, or when more than :data:`MAX_OPTIONS`
routes compete (only the :data:`ROUTES_PER_OPTION` lightest of each are kept), the best
plan found is returned and the bound of what was left unexplored is recorded
(:func:`.objective.abandon`), so the plan states how far from the best it can be at most.
"""

from __future__ import annotations

from typing import Any

from .context import Context
from .objective import (
    NOT_CERTIFICATES,
    Evaluation,
    abandon,
    evaluate,
    fits,
    is_certificate,
    has_plan,
    key,
    needless,
    skill_levels,
    spent,
    value_of,
    strength,
)
from ..errors import NoPlanError
from .bounds import Teachers, relaxed
from .routes import RouteTable
from .schedule import INF, earliest, months_floor

__all__ = ["MAX_OPTIONS", "ROUTES_PER_OPTION", "is_core", "other_degrees", "search_certificates"]

MAX_OPTIONS = 400
ROUTES_PER_OPTION = 3
GREEDY_TRIALS = 40  # options tried per greedy step (the lightest that raise a skill)
GREEDY_TIMELINES = 6  # of those, the ones whose timeline is evaluated


class _Flag:
    approximate = False


def other_degrees(ctx: Context, keep: frozenset[str] | set[str]) -> frozenset[str]:
    """Graduate degrees outside ``keep``: what a certificate's route may not bring in."""
    return frozenset(
        c.id for c in ctx.credentials()
        if c.type == "degree" and c.level == "graduate" and c.id not in keep
    )


def is_core(ctx: Context, cid: str) -> bool:
    """A graduate degree open to the role: what can be the plan's core degree."""
    c = ctx.catalog.by_id[cid]
    return c.type == "degree" and c.level == "graduate" and ctx.catalog.open_to(c, ctx.req.role.id)


def search_certificates(
    ctx: Context, base: frozenset[str], targets: tuple[str, ...], *, relevant: bool,
    keep: frozenset[str] = frozenset(),
) -> tuple[frozenset[str] | None, bool]:
    """The certificates that make the best plan on top of ``base``, and whether it is approximate.

    ``relevant`` asks that the plan's certificate teach a target skill; ``keep`` names
    credentials of the base chosen for themselves (the goal, signatures), which stay even when
    no step needs them. Returns None when no set of certificates fits the budgets.

    The runs of ``--alternatives`` share their answers (``ctx._memo``, see :mod:`.alternatives`):
    an exact answer found with fewer credentials ruled out stands when it uses none of those
    ruled out now, since ruling out more only takes sets away.
    """
    memo = ctx.__dict__.get("_memo")  # None on the default path
    if memo is None:
        return _search(ctx, base, targets, relevant, keep)
    k = (base, targets, relevant, keep)
    # The request's own run (nothing ruled out) only records: it must search as plan() does.
    for ruled, got in memo.get(k, ()) if ctx.ruled_out else ():
        if ruled <= ctx.ruled_out and (got is None or got.isdisjoint(ctx.ruled_out)):
            return got, False
    got, approximate = _search(ctx, base, targets, relevant, keep)
    if not approximate:
        memo.setdefault(k, []).append((ctx.ruled_out, got))
    return got, approximate


def _search(
    ctx: Context, base: frozenset[str], targets: tuple[str, ...], relevant: bool,
    keep: frozenset[str],
) -> tuple[frozenset[str] | None, bool]:
    out = _Flag()
    cat, req = ctx.catalog, ctx.req
    excluded = other_degrees(ctx, base)
    table = RouteTable.of(ctx, (*ctx.held, *base), excluded)
    out.approximate |= table.truncated
    # Routes from what is held alone too, less the base: a route that reaches what the base
    # already has another way (a 1-month credential that counts as a planned 12-month
    # degree) can let a step start sooner. (One table for every base: its routes through
    # an excluded degree are dropped.)
    wide = RouteTable.from_held(ctx)

    def routes(cid: str) -> list[frozenset[str]]:
        extra = [r - base for r in wide.routes(cid) if not (r & excluded)] if base else []
        return list(dict.fromkeys([*table.routes(cid), *extra]))

    per: list[tuple[str, list[frozenset[str]]]] = [
        (c.id, routes(c.id)) for c in ctx.credentials()
        if c.id not in base and c.id in ctx.allowed and c.type not in NOT_CERTIFICATES
    ]
    if sum(len(rs) for _, rs in per) > MAX_OPTIONS:
        out.approximate = True
        per = [(cid, rs[:ROUTES_PER_OPTION]) for cid, rs in per]
    if out.approximate:
        # Routes were left out: what they could give is bounded by the relaxation (every
        # skill at its best level, the base's weight at its floor).
        abandon(ctx, relaxed(ctx, targets, base))
    options: list[tuple[str, frozenset[str]]] = [(cid, r) for cid, rs in per for r in rs]

    def gains(ids: frozenset[str]) -> dict[str, float]:
        return skill_levels(ctx, ids, targets)

    ceiling = gains(base | frozenset(x for _, r in options for x in r))
    # Any certificate of the plan counts, a prerequisite of the core included.
    has_cert = any(is_certificate(ctx, c, targets, relevant) for c in base)
    strengths: dict[tuple[frozenset[str], str], float] = {}

    def route_strength(r: frozenset[str], tag: str) -> float:
        key = (r, tag)
        if key not in strengths:
            strengths[key] = max(
                (strength(cat.by_id[x]) for x in r if tag in cat.by_id[x].skills), default=0.0
            )
        return strengths[key]

    fig = ctx.figures

    # Per skill, the options that teach it at all, in the options' order.
    raisers: dict[str, list[tuple[float, str, frozenset[str]]]] = {t: [] for t in targets}
    for cid, r in options:
        for t in targets:
            s = route_strength(r, t)
            if s > 0:
                raisers[t].append((s, cid, r))
    teachers = Teachers(ctx, targets, {x for _, r in options for x in r})

    first = earliest(ctx)
    holding: dict[str, list[int]] = {}  # credential -> the options whose route has it
    for i, (_, r) in enumerate(options):
        for x in r:
            holding.setdefault(x, []).append(i)
    entering: dict[str, list[tuple[float, int, str]]] = {}

    def sooner(planned: frozenset[str], start: dict[str, float]) -> list[tuple[str, frozenset[str]]]:
        """The options with a credential that can finish before a planned one it helps to
        enter starts (no other can move a step earlier: a credential never finishes before
        :func:`.schedule.earliest`)."""
        found: set[int] = set()
        for p in planned:
            if p not in entering:
                entering[p] = sorted((first.get(x, INF), i, x) for x in ctx.enters(p)
                                     for i in holding.get(x, ()))
            for e, i, x in entering[p]:
                if e >= start.get(p, 0.0):
                    break
                if x not in planned:
                    found.add(i)
        return [options[i] for i in sorted(found)]

    best: list[Any] = [None, None]  # key, set
    seen: set[tuple[frozenset[str], frozenset[str]]] = set()

    def consider(ids: frozenset[str], ev: Evaluation) -> None:
        if not has_cert and not any(is_certificate(ctx, c, targets, relevant) for c in ids):
            return
        if not fits(ctx, ev):
            return
        # A degree or licence is planned only as the core degree or because a step needs it.
        if needless(ctx, base | ids, keep) is not None:
            return
        k = key(ctx, ev, targets)
        if best[0] is None or k < best[0]:
            best[0], best[1] = k, ids

    def search(ids: frozenset[str], settled: frozenset[str]) -> None:
        """Extend ``ids``; skills in ``settled`` stay where they are."""
        if (ids, settled) in seen:
            return
        seen.add((ids, settled))
        ctx.__dict__["_nodes"] = ctx.__dict__.get("_nodes", 0) + 1  # pruned ones count too
        planned = base | ids
        cost_lo = sum(fig.cost(c).lo for c in planned)
        floor = months_floor(ctx, planned)
        if (req.max_cost is not None and cost_lo > req.max_cost + 1e-9) or (
            req.max_months is not None and floor > req.max_months + 1e-9
        ):
            return  # cost and the months floor only grow as credentials are added
        now = gains(planned)
        # The bound of .bounds: months at their floor (the timeline itself can shrink as
        # credentials are added, the floor cannot), each open skill at its best teacher.
        upper = teachers.upper(planned, now, settled, sum(fig.cost(c).rank for c in planned), floor)
        if best[0] is not None and -round(upper, 9) > best[0][0]:
            return
        if spent(ctx, found=best[0] is not None or has_plan(ctx)):
            out.approximate = True
            abandon(ctx, upper)
            return
        ev = evaluate(ctx, planned)
        if not ev.feasible:
            return  # (a union of routes on an orderable base always is)
        consider(ids, ev)
        open_tags = [t for t in targets if t not in settled and now[t] < ceiling[t]]
        if not open_tags:
            every = frozenset(targets)
            if not has_cert and not any(is_certificate(ctx, c, targets, relevant) for c in ids):
                # Nothing left to raise, but a plan needs one certificate: try each.
                usable = [o for o in options if any(is_certificate(ctx, x, targets, relevant) for x in o[1])]
                for cid, r in sorted(usable, key=lambda o: (table.proxy(o[1]), o[0])):
                    if not r <= ids:
                        search(ids | r, settled | every)
            # A route that raises no skill can still meet a planned step's entry sooner
            # (a 1-month course that counts as what the core degree asks): try each.
            assert ev.sched is not None
            for cid, r in sorted(sooner(planned, ev.sched.start), key=lambda o: (table.proxy(o[1] - ids), o[0])):
                search(ids | r, settled | every)
            return

        def raising(tag: str) -> list[tuple[str, frozenset[str]]]:
            # A route raises a skill through any of its credentials, prerequisites included.
            return [(cid, r) for s, cid, r in raisers[tag] if s > now[tag] and not r <= ids]

        tag = min(open_tags, key=lambda t: (len(raising(t)), t))
        for _cid, r in sorted(raising(tag), key=lambda b: (table.proxy(b[1] - ids), b[0])):
            search(ids | r, settled)
        search(ids, settled | {tag})  # leave this skill where it is

    # A greedy plan first: a good incumbent makes the bound prune early, and it stands in
    # when the shared search budget is already spent.
    greedy = frozenset()
    while not spent(ctx, found=best[0] is not None or has_plan(ctx)):
        ev = evaluate(ctx, base | greedy)
        if not fits(ctx, ev):
            break
        consider(greedy, ev)
        here = key(ctx, ev, targets)[0]
        steps = []
        now_g = gains(base | greedy)
        useful = list(dict.fromkeys(
            (cid, r) for t in targets for s, cid, r in raisers[t]
            if s > now_g[t] and not r <= greedy
        ))
        useful.sort(key=lambda o: (table.proxy(o[1] - greedy), o[0]))
        # Of the lightest, only the few that look best on cheap figures (value, cost and the
        # months floor, no timeline) get a timeline.
        def looks(o: tuple[str, frozenset[str]]) -> tuple[float, float, str]:
            ids = base | greedy | o[1]
            cost = sum(fig.cost(c).rank for c in ids)
            return (-(value_of(ctx, ids, targets) - ctx.primary(cost, months_floor(ctx, ids))),
                    table.proxy(o[1] - greedy), o[0])

        for cid, r in sorted(useful[:GREEDY_TRIALS], key=looks)[:GREEDY_TIMELINES]:
            trial = evaluate(ctx, base | greedy | r)
            if fits(ctx, trial):
                steps.append((key(ctx, trial, targets)[0], table.proxy(r - greedy), cid, r))
        if not steps:
            break
        steps.sort(key=lambda x: (x[0], x[1], x[2]))
        if steps[0][0] >= here and (best[1] is not None):
            break
        greedy = greedy | steps[0][3]
        if len(greedy) > len(options):
            break
    search(frozenset(), frozenset())
    if best[1] is None and spent(ctx, found=False):
        raise NoPlanError(
            "no plan was found within the search budget (a plan may exist): narrow the "
            "request with --goal, --skills or --certificates-only"
        )
    return best[1], out.approximate


