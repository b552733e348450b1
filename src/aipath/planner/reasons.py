"""Words for what the stages chose or could not choose: budgets, closed credentials, core degrees.

Pure functions of the request's context; nothing here chooses.
"""

from __future__ import annotations

from .._text import a
from .certificates import is_core
from .context import Context
from .objective import NOT_CERTIFICATES, Evaluation, evaluate
from .routes import RouteTable

__all__ = [
    "core_reason", "is_graduate_degree", "misses_why", "no_certificate", "no_core", "over_budget", "serves", "why_not",
]


def is_graduate_degree(ctx: Context, cid: str) -> bool:
    c = ctx.catalog.by_id[cid]
    return c.type == "degree" and c.level == "graduate"


def serves(ctx: Context, degree: str, targets: tuple[str, ...]) -> bool:
    """Whether a degree itself teaches one of the target skills (what a core degree is for)."""
    return not set(ctx.catalog.by_id[degree].skills).isdisjoint(targets)


def core_reason(ctx: Context, d: str, targets: tuple[str, ...]) -> str:
    """Why ``d`` is the core degree: the target skills it covers, or why one covering none."""
    covered = sorted(set(targets) & set(ctx.catalog.by_id[d].skills))
    if covered:
        return f"core degree: covers {len(covered)} of {len(targets)} target skills ({', '.join(covered)})"
    return f"core degree: {misses_why(ctx, targets)}; the lightest degree that fits"


def misses_why(ctx: Context, targets: tuple[str, ...]) -> str:
    """Why a core degree that teaches none of the target skills was planned all the same."""
    req = ctx.req
    serving = [
        c.id for c in ctx.credentials()
        if is_graduate_degree(ctx, c.id) and c.id in ctx.allowed and serves(ctx, c.id, targets)
    ]
    caps = [f"--max-cost {req.max_cost:,.0f}"] if req.max_cost is not None else []
    caps += [f"--max-months {req.max_months:g}"] if req.max_months is not None else []
    if not serving:
        why = f"no graduate degree open to {a(req.role.id)} covers one"
    elif not any(RouteTable.from_held(ctx).routes(d) for d in serving):
        why = "no degree that covers one can be reached from what you hold"
    elif caps:
        why = f"no degree that covers one fits {' and '.join(caps)}"
    else:
        why = "no degree that covers one can be planned with the rest of the plan"
    return f"covers none of the target skills, because {why}"


def why_not(ctx: Context, cid: str) -> str:
    """Why ``cid`` cannot be planned for this role."""
    c = ctx.catalog.by_id[cid]
    if cid in ctx.ruled_out:
        return f"{cid} is left out of this alternative"
    if cid not in ctx.allowed:
        if not ctx.catalog.open_to(c, ctx.req.role.id):
            return f"{cid} is not open to {a(ctx.req.role.id)}"
        return f"{cid} is {c.status}"
    return f"{cid} needs something not open to {a(ctx.req.role.id)} or a route that is closed"


def over_budget(ctx: Context, what: str, ev: Evaluation) -> str:
    """``what`` needs at least $X and N months, over the caps it breaks."""
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


def no_certificate(ctx: Context, base: frozenset[str]) -> str:
    """Why no certificate can be added on top of ``base``: none open, or the lightest's figures."""
    req = ctx.req
    if req.max_cost is None and req.max_months is None:
        return f"no certificate is open to {a(req.role.id)} in this catalogue"
    table = RouteTable(ctx, (*ctx.held, *base))
    best: tuple[tuple[float, float], str, Evaluation] | None = None
    for c in ctx.credentials():
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
        + over_budget(ctx, "", best[2]).strip() + "; raise --max-cost or --max-months"
    )


def no_core(ctx: Context, planned: frozenset[str], degrees: list[str]) -> str:
    """Why none of ``degrees`` completes a plan on top of ``planned``: none is reachable, or the
    lightest one's figures."""
    table = RouteTable(ctx, (*ctx.held, *planned))
    lightest: tuple[float, str, Evaluation] | None = None
    for d in degrees:
        for route in table.routes(d):
            ev = evaluate(ctx, planned | route)
            w = ctx.scalar(ev.cost_rank, ev.months)
            one_core = not any(is_core(ctx, x) for x in route - {d})
            if ev.feasible and one_core and (lightest is None or (w, d) < lightest[:2]):
                lightest = (w, d, ev)
    if lightest is None:
        return f"no graduate degree open to {a(ctx.req.role.id)} can be reached; try --certificates-only"
    return ("no core degree fits the budget: the lightest, " + over_budget(ctx, lightest[1], lightest[2])
            + "; raise the cap or use --certificates-only")
