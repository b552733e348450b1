"""Which members of a big class can matter to a plan: the lightest, the cheapest, the fastest.

Contract
--------
A rule naming a class ("a master's degree") is met by any of its members, and a registry's
class can have tens of thousands. The route tables (:mod:`.routes`) keep the :data:`KEEP`
lightest routes of a class, the explanations (:mod:`.order`) name the three cheapest other
members of the chosen one's type and level, and the bounds (:mod:`.schedule`,
``earliest``) use the earliest finish of any allowed member. :func:`members_that_matter`
keeps, of a class with more than :func:`threshold` members, those that can appear in any of
these, and reads the record of no other:

- a member is *sure* when the request allows it and its entry is met by what is held alone
  (no rule it names is unmet, no experience, no closed date, no unasserted ``must_hold``):
  its lightest route is itself, in every table that does not exclude it; only graduate
  degrees are ever excluded, so members are taken apart by type and level;
- *weight*: in each part, members in the order of a lower bound of their weight (their own
  cost and months, :func:`aipath.planner.context.scalar`), read until ``KEEP + 1`` sure
  members weigh strictly less than the next bound; every member after that is heavier than
  the ``KEEP + 1`` lightest routes of the class in every table (so the table is cut, and
  ``truncated``, exactly as with all of them);
- *cost*: in each part with four sure members, every member costing no more than the fourth
  cheapest sure one and allowed (the three cheapest others of a chosen member are among them);
- *months*: every allowed member whose months may be under the fastest sure member's (the
  class's earliest finish is then the same);
- of the members the request does not allow (no route at all), the first three of each type
  and level (alternatives named as closed) and the last of all (what a class with no route
  is explained by).

A part with fewer than ``KEEP + 1`` sure members is kept whole. Bounds come from the
catalogue's index (:mod:`aipath.index`, figures worked out when the catalogue was compiled),
so the records read are those of the members kept and of those read past to find the sure
ones. O(m log m) per class of m members, once per request.
"""

from __future__ import annotations

import heapq
import math
from typing import Any

from ..estimates import REFERENCE_HOURS_PER_WEEK, Figures
from ..index import Index
from ..models import INACTIVE_STATUSES, All, AnyOf, Catalog, ClassOf, Condition, Experience, NOf
from ..models import Ref, Text, is_open, rule_key
from . import routes
from .context import scalar
from .types import PlanRequest

__all__ = ["ALTERNATIVES", "MembersFilter", "threshold"]

ALTERNATIVES = 3  # other members an explanation names (:func:`.order._alternatives`)
Row = Any  # :meth:`aipath.index.Index.member_rows`' rows


def threshold() -> int:
    """Classes up to this many members are kept whole (nothing to gain in cutting them)."""
    return 4 * (routes.KEEP + 1)


class MembersFilter:
    """The members that matter of each big class, for one request."""

    def __init__(self, cat: Catalog, index: Index, req: PlanRequest, met: frozenset[str],
                 held: frozenset[str]) -> None:
        self.cat, self.index, self.req, self.met, self.held = cat, index, req, met, held
        self.roles = set(cat.role_chain(req.role.id))
        self.figures = Figures(cat, req.hours_per_week)
        self.asserted = {rule_key(a) for a in req.asserts}
        self.reference = req.hours_per_week == REFERENCE_HOURS_PER_WEEK

    def members_that_matter(self, name: str) -> tuple[str, ...]:
        members = self.cat.members(name)
        if len(members) <= threshold():
            return members
        keep: set[str] = set()
        parts: dict[tuple[str, str], list[Row]] = {}
        closed: dict[tuple[str, str], int] = {}
        last = None
        for row in self.index.member_rows(name):  # in the members' order: by id
            part = (row[4], row[5])
            if self._allowed(row):
                parts.setdefault(part, []).append(row)
                continue
            # No route at all. Still, the first few of a kind by id are the closed
            # alternatives named when fewer others are open, and the last is the one a
            # class with no route at all is explained by (order._closed_reason).
            last = row[0]
            if closed.get(part, 0) < ALTERNATIVES:
                closed[part] = closed.get(part, 0) + 1
                keep.add(row[0])
        if last is not None:
            keep.add(last)
        sure_months: list[float] = []
        left: list[Row] = []
        for rows in parts.values():
            kept, months = self._part(rows)
            keep |= kept
            sure_months.extend(months)
            left.extend(r for r in rows if r[0] not in kept)
        if left:  # anything possibly faster than the fastest sure member is kept
            fastest = min(sure_months, default=math.inf)
            keep.update(r[0] for r in left if self._months(r) < fastest)
        return tuple(m for m in members if m in keep)

    def _allowed(self, row: Row) -> bool:
        """Context.allowed, from the row (the successor's record is read if there is one)."""
        if row[0] in self.held or row[7] in INACTIVE_STATUSES or not self.roles & set(row[6]):
            return False
        successor = row[8]
        return successor is None or self.cat.by_id[successor].status in INACTIVE_STATUSES

    def _months(self, row: Row) -> float:
        # A length in study hours (or estimated, maybe from such) scales with the weekly
        # hours: away from the reference, 0 is the bound.
        return row[2] if self.reference or not row[3] else 0.0

    def _weight(self, row: Row) -> float:
        return scalar(self.req.optimize, row[1], self._months(row))

    def _part(self, rows: list[Row]) -> tuple[set[str], list[float]]:
        """The allowed members of one type and level that matter, and the sure ones' months."""
        k = routes.KEEP
        order = sorted(rows, key=lambda r: (self._weight(r), r[0]))
        heaviest: list[float] = []  # the k + 1 lightest sure weights, negated: a max-heap
        sure: list[Row] = []
        stop = len(order)
        for i, row in enumerate(order):
            if len(heaviest) > k and self._weight(row) > -heaviest[0]:
                stop = i
                break
            if self._met(self.cat.by_id[row[0]].entry):
                sure.append(row)
                heapq.heappush(heaviest, -scalar(self.req.optimize, row[1],
                                                 self.figures.months(row[0]).lo))
                if len(heaviest) > k + 1:
                    heapq.heappop(heaviest)
        months = [self.figures.months(r[0]).lo for r in sure]
        if len(heaviest) <= k or len(sure) <= ALTERNATIVES:
            return {r[0] for r in rows}, months
        kept = {r[0] for r in order[:stop]}
        fourth = sorted(r[1] for r in sure)[ALTERNATIVES]
        kept.update(r[0] for r in order[stop:] if r[1] <= fourth)
        return kept, months

    def _met(self, cond: Condition | None) -> bool:
        """Whether ``cond`` holds from what is held alone, at once, on every reading."""
        if cond is None:
            return True
        if isinstance(cond, Ref):
            return cond.id in self.met
        if not is_open(cond, self.req.today):
            return False
        if isinstance(cond, ClassOf):
            return cond.name in self.met
        if isinstance(cond, Text):
            return not cond.must_hold or rule_key(cond.text) in self.asserted
        if isinstance(cond, Experience):
            return False
        if isinstance(cond, All):
            return all(self._met(c) for c in cond.items)
        if isinstance(cond, AnyOf):
            return any(self._met(c) for c in cond.items)
        if isinstance(cond, NOf):
            return sum(self._met(c) for c in cond.items) >= cond.n
        return False  # pragma: no cover - every kind is above
