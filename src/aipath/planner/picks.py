"""The pieces every stage of :mod:`.stack` uses: the plan being built, adding a route, the
signature credentials, the certificates, and the bounds of what a stage leaves out.

``take`` adds a route and says why; ``signature_choices`` the lightest routes that fit for
one credential the profession recognises (or says why none), ``add_signature`` plans the
first; ``add_certificates`` commits
the best certificates of :mod:`.certificates`. ``floor_weight`` and ``abandon_relaxed``
are the bounds the stages prune and report gaps with (see :mod:`.bounds`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..models import Signature
from .bounds import relaxed
from .certificates import is_core, search_certificates
from .context import Context
from .objective import NOT_CERTIFICATES, Evaluation, abandon, evaluate, fits, key, needless
from .reasons import no_certificate, over_budget, why_not
from .routes import RouteTable
from .schedule import months_floor
from .scope import Wider

__all__ = [
    "SIGNATURE_TRIALS", "Fail", "Stacked", "abandon_relaxed", "add_certificates", "add_signature",
    "floor_weight", "holds_core", "idle", "ranked", "sig_label", "sig_options",
    "signature_choices", "take", "take_signature", "tops",
]


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


class Fail(Exception):
    """A stage could not complete the plan within the budgets."""


def idle(ctx: Context, route: frozenset[str]) -> bool:
    """A route carrying a degree or licence it does not need (see objective.needless)."""
    return needless(ctx, route, frozenset()) is not None


def abandon_relaxed(ctx: Context, targets: tuple[str, ...], planned: frozenset[str]) -> None:
    """Routes were left out of a table: bound what they could give by the relaxation."""
    abandon(ctx, relaxed(ctx, targets, planned))


def floor_weight(ctx: Context, planned: frozenset[str]) -> float:
    """A lower bound on the weight of every plan containing ``planned``."""
    ev = evaluate(ctx, planned)
    return ctx.primary(ev.cost_rank, months_floor(ctx, planned))


def ranked(
    ctx: Context, routes: list[frozenset[str]], base: frozenset[str], targets: tuple[str, ...]
) -> list[frozenset[str]]:
    """Routes that can be ordered on top of ``base``, best plan first."""
    evs: list[Evaluation] = [evaluate(ctx, base | r) for r in routes]
    good = [ev for ev in evs if ev.feasible]
    good.sort(key=lambda ev: (not fits(ctx, ev), ctx.scalar(ev.cost_rank, ev.months), *key(ctx, ev, targets)[1:]))
    return [ev.planned - base for ev in good]


def sig_options(ctx: Context, sig: Signature) -> tuple[str, ...]:
    return ctx.catalog.members(sig.ref) if sig.is_class else (sig.ref,)


def sig_label(ctx: Context, sig: Signature) -> str:
    return ctx.catalog.classes[sig.ref].label if sig.is_class else sig.ref


SIGNATURE_TRIALS = 3  # a signature's lightest fitting routes each completed into a plan


def add_signature(
    ctx: Context, out: Stacked, sig: Signature, targets: tuple[str, ...], exclude: frozenset[str]
) -> None:
    """Plan ``sig`` by its lightest route that fits, or say why not."""
    choices = signature_choices(ctx, out, sig, targets, exclude)
    if choices:
        take_signature(ctx, out, sig, choices[0])


def take_signature(ctx: Context, out: Stacked, sig: Signature,
                   choice: tuple[frozenset[str], str]) -> None:
    route, target = choice
    take(ctx, out, route, target, f"recognised by your profession: {sig.why}")


def signature_choices(
    ctx: Context, out: Stacked, sig: Signature, targets: tuple[str, ...], exclude: frozenset[str]
) -> list[tuple[frozenset[str], str]]:
    """Up to SIGNATURE_TRIALS routes that plan ``sig`` and fit, lightest first, each with the
    credential it plans; empty when ``sig`` is met already or nothing fits (then a note says
    why)."""
    cat, req = ctx.catalog, ctx.req
    label = sig_label(ctx, sig)
    if sig.ref in cat.closure((*ctx.held, *out.planned)):
        return []
    options = sig_options(ctx, sig)
    core = next((c for c in sorted(out.planned) if is_core(ctx, c)), None)
    if core is not None and any(is_core(ctx, o) for o in options):  # a plan has one core degree
        options = tuple(o for o in options if not is_core(ctx, o))
        if not options:
            out.notes.append(f"{label}: not planned, as {core} is the core degree (a plan has one)")
            return []
    if req.certificates_only:
        options = tuple(o for o in options if cat.by_id[o].type != "degree")
        if not options:
            out.notes.append(f"{label}: not planned, as asked (--certificates-only). {sig.why}.")
            return []
    table = RouteTable.of(ctx, (*ctx.held, *out.planned), exclude)
    out.approximate |= table.truncated
    if table.truncated:
        abandon_relaxed(ctx, targets, out.planned)
    routes = [r for o in options for r in table.routes(o)]
    if not routes:
        reasons = [why_not(ctx, o) for o in options[:3]]
        out.notes.append(f"{label} is out of reach: " + "; ".join(dict.fromkeys(reasons)))
        return []
    order = ranked(ctx, routes, out.planned, targets)
    if sig.is_class and not req.certificates_only and out.core is None and not holds_core(ctx, out):
        # A graduate degree of the class can be the plan's core degree too: prefer one.
        order.sort(key=lambda r: not any(is_core(ctx, x) for x in r if x in options))
    choices = []
    for route in order:
        if fits(ctx, evaluate(ctx, out.planned | route)):
            target = next(o for o in sorted(options, key=lambda o: not is_core(ctx, o)) if o in route)
            choices.append((route, target))
            if len(choices) == SIGNATURE_TRIALS:
                break
    if choices:
        return choices
    ev = evaluate(ctx, out.planned | order[0]) if order else None
    if ev is None:
        out.notes.append(f"{label} cannot be ordered with the rest of the plan")
    else:
        out.notes.append(f"{label}: " + over_budget(ctx, "it", ev))
    return []


def holds_core(ctx: Context, out: Stacked) -> bool:
    return any(is_core(ctx, c) for c in (*ctx.held, *out.planned))


def take(ctx: Context, out: Stacked, route: frozenset[str], cid: str, reason: str) -> None:
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


def add_certificates(
    ctx: Context, out: Stacked, targets: tuple[str, ...], chosen: frozenset[str] | None = None,
) -> None:
    """Add the certificates that maximise the plan's value on top of it (branch and bound),
    or the ``chosen`` ones."""
    cat, base = ctx.catalog, out.planned
    if chosen is None:
        # The plan's certificate teaches a target skill when one can; else any will do.
        keep = frozenset(out.reasons)
        chosen, approx = search_certificates(ctx, base, targets, relevant=True, keep=keep)
        if chosen is None:
            if ctx.partial:  # any certificate will do: those outside the scope too
                raise Wider("a certificate that teaches no target skill")
            chosen, approx2 = search_certificates(ctx, base, targets, relevant=False, keep=keep)
            approx = approx or approx2
        out.approximate |= approx
    if chosen is None:
        raise Fail(no_certificate(ctx, base))
    for cid in sorted(chosen, key=lambda x: (cat.by_id[x].type in NOT_CERTIFICATES, x)):
        if cid in out.planned:
            continue
        c = cat.by_id[cid]
        if c.type in NOT_CERTIFICATES or not (set(c.skills) & set(targets)) and cid not in tops(ctx, chosen):
            out.part.setdefault(cid, "prerequisite")
            continue
        gained = sorted(set(c.skills) & set(targets))
        out.part[cid] = "certificate"
        out.reasons[cid] = ("covers " + ", ".join(gained)) if gained else "the lightest certificate open to you"
    out.planned = out.planned | chosen


def tops(ctx: Context, ids: frozenset[str]) -> set[str]:
    """Credentials of ``ids`` that no other of them needs."""
    needed: set[str] = set()
    sched = evaluate(ctx, ids).sched if ids else None
    if sched:
        for deps in sched.after.values():
            needed.update(deps)
    return set(ids) - needed
