"""Cost and months of each credential: the known figure, or an honest estimate.

Contract
--------
A known figure is the catalogue's range. An unknown one is estimated from the credentials
of the same kind that have the figure: the first bucket, from the narrowest, holding at
least :data:`MIN_BUCKET` known figures. Buckets are (type, recognition), (type, level),
(type), (recognition), (level), then the whole catalogue. The estimate is the bucket's
median (low end) to its maximum (high end), so an unknown never looks cheaper or shorter
than a typical credential of its kind; months then respect :data:`MONTH_FLOORS` (a degree
lasts at least 12 months, a fellowship 24). Estimates feed ranking, budgets and the
timeline, and are always reported apart from known figures. O(n log n) to build.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..models import Catalog, Credential

__all__ = ["MIN_BUCKET", "MONTH_FLOORS", "Figure", "Figures"]

MIN_BUCKET = 3
MONTH_FLOORS = {"degree": 12.0, "fellowship": 24.0}


def _median(xs: list[float]) -> float:
    """The median (statistics.median without its import cost at start-up)."""
    xs = sorted(xs)
    mid = len(xs) // 2
    return xs[mid] if len(xs) % 2 else (xs[mid - 1] + xs[mid]) / 2


@dataclass(frozen=True)
class Figure:
    """A range and whether it is the catalogue's own figure."""

    lo: float
    hi: float
    known: bool

    @property
    def rank(self) -> float:
        """The figure plans are ranked by: a published low end, an estimate's middle.

        An unpublished price is as likely to be high as typical, so a plan of published
        figures is not beaten by an estimate's optimistic end.
        """
        return self.lo if self.known else (self.lo + self.hi) / 2


def _buckets(c: Credential) -> tuple[tuple[str, ...], ...]:
    rec = c.recognition or "-"
    return (
        ("t", c.type, "r", rec), ("t", c.type, "l", c.level), ("t", c.type),
        ("r", rec), ("l", c.level), (),
    )


class Figures:
    """Known or estimated cost and months of every credential of a catalogue."""

    def __init__(self, catalog: Catalog, hours_per_week: float = 10.0) -> None:
        self.catalog = catalog
        self.hours_per_week = hours_per_week
        self._cost = self._estimates(lambda c: (c.cost.usd_min, c.cost.usd_max) if c.cost else None)
        self._months = self._estimates(
            lambda c: c.duration.months(hours_per_week) if c.duration else None
        )
        self._cache: dict[tuple[str, str], Figure] = {}

    def _estimates(
        self, figure: Callable[[Credential], tuple[float, float] | None]
    ) -> dict[tuple[str, ...], tuple[float, float]]:
        values: dict[tuple[str, ...], list[tuple[float, float]]] = {}
        for c in self.catalog.credentials:
            got = figure(c)
            if got is not None:
                for key in _buckets(c):
                    values.setdefault(key, []).append(got)
        return {
            key: (_median([lo for lo, _ in v]), max(hi for _, hi in v))
            for key, v in values.items()
            if len(v) >= MIN_BUCKET or key == ()
        }

    def _estimate(self, c: Credential, table: dict[tuple[str, ...], tuple[float, float]]) -> tuple[float, float]:
        for key in _buckets(c):
            if key in table:
                return table[key]
        return (0.0, 0.0)  # an empty catalogue: nothing is known of anything

    def cost(self, cid: str) -> Figure:
        """The cost range in USD (estimated when unknown)."""
        key = ("cost", cid)
        if key not in self._cache:
            c = self.catalog.by_id[cid]
            if c.cost is not None:
                self._cache[key] = Figure(c.cost.usd_min, c.cost.usd_max, True)
            else:
                lo, hi = self._estimate(c, self._cost)
                self._cache[key] = Figure(lo, max(lo, hi), False)
        return self._cache[key]

    def months(self, cid: str) -> Figure:
        """Calendar months (estimated when unknown; effort hours at the weekly hours)."""
        key = ("months", cid)
        if key not in self._cache:
            c = self.catalog.by_id[cid]
            if c.duration is not None:
                lo, hi = c.duration.months(self.hours_per_week)
                self._cache[key] = Figure(lo, hi, True)
            else:
                lo, hi = self._estimate(c, self._months)
                floor = MONTH_FLOORS.get(c.type, 0.0)
                self._cache[key] = Figure(max(lo, floor), max(hi, lo, floor), False)
        return self._cache[key]

    def effort_based(self, cid: str) -> bool:
        """Whether the duration is study effort (hours), which shares the person's weekly hours."""
        d = self.catalog.by_id[cid].duration
        return d is not None and d.unit == "hours"
