"""Which certificates to add: branch and bound over the target skills.

Contract
--------
On top of a base (held, goal, signatures, core degree), choose certificate routes (from
:mod:`.routes`, never adding a graduate degree) to maximise the plan's utility
(:mod:`.objective`). The search branches on the open skill with the fewest options: each
option that raises it, then leaving it where it is. A plan's value can only reach each
skill's best available level, and each open skill costs at least the cheapest share of an
option raising it (its cheapest credential split over the skills it raises), so that bound
prunes without losing the best plan. A greedy plan comes first, as the incumbent. A degree
or licence is never planned unless a step needs it. When more than :data:`MAX_OPTIONS`
routes compete, only the :data:`ROUTES_PER_OPTION` lightest of each are kept, and the search
stops with the best plan found when the request's budget is spent; both mark it approximate.
"""

from __future__ import annotations

from typing import Any

from .context import Context
from .objective import (
    NOT_CERTIFICATES,
    Evaluation,
    evaluate,
    fits,
    is_certificate,
    key,
    skill_levels,
    spent,
    strength,
)
from .routes import RouteTable

__all__ = ["MAX_OPTIONS", "ROUTES_PER_OPTION", "is_core", "other_degrees", "search_certificates"]

MAX_OPTIONS = 400
ROUTES_PER_OPTION = 3
GREEDY_TRIALS = 40  # options tried per greedy step (the lightest that raise a skill)


class _Flag:
    approximate = False


def other_degrees(ctx: Context, keep: frozenset[str] | set[str]) -> frozenset[str]:
    """Graduate degrees outside ``keep``: what a certificate's route may not bring in."""
    return frozenset(
        c.id for c in ctx.catalog.credentials
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
    """
    out = _Flag()
    cat = ctx.catalog
    table = RouteTable(ctx, (*ctx.held, *base), other_degrees(ctx, base))
    out.approximate |= table.truncated
    per: list[tuple[str, list[frozenset[str]]]] = [
        (c.id, table.routes(c.id)) for c in cat.credentials
        if c.id not in base and c.id in ctx.allowed and c.type not in NOT_CERTIFICATES
    ]
    if sum(len(rs) for _, rs in per) > MAX_OPTIONS:
        out.approximate = True
        per = [(cid, rs[:ROUTES_PER_OPTION]) for cid, rs in per]
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

    # Per skill, the options that raise it, cheapest share first. An option adds at least
    # its cheapest credential not yet planned, so that cost split over the skills it raises
    # is a lower bound on what it costs per skill.
    by_tag: dict[str, list[tuple[float, float, frozenset[str]]]] = {t: [] for t in targets}
    for _cid, r in options:
        rest = r - base
        if not rest:
            continue
        raised = [t for t in targets if route_strength(r, t) > 0]
        cheapest = min(ctx.scalar(fig.cost(x).rank, 0.0) for x in rest)
        for t in raised:
            by_tag[t].append((cheapest / len(raised), route_strength(r, t), r))
    for t in targets:
        by_tag[t].sort(key=lambda x: x[0])

    def cost_share(tag: str, level: float, ids: frozenset[str]) -> float:
        for share, s, r in by_tag[tag]:
            if s > level and not r <= ids:
                return share
        return 0.0

    best: list[Any] = [None, None]  # key, set
    seen: set[tuple[frozenset[str], frozenset[str]]] = set()

    def consider(ids: frozenset[str], ev: Evaluation) -> None:
        if not has_cert and not any(is_certificate(ctx, c, targets, relevant) for c in ids):
            return
        # A degree or licence is planned only as the core degree or because a step needs it.
        needed = {d for deps in ev.sched.after.values() for d in deps} if ev.sched else set()
        needed |= keep | {ctx.req.goal}
        for x in base | ids:
            if cat.by_id[x].type in NOT_CERTIFICATES and x not in needed and not is_core(ctx, x):
                return
        k = key(ctx, ev, targets)
        if best[0] is None or k < best[0]:
            best[0], best[1] = k, ids

    def search(ids: frozenset[str], settled: frozenset[str]) -> None:
        """Extend ``ids``; skills in ``settled`` stay where they are."""
        if (ids, settled) in seen:
            return
        seen.add((ids, settled))
        if spent(ctx):
            out.approximate = True
            return
        ev = evaluate(ctx, base | ids)
        if not fits(ctx, ev):
            return  # budgets only tighten as credentials are added
        now = gains(base | ids)
        # Bound: each skill still open can add its gap, less the cheapest share of cost
        # (an option's cost split over the skills it raises) anything raising it would add;
        # months can only grow.
        upper = sum(now.values()) - ctx.scalar(ev.cost_rank, ev.months)
        for t in targets:
            if t not in settled and now[t] < ceiling[t]:
                share = cost_share(t, now[t], ids)
                upper += max(0.0, ceiling[t] - now[t] - share)
        if best[0] is not None and -round(upper, 9) > best[0][0]:
            return
        consider(ids, ev)
        open_tags = [t for t in targets if t not in settled and now[t] < ceiling[t]]
        if not open_tags:
            if not has_cert and not any(is_certificate(ctx, c, targets, relevant) for c in ids):
                # Nothing left to raise, but a plan needs one certificate: try each.
                usable = [o for o in options if any(is_certificate(ctx, x, targets, relevant) for x in o[1])]
                for cid, r in sorted(usable, key=lambda o: (table.proxy(o[1]), o[0])):
                    if not r <= ids:
                        search(ids | r, settled | frozenset(targets))
            return

        def raising(tag: str) -> list[tuple[str, frozenset[str]]]:
            # A route raises a skill through any of its credentials, prerequisites included.
            return [(cid, r) for cid, r in options
                    if route_strength(r, tag) > now[tag] and not r <= ids]

        tag = min(open_tags, key=lambda t: (len(raising(t)), t))
        for _cid, r in sorted(raising(tag), key=lambda b: (table.proxy(b[1] - ids), b[0])):
            search(ids | r, settled)
        search(ids, settled | {tag})  # leave this skill where it is

    # A greedy plan first: a good incumbent makes the bound prune early, and it stands in
    # when the shared search budget is already spent.
    greedy = frozenset()
    while not spent(ctx):
        ev = evaluate(ctx, base | greedy)
        if not fits(ctx, ev):
            break
        consider(greedy, ev)
        here = key(ctx, ev, targets)[0]
        steps = []
        now_g = gains(base | greedy)
        useful = [
            (cid, r) for cid, r in options
            if not r <= greedy and any(route_strength(r, t) > now_g[t] for t in targets)
        ]
        useful.sort(key=lambda o: (table.proxy(o[1] - greedy), o[0]))
        for cid, r in useful[:GREEDY_TRIALS]:
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
    return best[1], out.approximate


