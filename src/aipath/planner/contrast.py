"""How an alternative differs from the best plan, in one line an adviser would say.

Contract
--------
:func:`differs` is a pure function of the catalogue and two plans. It says, in this order:
what is swapped (the core degree, then the certificates in and out, by id: "X instead of
Y", "adds X", "without Y"); the difference in published cost ("+$4,100", "-$900 to +$200"
when the low and high ends move apart), naming every step whose price is unpublished in one
plan and not the other, since an unknown price is never counted as $0; the difference in
months on the timeline ("6 months shorter", marked when estimated lengths enter it); the
target skills it certifies or introduces that the best does not, and those it only
introduces or leaves uncovered; the credentials the profession recognises that it leaves
out or meets; and the labelled entry options of a step both plans share that it opens or
loses ("opens ancc-informatics-nursing's graduate-programme option"). Linear in the steps
and their entry rules.
"""

from __future__ import annotations

from ..models import Catalog, named_routes, satisfied
from .objective import NOT_CERTIFICATES, strength
from .types import Plan

__all__ = ["differs"]

_SHOWN = 2  # options opened or lost named at most, each way


def differs(catalog: Catalog, best: Plan, other: Plan) -> str:
    """One line: how ``other`` differs from ``best`` (see the module's contract)."""
    bits = [_cost(best, other), _months(best, other), *_skills(catalog, best, other),
            *_recognised(catalog, best, other), *_options(catalog, best, other)]
    return f"{_swap(best, other)}: {', '.join(bits)}"


def _and(ids: list[str]) -> str:
    return ids[0] if len(ids) == 1 else ", ".join(ids[:-1]) + " and " + ids[-1]


def _choices(plan: Plan) -> tuple[str | None, set[str]]:
    core = plan.core if plan.core is not None and not plan.core_held else None
    certs = {s.credential.id for s in plan.steps
             if s.credential.type not in NOT_CERTIFICATES and s.credential.id != core}
    return core, certs


def _swap(best: Plan, other: Plan) -> str:
    (core_b, certs_b), (core_o, certs_o) = _choices(best), _choices(other)
    pieces = []
    if core_o != core_b:
        if core_o is not None and core_b is not None:
            pieces.append(f"{core_o} instead of {core_b}")
        elif core_o is not None:
            pieces.append(f"{core_o} as the core degree")
        else:
            pieces.append(f"no core degree where the best has {core_b}")
    ins, outs = sorted(certs_o - certs_b), sorted(certs_b - certs_o)
    if ins and outs:
        pieces.append(f"{_and(ins)} instead of {_and(outs)}")
    elif ins:
        pieces.append(f"adds {_and(ins)}")
    elif outs:
        pieces.append(f"without {_and(outs)}")
    return "; ".join(pieces) or "the same core degree and certificates by other prerequisites"


def _usd(x: float) -> str:
    sign = "+" if x > 0.5 else "-" if x < -0.5 else ""
    return f"{sign}${abs(x):,.0f}"


def _cost(best: Plan, other: Plan) -> str:
    tb, to = best.totals, other.totals
    lo, hi = to.cost_usd_min - tb.cost_usd_min, to.cost_usd_max - tb.cost_usd_max
    if abs(lo) < 0.5 and abs(hi) < 0.5:
        text = "the same published cost"
    elif abs(lo - hi) < 0.5:
        text = _usd(lo)
    else:
        text = f"{_usd(min(lo, hi))} to {_usd(max(lo, hi))}"
    guessed = {s.credential.id: s.cost_estimate for plan in (best, other) for s in plan.steps
               if "cost" in s.imputed}
    unpriced = sorted({s.credential.id for s in other.steps if "cost" in s.imputed}
                      ^ {s.credential.id for s in best.steps if "cost" in s.imputed})
    if not unpriced:
        return text
    named = _and([f"{cid} (est. {_range(guessed[cid])})" if guessed.get(cid) else cid
                  for cid in unpriced])
    if text != "the same published cost":
        text += " in published prices"
    return f"{text}, and no published price for {named}"


def _range(lo_hi: tuple[float, float] | None) -> str:
    assert lo_hi is not None
    lo, hi = lo_hi
    return f"${lo:,.0f}" if round(lo) == round(hi) else f"${lo:,.0f}–{hi:,.0f}"


def _n_months(x: float) -> str:
    n = f"{x:.1f}".rstrip("0").rstrip(".") if x < 10 else f"{x:.0f}"
    return f"{n} month" + ("" if n == "1" else "s")


def _months(best: Plan, other: Plan) -> str:
    tb, to = best.totals, other.totals
    lo, hi = to.months_min - tb.months_min, to.months_max - tb.months_max
    if abs(lo) < 0.05 and abs(hi) < 0.05:
        text = "the same length"
    elif lo * hi >= 0:  # both ends move the same way
        a, b = sorted((abs(lo), abs(hi)))
        span = _n_months(a) if _n_months(a) == _n_months(b) else (
            f"{_n_months(a).split()[0]}–{_n_months(b)}")
        text = f"{span} {'longer' if lo + hi > 0 else 'shorter'}"
    else:
        text = f"{_n_months(abs(lo))} {'longer' if lo > 0 else 'shorter'} at the low end, " \
               f"{_n_months(abs(hi))} {'longer' if hi > 0 else 'shorter'} at the high end"
    guessed = ({s.credential.id for s in other.steps if "duration" in s.imputed}
               ^ {s.credential.id for s in best.steps if "duration" in s.imputed})
    return text + (" (with estimated lengths)" if guessed and text != "the same length" else "")


def _levels(catalog: Catalog, plan: Plan) -> dict[str, float]:
    creds = [catalog.by_id[h.id] for h in plan.holdings if h.id in catalog.by_id]
    creds += [s.credential for s in plan.steps]
    level = dict.fromkeys(plan.target_skills, 0.0)
    for c in creds:
        for tag in c.skills:
            if tag in level:
                level[tag] = max(level[tag], strength(c))
    return level


def _skills(catalog: Catalog, best: Plan, other: Plan) -> list[str]:
    lb, lo = _levels(catalog, best), _levels(catalog, other)
    groups: dict[str, list[str]] = {"certifies": [], "introduces": [], "only introduces": [],
                                    "leaves uncovered": []}
    for tag in other.target_skills:
        was, now = lb.get(tag, 0.0), lo[tag]
        if now > was:
            groups["certifies" if now >= 1 else "introduces"].append(tag)
        elif now < was:
            groups["only introduces" if now > 0 else "leaves uncovered"].append(tag)
    return [f"{verb} {_and(tags)}" for verb, tags in groups.items() if tags]


def _have(catalog: Catalog, plan: Plan) -> frozenset[str]:
    return catalog.closure([*(h.id for h in plan.holdings), *(s.credential.id for s in plan.steps)])


def _recognised(catalog: Catalog, best: Plan, other: Plan) -> list[str]:
    hb, ho = _have(catalog, best), _have(catalog, other)
    out = []
    for g in other.request.role.signature:
        if g.ref in hb and g.ref not in ho:
            out.append(f"leaves out {g.ref}, which your profession recognises")
        elif g.ref in ho and g.ref not in hb:
            out.append(f"meets {g.ref}, which your profession recognises")
    return out


def _options(catalog: Catalog, best: Plan, other: Plan) -> list[str]:
    hb, ho = _have(catalog, best), _have(catalog, other)
    shared = [s.credential for s in other.steps
              if s.credential.id in {x.credential.id for x in best.steps}]
    today = other.request.today
    opened, lost = [], []
    for c in shared:
        for _path, cond in named_routes(c.entry):
            if cond.label is None:
                continue
            was = satisfied(cond, hb.__contains__, today)
            now = satisfied(cond, ho.__contains__, today)
            if now and not was:
                opened.append(f"{c.id}'s {cond.label}")
            elif was and not now:
                lost.append(f"{c.id}'s {cond.label}")
    out = []
    if opened:
        out.append("opens " + _and(opened[:_SHOWN]) + (" and more" if len(opened) > _SHOWN else ""))
    if lost:
        out.append("loses " + _and(lost[:_SHOWN]) + (" and more" if len(lost) > _SHOWN else ""))
    return out
