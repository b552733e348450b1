"""Typed, immutable catalogue objects. Stdlib only: the rest of aipath never sees raw YAML."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, Union

__all__ = [
    "CREDENTIAL_TYPES",
    "DELIVERIES",
    "RECOGNITIONS",
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
    "ClassOf",
    "CredentialClass",
    "Condition",
    "Cost",
    "Credential",
    "Duration",
    "Evidence",
    "Experience",
    "FULL_TIME_HOURS_PER_WEEK",
    "HOURS_PER_YEAR_FULL_TIME",
    "NOf",
    "ProfileExperience",
    "Ref",
    "Renewal",
    "Signature",
    "Text",
    "condition_classes",
    "condition_refs",
    "is_open",
    "named_routes",
    "walk",
    "experience_words",
    "condition_to_data",
    "earnable",
    "satisfied",
    "credential_from_data",
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
    "fellowship",
)
# Families follow the seed article's categories (SPEC §2).
TYPE_FAMILIES: dict[str, tuple[str, ...]] = {
    "academic": ("degree", "academic-certificate"),
    "professional": ("professional-certificate", "board-certification"),
    "executive": ("executive-education",),
    "micro": ("micro-credential",),
    "licensure": ("licensure",),
    "training": ("fellowship",),
}
# What kind of recognition a credential carries (README, "Recognition"). Ordered from the
# strongest standing to the weakest; `board-certification` is kept for the first two.
RECOGNITIONS: dict[str, str] = {
    "abms-board": "an ABMS member board's certification or subspecialty (e.g. ABPM/ABPath clinical informatics)",
    "nursing-board": "a nursing board certification from an ABSNC-accredited body (e.g. ANCC)",
    "licence": "a state licence to practise",
    "accredited-training": "ACGME-accredited residency or fellowship training",
    "academic": "a degree or graduate certificate from an accredited institution",
    "accredited-certification": "a professional certification accredited to ISO/IEC 17024 (ANAB or another IAF body) or by NCCA",
    "professional-body": "a professional society's or certifying body's own assessed certification, not shown to be independently accredited",
    "vendor-certification": "a technology vendor's certification of its own products",
    "training": "a supervised training position or programme without external accreditation",
    "course-certificate": "a course or educational certificate: shows completion, not an assessed standard",
}
BOARD_RECOGNITIONS = ("abms-board", "nursing-board")
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
# The work pattern an hours-of-experience rule is served at unless a profile states its own:
# full-time, 40 h a week for 52 weeks (2,080 h a year, the US full-time-equivalent year).
FULL_TIME_HOURS_PER_WEEK = 40.0
HOURS_PER_YEAR_FULL_TIME = FULL_TIME_HOURS_PER_WEEK * 52


# --- conditions (SPEC §3 grammar) -------------------------------------------------


@dataclass(frozen=True)
class _Route:
    """What every condition but a bare id may carry: a name, and the dates it is open."""

    label: str | None = field(default=None, kw_only=True)
    open_from: str | None = field(default=None, kw_only=True)  # ISO date, inclusive
    open_until: str | None = field(default=None, kw_only=True)  # ISO date, inclusive


@dataclass(frozen=True)
class Ref:
    """A credential (or one that counts as it) that must be held or planned earlier."""

    id: str
    label = None
    open_from = None
    open_until = None


@dataclass(frozen=True)
class ClassOf(_Route):
    """Any credential that counts as the named class ("an informatics master's")."""

    name: str


@dataclass(frozen=True)
class Experience(_Route):
    """Experience in a field, in ``years`` or in ``hours`` (exactly one is set); a person checks it.

    ``within_years``: the experience must fall within the last N years (2,000 h within 3
    years; 4 years within the last 6).
    """

    years: float | None
    field: str
    hours: float | None = field(default=None, kw_only=True)
    within_years: float | None = field(default=None, kw_only=True)


@dataclass(frozen=True)
class ProfileExperience:
    """What a profile says of one field of experience (``experience:`` in a profile).

    ``years`` and ``hours`` are what the person has; ``within_years`` says they fall within
    the last N years (unset: the profile does not say when); ``hours_per_week`` is how much
    the person works in the field now, the pattern a wait for more hours is served at.
    """

    field: str
    years: float | None = None
    hours: float | None = None
    within_years: float | None = None
    hours_per_week: float | None = None


def experience_words(e: Experience) -> str:
    """An experience rule in words: ``2 years of nursing-practice``,
    ``2,000 h of informatics-nursing within the last 3 years``."""
    amount = f"{e.years:g} years" if e.hours is None else f"{_grouped(e.hours)} h"
    window = "" if e.within_years is None else f" within the last {e.within_years:g} years"
    return f"{amount} of {e.field}{window}"


def _grouped(x: float) -> str:
    return f"{x:,.0f}" if float(x).is_integer() else f"{x:,g}"


@dataclass(frozen=True)
class Text(_Route):
    """A rule in words that no holding can show; a person must check it.

    ``must_hold``: the rule names a credential or licence outside this catalogue (an active
    CISA, say) that the person must already hold. It is met only when the profile asserts
    it, never assumed: a plan does not lean on a credential it cannot plan.
    """

    text: str
    must_hold: bool = field(default=False, kw_only=True)


@dataclass(frozen=True)
class All(_Route):
    """Every item must hold."""

    items: tuple[Condition, ...]


@dataclass(frozen=True)
class AnyOf(_Route):
    """At least one item must hold."""

    items: tuple[Condition, ...]


@dataclass(frozen=True)
class NOf(_Route):
    """At least ``n`` items must hold."""

    n: int
    items: tuple[Condition, ...]


Condition = Union[All, AnyOf, NOf, Ref, ClassOf, Experience, Text]


def is_open(cond: Condition, today: str | None) -> bool:
    """Whether a route is open on ``today`` (ISO date); ``None`` ignores dates."""
    if today is None:
        return True
    if cond.open_from is not None and today < cond.open_from:
        return False
    return cond.open_until is None or today <= cond.open_until


def walk(cond: Condition | None) -> Iterator[tuple[tuple[int, ...], Condition]]:
    """Every condition under ``cond`` with its path of item positions, in document order.

    The one walk over the grammar: ids, classes and dated routes are all read from it.
    Iterative, so nesting depth is no limit.
    """
    stack: list[tuple[tuple[int, ...], Condition]] = [((), cond)] if cond is not None else []
    while stack:
        path, c = stack.pop()
        yield path, c
        if isinstance(c, (All, AnyOf, NOf)):
            stack.extend(((*path, i), x) for i, x in reversed(list(enumerate(c.items))))


def months_between(earlier: str, today: _dt.date) -> int:
    """Whole calendar months from ISO date ``earlier`` to ``today`` (0 if not before)."""
    d = _dt.date.fromisoformat(earlier)
    months = (today.year - d.year) * 12 + today.month - d.month
    if today.day < d.day:
        months -= 1
    return max(months, 0)


def rule_key(text: str) -> str:
    """How a profile's ``asserts`` line is matched to a rule: case, spacing and a final stop aside."""
    return " ".join(text.casefold().split()).rstrip(".;:, ")


def rule_texts(catalog: Catalog) -> dict[str, str]:
    """Every ``text`` rule of the catalogue by its :func:`rule_key`, in document order."""
    out: dict[str, str] = {}
    for c in catalog.credentials:
        for _, cond in walk(c.entry):
            if isinstance(cond, Text):
                out.setdefault(rule_key(cond.text), cond.text)
    return out


def condition_refs(cond: Condition | None) -> Iterator[str]:
    """Yield every credential id a condition mentions, in document order."""
    return (c.id for _, c in walk(cond) if isinstance(c, Ref))


def condition_classes(cond: Condition | None) -> Iterator[str]:
    """Yield every class a condition names, in document order."""
    return (c.name for _, c in walk(cond) if isinstance(c, ClassOf))


def named_routes(cond: Condition | None) -> list[tuple[tuple[int, ...], Condition]]:
    """Every condition with a label or dates, with its path of item positions, in order."""
    return [
        (path, c) for path, c in walk(cond)
        if c.label is not None or c.open_from is not None or c.open_until is not None
    ]


def condition_to_data(cond: Condition) -> Any:
    """The catalogue-format (YAML/JSON) form of a condition."""
    if isinstance(cond, Ref):
        return cond.id
    data: dict[str, Any]
    if isinstance(cond, Text):
        data = {"text": cond.text}
        if cond.must_hold:
            data["must_hold"] = True
    elif isinstance(cond, ClassOf):
        data = {"class": cond.name}
    elif isinstance(cond, Experience):
        unit, amount = ("years", cond.years) if cond.hours is None else ("hours", cond.hours)
        exp: dict[str, Any] = {unit: _number(amount or 0), "field": cond.field}
        if cond.within_years is not None:
            exp["within_years"] = _number(cond.within_years)
        data = {"experience": exp}
    elif isinstance(cond, All):
        data = {"all": [condition_to_data(c) for c in cond.items]}
    elif isinstance(cond, AnyOf):
        data = {"any": [condition_to_data(c) for c in cond.items]}
    else:
        data = {"n_of": {"n": cond.n, "of": [condition_to_data(c) for c in cond.items]}}
    for key in ("label", "open_from", "open_until"):
        if getattr(cond, key) is not None:
            data[key] = getattr(cond, key)
    return data


def satisfied(
    cond: Condition | None, holds: Callable[[str], bool], today: str | None = None
) -> bool:
    """Whether ``cond`` holds when ``holds(name)`` says which credentials and classes are held.

    ``holds`` answers for ids and class names alike (see :meth:`Catalog.closure`). ``text``
    and ``experience`` leaves count as satisfiable: a person checks them. With ``today``, a
    route outside its dates does not hold.
    """
    if cond is None:
        return True
    if not is_open(cond, today):
        return False
    if isinstance(cond, (Text, Experience)):
        return True
    if isinstance(cond, Ref):
        return holds(cond.id)
    if isinstance(cond, ClassOf):
        return holds(cond.name)
    if isinstance(cond, All):
        return all(satisfied(c, holds, today) for c in cond.items)
    if isinstance(cond, AnyOf):
        return any(satisfied(c, holds, today) for c in cond.items)
    return sum(satisfied(c, holds, today) for c in cond.items) >= cond.n


def earnable(
    credentials: Iterable[Credential],
    start: Iterable[str] = (),
    *,
    implies: Callable[[str], Iterable[str]] | None = None,
    today: str | None = None,
) -> set[str]:
    """``start`` plus every credential whose entry can be met, repeatedly, from what is earnable.

    ``implies(id)`` names what holding ``id`` counts as (itself included); by default only
    itself. The result holds the ids earned and the class names they count as (an id that is
    only counted as, never earned itself, is left out). ``text`` and ``experience`` leaves
    count as met (a person checks them); with ``today``, a route outside its dates never holds.

    Linear in the size of the conditions, whatever the order of the credentials: every
    condition node counts how many of its items still have to hold, and each newly held name
    only visits the leaves that mention it (repeated passes were quadratic when credentials
    came before what they need).
    """
    implied: Callable[[str], Iterable[str]] = implies or (lambda cid: (cid,))
    credentials = list(credentials)
    ids = {c.id for c in credentials}
    earned: set[str] = set()
    names: set[str] = set()
    never = 1 << 62  # a closed route: never counts down to zero
    need: list[int] = []  # per condition node: items still to hold (<= 0: holds)
    parent: list[int] = []  # -1 for the root of a credential's entry
    owner: dict[int, str] = {}  # root node -> credential id
    watch: dict[str, list[int]] = {}  # id or class name -> the leaves naming it
    holding: list[int] = []  # nodes that hold before anything is earned
    queue: list[str] = []

    def earn(cid: str) -> None:
        if cid not in earned:
            earned.add(cid)
            queue.append(cid)

    for cid in start:
        earn(cid)
    for c in credentials:
        if c.id in earned:
            continue
        if c.entry is None:
            earn(c.id)
            continue
        stack: list[tuple[Condition, int]] = [(c.entry, -1)]
        while stack:
            cond, up = stack.pop()
            i = len(need)
            parent.append(up)
            if up == -1:
                owner[i] = c.id
            closed = not is_open(cond, today)
            if isinstance(cond, (Ref, ClassOf)):
                need.append(never if closed else 1)
                watch.setdefault(cond.id if isinstance(cond, Ref) else cond.name, []).append(i)
            elif isinstance(cond, (Text, Experience)):
                need.append(never if closed else 0)
                if not closed:
                    holding.append(i)
            else:
                k = len(cond.items) if isinstance(cond, All) else (
                    1 if isinstance(cond, AnyOf) else cond.n)  # type: ignore[union-attr]
                need.append(never if closed else k)
                stack.extend((item, i) for item in cond.items)  # type: ignore[union-attr]

    def holds(i: int) -> None:
        # Node i just came to hold: tell its ancestors, stopping where nothing changes.
        while True:
            up = parent[i]
            if up == -1:
                earn(owner[i])
                return
            need[up] -= 1
            if need[up] != 0:  # still waiting, or held already
                return
            i = up

    for i in holding:
        holds(i)
    while queue:
        for name in implied(queue.pop()):
            if name in names:
                continue
            names.add(name)
            for leaf in watch.pop(name, ()):
                need[leaf] -= 1
                if need[leaf] == 0:
                    holds(leaf)
    return earned | (names - ids)


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
    usd_max: float | None = None  # with usd, a fee range (member vs non-member); per renewal


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
    recognition: str | None = None  # a key of RECOGNITIONS; None only in older catalogues
    counts_as: tuple[str, ...] = ()  # credential ids and class names this also satisfies
    successor: str | None = None  # what replaces a retiring or retired credential
    ctid: str | None = None  # Credential Engine's registry id, where the body published one
    aliases: tuple[str, ...] = ()  # other names the credential is known by (badges, transcripts)

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
class Signature:
    """A credential (or class) a profession recognises for the move into healthcare AI."""

    ref: str  # a credential id or a class name
    why: str
    source: str
    is_class: bool = False
    verified_on: str | None = None  # when the source was last read


@dataclass(frozen=True)
class Background:
    """A user's role: what it is assumed to hold and the skills it aims for.

    ``based_on`` names a background whose credentials are open to this one too (a
    physician in residency can take what a physician can).
    """

    id: str
    label: str
    holds: tuple[str, ...]
    target_skills: tuple[str, ...]
    note: str | None = None
    based_on: str | None = None
    signature: tuple[Signature, ...] = ()


@dataclass(frozen=True)
class CredentialClass:
    """A kind of credential that rules can name, such as "an informatics master's"."""

    id: str
    label: str
    counts_as: tuple[str, ...] = ()  # broader classes, e.g. a master's counts as a bachelor's
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
    classes: dict[str, CredentialClass] = field(default_factory=dict)
    by_id: dict[str, Credential] = field(repr=False, compare=False, default_factory=dict)
    _implies: dict[str, frozenset[str]] = field(
        repr=False, compare=False, default_factory=dict
    )
    _members: dict[str, tuple[str, ...]] = field(
        repr=False, compare=False, default_factory=dict
    )
    # A catalogue merged from several files (aipath.load.merge): each file (path, sha256,
    # credentials), and where a credential or figure came from when not from the first file:
    # origins[id][field] = "FILE, registry record CTID" (field "record" for a whole credential).
    files: tuple[tuple[str, str, int], ...] = field(default=(), compare=False)
    origins: dict[str, dict[str, str]] = field(repr=False, compare=False, default_factory=dict)

    def __post_init__(self) -> None:
        if not isinstance(self.by_id, dict):
            return  # lookups read on demand (aipath.load.compiled): nothing to work out here
        if not self.by_id:
            self.by_id.update({c.id: c for c in self.credentials})
        if not self._implies:
            self._implies.update(_implications(self))
            members: dict[str, list[str]] = {}
            for c in self.credentials:
                for name in sorted(self._implies[c.id]):
                    if name != c.id:
                        members.setdefault(name, []).append(c.id)
            self._members.update({k: tuple(sorted(v)) for k, v in members.items()})

    def unlocks(self, cred_id: str) -> tuple[str, ...]:
        """Ids of the credentials whose entry mentions ``cred_id``."""
        return tuple(c.id for c in self.credentials if cred_id in c.prerequisites)

    def implies(self, cred_id: str) -> frozenset[str]:
        """``cred_id`` and every credential id or class it counts as, transitively."""
        return self._implies.get(cred_id, frozenset((cred_id,)))

    def closure(self, ids: Iterable[str]) -> frozenset[str]:
        """Every id and class name satisfied by holding ``ids``."""
        out: set[str] = set()
        for cid in ids:
            out |= self.implies(cid)
        return frozenset(out)

    def members(self, name: str) -> tuple[str, ...]:
        """Credentials other than ``name`` that count as ``name`` (an id or a class), by id."""
        return self._members.get(name, ())

    def role_chain(self, role: str) -> tuple[str, ...]:
        """``role`` and the backgrounds it is based on, nearest first."""
        chain = [role]
        while (base := self.backgrounds[chain[-1]].based_on) is not None and base not in chain:
            chain.append(base)
        return tuple(chain)

    def open_to(self, c: Credential, role: str) -> bool:
        """Whether ``c`` is listed for ``role`` or for a background it is based on."""
        return any(r in c.roles for r in self.role_chain(role))


def _implications(cat: Catalog) -> dict[str, frozenset[str]]:
    edges: dict[str, tuple[str, ...]] = {c.id: c.counts_as for c in cat.credentials}
    edges.update({k.id: k.counts_as for k in cat.classes.values()})
    out: dict[str, frozenset[str]] = {}
    for start in edges:
        seen = {start}
        stack = [start]
        while stack:
            for nxt in edges.get(stack.pop(), ()):
                if nxt not in seen:
                    seen.add(nxt)
                    stack.append(nxt)
        out[start] = frozenset(seen)
    return out


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
                "usd_max": None if r.usd_max is None else _number(r.usd_max),
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
        "recognition": c.recognition,
        "level": c.level,
        "delivery": c.delivery,
        "roles": list(c.roles),
        "skills": list(c.skills),
        "duration": duration,
        "cost": cost,
        "entry": None if c.entry is None else condition_to_data(c.entry),
        "counts_as": list(c.counts_as) or None,
        "recommends": list(c.recommends) or None,
        "renewal": renewal,
        "status": c.status,
        "successor": c.successor,
        "ctid": c.ctid,
        "aliases": list(c.aliases) or None,
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
    data: dict[str, Any] = {
        "schema_version": cat.schema_version,
        "skills": dict(cat.skills),
    }
    if cat.classes:
        data["classes"] = {
            k.id: _drop_none({"label": k.label, "counts_as": list(k.counts_as), "note": k.note})
            for k in cat.classes.values()
        }
    data["backgrounds"] = {
        b.id: _drop_none(
            {
                "label": b.label,
                "based_on": b.based_on,
                "holds": list(b.holds),
                "target_skills": list(b.target_skills),
                "signature": [
                    _drop_none({("class" if s.is_class else "id"): s.ref, "why": s.why,
                                "source": s.source, "verified_on": s.verified_on})
                    for s in b.signature
                ],
                "note": b.note,
            }
        )
        for b in cat.backgrounds.values()
    }
    data["credentials"] = [credential_to_data(c) for c in cat.credentials]
    return data


_ROUTE_KEYS = ("label", "open_from", "open_until")


def _condition_from_data(data: Any) -> Condition:
    if isinstance(data, str):
        return Ref(data)
    if isinstance(data, list):
        return All(tuple(_condition_from_data(x) for x in data))
    meta = {k: data[k] for k in _ROUTE_KEYS if k in data}
    ((key, value),) = [(k, v) for k, v in data.items() if k not in (*_ROUTE_KEYS, "must_hold")]
    if key == "all":
        return All(tuple(_condition_from_data(x) for x in value), **meta)
    if key == "any":
        return AnyOf(tuple(_condition_from_data(x) for x in value), **meta)
    if key == "n_of":
        return NOf(value["n"], tuple(_condition_from_data(x) for x in value["of"]), **meta)
    if key == "experience":
        return Experience(value.get("years"), value["field"], hours=value.get("hours"),
                          within_years=value.get("within_years"), **meta)
    if key == "class":
        return ClassOf(value, **meta)
    return Text(value, must_hold=bool(data.get("must_hold")), **meta)


def credential_from_data(c: dict[str, Any]) -> Credential:
    """A credential from :func:`credential_to_data` output that was already validated."""
    d, k, r = c.get("duration"), c.get("cost"), c.get("renewal")
    return Credential(
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
        recognition=c.get("recognition"),
        counts_as=tuple(c.get("counts_as", ())),
        successor=c.get("successor"),
        ctid=c.get("ctid"),
        aliases=tuple(c.get("aliases", ())),
    )


def catalog_from_data(data: dict[str, Any], *, path: str, sha256: str, **read: Any) -> Catalog:
    """Rebuild a catalogue from :func:`catalog_to_data` output that was already validated.

    Only for trusted data (the validated-catalogue cache); files go through the loader.
    ``read`` gives the credentials and their lookups (``credentials``, ``by_id``,
    ``_implies``, ``_members``) read lazily instead of from ``data["credentials"]``.
    """
    creds = read.pop("credentials", None)
    if creds is None:
        creds = tuple(credential_from_data(c) for c in data["credentials"])
    backgrounds = {
        bid: Background(
            id=bid,
            label=b["label"],
            holds=tuple(b.get("holds", ())),
            target_skills=tuple(b.get("target_skills", ())),
            note=b.get("note"),
            based_on=b.get("based_on"),
            signature=tuple(
                Signature(
                    s.get("id") or s["class"], s["why"], s["source"], is_class="class" in s,
                    verified_on=s.get("verified_on"),
                )
                for s in b.get("signature", ())
            ),
        )
        for bid, b in data["backgrounds"].items()
    }
    classes = {
        kid: CredentialClass(
            id=kid, label=k["label"], counts_as=tuple(k.get("counts_as", ())), note=k.get("note")
        )
        for kid, k in data.get("classes", {}).items()
    }
    return Catalog(
        path=path,
        sha256=sha256,
        schema_version=data["schema_version"],
        skills=dict(data["skills"]),
        backgrounds=backgrounds,
        credentials=creds,
        classes=classes,
        **read,
    )
