"""What keeping the credentials costs over a horizon of years: renewal fees and CE hours.

Contract: for every planned step and every holding whose credential has a ``renewal`` entry,
count the renewals due within ``years`` and multiply the catalogue's per-cycle fee
(``renewal.usd``, or the range ``usd``..``usd_max``) and continuing-education hours
(``renewal.ce_hours``) by that count.

- A planned credential is taken as earned when the plan finishes; the horizon starts there,
  so it renews ``floor(years / every_years)`` times.
- A held credential with an ``earned`` date renews on ``earned + k * every_years``; the
  renewals due after ``today`` and no later than ``today + years`` count (cycles already
  past are the renewals report's business, not this one's).
- A held credential without an ``earned`` date is counted from ``today``, like a planned one.
- A retired or retiring credential cannot be renewed: no renewals are counted, and it says so.

A fact the catalogue lacks is named in ``missing`` ("renewal fee not published") and its
figure is ``None``: it never counts as 0 in the totals, which keep known and unknown counts
apart. When no renewal falls inside the horizon nothing is due, so the figures are 0 whatever
the catalogue knows. Linear in the number of steps and holdings. No typer or rich here.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..models import Catalog, Credential
from .renewals import _add_months, _after
from .types import Plan

__all__ = ["NO_CE", "NO_CYCLE", "NO_FEE", "Upkeep", "UpkeepItem", "upkeep"]

NO_CYCLE = "renewal cycle not published"
NO_FEE = "renewal fee not published"
NO_CE = "continuing-education hours not published"


@dataclass(frozen=True)
class UpkeepItem:
    """One credential's renewals inside the horizon, with what the catalogue does not say."""

    id: str
    part: str  # planned | held
    since: str  # "plan finish", "today", or the earned date the cycle counts from
    every_years: float | None
    renewals: int | None  # None: the cycle is not published
    fee_usd: tuple[float, float] | None  # over the horizon; None when not published
    fee_year: int | None  # the year the catalogue's fee was seen
    ce_hours: float | None  # over the horizon; None when not published
    missing: tuple[str, ...]
    note: str | None = None


@dataclass(frozen=True)
class Upkeep:
    """Every item and the totals: known figures summed, unknown ones counted, never zeroed."""

    years: float
    items: tuple[UpkeepItem, ...]
    fee_usd: tuple[float, float] | None  # the sum of the known fees; None when none is known
    fee_known: int
    fee_unknown: int
    ce_hours: float | None  # the sum of the known CE hours; None when none is known
    ce_known: int
    ce_unknown: int


def _cycle_months(every_years: float) -> int:
    return max(1, round(every_years * 12))


def _held_count(earned: str, step: int, today: str, horizon_months: int) -> int:
    """Renewals of a cycle from ``earned`` due after ``today`` and by ``today + horizon``."""
    end = _add_months(today, horizon_months)
    count, k = 0, 1
    while True:
        due = _add_months(earned, step * k)
        if _after(due, end):
            return count
        if _after(due, today):
            count += 1
        k += 1


def _item(c: Credential, part: str, since: str, count_from: str | None, today: str,
          horizon_months: int) -> UpkeepItem:
    r = c.renewal
    assert r is not None
    every = r.every_years or None
    note = None
    if c.status in ("retired", "retiring"):
        note = f"{c.id} is {c.status}: it cannot be renewed, so no renewal is counted"
        count: int | None = 0
    elif every is None:
        count = None
    elif count_from is None:
        count = horizon_months // _cycle_months(every)
    else:
        count = _held_count(count_from, _cycle_months(every), today, horizon_months)
    missing: list[str] = []
    fee: tuple[float, float] | None
    ce: float | None
    if count == 0:
        fee, ce = (0.0, 0.0), 0.0  # nothing falls due: free whatever the catalogue knows
    else:
        if count is None:
            missing.append(NO_CYCLE)
        top = r.usd if r.usd_max is None else r.usd_max
        fee = None if r.usd is None or top is None or count is None else (
            r.usd * count, top * count)
        ce = None if r.ce_hours is None or count is None else r.ce_hours * count
        if r.usd is None:
            missing.append(NO_FEE)
        if r.ce_hours is None:
            missing.append(NO_CE)
    return UpkeepItem(
        id=c.id, part=part, since=since, every_years=every, renewals=count, fee_usd=fee,
        fee_year=r.year if r.usd is not None else None, ce_hours=ce, missing=tuple(missing),
        note=note,
    )


def upkeep(catalog: Catalog, plan: Plan, years: float) -> Upkeep:
    """The cost to keep ``plan``'s steps and holdings current for ``years`` (0 < years)."""
    if not years > 0:
        raise ValueError(f"horizon must be positive, got {years!r}")
    today = plan.request.today
    horizon = max(1, round(years * 12))
    items: list[UpkeepItem] = []
    for s in plan.steps:
        if s.credential.renewal is not None:
            items.append(_item(s.credential, "planned", "plan finish", None, today, horizon))
    for h in plan.holdings:
        c = catalog.by_id[h.id]
        if c.renewal is None:
            continue
        since = h.earned if h.earned is not None else "today"
        items.append(_item(c, "held", since, h.earned, today, horizon))
    fees = [i.fee_usd for i in items if i.fee_usd is not None]
    ces = [i.ce_hours for i in items if i.ce_hours is not None]
    return Upkeep(
        years=years,
        items=tuple(items),
        fee_usd=(sum(f[0] for f in fees), sum(f[1] for f in fees)) if fees else None,
        fee_known=len(fees),
        fee_unknown=len(items) - len(fees),
        ce_hours=float(sum(ces)) if ces else None,
        ce_known=len(ces),
        ce_unknown=len(items) - len(ces),
    )
