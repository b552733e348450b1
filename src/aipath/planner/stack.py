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

1. the goal, by the lightest route that lets the rest of the plan fit the budgets;
2. the background's signature credentials, degrees first, each by its lightest route that
   fits; one that cannot be planned is named with the reason, never dropped silently;
3. the core degree and certificates together, maximising the *value* of the plan: for each
   target skill, 1 if a credential that certifies it (a degree, board, licence, accredited
   or professional certification) is held or planned, 0.5 if only a course introduces it;
   minus the plan's weight under ``--optimize`` (balanced: cost / $20,000 + months / 12).
   Branch and bound over the skills (each branch a credential that raises one), with the
   best achievable value as the bound, so the first stage-3 answer is optimal.

Ties break by fewer estimated figures, then fewer rules checked by hand, then credential
ids. The searches of one request share :data:`NODE_BUDGET` timeline evaluations; past it (or when more
than :data:`MAX_OPTIONS` certificate routes compete, when only the lightest
:data:`ROUTES_PER_OPTION` of each are kept) the search stops with the best plan found and
marks it approximate. Complexity: O(R) route tables of O((V + E) * KEEP^2) each, where R is
the number of stages and core candidates; the branch and bound is bounded by the budget.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ..errors import NoPlanError
from ..models import Credential, Signature
from .context import Context
from .routes import RouteTable
from .schedule import Schedule, schedule

__all__ = ["NODE_BUDGET", "Evaluation", "Stacked", "evaluate", "stack", "value_of"]

NODE_BUDGET = 6_000  # timelines evaluated per request
MAX_OPTIONS = 400
ROUTES_PER_OPTION = 3
GREEDY_TRIALS = 40  # options tried per greedy step (the lightest that raise a skill)
CERTIFY, INTRODUCE = 1.0, 0.5
_INTRODUCING = ("course-certificate",)
_NOT_CERTIFICATES = ("degree", "licensure")


def strength(c: Credential) -> float:
    """How a credential recognises its skills: certifies (1) or introduces (0.5)."""
    if c.recognition is not None:
        return INTRODUCE if c.recognition in _INTRODUCING else CERTIFY
    return INTRODUCE if c.type in ("micro-credential", "executive-education") else CERTIFY


@dataclass(frozen=True)
class Evaluation:
    """A candidate plan's figures (estimates included) and timeline."""

    planned: frozenset[str]
    sched: Schedule | None
    cost_lo: float
    cost_hi: float
    months: float
    unknown: int
    checks: int

    @property
    def feasible(self) -> bool:
        return self.sched is not None


def evaluate(ctx: Context, planned: frozenset[str]) -> Evaluation:
    """Figures and timeline of ``planned`` (memoised on the context)."""
    memo: dict[frozenset[str], Evaluation] = ctx.__dict__.setdefault("_evals", {})
    if planned in memo:
        return memo[planned]
    ctx.__dict__["_spent"] = ctx.__dict__.get("_spent", 0) + 1
    fig = ctx.figures
    sched = schedule(ctx, planned)
    ev = Evaluation(
        planned=planned,
        sched=sched,
        cost_lo=sum(fig.cost(c).lo for c in planned),
        cost_hi=sum(fig.cost(c).hi for c in planned),
        months=sched.months if sched else math.inf,
        unknown=sum((not fig.cost(c).known) + (not fig.months(c).known) for c in planned),
        checks=sum(len(v) for v in sched.checks.values()) if sched else 0,
    )
    memo[planned] = ev
    return ev


def fits(ctx: Context, ev: Evaluation) -> bool:
    req = ctx.req
    if not ev.feasible:
        return False
    if req.max_cost is not None and ev.cost_lo > req.max_cost + 1e-9:
        return False
    return not (req.max_months is not None and ev.months > req.max_months + 1e-9)


def value_of(ctx: Context, planned: frozenset[str], targets: tuple[str, ...]) -> float:
    """Skill value of holding ``planned`` on top of what is held (before weight)."""
    cat = ctx.catalog
    best: dict[str, float] = {}
    for cid in (*ctx.held, *planned):
        c = cat.by_id[cid]
        s = strength(c)
        for tag in c.skills:
            if s > best.get(tag, 0.0):
                best[tag] = s
    return sum(best.get(t, 0.0) for t in targets)


def _key(ctx: Context, ev: Evaluation, targets: tuple[str, ...]) -> tuple[Any, ...]:
    """Smaller is better: value minus weight (negated), then the tie-breaks."""
    utility = value_of(ctx, ev.planned, targets) - ctx.scalar(ev.cost_lo, ev.months)
    return (-round(utility, 9), ev.unknown, ev.checks, sorted(ev.planned))


@dataclass
class Stacked:
    """What the stages chose, and why."""

    planned: frozenset[str]
    part: dict[str, str] = field(default_factory=dict)
    reasons: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    rejected: dict[str, list[tuple[str, frozenset[str] | None, str]]] = field(default_factory=dict)
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
        goal_options = _ranked(ctx, table.routes(req.goal), base, targets)
        if not goal_options:
            raise NoPlanError(unreachable(req.goal))
    first_failure: str | None = None
    for option in goal_options:
        try:
            out = _complete(ctx, option, targets)
        except _Fail as exc:
            first_failure = first_failure or str(exc)
            continue
        out.approximate |= truncated
        if req.goal is not None and req.goal not in ctx.held:
            out.reasons.setdefault(req.goal, "your goal (--goal)")
        return out
    raise NoPlanError(first_failure or "no plan fits the request")


def _ranked(
    ctx: Context, routes: list[frozenset[str]], base: frozenset[str], targets: tuple[str, ...]
) -> list[frozenset[str]]:
    """Routes that can be ordered on top of ``base``, best plan first."""
    evs = [evaluate(ctx, base | r) for r in routes]
    good = [ev for ev in evs if ev.feasible]
    good.sort(key=lambda ev: (not fits(ctx, ev), ctx.scalar(ev.cost_lo, ev.months), *_key(ctx, ev, targets)[1:]))
    return [ev.planned - base for ev in good]


def _complete(ctx: Context, goal_route: frozenset[str], targets: tuple[str, ...]) -> Stacked:
    req, cat = ctx.req, ctx.catalog
    out = Stacked(planned=goal_route)
    if not fits(ctx, evaluate(ctx, goal_route)):
        ev = evaluate(ctx, goal_route)
        raise _Fail(_over_budget(ctx, f"--goal {req.goal}", ev))
    for cid in goal_route:
        out.part.setdefault(cid, "prerequisite")

    def degree_first(sig: Signature) -> bool:
        opts = cat.members(sig.ref) if sig.is_class else (sig.ref,)
        return not any(cat.by_id[o].type == "degree" for o in opts)

    for sig in sorted(req.role.signature, key=degree_first):
        # Only a signature degree itself may bring a degree into the plan here: a second
        # master's is never planned to shorten the wait for a certificate.
        _signature(ctx, out, sig, targets, exclude=_other_degrees(ctx, out, sig))

    have_core = [
        cid for cid in sorted((*ctx.held, *out.planned))
        if cat.by_id[cid].type == "degree" and cat.by_id[cid].level == "graduate"
        and cat.open_to(cat.by_id[cid], req.role.id)
    ]
    if req.certificates_only or have_core:
        if have_core:
            held_first = sorted(have_core, key=lambda c: (c not in ctx.held, c))
            out.core = held_first[0]
            out.core_held = out.core in ctx.held
        _certificates(ctx, out, out.planned, targets, commit=True)
        return out
    _core_and_certificates(ctx, out, targets)
    return out


def _other_degrees(ctx: Context, out: Stacked, sig: Signature | None = None) -> frozenset[str]:
    """Graduate degrees a route may not add (all but the signature's own, if it names one)."""
    cat = ctx.catalog
    own = set(cat.members(sig.ref) if sig.is_class else (sig.ref,)) if sig is not None else set()
    return frozenset(
        c.id for c in cat.credentials
        if c.type == "degree" and c.level == "graduate" and c.id not in own
        and c.id not in out.planned
    )


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
    table = RouteTable(ctx, (*ctx.held, *out.planned), exclude)
    out.approximate |= table.truncated
    routes = [r for o in options for r in table.routes(o)]
    if not routes:
        reasons = [_why_not(ctx, o) for o in options[:3]]
        out.notes.append(f"{label} is out of reach: " + "; ".join(dict.fromkeys(reasons)))
        return
    ranked = _ranked(ctx, routes, out.planned, targets)
    if sig.is_class and not req.certificates_only and out.core is None and not _holds_core(ctx, out):
        # A graduate degree of the class can be the plan's core degree too: prefer one.
        ranked.sort(key=lambda r: not any(_is_core(ctx, x) for x in r if x in options))
    for route in ranked:
        ev = evaluate(ctx, out.planned | route)
        if fits(ctx, ev):
            target = next(o for o in sorted(options, key=lambda o: not _is_core(ctx, o)) if o in route)
            _take(ctx, out, route, target, f"recognised by your profession: {sig.why}")
            return
    ev = evaluate(ctx, out.planned | ranked[0]) if ranked else None
    if ev is None:
        out.notes.append(f"{label} cannot be ordered with the rest of the plan")
    else:
        out.notes.append(f"{label}: " + _over_budget(ctx, "it", ev))


def _is_core(ctx: Context, cid: str) -> bool:
    c = ctx.catalog.by_id[cid]
    return c.type == "degree" and c.level == "graduate" and ctx.catalog.open_to(c, ctx.req.role.id)


def _holds_core(ctx: Context, out: Stacked) -> bool:
    return any(_is_core(ctx, c) for c in (*ctx.held, *out.planned))


def _take(ctx: Context, out: Stacked, route: frozenset[str], cid: str, reason: str) -> None:
    cat = ctx.catalog
    out.planned = out.planned | route
    for x in route:
        out.part.setdefault(x, "prerequisite")
    c = cat.by_id[cid]
    out.part[cid] = (
        "core-degree" if c.type == "degree" and c.level == "graduate"
        and cat.open_to(c, ctx.req.role.id) and out.core is None
        else "prerequisite" if c.type in _NOT_CERTIFICATES else "certificate"
    )
    if out.part[cid] == "core-degree":
        out.core = cid
    out.reasons[cid] = reason


def _why_not(ctx: Context, cid: str) -> str:
    c = ctx.catalog.by_id[cid]
    if cid not in ctx.allowed:
        if not ctx.catalog.open_to(c, ctx.req.role.id):
            return f"{cid} is not open to a {ctx.req.role.id}"
        return f"{cid} is {c.status}"
    return f"{cid} needs something not open to a {ctx.req.role.id} or a route that is closed"


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
    table = RouteTable(ctx, (*ctx.held, *out.planned))
    out.approximate |= table.truncated
    degrees = [
        c.id for c in cat.credentials
        if c.type == "degree" and c.level == "graduate" and c.id in ctx.allowed
        and c.id not in out.planned
    ]
    candidates: list[tuple[float, str, frozenset[str]]] = []
    for d in degrees:
        for route in table.routes(d):
            ev = evaluate(ctx, out.planned | route)
            if ev.feasible:
                candidates.append((ctx.scalar(ev.cost_lo, ev.months), d, route))
    if not candidates:
        raise _Fail(f"no graduate degree open to a {req.role.id} can be reached; try --certificates-only")
    candidates.sort(key=lambda x: (x[0], x[1]))
    best: tuple[tuple[Any, ...], str, frozenset[str], frozenset[str]] | None = None
    ceiling = sum(CERTIFY for _ in targets)
    for weight, d, route in candidates:
        if best is not None and -(ceiling - weight) > best[0][0]:
            break  # no later degree can beat it: weights only grow from here
        if best is not None and _spent(ctx):
            out.approximate = True
            break
        base = out.planned | route
        if not fits(ctx, evaluate(ctx, base)):
            continue
        certs = _certificates(ctx, out, base, targets, commit=False)
        if certs is None:
            continue
        ev = evaluate(ctx, base | certs)
        key = _key(ctx, ev, targets)
        if best is None or key < best[0]:
            best = (key, d, route, certs)
        out.rejected.setdefault("core", []).append((d, route | certs, ""))
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
        chosen = _search_certificates(ctx, out, base, targets, relevant=True)
        if chosen is None and (commit or not _spent(ctx)):
            chosen = _search_certificates(ctx, out, base, targets, relevant=False)
        if chosen is None:
            if commit:
                raise _Fail(_no_certificate(ctx, base))
            return None
    if commit:
        before = value_of(ctx, base, targets)
        for cid in sorted(chosen, key=lambda x: (cat.by_id[x].type in _NOT_CERTIFICATES, x)):
            if cid in out.planned:
                continue
            c = cat.by_id[cid]
            if c.type in _NOT_CERTIFICATES or not (set(c.skills) & set(targets)) and cid not in _tops(ctx, chosen):
                out.part.setdefault(cid, "prerequisite")
                continue
            gained = sorted(set(c.skills) & set(targets))
            out.part[cid] = "certificate"
            out.reasons[cid] = ("covers " + ", ".join(gained)) if gained else "the lightest certificate open to you"
        out.planned = out.planned | chosen
        del before
    return chosen


def _tops(ctx: Context, ids: frozenset[str]) -> set[str]:
    """Credentials of ``ids`` that no other of them needs."""
    needed: set[str] = set()
    sched = evaluate(ctx, ids).sched if ids else None
    if sched:
        for deps in sched.after.values():
            needed.update(deps)
    return set(ids) - needed


def is_certificate(ctx: Context, cid: str, targets: tuple[str, ...], relevant: bool) -> bool:
    """A certificate-type credential (teaching a target skill, when ``relevant``)."""
    c = ctx.catalog.by_id[cid]
    return c.type not in _NOT_CERTIFICATES and (not relevant or bool(set(c.skills) & set(targets)))


def _search_certificates(
    ctx: Context, out: Stacked, base: frozenset[str], targets: tuple[str, ...], *, relevant: bool
) -> frozenset[str] | None:
    cat = ctx.catalog
    others = frozenset(
        c.id for c in cat.credentials
        if c.type == "degree" and c.level == "graduate" and c.id not in base
    )
    table = RouteTable(ctx, (*ctx.held, *base), others)
    out.approximate |= table.truncated
    per: list[tuple[str, list[frozenset[str]]]] = [
        (c.id, table.routes(c.id)) for c in cat.credentials
        if c.id not in base and c.id in ctx.allowed and c.type not in _NOT_CERTIFICATES
        and (set(c.skills) & set(targets) or not relevant or True)
    ]
    if sum(len(rs) for _, rs in per) > MAX_OPTIONS:
        out.approximate = True
        per = [(cid, rs[:ROUTES_PER_OPTION]) for cid, rs in per]
    options: list[tuple[str, frozenset[str]]] = [(cid, r) for cid, rs in per for r in rs]
    held_value = {t: 0.0 for t in targets}

    def gains(ids: frozenset[str]) -> dict[str, float]:
        best = dict(held_value)
        for cid in (*ctx.held, *ids):
            c = cat.by_id[cid]
            s = strength(c)
            for tag in c.skills:
                if tag in best and s > best[tag]:
                    best[tag] = s
        return best

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
        cheapest = min(ctx.scalar(fig.cost(x).lo, 0.0) for x in rest)
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
        needed |= set(out.reasons) | {ctx.req.goal}
        for x in base | ids:
            if cat.by_id[x].type in _NOT_CERTIFICATES and x not in needed and not _is_core(ctx, x):
                return
        key = _key(ctx, ev, targets)
        if best[0] is None or key < best[0]:
            best[0], best[1] = key, ids

    def search(ids: frozenset[str], settled: frozenset[str]) -> None:
        """Extend ``ids``; skills in ``settled`` stay where they are."""
        if (ids, settled) in seen:
            return
        seen.add((ids, settled))
        if _spent(ctx):
            out.approximate = True
            return
        ev = evaluate(ctx, base | ids)
        if not fits(ctx, ev):
            return  # budgets only tighten as credentials are added
        now = gains(base | ids)
        # Bound: each skill still open can add its gap, less the cheapest share of cost
        # (an option's cost split over the skills it raises) anything raising it would add;
        # months can only grow.
        upper = sum(now.values()) - ctx.scalar(ev.cost_lo, ev.months)
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
    while not _spent(ctx):
        ev = evaluate(ctx, base | greedy)
        if not fits(ctx, ev):
            break
        consider(greedy, ev)
        here = _key(ctx, ev, targets)[0]
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
                steps.append((_key(ctx, trial, targets)[0], table.proxy(r - greedy), cid, r))
        if not steps:
            break
        steps.sort(key=lambda x: (x[0], x[1], x[2]))
        if steps[0][0] >= here and (best[1] is not None):
            break
        greedy = greedy | steps[0][3]
        if len(greedy) > len(options):
            break
    search(frozenset(), frozenset())
    return best[1]


def _spent(ctx: Context) -> bool:
    """Whether the request's search budget (timelines evaluated) is used up."""
    return int(ctx.__dict__.get("_spent", 0)) > NODE_BUDGET


def _no_certificate(ctx: Context, base: frozenset[str]) -> str:
    req = ctx.req
    if req.max_cost is None and req.max_months is None:
        return f"no certificate is open to a {req.role.id} in this catalogue"
    table = RouteTable(ctx, (*ctx.held, *base))
    best: tuple[tuple[float, float], str, Evaluation] | None = None
    for c in ctx.catalog.credentials:
        if c.id in ctx.allowed and c.type not in _NOT_CERTIFICATES and c.id not in base:
            for r in table.routes(c.id)[:1]:
                ev = evaluate(ctx, base | r)
                key = (ev.cost_lo, ev.months) if req.max_cost is not None else (ev.months, ev.cost_lo)
                if ev.feasible and (best is None or (key, c.id) < (best[0], best[1])):
                    best = (key, c.id, ev)
    if best is None:
        return f"no certificate is open to a {req.role.id} in this catalogue"
    return (
        "no certificate fits the budget: the lightest plan, with " + best[1] + ", "
        + _over_budget(ctx, "", best[2]).strip() + "; raise --max-cost or --max-months"
    )
