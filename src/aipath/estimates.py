"""Known and estimated figures of credentials: the code of :mod:`aipath.planner.figures`.

The contract (which credentials an unknown figure is estimated from, the range it takes, its
complexity) is written in :mod:`aipath.planner.figures`, where the planner reads it. The code
lives here, next to the models and stdlib-only, so that ``aipath show`` can state an estimate
and its sources without importing the planner (and networkx).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .models import Catalog, Credential

__all__ = [
    "EFFORT_BANDS", "MIN_SIMILAR", "REFERENCE_HOURS_PER_WEEK", "RUNGS", "Figure", "Figures",
    "describe", "effort", "kind",
]

MIN_SIMILAR = 2  # a set of one is a single price, not what "similar credentials" show
REFERENCE_HOURS_PER_WEEK = 10.0  # effort is the credential's, not the person's weekly hours
# (upper bound in months of the middle of the credential's range, name, words)
EFFORT_BANDS = ((1.0, "short", "up to a month"), (12.0, "medium", "up to a year"),
                (float("inf"), "long", "over a year"))
RUNGS: tuple[tuple[str, ...], ...] = (
    ("kind", "effort", "level"), ("kind", "effort"), ("kind", "level", "recognition"),
    ("kind", "level"), ("kind", "recognition"), ("kind",),
)
_TRAINING_RECOGNITIONS = ("accredited-training", "training")


def _says(subtype: str | None, *words: str) -> bool:
    text = (subtype or "").casefold()
    return any(w in text for w in words)


def kind(c: Credential) -> str:
    """What earning ``c`` takes, in a word or two (see the module's contract)."""
    if c.type == "degree":
        return f"{c.level} degree"
    if (
        c.type == "fellowship" or c.recognition in _TRAINING_RECOGNITIONS
        or _says(c.subtype, "residency", "fellowship")
    ):
        return "training programme"
    if c.type == "academic-certificate":
        return "academic certificate"
    if c.type == "licensure":
        return "licence"
    if c.type in ("micro-credential", "executive-education") or _says(c.subtype, "course"):
        return "course"
    return "exam"  # professional and board certifications earned by passing an assessment


def effort(c: Credential) -> str | None:
    """``short``, ``medium`` or ``long`` from the known duration; None when it is unknown."""
    if c.duration is None:
        return None
    lo, hi = c.duration.months(REFERENCE_HOURS_PER_WEEK)
    middle = (lo + hi) / 2
    return next(name for bound, name, _ in EFFORT_BANDS if middle <= bound)


def _facets(c: Credential) -> dict[str, str | None]:
    return {"kind": kind(c), "effort": effort(c), "level": c.level, "recognition": c.recognition}


def _keys(c: Credential) -> list[tuple[str, ...]]:
    """The sets ``c`` belongs to, narrowest first (a rung whose facet is unknown is skipped)."""
    f = _facets(c)
    return [
        tuple(f"{name}={f[name]}" for name in rung) for rung in RUNGS
        if all(f[name] is not None for name in rung)
    ]


def describe(key: tuple[str, ...], n: int) -> str:
    """``n`` credentials of a set in words: ``18 exams at level professional``."""
    if not key:
        plural = "s" if n != 1 else ""
        return f"{n} credential{plural} of any kind (none of its kind has the figure)"
    facets = dict(part.split("=", 1) for part in key)
    head = facets["kind"] + ("s" if n != 1 else "")
    for _, name, words in EFFORT_BANDS:
        if facets.get("effort") == name:
            head = f"{name} {head} ({words})"
    bits = [f"{n} {head}"]
    if "level" in facets and not facets["kind"].startswith(facets["level"]):  # degrees have it
        bits.append(f"at level {facets['level']}")
    if "recognition" in facets:
        bits.append(f"recognised as {facets['recognition']}")
    return " ".join(bits)


def _quartiles(xs: list[float]) -> tuple[float, float]:
    """First and third quartiles of sorted ``xs``, interpolated (within [xs[0], xs[-1]])."""

    def at(p: float) -> float:
        pos = (len(xs) - 1) * p
        i = int(pos)
        if i + 1 >= len(xs):
            return xs[-1]
        return xs[i] + (xs[i + 1] - xs[i]) * (pos - i)

    return at(0.25), at(0.75)


@dataclass(frozen=True)
class Figure:
    """A range and whether it is the catalogue's own figure; an estimate names its sources."""

    lo: float
    hi: float
    known: bool
    source: tuple[str, ...] = ()  # the credentials an estimate came from (empty when known)
    basis: str = ""  # the comparable set in words: "18 exams at level professional"

    @property
    def rank(self) -> float:
        """The figure plans are ranked by: a published low end, an estimate's high end.

        An unpublished price is as likely to be high as typical, so it ranks at the third
        quartile of what similar credentials publish: a plan of published figures is never
        beaten by a price nobody published.
        """
        return self.lo if self.known else self.hi

    def text(self, unit: str) -> str:
        """``estimated $299–581 from 18 exams at level professional`` (empty when known)."""
        if self.known:
            return ""
        if unit == "usd":
            fig = f"${self.lo:,.0f}–{self.hi:,.0f}"
        else:
            fig = f"{self.lo:.1f}–{self.hi:.1f} months"
        return f"estimated {fig} from {self.basis}"

    def sentence(self, what: str, unit: str) -> str:
        """A plan step's warning: ``no published price: estimated $299–581 from 18 exams ...``."""
        return f"no published {what}: {self.text(unit)}" if not self.known else ""


class Figures:
    """Known or estimated cost and months of every credential of a catalogue."""

    def __init__(self, catalog: Catalog, hours_per_week: float = 10.0) -> None:
        self.catalog = catalog
        self.hours_per_week = hours_per_week
        self._keys = {c.id: _keys(c) for c in catalog.credentials}
        self._cost = self._estimates(
            lambda c: (c.cost.usd_min, c.cost.usd_max) if c.cost else None, whole=True
        )
        self._months = self._estimates(
            lambda c: c.duration.months(hours_per_week) if c.duration else None
        )
        self._cache: dict[tuple[str, str], Figure] = {}

    def _estimates(
        self, figure: Callable[[Credential], tuple[float, float] | None], whole: bool = False
    ) -> dict[tuple[str, ...], Figure]:
        """Every set's estimate; ``whole`` rounds to whole units, kept within the set's range."""
        members: dict[tuple[str, ...], list[tuple[str, float, float]]] = {}
        for c in self.catalog.credentials:
            got = figure(c)
            if got is not None:
                for key in [*self._keys[c.id], ()]:
                    members.setdefault(key, []).append((c.id, *got))
        table = {}
        for key, v in members.items():
            if len(v) >= MIN_SIMILAR or (key == () and v):
                xs = sorted(x for _, a, b in v for x in (a, b))
                lo, hi = _quartiles(xs)
                if whole:
                    lo, hi = (min(max(round(x), xs[0]), xs[-1]) for x in (lo, hi))
                ids = tuple(sorted(cid for cid, _, _ in v))
                table[key] = Figure(lo, hi, False, ids, describe(key, len(v)))
        return table

    def _estimate(self, c: Credential, table: dict[tuple[str, ...], Figure]) -> Figure:
        for key in [*self._keys[c.id], ()]:
            if key in table:
                return table[key]
        return Figure(0.0, 0.0, False, (), "nothing: no credential in the catalogue has the figure")

    def cost(self, cid: str) -> Figure:
        """The cost range in USD (estimated when unknown)."""
        key = ("cost", cid)
        if key not in self._cache:
            c = self.catalog.by_id[cid]
            if c.cost is not None:
                self._cache[key] = Figure(c.cost.usd_min, c.cost.usd_max, True)
            else:
                self._cache[key] = self._estimate(c, self._cost)
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
                self._cache[key] = self._estimate(c, self._months)
        return self._cache[key]

    def effort_based(self, cid: str) -> bool:
        """Whether the duration is study effort (hours), which shares the person's weekly hours."""
        d = self.catalog.by_id[cid].duration
        return d is not None and d.unit == "hours"
