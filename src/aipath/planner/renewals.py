"""When what the person already holds must be renewed, from the profile's ``earned`` dates.

Contract: for each holding with an ``earned`` date whose credential states
``renewal.every_years``, the first due date is ``earned + every_years`` (at the precision
the date was written: a year, a month or a day). If that date is after ``today`` it is the
next due date. Otherwise at least one renewal should already have happened, which the
catalogue cannot know: the next due date assumes every cycle was renewed, and the entry is
flagged so the plan asks. A held credential that is retired or retiring is flagged too,
since it cannot be renewed, with its successor when the catalogue names one.
Linear in the number of holdings.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass

from ..models import Catalog
from .types import Holding

__all__ = ["Renewal", "renewals"]

SOON_MONTHS = 12  # a due date this close is called out


@dataclass(frozen=True)
class Renewal:
    id: str
    earned: str
    every_years: float | None
    first_due: str | None
    next_due: str | None
    overdue_cycles: int  # renewals that should already have happened (0: none yet)
    due_soon: bool
    cannot_renew: bool  # retired or retiring: the cycle ends with the credential
    successor: str | None

    def sentence(self) -> str:
        """The renewal in words, for the table and the report."""
        every = "" if not self.every_years else (
            "every year" if self.every_years == 1 else f"every {self.every_years:g} years")
        if self.first_due is None:
            text = f"{self.id} (earned {self.earned}): the catalogue states no renewal cycle"
        elif self.overdue_cycles == 0:
            text = f"{self.id} (earned {self.earned}): renew by {self.first_due} ({every})"
        else:
            text = (f"{self.id} (earned {self.earned}): renewal was due {self.first_due}; "
                    f"if renewed {every}, next due {self.next_due}. "
                    "A lapsed credential may not count as held: check it is current")
        if self.cannot_renew:
            text += "; the credential is being retired, so renewals end"
            if self.successor:
                text += f" (its successor is {self.successor})"
        return text


def _add_months(date: str, months: int) -> str:
    """``date`` (YYYY, YYYY-MM or YYYY-MM-DD) plus whole months, at the same precision."""
    parts = [int(x) for x in date.split("-")]
    y, m = parts[0], parts[1] if len(parts) > 1 else 1
    total = y * 12 + (m - 1) + months
    y, m = divmod(total, 12)
    if len(parts) == 1:
        return f"{y:04d}"
    if len(parts) == 2:
        return f"{y:04d}-{m + 1:02d}"
    day = min(parts[2], calendar.monthrange(y, m + 1)[1])
    return f"{y:04d}-{m + 1:02d}-{day:02d}"


def _after(date: str, today: str) -> bool:
    """Whether ``date`` is after ``today`` at ``date``'s precision (2027 is after 2026-12-01)."""
    return date > today[: len(date)]


def renewals(catalog: Catalog, holdings: tuple[Holding, ...], today: str) -> tuple[Renewal, ...]:
    """One :class:`Renewal` per holding that has an ``earned`` date, in holding order."""
    out = []
    for h in holdings:
        if h.earned is None:
            continue
        c = catalog.by_id[h.id]
        every = c.renewal.every_years if c.renewal is not None else None
        first = nxt = None
        overdue = 0
        if every:
            step = max(1, round(every * 12))
            first = nxt = _add_months(h.earned, step)
            while not _after(nxt, today):
                overdue += 1
                nxt = _add_months(h.earned, step * (overdue + 1))
        out.append(Renewal(
            id=h.id, earned=h.earned, every_years=every, first_due=first, next_due=nxt,
            overdue_cycles=overdue,
            due_soon=nxt is not None and not _after(nxt, _add_months(today, SOON_MONTHS)),
            cannot_renew=c.status in ("retired", "retiring"),
            successor=c.successor,
        ))
    return tuple(out)
