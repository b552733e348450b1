"""Known and estimated figures of credentials: the code of :mod:`aipath.planner.figures`.

The contract (which credentials an unknown figure is estimated from, the range it takes, its
complexity) is written in :mod:`aipath.planner.figures`, where the planner reads it. The code
lives here, next to the models and stdlib-only, so that ``aipath show`` can state an estimate
and its sources without importing the planner (and networkx).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from .models import Catalog, Credential, Duration

__all__ = [
    "EFFORT_BANDS", "MIN_SIMILAR", "REFERENCE_HOURS_PER_WEEK", "RUNGS", "Facets", "Figure",
    "FigureSets", "Figures", "describe", "effort", "facets", "figure_sets", "kind",
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


Facets = tuple[str, "str | None", str, "str | None"]  # kind, effort, level, recognition
_FACET_NAMES = ("kind", "effort", "level", "recognition")


def facets(c: Credential) -> Facets:
    """What sets ``c`` can belong to: its kind, effort, level and recognition."""
    return (kind(c), effort(c), c.level, c.recognition)


def _keys(f: Facets) -> list[tuple[str, ...]]:
    """The sets of a credential with facets ``f``, narrowest first (a rung whose facet is
    unknown is skipped)."""
    named = dict(zip(_FACET_NAMES, f))
    return [
        tuple(f"{name}={named[name]}" for name in rung) for rung in RUNGS
        if all(named[name] is not None for name in rung)
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


class FigureSets:
    """The credentials that publish each figure, grouped by their facets.

    Every comparable set (a rung's key) is a union of groups. Built in one pass over the
    catalogue and kept with it; a compiled catalogue (:mod:`aipath.load.compiled`) brings its
    own, with each set's estimate worked out when it was compiled and each group read only
    when an estimate's sources are asked for.
    """

    def __init__(self, catalog: Catalog) -> None:
        self.cost: dict[Facets, list[tuple[str, float, float]]] = {}
        self.duration: dict[Facets, list[tuple[str, Duration]]] = {}
        for c in catalog.credentials:
            if c.cost is None and c.duration is None:
                continue
            f = facets(c)
            if c.cost is not None:
                self.cost.setdefault(f, []).append((c.id, c.cost.usd_min, c.cost.usd_max))
            if c.duration is not None:
                self.duration.setdefault(f, []).append((c.id, c.duration))
        self._by_key: dict[str, dict[tuple[str, ...], list[Facets]]] = {}

    def counts(self, figure: str) -> dict[Facets, int]:
        """How many credentials of each group publish ``figure`` ("cost" or "duration")."""
        groups: dict[Facets, list[Any]] = getattr(self, figure)
        return {f: len(v) for f, v in groups.items()}

    def members(self, figure: str, f: Facets) -> list[Any]:
        """(id, usd_min, usd_max) of a cost group, (id, Duration) of a duration group."""
        return list(getattr(self, figure).get(f, ()))

    def ids(self, figure: str, f: Facets) -> list[str]:
        """The ids of a group."""
        return [m[0] for m in self.members(figure, f)]

    def groups(self, figure: str, key: tuple[str, ...]) -> list[Facets]:
        """The groups whose union is the set ``key``."""
        return self.sets(figure).get(key, [])

    def sets(self, figure: str) -> dict[tuple[str, ...], list[Facets]]:
        """Every set (a rung's key) with the groups whose union it is."""
        if figure not in self._by_key:
            by_key: dict[tuple[str, ...], list[Facets]] = {}
            for f in sorted(self.counts(figure), key=repr):
                for k in [*_keys(f), ()]:
                    by_key.setdefault(k, []).append(f)
            self._by_key[figure] = by_key
        return self._by_key[figure]

    def summary(self, figure: str, key: tuple[str, ...], hours_per_week: float) -> tuple[float, float] | None:
        """The set's estimate worked out beforehand, or None to work it out from its groups."""
        return None

    def estimate(self, figure: str, key: tuple[str, ...], hours_per_week: float) -> Figure | None:
        """The estimate of the set ``key`` (the middle half of its figures), or None when it
        has too few members."""
        counts = self.counts(figure)
        groups = self.groups(figure, key)
        n = sum(counts[f] for f in groups)
        if not (n >= MIN_SIMILAR or (key == () and n)):
            return None
        known = self.summary(figure, key, hours_per_week)
        if known is not None:
            return Figure(*known, False, _SetIds(self, figure, groups, n), describe(key, n))
        if figure == "cost":
            v = [m for f in groups for m in self.members(figure, f)]
        else:
            v = [(cid, *d.months(hours_per_week)) for f in groups for cid, d in self.members(figure, f)]
        xs = sorted(x for _, a, b in v for x in (a, b))
        lo, hi = _quartiles(xs)
        if figure == "cost":  # whole dollars, kept within the set's range
            lo, hi = (min(max(round(x), xs[0]), xs[-1]) for x in (lo, hi))
        return Figure(lo, hi, False, tuple(sorted(cid for cid, _, _ in v)), describe(key, n))


class _SetIds(Sequence[str]):
    """The sorted ids of a set, read from its groups the first time they are needed (an
    estimate is used for its figures far more often than it names its sources)."""

    def __init__(self, sets: FigureSets, figure: str, groups: list[Facets], n: int) -> None:
        self._load = (sets, figure, groups)
        self._n = n
        self._ids: tuple[str, ...] | None = None

    def _all(self) -> tuple[str, ...]:
        if self._ids is None:
            sets, figure, groups = self._load
            self._ids = tuple(sorted(cid for f in groups for cid in sets.ids(figure, f)))
        return self._ids

    def __len__(self) -> int:
        return self._n

    def __getitem__(self, i: Any) -> Any:
        return self._all()[i]

    def __iter__(self) -> Iterator[str]:
        return iter(self._all())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, (tuple, _SetIds)):
            return self._all() == tuple(other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._all())

    def __repr__(self) -> str:
        return repr(self._all())


def figure_sets(catalog: Catalog) -> FigureSets:
    """The catalogue's :class:`FigureSets`, built on first use and kept with it."""
    sets: FigureSets | None = catalog.__dict__.get("_figure_sets")
    if sets is None:
        sets = catalog.__dict__["_figure_sets"] = FigureSets(catalog)
    return sets


class Figures:
    """Known or estimated cost and months of every credential of a catalogue."""

    def __init__(self, catalog: Catalog, hours_per_week: float = 10.0) -> None:
        self.catalog = catalog
        self.hours_per_week = hours_per_week
        self.sets = figure_sets(catalog)
        self._tables: dict[str, dict[tuple[str, ...], Figure | None]] = {"cost": {}, "duration": {}}
        self._cache: dict[tuple[str, str], Figure] = {}

    def _set(self, figure: str, key: tuple[str, ...]) -> Figure | None:
        table = self._tables[figure]
        if key not in table:
            table[key] = self.sets.estimate(figure, key, self.hours_per_week)
        return table[key]

    def _estimate(self, c: Credential, figure: str) -> Figure:
        for key in [*_keys(facets(c)), ()]:
            fig = self._set(figure, key)
            if fig is not None:
                return fig
        return Figure(0.0, 0.0, False, (), "nothing: no credential in the catalogue has the figure")

    def cost(self, cid: str) -> Figure:
        """The cost range in USD (estimated when unknown)."""
        key = ("cost", cid)
        if key not in self._cache:
            c = self.catalog.by_id[cid]
            if c.cost is not None:
                self._cache[key] = Figure(c.cost.usd_min, c.cost.usd_max, True)
            else:
                self._cache[key] = self._estimate(c, "cost")
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
                self._cache[key] = self._estimate(c, "duration")
        return self._cache[key]

    def effort_based(self, cid: str) -> bool:
        """Whether the duration is study effort (hours), which shares the person's weekly hours."""
        d = self.catalog.by_id[cid].duration
        return d is not None and d.unit == "hours"
