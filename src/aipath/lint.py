"""Catalogue checks for maintainers (SPEC §7): warnings and data-coverage figures. Stdlib only."""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass

from .models import BOARD_RECOGNITIONS, HOURS_PER_YEAR_FULL_TIME, RECOGNITIONS, months_between
from .models import INACTIVE_STATUSES as INACTIVE
from .models import (
    AnyOf,
    Catalog,
    Condition,
    Credential,
    Experience,
    Ref,
    Text,
    condition_refs,
    earnable,
    named_routes,
    satisfied,
    walk,
)

__all__ = ["Coverage", "LintReport", "LintWarning", "lint_catalog", "months_between", "reachable"]



@dataclass(frozen=True)
class LintWarning:
    """One finding: a stable ``code``, the credential it concerns (if any), and a sentence."""

    code: str
    credential: str | None
    message: str


@dataclass(frozen=True)
class Coverage:
    """How complete the catalogue's facts are; shares are of all credentials."""

    credentials: int
    active: int
    with_cost: int
    with_duration: int
    with_official_evidence: int
    stale_evidence: int
    with_recognition: int = 0
    by_recognition: tuple[tuple[str, int], ...] = ()  # (kind, count), vocabulary order

    def share(self, count: int) -> float:
        """``count`` as a fraction of all credentials (0 when the catalogue is empty)."""
        return count / self.credentials if self.credentials else 0.0


@dataclass(frozen=True)
class LintReport:
    """Warnings (sorted by credential then code) and coverage."""

    warnings: tuple[LintWarning, ...]
    coverage: Coverage
    stale_months: int
    today: str


def reachable(catalog: Catalog, role: str, today: str | None = None) -> set[str]:
    """Ids a ``role`` can hold or earn: its presumed holdings plus role-open credentials.

    With ``today``, routes closed on that date do not count.
    """
    open_ = [
        c for c in catalog.credentials if catalog.open_to(c, role) and c.status not in INACTIVE
    ]
    return earnable(
        open_, catalog.backgrounds[role].holds, implies=catalog.implies, today=today
    )


def _class_hints(catalog: Catalog, c: Credential) -> list[str]:
    """Where ``c``'s entry names ids although a class of credentials says it better.

    Two smells: an ``any`` that lists several ids of one class, and an id of a class that
    specific programmes also belong to (a generic entry standing in for its kind hides them).
    """
    hints: list[str] = []

    def direct(name: str) -> list[str]:
        return [x.id for x in catalog.credentials if name in x.counts_as]

    def hint(ids: list[str], name: str) -> None:
        label = catalog.classes[name].label
        others = [m for m in direct(name) if m not in ids]
        hints.append(
            f"entry names {', '.join(ids)} where the class {name} ('{label}') exists; name "
            f"{{class: {name}}} so {', '.join(others[:3])}" + (" and others" if len(others) > 3 else "")
            + " count too"
        )

    for _, cond in walk(c.entry):
        if isinstance(cond, AnyOf):
            refs = [x.id for x in cond.items if isinstance(x, Ref)]
            shared: dict[str, list[str]] = {}
            for r in refs:
                for name in catalog.by_id[r].counts_as:
                    if name in catalog.classes:
                        shared.setdefault(name, []).append(r)
            for name, ids in sorted(shared.items()):
                if len(ids) >= 2:
                    hint(ids, name)
    for ref in dict.fromkeys(condition_refs(c.entry)):
        for name in catalog.by_id[ref].counts_as:
            if name not in catalog.classes:
                continue
            specific = [
                m for m in direct(name)
                if m != ref and not catalog.by_id[m].provider.startswith("generic")
                and ref not in catalog.implies(m)
            ]
            if specific and not any(h.startswith(f"entry names {ref},") for h in hints):
                hint([ref], name)
    return hints


# A text rule that counts hours of practice or work: experience a plan could wait for.
_HOURS = re.compile(r"\b\d[\d,.]*\s*(?:h|hours?)\b", re.I)
_PRACTICE = re.compile(r"\b(?:practice|experience|work)\b", re.I)
# ... but not study hours: CE, academic credit, a programme's supervised practicum.
_STUDY = re.compile(
    r"\b(?:CE|continuing|semester|credits?|contact|supervised|practicum|course\w*)\b", re.I)


def _experience_hints(cond: Condition | None) -> list[tuple[str, str]]:
    """(code, message) for experience written as text, and hours no full-time job can fill."""
    out = []
    for _, x in walk(cond):
        if (isinstance(x, Text) and not x.must_hold and _HOURS.search(x.text)
                and _PRACTICE.search(x.text) and not _STUDY.search(x.text)):
            out.append(("hours-as-text", (
                f"the text rule '{x.text}' counts hours of practice; write "
                "{experience: {hours: N, field: F, within_years: Y}} so a plan waits for them "
                "instead of taking the claim at its word")))
        if (isinstance(x, Experience) and x.hours is not None and x.within_years is not None
                and x.hours > x.within_years * HOURS_PER_YEAR_FULL_TIME):
            out.append(("hours-beyond-full-time", (
                f"asks {x.hours:,g} h of {x.field} within {x.within_years:g} years, more than "
                f"full-time work gives ({x.within_years * HOURS_PER_YEAR_FULL_TIME:,.0f} h): "
                "check the figures")))
    return out


def _single_branch_any(cond: Condition | None) -> bool:
    return any(isinstance(c, AnyOf) and len(c.items) == 1 for _, c in walk(cond))


def lint_catalog(
    catalog: Catalog, *, today: _dt.date | None = None, stale_months: int = 18
) -> LintReport:
    """Check ``catalog`` and return its warnings and coverage figures.

    Examples
    --------
    >>> from aipath.catalog import load_catalog
    >>> report = lint_catalog(load_catalog(), today=_dt.date(2026, 11, 24))
    >>> report.coverage.credentials >= 67
    True
    """
    today = today or _dt.date.today()
    day = today.isoformat()
    warnings: list[LintWarning] = []
    can_reach: set[str] = set()
    for role in catalog.backgrounds:
        can_reach |= reachable(catalog, role, day)
    stale = 0

    def warn(code: str, c: Credential, message: str) -> None:
        warnings.append(LintWarning(code, c.id, message))

    for c in catalog.credentials:
        if _single_branch_any(c.entry):
            warn("any-one-branch", c, "an 'any' condition has a single branch; use it directly")
        if c.cost is not None and c.cost.year is None:
            warn("cost-no-year", c, "cost has no year: readers cannot tell how old the price is")
        if all(e.kind == "recalled" for e in c.evidence):
            warn("recalled-only", c, "evidence is only recalled; add a source URL")
        newest = c.verified_on
        if newest is not None and months_between(newest, today) > stale_months:
            stale += 1
            warn("stale", c, f"newest evidence is from {newest}, over {stale_months} months old")
        if c.status not in INACTIVE and c.id not in can_reach:
            warn("unreachable", c, "no background can reach it with credentials open to its roles")
        if c.status not in INACTIVE and not satisfied(c.entry, lambda _n: True, day):
            closed = [x.label or "a dated route" for _, x in named_routes(c.entry)]
            warn(
                "closed-only-route", c,
                f"every route in is closed on {day} ({', '.join(closed)}); add the route "
                "that replaced it or mark the credential retired",
            )
        if c.type == "board-certification" and c.recognition not in BOARD_RECOGNITIONS:
            warn(
                "board-not-recognised", c,
                f"typed board-certification but recognised as {c.recognition or 'nothing stated'}; "
                f"board-certification is for {' or '.join(BOARD_RECOGNITIONS)}",
            )
        if c.recognition is None:
            warn("no-recognition", c, "no recognition stated (see README, 'Recognition')")
        if c.status == "retiring" and c.successor is None:
            warn("retiring-no-successor", c, "retiring without a successor: name what replaces it")
        for hint in _class_hints(catalog, c):
            warn("names-member-of-class", c, hint)
        for code, message in _experience_hints(c.entry):
            warn(code, c, message)
        if c.status not in INACTIVE:
            for ref in c.prerequisites:
                if catalog.by_id[ref].status in INACTIVE:
                    warn(
                        "needs-retired",
                        c,
                        f"entry needs {ref}, which is {catalog.by_id[ref].status}",
                    )
    coverage = Coverage(
        credentials=len(catalog.credentials),
        active=sum(c.status not in INACTIVE for c in catalog.credentials),
        with_cost=sum(c.cost is not None for c in catalog.credentials),
        with_duration=sum(c.duration is not None for c in catalog.credentials),
        with_official_evidence=sum(
            any(e.kind == "official" for e in c.evidence) for c in catalog.credentials
        ),
        stale_evidence=stale,
        with_recognition=sum(c.recognition is not None for c in catalog.credentials),
        by_recognition=tuple(
            (kind, sum(c.recognition == kind for c in catalog.credentials))
            for kind in RECOGNITIONS
        ),
    )
    warnings.sort(key=lambda w: (w.credential or "", w.code, w.message))
    return LintReport(tuple(warnings), coverage, stale_months, today.isoformat())
