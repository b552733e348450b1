"""Typed, immutable catalogue objects. Stdlib only: the rest of aipath never sees raw YAML."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, Union

__all__ = [
    "CREDENTIAL_TYPES",
    "DELIVERIES",
    "DURATION_UNITS",
    "EVIDENCE_KINDS",
    "INACTIVE_STATUSES",
    "LEVELS",
    "STATUSES",
    "TYPE_FAMILIES",
    "WARN_STATUSES",
    "All",
    "AnyOf",
    "Background",
    "Catalog",
    "Condition",
    "Cost",
    "Credential",
    "Duration",
    "Evidence",
    "Experience",
    "NOf",
    "Ref",
    "Renewal",
    "Text",
    "condition_refs",
    "condition_to_data",
    "earnable",
    "satisfied",
    "credential_to_data",
    "catalog_from_data",
    "catalog_to_data",
]

CREDENTIAL_TYPES = (
    "degree",
    "licensure",
    "academic-certificate",
    "professional-certificate",
    "board-certification",
    "executive-education",
    "micro-credential",
)
# Families follow the seed article's categories (SPEC §2).
TYPE_FAMILIES: dict[str, tuple[str, ...]] = {
    "academic": ("degree", "academic-certificate"),
    "professional": ("professional-certificate", "board-certification"),
    "executive": ("executive-education",),
    "micro": ("micro-credential",),
    "licensure": ("licensure",),
}
LEVELS = ("undergraduate", "graduate", "postgraduate", "professional", "introductory")
DELIVERIES = ("online", "in-person", "hybrid", "unknown")
STATUSES = ("active", "new", "retiring", "retired", "renamed", "archived", "unclear")
# Never proposed by the planner; lint treats them as gone.
INACTIVE_STATUSES = ("retired", "archived")
# Still planned, with a warning to check the provider's page.
WARN_STATUSES = ("retiring", "renamed", "unclear")
EVIDENCE_KINDS = ("official", "third-party", "recalled")
DURATION_UNITS = ("hours", "days", "weeks", "months", "years")

WEEKS_PER_MONTH = 52 / 12
DAYS_PER_MONTH = 365.25 / 12


# --- conditions (SPEC §3 grammar) -------------------------------------------------


@dataclass(frozen=True)
class Ref:
    """A credential that must be held or planned earlier."""

    id: str


@dataclass(frozen=True)
class Experience:
    """Years of experience in a field; a person must check it."""

    years: float
    field: str


@dataclass(frozen=True)
class Text:
    """A rule in words; a person must check it."""

    text: str


@dataclass(frozen=True)
class All:
    """Every item must hold."""

    items: tuple[Condition, ...]


@dataclass(frozen=True)
class AnyOf:
    """At least one item must hold."""

    items: tuple[Condition, ...]


@dataclass(frozen=True)
class NOf:
    """At least ``n`` items must hold."""

    n: int
    items: tuple[Condition, ...]


Condition = Union[All, AnyOf, NOf, Ref, Experience, Text]


def condition_refs(cond: Condition | None) -> Iterator[str]:
    """Yield every credential id a condition mentions, in document order."""
    if cond is None:
        return
    stack: list[Condition] = [cond]
    while stack:
        c = stack.pop()
        if isinstance(c, Ref):
            yield c.id
        elif isinstance(c, (All, AnyOf, NOf)):
            stack.extend(reversed(c.items))


def condition_to_data(cond: Condition) -> Any:
    """The catalogue-format (YAML/JSON) form of a condition."""
    if isinstance(cond, Ref):
        return cond.id
    if isinstance(cond, Text):
        return {"text": cond.text}
    if isinstance(cond, Experience):
        return {"experience": {"years": cond.years, "field": cond.field}}
    if isinstance(cond, All):
        return {"all": [condition_to_data(c) for c in cond.items]}
    if isinstance(cond, AnyOf):
        return {"any": [condition_to_data(c) for c in cond.items]}
    return {"n_of": {"n": cond.n, "of": [condition_to_data(c) for c in cond.items]}}


def satisfied(cond: Condition | None, holds: Callable[[str], bool]) -> bool:
    """Whether ``cond`` holds when ``holds(id)`` says which credentials are available.

    ``text`` and ``experience`` leaves count as satisfiable: a person checks them.
    """
    if cond is None or isinstance(cond, (Text, Experience)):
        return True
    if isinstance(cond, Ref):
        return holds(cond.id)
    if isinstance(cond, All):
        return all(satisfied(c, holds) for c in cond.items)
    if isinstance(cond, AnyOf):
        return any(satisfied(c, holds) for c in cond.items)
    return sum(satisfied(c, holds) for c in cond.items) >= cond.n


def earnable(credentials: Iterable[Credential], start: Iterable[str] = ()) -> set[str]:
    """``start`` plus every credential whose entry can be met, repeatedly, from what is earnable.

    ``text`` and ``experience`` leaves count as met (a person checks them). Linear in the size
    of the conditions, whatever the order of the credentials: every condition node counts how
    many of its items still have to hold, and each newly earned id only visits the leaves that
    mention it (repeated passes were quadratic when credentials came before what they need).
    """
    have = set(start)
    need: list[int] = []  # per condition node: items still to hold (<= 0: holds)
    parent: list[int] = []  # -1 for the root of a credential's entry
    owner: dict[int, str] = {}  # root node -> credential id
    watch: dict[str, list[int]] = {}  # credential id -> the Ref leaves naming it
    holding: list[int] = []  # nodes that hold before anything is earned
    queue: list[str] = list(have)
    for c in credentials:
        if c.id in have:
            continue
        if c.entry is None:
            have.add(c.id)
            queue.append(c.id)
            continue
        stack: list[tuple[Condition, int]] = [(c.entry, -1)]
        while stack:
            cond, up = stack.pop()
            i = len(need)
            parent.append(up)
            if up == -1:
                owner[i] = c.id
            if isinstance(cond, Ref):
                need.append(1)
                watch.setdefault(cond.id, []).append(i)
            elif isinstance(cond, (Text, Experience)):
                need.append(0)
                holding.append(i)
            else:
                k = len(cond.items) if isinstance(cond, All) else (
                    1 if isinstance(cond, AnyOf) else cond.n)  # type: ignore[union-attr]
                need.append(k)
                if k <= 0:
                    holding.append(i)
                stack.extend((item, i) for item in cond.items)  # type: ignore[union-attr]

    def holds(i: int) -> None:
        # Node i just came to hold: tell its ancestors, stopping where nothing changes.
        while True:
            up = parent[i]
            if up == -1:
                cid = owner[i]
                if cid not in have:
                    have.add(cid)
                    queue.append(cid)
                return
            need[up] -= 1
            if need[up] != 0:  # still waiting, or held already
                return
            i = up

    for i in holding:
        holds(i)
    while queue:
        for leaf in watch.pop(queue.pop(), ()):
            need[leaf] -= 1
            if need[leaf] == 0:
                holds(leaf)
    return have


# --- facts ------------------------------------------------------------------------


@dataclass(frozen=True)
class Duration:
    """How long a credential takes; ``hours`` are effort, the rest calendar time."""

    min: float
    max: float
    unit: str
    note: str | None = None

    def months(self, hours_per_week: float = 10.0) -> tuple[float, float]:
        """Calendar months (min, max); effort hours become weeks at ``hours_per_week``."""
        factor = {
            "hours": 1 / (hours_per_week * WEEKS_PER_MONTH),
            "days": 1 / DAYS_PER_MONTH,
            "weeks": 1 / WEEKS_PER_MONTH,
            "months": 1.0,
            "years": 12.0,
        }[self.unit]
        return (self.min * factor, self.max * factor)


@dataclass(frozen=True)
class Cost:
    """A price range in US dollars with the year it was seen and what it covers."""

    usd_min: float
    usd_max: float
    year: int | None = None
    basis: str | None = None
    approximate: bool = False
    note: str | None = None


@dataclass(frozen=True)
class Renewal:
    """How a certification is kept current."""

    every_years: float | None = None
    ce_hours: float | None = None
    usd: float | None = None
    year: int | None = None
    note: str | None = None


@dataclass(frozen=True)
class Evidence:
    """A source for a credential's facts and the date it was checked."""

    kind: str
    verified_on: str
    url: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class Credential:
    """One real credential of the catalogue."""

    id: str
    name: str
    provider: str
    type: str
    level: str
    delivery: str
    roles: tuple[str, ...]
    skills: tuple[str, ...]
    status: str
    evidence: tuple[Evidence, ...]
    subtype: str | None = None
    duration: Duration | None = None
    cost: Cost | None = None
    entry: Condition | None = None
    recommends: tuple[str, ...] = ()
    renewal: Renewal | None = None
    url: str | None = None
    recalled_fields: tuple[str, ...] = ()
    notes: str | None = None

    @property
    def verified_on(self) -> str | None:
        """The newest date any evidence was checked (ISO), or None."""
        dates = [e.verified_on for e in self.evidence]
        return max(dates) if dates else None

    @property
    def prerequisites(self) -> tuple[str, ...]:
        """Every credential id its entry condition mentions (deduplicated, in order)."""
        return tuple(dict.fromkeys(condition_refs(self.entry)))


@dataclass(frozen=True)
class Background:
    """A user's role: what it is assumed to hold and the skills it aims for."""

    id: str
    label: str
    holds: tuple[str, ...]
    target_skills: tuple[str, ...]
    note: str | None = None


@dataclass(frozen=True)
class Catalog:
    """A validated catalogue. ``path`` is shown to users; ``sha256`` identifies the bytes."""

    path: str
    sha256: str
    schema_version: int
    skills: dict[str, str]
    backgrounds: dict[str, Background]
    credentials: tuple[Credential, ...]
    by_id: dict[str, Credential] = field(repr=False, compare=False, default_factory=dict)

    def __post_init__(self) -> None:
        if not self.by_id:
            self.by_id.update({c.id: c for c in self.credentials})

    def unlocks(self, cred_id: str) -> tuple[str, ...]:
        """Ids of the credentials whose entry mentions ``cred_id``."""
        return tuple(c.id for c in self.credentials if cred_id in c.prerequisites)


# --- catalogue-format dicts (export, round-trip) ------------------------------------


def _drop_none(d: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in d.items() if v is not None and v != () and v != []}


def _number(x: float) -> float | int:
    return int(x) if float(x).is_integer() else x


def credential_to_data(c: Credential) -> dict[str, Any]:
    """The catalogue-format dict of a credential (keys in SPEC §3 order)."""
    duration = cost = renewal = None
    if c.duration is not None:
        d = c.duration
        duration = _drop_none(
            {"min": _number(d.min), "max": _number(d.max), "unit": d.unit, "note": d.note}
        )
    if c.cost is not None:
        k = c.cost
        cost = _drop_none(
            {
                "usd_min": _number(k.usd_min),
                "usd_max": _number(k.usd_max),
                "year": k.year,
                "basis": k.basis,
                "approximate": k.approximate,
                "note": k.note,
            }
        )
    if c.renewal is not None:
        r = c.renewal
        renewal = _drop_none(
            {
                "every_years": None if r.every_years is None else _number(r.every_years),
                "ce_hours": None if r.ce_hours is None else _number(r.ce_hours),
                "usd": None if r.usd is None else _number(r.usd),
                "year": r.year,
                "note": r.note,
            }
        )
    data: dict[str, Any] = {
        "id": c.id,
        "name": c.name,
        "provider": c.provider,
        "type": c.type,
        "subtype": c.subtype,
        "level": c.level,
        "delivery": c.delivery,
        "roles": list(c.roles),
        "skills": list(c.skills),
        "duration": duration,
        "cost": cost,
        "entry": None if c.entry is None else condition_to_data(c.entry),
        "recommends": list(c.recommends) or None,
        "renewal": renewal,
        "status": c.status,
        "url": c.url,
        "evidence": [_drop_none(vars(e).copy()) for e in c.evidence],
        "recalled_fields": list(c.recalled_fields) or None,
        "notes": c.notes,
    }
    # duration, cost and url stay present as null: unknown is a fact worth stating.
    keep_null = {"duration", "cost", "url"}
    return {k: v for k, v in data.items() if v is not None or k in keep_null}


def catalog_to_data(cat: Catalog) -> dict[str, Any]:
    """The whole catalogue in its file format, loadable back through the same validation."""
    return {
        "schema_version": cat.schema_version,
        "skills": dict(cat.skills),
        "backgrounds": {
            b.id: _drop_none(
                {
                    "label": b.label,
                    "holds": list(b.holds),
                    "target_skills": list(b.target_skills),
                    "note": b.note,
                }
            )
            for b in cat.backgrounds.values()
        },
        "credentials": [credential_to_data(c) for c in cat.credentials],
    }


def _condition_from_data(data: Any) -> Condition:
    if isinstance(data, str):
        return Ref(data)
    if isinstance(data, list):
        return All(tuple(_condition_from_data(x) for x in data))
    ((key, value),) = data.items()
    if key == "all":
        return All(tuple(_condition_from_data(x) for x in value))
    if key == "any":
        return AnyOf(tuple(_condition_from_data(x) for x in value))
    if key == "n_of":
        return NOf(value["n"], tuple(_condition_from_data(x) for x in value["of"]))
    if key == "experience":
        return Experience(value["years"], value["field"])
    return Text(value)


def catalog_from_data(data: dict[str, Any], *, path: str, sha256: str) -> Catalog:
    """Rebuild a catalogue from :func:`catalog_to_data` output that was already validated.

    Only for trusted data (the validated-catalogue cache); files go through the loader.
    """
    creds = []
    for c in data["credentials"]:
        d, k, r = c.get("duration"), c.get("cost"), c.get("renewal")
        creds.append(
            Credential(
                id=c["id"],
                name=c["name"],
                provider=c["provider"],
                type=c["type"],
                level=c["level"],
                delivery=c["delivery"],
                roles=tuple(c["roles"]),
                skills=tuple(c["skills"]),
                status=c["status"],
                evidence=tuple(Evidence(**e) for e in c["evidence"]),
                subtype=c.get("subtype"),
                duration=None if d is None else Duration(d["min"], d["max"], d["unit"], d.get("note")),
                cost=None if k is None else Cost(
                    k["usd_min"], k["usd_max"], k.get("year"), k.get("basis"),
                    k.get("approximate", False), k.get("note"),
                ),
                entry=None if c.get("entry") is None else _condition_from_data(c["entry"]),
                recommends=tuple(c.get("recommends", ())),
                renewal=None if r is None else Renewal(**r),
                url=c.get("url"),
                recalled_fields=tuple(c.get("recalled_fields", ())),
                notes=c.get("notes"),
            )
        )
    backgrounds = {
        bid: Background(
            id=bid,
            label=b["label"],
            holds=tuple(b.get("holds", ())),
            target_skills=tuple(b.get("target_skills", ())),
            note=b.get("note"),
        )
        for bid, b in data["backgrounds"].items()
    }
    return Catalog(
        path=path,
        sha256=sha256,
        schema_version=data["schema_version"],
        skills=dict(data["skills"]),
        backgrounds=backgrounds,
        credentials=tuple(creds),
    )
