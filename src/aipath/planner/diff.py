"""How one plan differs from another: steps added and dropped, steps that move, cost, months.

Contract: :func:`plan_diff` ``(a, b)`` reads two finished plans (any requests, any catalogues)
and returns a :class:`PlanDiff` of ``b`` against ``a``; :func:`diff_line` says it in one line
("ms-health-informatics instead of msn-nursing-informatics: +$4,100, 6 months shorter").
Pure and stdlib only; nothing here plans or prints.

Figures follow the plans' own totals. Cost deltas are of published prices, low figure against
low figure and high against high (a step both plans share costs the same in both, so it
cancels); a price that is unknown is never counted as $0: the steps whose unknown price does
not cancel are named apart, with their estimates' delta. Months are the timelines' lengths
(estimates and experience waits included, as the plans' totals give them).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .types import Plan, PlanStep

__all__ = [
    "Moved", "PlanDiff", "StepRef", "cost_words", "diff_line", "months_words", "plan_diff",
    "steps_words", "usd_words",
]

MOVE_MONTHS = 0.05  # a start or finish moved less than this is the same month on any display


@dataclass(frozen=True)
class StepRef:
    """A step of one plan: its id, name, part and number there, and whether its price is known."""

    id: str
    name: str
    part: str
    order: int
    price_unknown: bool


@dataclass(frozen=True)
class Moved:
    """A step in both plans that starts or finishes at another month."""

    id: str
    name: str
    a: tuple[float, float]  # (start_month, finish_month) in plan a
    b: tuple[float, float]


@dataclass(frozen=True)
class PlanDiff:
    """Plan ``b`` against plan ``a``; deltas are ``b - a`` as (lower, upper)."""

    added: tuple[StepRef, ...]  # in b only, in b's order
    dropped: tuple[StepRef, ...]  # in a only, in a's order
    moved: tuple[Moved, ...]
    kept: tuple[str, ...]  # ids in both, in b's order
    cost_delta: tuple[float, float]  # published prices only
    unknown_added: tuple[str, ...]  # b's steps whose unknown price a does not share
    unknown_dropped: tuple[str, ...]  # a's, likewise
    estimated_delta: tuple[float, float] | None  # those unknown prices' estimates; None if none
    months_delta: tuple[float, float]
    approximate: bool  # either plan is not proven the best (a search budget was reached)
    estimated_months: bool  # either timeline uses an estimated length

    @property
    def same_steps(self) -> bool:
        return not self.added and not self.dropped


def _ref(s: PlanStep) -> StepRef:
    return StepRef(s.credential.id, s.credential.name, s.part, s.order, "cost" in s.imputed)


def _delta(a: tuple[float, float], b: tuple[float, float]) -> tuple[float, float]:
    lo, hi = b[0] - a[0], b[1] - a[1]
    return (min(lo, hi), max(lo, hi))


def plan_diff(a: Plan, b: Plan) -> PlanDiff:
    """Plan ``b`` against plan ``a`` (see the module's contract)."""
    in_a = {s.credential.id: s for s in a.steps}
    in_b = {s.credential.id: s for s in b.steps}

    def shared_unknown(s: PlanStep, other: dict[str, PlanStep]) -> bool:
        # The same credential, unpriced in both: whatever its price, it is paid on both sides.
        o = other.get(s.credential.id)
        return (o is not None and o.credential == s.credential
                and "cost" in o.imputed and "cost" in s.imputed)

    moved = tuple(
        Moved(s.credential.id, s.credential.name, (o.start_month, o.finish_month),
              (s.start_month, s.finish_month))
        for s in b.steps if (o := in_a.get(s.credential.id)) is not None
        and (abs(s.start_month - o.start_month) >= MOVE_MONTHS
             or abs(s.finish_month - o.finish_month) >= MOVE_MONTHS)
    )
    ta, tb = a.totals, b.totals
    unknown_added = tuple(s for s in b.steps if "cost" in s.imputed and not shared_unknown(s, in_a))
    unknown_dropped = tuple(s for s in a.steps if "cost" in s.imputed and not shared_unknown(s, in_b))
    estimated = None
    if unknown_added or unknown_dropped:
        def est(steps: tuple[PlanStep, ...], i: int) -> float:
            return sum(s.cost_estimate[i] for s in steps if s.cost_estimate is not None)

        estimated = _delta((est(unknown_dropped, 0), est(unknown_dropped, 1)),
                           (est(unknown_added, 0), est(unknown_added, 1)))
    return PlanDiff(
        added=tuple(_ref(s) for s in b.steps if s.credential.id not in in_a),
        dropped=tuple(_ref(s) for s in a.steps if s.credential.id not in in_b),
        moved=moved,
        kept=tuple(s.credential.id for s in b.steps if s.credential.id in in_a),
        cost_delta=_delta((ta.cost_usd_min, ta.cost_usd_max), (tb.cost_usd_min, tb.cost_usd_max)),
        unknown_added=tuple(s.credential.id for s in unknown_added),
        unknown_dropped=tuple(s.credential.id for s in unknown_dropped),
        estimated_delta=estimated,
        months_delta=_delta((ta.months_min, ta.months_max), (tb.months_min, tb.months_max)),
        approximate=a.approximate or b.approximate,
        estimated_months=bool(ta.unknown_duration_steps or tb.unknown_duration_steps),
    )


# --- in words ---------------------------------------------------------------------------


def _ids(ids: list[str], most: int = 3) -> str:
    if len(ids) > most:
        return ", ".join(ids[:most]) + f" and {len(ids) - most} more"
    return ids[0] if len(ids) == 1 else ", ".join(ids[:-1]) + f" and {ids[-1]}"


def _usd(x: float) -> str:
    return f"{'+' if x > 0 else '−' if x < 0 else ''}${abs(x):,.0f}"


def _months(x: float) -> str:
    x = abs(x)
    text = f"{x:.1f}".rstrip("0").rstrip(".") if x < 10 else f"{x:.0f}"
    return f"{text} month" + ("" if text == "1" else "s")


def steps_words(d: PlanDiff) -> str:
    """``X instead of Y`` / ``adds X`` / ``without Y`` / ``the same steps``."""
    added, dropped = [s.id for s in d.added], [s.id for s in d.dropped]
    if added and dropped:
        return f"{_ids(added)} instead of {_ids(dropped)}"
    if added:
        return f"adds {_ids(added)}"
    if dropped:
        return f"without {_ids(dropped)}"
    return "the same steps" + (f", {len(d.moved)} at other months" if d.moved else "")


def usd_words(lo: float, hi: float) -> str:
    """A change of price as ``+$4,100`` / ``−$4,100–5,000`` / ``up to +$500`` /
    ``−$100 to +$200`` / ``$0``, rounded to dollars."""
    lo, hi = round(lo), round(hi)
    if lo == hi:
        return _usd(lo)
    if lo >= 0 or hi <= 0:  # one direction: a range of that sign
        near, far = (lo, hi) if lo >= 0 else (hi, lo)
        return f"up to {_usd(far)}" if near == 0 else f"{_usd(near)}–{abs(far):,.0f}"
    return f"{_usd(lo)} to {_usd(hi)}"


def cost_words(d: PlanDiff) -> str:
    """``+$4,100`` / ``−$100 to +$200`` / ``same cost``, then the unknown prices named."""
    unknown = d.unknown_added or d.unknown_dropped
    if round(d.cost_delta[0]) == round(d.cost_delta[1]) == 0:
        text = "same published cost" if unknown else "same cost"
    else:
        text = usd_words(*d.cost_delta)
    if d.unknown_added:
        text += f" plus the unknown price of {_ids(list(d.unknown_added))}"
    if d.unknown_dropped:
        text += f" less the unknown price of {_ids(list(d.unknown_dropped))}"
    return text


def months_words(d: PlanDiff) -> str:
    """``6 months shorter`` / ``3–6 months longer`` / ``between 2 months shorter and 1 month
    longer`` / ``same length``."""
    lo, hi = d.months_delta
    if abs(lo) < MOVE_MONTHS and abs(hi) < MOVE_MONTHS:
        return "same length"
    if lo > -MOVE_MONTHS or hi < MOVE_MONTHS:  # one direction
        way = "longer" if hi >= MOVE_MONTHS else "shorter"
        near, far = sorted((abs(lo), abs(hi)))
        if _months(near) == _months(far) or near < MOVE_MONTHS:
            return f"{'up to ' if near < MOVE_MONTHS else ''}{_months(far)} {way}"
        return f"{_months(near).split()[0]}–{_months(far)} {way}"
    return f"between {_months(lo)} shorter and {_months(hi)} longer"


def diff_line(d: PlanDiff) -> str:
    """The difference in one line, ``b`` against ``a``: steps, then cost, then months."""
    return f"{steps_words(d)}: {cost_words(d)}, {months_words(d)}"
