"""Plan a stack of credentials for a role (SPEC §4): pure functions of (catalog, G, request).

The planner expands every missing prerequisite, choosing the lightest open branch of each
``any``; picks one core degree; then covers the role's target skills with certificates by
greedy weighted set cover; and orders the steps topologically. Nothing here prints.
"""

from __future__ import annotations

import datetime as _dt
import statistics
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from .errors import NoPlanError, UsageError
from .graph import CREDENTIAL, KIND, children, entry_node, route_open
from .models import INACTIVE_STATUSES as INACTIVE
from .models import WARN_STATUSES, Background, Catalog, Credential, Signature

__all__ = [
    "INACTIVE",
    "Alternative",
    "Holding",
    "Plan",
    "PlanRequest",
    "PlanStep",
    "Satisfies",
    "Totals",
    "build_request",
    "plan",
]

OPTIMIZE = ("cost", "time", "balanced")
USD_PER_YEAR = 20_000  # balanced: a year counts like $20k (SPEC §4.5)
_EPS = 0.05  # keeps free credentials from dividing by zero when scoring value


# --- request and result -------------------------------------------------------------------


@dataclass(frozen=True)
class Holding:
    """A credential the user holds and where that fact came from."""

    id: str
    source: str  # preset | have | profile


@dataclass(frozen=True)
class PlanRequest:
    """Everything the planner needs besides the catalogue."""

    role: Background
    holdings: tuple[Holding, ...]
    goal: str | None = None
    target_skills: tuple[str, ...] | None = None  # None: the role's own
    certificates_only: bool = False
    max_cost: float | None = None
    max_months: float | None = None
    optimize: str = "balanced"
    stale_months: int = 18
    today: str = "1970-01-01"
    hours_per_week: float = 10.0
    asserts: tuple[str, ...] = ()
    experience: tuple[tuple[str, float], ...] = ()  # (field, years)


@dataclass(frozen=True)
class Alternative:
    """An option the planner did not take, and why."""

    option: str
    reason: str


@dataclass(frozen=True)
class Satisfies:
    """A later step whose entry requirement this step meets."""

    step: str
    requirement: str


@dataclass(frozen=True)
class PlanStep:
    """One credential to earn, in order, with its explanation."""

    order: int
    credential: Credential
    part: str  # prerequisite | core-degree | certificate
    reason: str
    satisfies: tuple[Satisfies, ...]
    alternatives: tuple[Alternative, ...]
    months: tuple[float, float] | None
    imputed: tuple[str, ...]
    manual_checks: tuple[str, ...]
    stale: bool
    warnings: tuple[str, ...]
    after: tuple[str, ...]  # planned steps this one needs first


@dataclass(frozen=True)
class Totals:
    """Known figures only; unknown ones are counted, never guessed."""

    cost_usd_min: float
    cost_usd_max: float
    months_min: float
    months_max: float
    unknown_cost_steps: int
    unknown_duration_steps: int


@dataclass(frozen=True)
class Plan:
    """The ordered stack for a request."""

    request: PlanRequest
    holdings: tuple[Holding, ...]
    core: str | None
    core_held: bool
    steps: tuple[PlanStep, ...]
    totals: Totals
    target_skills: tuple[str, ...]
    covered: tuple[str, ...]
    missing: tuple[str, ...]
    warnings: tuple[str, ...]


# --- route search ---------------------------------------------------------------------------


@dataclass
class _Route:
    """What earning something adds: new credentials in dependency order and their wiring."""

    ok: bool = True
    adds: list[str] = field(default_factory=list)
    deps: dict[str, set[str]] = field(default_factory=dict)
    checks: dict[str, list[str]] = field(default_factory=dict)
    alts: dict[str, list[Alternative]] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)
    why_not: str = ""
    years: float = 0.0  # experience a person still has to gain (unproven, summed)

    def merge(self, other: _Route) -> None:
        self.years += other.years
        for cid in other.adds:
            if cid not in self.adds:
                self.adds.append(cid)
        for key, value in other.deps.items():
            self.deps.setdefault(key, set()).update(value)
        for key, checks in other.checks.items():
            bucket = self.checks.setdefault(key, [])
            bucket.extend(c for c in checks if c not in bucket)
        for key, alts in other.alts.items():
            self.alts.setdefault(key, []).extend(alts)
        for m in other.missing:
            if m not in self.missing:
                self.missing.append(m)


def _fail(why: str, missing: Iterable[str] = ()) -> _Route:
    return _Route(ok=False, why_not=why, missing=list(missing))


class _Planner:
    def __init__(self, catalog: Catalog, G: nx.DiGraph, req: PlanRequest) -> None:
        self.cat = catalog
        self.G = G
        self.req = req
        self.role = req.role.id
        self.held = frozenset(h.id for h in req.holdings)
        self.today = req.today
        self.open = {
            c.id
            for c in catalog.credentials
            if catalog.open_to(c, self.role) and c.status not in INACTIVE
            and not _replaced(catalog, c)
        }
        if req.goal is not None:
            self.open.add(req.goal)
        self.capped = req.max_cost is not None or req.max_months is not None
        self._imputed_cost = _medians(catalog, lambda c: c.cost.usd_min if c.cost else None)
        self._imputed_months = _medians(
            catalog,
            lambda c: c.duration.months(req.hours_per_week)[0] if c.duration else None,
        )

    # figures ------------------------------------------------------------------------------

    def cost(self, cid: str) -> tuple[float, bool]:
        c = self.cat.by_id[cid]
        if c.cost is not None:
            return c.cost.usd_min, True
        return _lookup(self._imputed_cost, c), False

    def months(self, cid: str) -> tuple[float, bool]:
        c = self.cat.by_id[cid]
        if c.duration is not None:
            return c.duration.months(self.req.hours_per_week)[0], True
        return _lookup(self._imputed_months, c), False

    def measure(
        self, adds: list[str], deps: dict[str, set[str]], *, impute: bool = True
    ) -> tuple[float, float, int]:
        """(cost, critical-path months, unknown figures) of added credentials.

        With ``impute`` unknown figures take the ranking medians; without, they count as 0
        (the known minimum, which budgets are checked against).
        """
        total = 0.0
        unknown = 0
        months_of: dict[str, float] = {}
        for cid in adds:
            cost, known_cost = self.cost(cid)
            months, known_months = self.months(cid)
            if not impute:
                cost, months = cost * known_cost, months * known_months
            total += cost
            unknown += (not known_cost) + (not known_months)
            months_of[cid] = months
        return total, _critical_path(adds, deps, months_of), unknown

    def weight(self, cost: float, months: float) -> float:
        if self.req.optimize == "cost":
            return cost / USD_PER_YEAR + months / 1200
        if self.req.optimize == "time":
            return months / 12 + cost / 2_000_000
        return cost / USD_PER_YEAR + months / 12

    def rank(self, route: _Route) -> tuple[float, ...]:
        cost, months, unknown = self.measure(route.adds, route.deps)
        key: tuple[float, ...]
        if self.req.optimize == "cost":
            key = (cost, months)
        elif self.req.optimize == "time":
            key = (months, cost)
        else:
            key = (self.weight(cost, months),)
        # Under a cap, known figures are preferred over imputed ones.
        return ((unknown,) if self.capped else ()) + key

    # expansion ----------------------------------------------------------------------------

    def earn(
        self, cid: str, have: frozenset[str], visiting: frozenset[str] = frozenset(),
        diagnose: bool = False,
    ) -> _Route:
        """The route that adds ``cid`` (and whatever it needs) to ``have``."""
        c = self.cat.by_id[cid]
        if c.status in INACTIVE:
            return _fail(f"needs {cid}, which is {c.status}")
        if _replaced(self.cat, c) and cid not in self.open:
            return _fail(f"needs {cid}, which is {c.status}: replaced by {c.successor}")
        if cid not in self.open:
            if diagnose:
                return _Route(missing=[cid])
            return _fail(f"needs {cid}, which is not open to a {self.role}", [cid])
        visiting = visiting | {cid}
        route = _Route(deps={cid: set()}, checks={cid: []})
        root = entry_node(self.G, cid)
        if root is not None:
            sub = self.satisfy(root, cid, have, visiting, diagnose)
            if not sub.ok:
                return sub
            route.merge(sub)
        route.adds.append(cid)
        return route

    def satisfy(
        self, node: Any, owner: str, have: frozenset[str], visiting: frozenset[str],
        diagnose: bool,
    ) -> _Route:
        """The cheapest route that makes condition ``node`` hold for ``owner``."""
        attrs = self.G.nodes[node]
        kind = attrs[KIND]
        if kind != CREDENTIAL and not route_open(self.G, node, self.today):
            return _fail(_closed(attrs, self.describe(node)))
        if kind == CREDENTIAL:
            if node in have:
                planned = node not in self.held
                return _Route(deps={owner: {node} if planned else set()})
            if node in visiting:
                return _fail(f"needs {node}, which itself needs {owner} first")
            sub = self.earn(node, have, visiting, diagnose)
            if sub.ok:
                sub.deps.setdefault(owner, set()).add(node)
            return sub
        if kind == "text":
            return self._check(owner, attrs["text"])
        if kind == "experience":
            return self._experience(owner, attrs["field"], attrs["years"])
        items = children(self.G, node)
        if kind == "class":
            held = [i for i in items if i in have]
            if held:
                # Something already held or planned counts: nothing to choose.
                return self.satisfy(held[0], owner, have, visiting, diagnose)
            if not items:
                return _fail(f"no credential in this catalogue counts as {self.describe(node)}")
        if kind == "all":
            return self._all(items, owner, have, visiting, diagnose)
        n = attrs["n"] if kind == "n_of" else 1
        return self._choose(items, n, owner, have, visiting, diagnose)

    def _check(self, owner: str, text: str) -> _Route:
        if text in self.req.asserts:
            return _Route()
        return _Route(checks={owner: [text]})

    def _experience(self, owner: str, field_: str, years: float) -> _Route:
        if any(f == field_ and y >= years for f, y in self.req.experience):
            return _Route()
        return _Route(checks={owner: [f"{years:g} years of {field_}"]}, years=years)

    def _held_used(self, node: Any, have: frozenset[str]) -> int:
        """How many credentials already held (or planned) the condition ``node`` leans on."""
        attrs = self.G.nodes[node]
        kind = attrs[KIND]
        if kind == CREDENTIAL:
            return int(node in have)
        counts = sorted((self._held_used(ch, have) for ch in children(self.G, node)), reverse=True)
        if kind in ("any", "class"):
            return counts[0] if counts else 0
        if kind == "n_of":
            return sum(counts[: attrs["n"]])
        return sum(counts)

    def _all(
        self, items: list[Any], owner: str, have: frozenset[str], visiting: frozenset[str],
        diagnose: bool,
    ) -> _Route:
        route = _Route()
        for item in items:
            sub = self.satisfy(item, owner, have | set(route.adds), visiting, diagnose)
            if not sub.ok:
                return sub
            route.merge(sub)
        return route

    def _choose(
        self, items: list[Any], n: int, owner: str, have: frozenset[str],
        visiting: frozenset[str], diagnose: bool,
    ) -> _Route:
        options = []
        failures = []
        for i, item in enumerate(items):
            sub = self.satisfy(item, owner, have, visiting, diagnose)
            if sub.ok:
                # Equal weight: the branch that credentials already held satisfy (before a
                # bare claim), then the fewest years of experience to wait for, then fewer
                # rules a person must check.
                checks = sum(len(v) for v in sub.checks.values())
                key = (
                    ((len(sub.missing),) if diagnose else ())
                    + self.rank(sub)
                    + (-self._held_used(item, have), sub.years, checks)
                )
                options.append((key, i, item, sub))
            else:
                failures.append((i, item, sub))
        if len(options) < n:
            why = "; ".join(dict.fromkeys(f.why_not for _, _, f in failures)) or "no route"
            missing = [m for _, _, f in failures for m in f.missing]
            return _fail(why, dict.fromkeys(missing))
        options.sort(key=lambda o: (o[0], o[1]))
        chosen = sorted(options[:n], key=lambda o: o[1])
        route = _Route()
        for _, _, item, _ in chosen:
            # Re-expand in order so a later branch can reuse what an earlier one planned.
            sub = self.satisfy(item, owner, have | set(route.adds), visiting, diagnose)
            route.merge(sub)
        taken = {o[1] for o in chosen}
        base_cost, base_months, _ = self.measure(route.adds, route.deps)
        base_checks = sum(len(v) for v in route.checks.values())
        alts = []
        for _key, i, item, sub in options:
            if i in taken:
                continue
            cost, months, _ = self.measure(sub.adds, sub.deps)
            extra = sum(len(v) for v in sub.checks.values()) - base_checks
            alts.append(
                Alternative(
                    self.describe(item),
                    _compare(cost - base_cost, months - base_months, extra),
                )
            )
        for _i, item, sub in failures:
            alts.append(Alternative(self.describe(item), sub.why_not))
        if alts:
            route.alts.setdefault(owner, []).extend(alts)
        return route

    def describe(self, node: Any, *, refs_only: bool = False) -> str:
        """A short text for a condition node: ``bsn + rn-licensure``, ``adn | bsn``.

        ``refs_only`` leaves out the rules a person checks, keeping credential ids.
        """
        attrs = self.G.nodes[node]
        kind = attrs[KIND]
        if kind == CREDENTIAL:
            return str(node)
        if kind == "text":
            return "" if refs_only else f"check: {attrs['text']}"
        if kind == "experience":
            return "" if refs_only else f"{attrs['years']:g} years of {attrs['field']}"
        if kind == "class":
            name = attrs["name"]
            cls = self.cat.classes.get(name)
            return cls.label if cls is not None else f"{name} (or one that counts as it)"
        parts = [self.describe(ch, refs_only=refs_only) for ch in children(self.G, node)]
        parts = [x for x in parts if x]
        if len(parts) == 1:
            return parts[0]
        wrapped = [f"({p})" if (" + " in p or " | " in p or " of " in p) else p for p in parts]
        if kind == "all":
            return " + ".join(wrapped)
        if kind == "any":
            return " | ".join(wrapped)
        return f"{attrs['n']} of ({', '.join(parts)})"


def _compare(dcost: float, dmonths: float, dchecks: int = 0) -> str:
    bits = []
    if abs(dcost) >= 1:
        bits.append(f"{'adds' if dcost > 0 else 'saves'} ${abs(dcost):,.0f}")
    if abs(dmonths) >= 0.05:
        bits.append(f"{'adds' if dmonths > 0 else 'saves'} {abs(dmonths):.1f} months")
    if not bits:
        if dchecks > 0:
            return f"same weight, {dchecks} more rule(s) to check by hand"
        return "no lighter than the route taken"
    return " and ".join(bits) + " (figures imputed where unknown)"


def _medians(catalog: Catalog, figure: Any) -> dict[Any, float]:
    by: dict[Any, list[float]] = {}
    for c in catalog.credentials:
        value = figure(c)
        if value is None:
            continue
        for key in ((c.type, c.level), (c.type,), ()):
            by.setdefault(key, []).append(value)
    return {k: statistics.median(v) for k, v in by.items()}


def _lookup(medians: dict[Any, float], c: Credential) -> float:
    for key in ((c.type, c.level), (c.type,), ()):
        if key in medians:
            return medians[key]
    return 0.0


# --- the plan ---------------------------------------------------------------------------------


def plan(catalog: Catalog, G: nx.DiGraph, req: PlanRequest) -> Plan:
    """Plan the stack for ``req`` (SPEC §4).

    Parameters
    ----------
    catalog, G
        The validated catalogue and its graph (:func:`aipath.graph.build_graph`).
    req
        Role, holdings, goal, budgets and options.

    Returns
    -------
    Plan
        Steps in a valid order, each explained; totals of known figures only.

    Raises
    ------
    UsageError
        An unknown goal, an unknown skill, or a bad option value.
    NoPlanError
        The goal is out of reach for the role, or nothing fits the budget.

    Examples
    --------
    >>> from aipath.catalog import load_catalog
    >>> from aipath.graph import build_graph
    >>> cat = load_catalog()
    >>> nurse = cat.backgrounds["nurse"]
    >>> p = plan(cat, build_graph(cat), PlanRequest(role=nurse,
    ...          holdings=tuple(Holding(h, "preset") for h in nurse.holds), today="2026-11-24"))
    >>> [s.part for s in p.steps].count("core-degree")
    1
    """
    if req.optimize not in OPTIMIZE:
        raise UsageError(f"'{req.optimize}' is not one of: {', '.join(OPTIMIZE)}", option="--optimize")
    targets = tuple(req.target_skills if req.target_skills is not None else req.role.target_skills)
    for tag in targets:
        if tag not in catalog.skills:
            raise UsageError(
                f"unknown skill '{tag}'; valid skills: {', '.join(sorted(catalog.skills))}",
                option="--skills",
            )
    if req.goal is not None:
        goal = catalog.by_id.get(req.goal)
        if goal is None:
            raise UsageError(f"unknown credential id '{req.goal}'", option="--goal")
        if goal.status in INACTIVE:
            raise NoPlanError(f"{req.goal} is {goal.status} and can no longer be earned")
    return _build(_Planner(catalog, G, req), targets)


def _skills_of(catalog: Catalog, ids: Iterable[str]) -> set[str]:
    out: set[str] = set()
    for cid in ids:
        out.update(catalog.by_id[cid].skills)
    return out


def _build(p: _Planner, targets: tuple[str, ...]) -> Plan:
    cat, req = p.cat, p.req
    held = p.held
    route = _Route()
    part: dict[str, str] = {}
    reasons: dict[str, str] = {}
    extra_alts: dict[str, list[Alternative]] = {}
    warnings: list[str] = []

    def have() -> frozenset[str]:
        return held | frozenset(route.adds)

    def take(sub: _Route, cid: str, kind: str, reason: str) -> None:
        for added in sub.adds:
            if added not in part:
                part[added] = "prerequisite"
        part[cid] = kind
        reasons[cid] = reason
        route.merge(sub)

    # 1. the goal
    if req.goal is not None and req.goal not in held:
        sub = p.earn(req.goal, have())
        if not sub.ok:
            raise NoPlanError(_unreachable(p, req.goal))
        goal = cat.by_id[req.goal]
        kind = _part_of(goal, req.role.id, cat)
        take(sub, req.goal, kind, "your goal (--goal)")
        _check_budget(p, route, f"--goal {req.goal}")

    # 1b. what the profession recognises for this move, by its open routes: degrees first
    # (one may be the core degree), the rest once the core degree is known.
    def degree_sig(sig: Signature) -> bool:
        opts = cat.members(sig.ref) if sig.is_class else (sig.ref,)
        return any(cat.by_id[o].type == "degree" for o in opts)

    later = []
    for sig in req.role.signature:
        if not degree_sig(sig):
            later.append(sig)
            continue
        note = _plan_signature(p, route, sig, have(), take)
        if note:
            warnings.append(note)

    # 2. the core degree
    core: str | None = None
    core_held = False
    if not req.certificates_only:
        owned = [
            c for c in cat.credentials
            if c.id in have() and c.type == "degree" and c.level == "graduate"
            and cat.open_to(c, req.role.id)
        ]
        if owned:
            core = sorted(owned, key=lambda c: (c.id not in held, c.id))[0].id
            core_held = core in held
            if not core_held:
                part[core] = "core-degree"
                reasons[core] = reasons.get(core, "your goal") + "; the core degree of this plan"
        else:
            core = _pick_core(p, route, targets, have(), extra_alts)
            sub = p.earn(core, have())
            covered = sorted(set(targets) & _skills_of(cat, sub.adds))
            take(
                sub, core, "core-degree",
                "core degree: covers "
                + (f"{len(covered)} of {len(targets)} target skills ({', '.join(covered)})"
                   if covered else "none of the target skills, but is the lightest open degree"),
            )

    for sig in later:
        note = _plan_signature(p, route, sig, have(), take)
        if note:
            warnings.append(note)

    # 3. certificates: greedy weighted set cover
    covered_now = _skills_of(cat, have()) & set(targets)
    chosen_certs = 0
    while True:
        best = _best_certificate(p, route, targets, covered_now, have(), require_gain=True)
        if best is None:
            break
        cid, sub, gain, runners = best
        take(sub, cid, "certificate", f"covers {', '.join(sorted(gain))}")
        extra_alts[cid] = runners
        chosen_certs += 1
        covered_now |= _skills_of(cat, sub.adds) & set(targets)
        if covered_now >= set(targets):
            break
    if chosen_certs == 0 and not any(v == "certificate" for v in part.values()):
        best = _best_certificate(p, route, targets, covered_now, have(), require_gain=False)
        if best is None:
            raise NoPlanError(_no_certificate(p, route, have()))
        cid, sub, gain, runners = best
        take(
            sub, cid, "certificate",
            "best-value certificate for the role"
            + (f"; covers {', '.join(sorted(gain))}" if gain else "; target skills already covered"),
        )
        extra_alts[cid] = runners
        covered_now |= _skills_of(cat, sub.adds) & set(targets)

    _check_budget(p, route, "the plan")
    steps = _order(p, route, part, reasons, extra_alts)
    totals = _totals(steps)
    if req.max_cost is not None or req.max_months is not None:
        unknown = [
            s.credential.id for s in steps
            if (req.max_cost is not None and s.credential.cost is None)
            or (req.max_months is not None and s.credential.duration is None)
        ]
        if unknown:
            warnings.append(
                "fits the budget only if the unknown figures of "
                + ", ".join(unknown) + " are small enough"
            )
    imputed = [s.credential.id for s in steps if s.imputed]
    if imputed:
        warnings.append(
            "unknown figures of " + ", ".join(imputed)
            + " were imputed for ranking only (median of the same type and level); totals exclude them"
        )
    missing = tuple(t for t in targets if t not in covered_now)
    if missing:
        warnings.append("no open credential covers: " + ", ".join(missing))
    if core_held and core is not None:
        warnings.append(f"core degree already held: {core}")
    return Plan(
        request=req,
        holdings=req.holdings,
        core=core,
        core_held=core_held,
        steps=steps,
        totals=totals,
        target_skills=targets,
        covered=tuple(t for t in targets if t in covered_now),
        missing=missing,
        warnings=tuple(warnings),
    )


def _plan_signature(
    p: _Planner, route: _Route, sig: Signature, have: frozenset[str], take: Any
) -> str | None:
    """Plan one signature credential (or the lightest member of its class), or say why not."""
    cat = p.cat
    name = cat.classes[sig.ref].label if sig.is_class else sig.ref
    if sig.ref in cat.closure(have):
        return None
    options = cat.members(sig.ref) if sig.is_class else (sig.ref,)
    if p.req.certificates_only:
        options = tuple(o for o in options if cat.by_id[o].type != "degree")
        if not options:
            return f"{name}: not planned (--certificates-only); {sig.why}"
    found = []
    why_not = []
    for cid in options:
        sub = p.earn(cid, have)
        if not sub.ok:
            why_not.append(sub.why_not)
        elif not _fits(p, route, sub):
            why_not.append(f"{cid} does not fit the budget")
        else:
            # A graduate degree of the class can serve as the plan's core degree too.
            c = cat.by_id[cid]
            core_ok = (
                not p.req.certificates_only and c.type == "degree" and c.level == "graduate"
            )
            found.append(((not core_ok,), p.rank(sub), sub.years, cid, sub))
    if not found:
        reason = "; ".join(dict.fromkeys(why_not)) or "nothing in the catalogue counts"
        return f"{name} is out of reach for now: {reason}"
    found.sort(key=lambda f: f[:4])
    cid, sub = found[0][3], found[0][4]
    c = cat.by_id[cid]
    take(sub, cid, _part_of(c, p.role, cat), f"recognised by your profession: {sig.why}")
    return None


def _replaced(cat: Catalog, c: Credential) -> bool:
    """A retiring (or otherwise replaced) credential whose successor is in the catalogue."""
    if c.successor is None:
        return False
    return cat.by_id[c.successor].status not in INACTIVE


def _closed(attrs: dict[str, Any], what: str) -> str:
    name = attrs.get("label") or what
    start, end = attrs.get("open_from"), attrs.get("open_until")
    if end is not None:
        return f"the route '{name}' closed after {end}"
    return f"the route '{name}' opens on {start}"


def _part_of(c: Credential, role: str, cat: Catalog) -> str:
    if c.type == "degree" and c.level == "graduate" and cat.open_to(c, role):
        return "core-degree"
    if c.type in ("degree", "licensure"):
        return "prerequisite"
    return "certificate"


def _fits(p: _Planner, route: _Route, sub: _Route) -> bool:
    """Whether adding ``sub`` keeps the plan's known figures within the caps."""
    if not p.capped:
        return True
    adds = route.adds + [a for a in sub.adds if a not in route.adds]
    deps = {**route.deps}
    for k, v in sub.deps.items():
        deps[k] = deps.get(k, set()) | v
    cost, months = _known(p, adds, deps)
    if p.req.max_cost is not None and cost > p.req.max_cost:
        return False
    return not (p.req.max_months is not None and months > p.req.max_months)


def _known(p: _Planner, adds: list[str], deps: dict[str, set[str]]) -> tuple[float, float]:
    cost, months, _ = p.measure(adds, deps, impute=False)
    return cost, months


def _check_budget(p: _Planner, route: _Route, what: str) -> None:
    if not p.capped:
        return
    cost, months = _known(p, route.adds, route.deps)
    if p.req.max_cost is not None and cost > p.req.max_cost:
        raise NoPlanError(
            f"{what} needs at least ${cost:,.0f} in known costs "
            f"({', '.join(route.adds)}), over --max-cost {p.req.max_cost:,.0f}"
        )
    if p.req.max_months is not None and months > p.req.max_months:
        raise NoPlanError(
            f"{what} needs at least {months:.1f} months on its critical path "
            f"({', '.join(route.adds)}), over --max-months {p.req.max_months:g}"
        )


def _value(p: _Planner, sub: _Route, gain: int) -> float:
    cost, months, _ = p.measure(sub.adds, sub.deps)
    return gain / (p.weight(cost, months) + _EPS)


def _pick_core(
    p: _Planner, route: _Route, targets: tuple[str, ...], have: frozenset[str],
    extra_alts: dict[str, list[Alternative]],
) -> str:
    cat = p.cat
    candidates = []
    rejected: list[Alternative] = []
    for c in cat.credentials:
        if (
            c.type != "degree" or c.level != "graduate" or c.id not in p.open
            or c.status in INACTIVE
        ):
            continue
        sub = p.earn(c.id, have)
        if not sub.ok:
            rejected.append(Alternative(c.id, sub.why_not))
            continue
        covered = set(targets) & _skills_of(cat, sub.adds)
        cost, months, unknown = p.measure(sub.adds, sub.deps)
        fits = _fits(p, route, sub)
        key = (
            not fits,
            unknown if p.capped else 0,
            -_value(p, sub, len(covered)),
            p.weight(cost, months),
            c.id,
        )
        candidates.append((key, c.id, len(covered), fits))
    if not candidates:
        raise NoPlanError(
            f"no graduate degree open to a {p.role} can be reached; try --certificates-only"
        )
    candidates.sort()
    key, best, best_cov, fits = candidates[0]
    if not fits:
        sub = p.earn(best, have)
        cost, months = _known(p, route.adds + sub.adds, sub.deps)
        raise NoPlanError(
            "no core degree fits the budget: the best fit, "
            f"{best}, needs at least ${cost:,.0f} and {months:.1f} months in known figures; "
            "raise the cap or use --certificates-only"
        )
    alts = []
    for _k, cid, cov, cfits in candidates[1:4]:
        why = "does not fit the budget" if not cfits else (
            f"covers {cov} of {len(targets)} target skills; {best} covers {best_cov} "
            "and gives more per unit of weight"
        )
        alts.append(Alternative(cid, why))
    extra_alts[best] = alts + rejected[:2]
    return best


def _best_certificate(
    p: _Planner, route: _Route, targets: tuple[str, ...], covered: set[str],
    have: frozenset[str], *, require_gain: bool,
) -> tuple[str, _Route, set[str], list[Alternative]] | None:
    cat = p.cat
    scored = []
    for c in cat.credentials:
        if (
            c.type in ("degree", "licensure") or c.id not in p.open
            or c.status in INACTIVE or c.id in have
        ):
            continue
        sub = p.earn(c.id, have)
        if not sub.ok or not _fits(p, route, sub):
            continue
        gain = (set(targets) & _skills_of(cat, sub.adds)) - covered
        if require_gain and not gain:
            continue
        cost, months, unknown = p.measure(sub.adds, sub.deps)
        relevant = len(gain) if require_gain else len(set(targets) & set(c.skills))
        key = (
            unknown if p.capped else 0,
            -_value(p, sub, relevant),
            p.weight(cost, months),
            c.id,
        )
        scored.append((key, c.id, sub, gain))
    if not scored:
        return None
    scored.sort(key=lambda s: s[0])
    _, cid, sub, gain = scored[0]
    runners = [
        Alternative(rid, f"covers {', '.join(sorted(rgain)) or 'no new target skill'}; less value per unit of weight")
        for _, rid, _, rgain in scored[1:3]
    ]
    return cid, sub, gain, runners


def _unreachable(p: _Planner, goal: str) -> str:
    diag = p.earn(goal, p.held, diagnose=True)
    if diag.ok and diag.missing:
        needs = []
        for m in diag.missing:
            root = entry_node(p.G, m)
            wanted = p.describe(root, refs_only=True) if root is not None else ""
            needs.append(f"{m}, which needs {wanted}" if wanted else m)
        return (
            f"{goal} is out of reach for a {p.role}: it needs " + "; and ".join(needs)
            + f" (not open to a {p.role}); holding {', '.join(diag.missing)} would open it"
        )
    why = p.earn(goal, p.held).why_not
    return f"{goal} is out of reach for a {p.role}: {why}"


def _no_certificate(p: _Planner, route: _Route, have: frozenset[str]) -> str:
    if not p.capped:
        return f"no certificate is open to a {p.role} in this catalogue"
    best: tuple[float, float, str] | None = None
    for c in p.cat.credentials:
        if c.type in ("degree", "licensure") or c.id not in p.open or c.status in INACTIVE:
            continue
        sub = p.earn(c.id, have)
        if not sub.ok:
            continue
        merged = _Route()
        merged.merge(route)
        merged.merge(sub)
        cost, months = _known(p, merged.adds, merged.deps)
        key = (cost, months) if p.req.max_cost is not None else (months, cost)
        if best is None or (*key, c.id) < best:
            best = (*key, c.id)
    if best is None:
        return f"no certificate is open to a {p.role} in this catalogue"
    first, second, cid = best
    cost, months = (first, second) if p.req.max_cost is not None else (second, first)
    return (
        f"no certificate fits the budget: the lightest plan, with {cid}, needs at least "
        f"${cost:,.0f} and {months:.1f} months in known figures; raise --max-cost or --max-months"
    )


_PART_RANK = {"prerequisite": 0, "core-degree": 1, "certificate": 2}


def _order(
    p: _Planner, route: _Route, part: dict[str, str], reasons: dict[str, str],
    extra_alts: dict[str, list[Alternative]],
) -> tuple[PlanStep, ...]:
    cat, req = p.cat, p.req
    D = nx.DiGraph()
    D.add_nodes_from(route.adds)
    for cid in route.adds:
        for dep in route.deps.get(cid, ()):
            if dep in D:
                D.add_edge(dep, cid)
    order = list(nx.lexicographical_topological_sort(D, key=lambda n: (_PART_RANK[part[n]], n)))
    today = _dt.date.fromisoformat(req.today)
    steps = []
    for i, cid in enumerate(order, 1):
        c = cat.by_id[cid]
        later = sorted(D.successors(cid), key=order.index)
        satisfies = tuple(
            Satisfies(s, p.describe(entry_node(p.G, s))) for s in later
        )
        reason = reasons.get(cid)
        if reason is None:
            reason = "needed by " + ", ".join(later) if later else "prerequisite"
        warnings = []
        if c.status in WARN_STATUSES:
            warnings.append(f"status is {c.status}: check the provider's page")
        imputed = []
        if c.cost is None:
            imputed.append("cost")
            warnings.append(f"cost unknown (ranked as ${p.cost(cid)[0]:,.0f}; not in totals)")
        if c.duration is None:
            imputed.append("duration")
            warnings.append(f"duration unknown (ranked as {p.months(cid)[0]:.1f} months; not in totals)")
        stale = _stale(c, today, req.stale_months)
        if stale:
            warnings.append("facts may be out of date: verify on the provider's page")
        if "cost" in c.recalled_fields or "duration" in c.recalled_fields:
            warnings.append("some figures are recalled, not from a source page")
        steps.append(
            PlanStep(
                order=i,
                credential=c,
                part=part[cid],
                reason=reason,
                satisfies=satisfies,
                alternatives=tuple(route.alts.get(cid, []) + extra_alts.get(cid, [])),
                months=c.duration.months(req.hours_per_week) if c.duration else None,
                imputed=tuple(imputed),
                manual_checks=tuple(route.checks.get(cid, [])),
                stale=stale,
                warnings=tuple(warnings),
                after=tuple(sorted(D.predecessors(cid), key=order.index)),
            )
        )
    return tuple(steps)


def _stale(c: Credential, today: _dt.date, stale_months: int) -> bool:
    from .lint import months_between

    newest = c.verified_on
    if newest is not None and months_between(newest, today) > stale_months:
        return True
    return c.cost is not None and c.cost.year is not None and c.cost.year < today.year - 2


def _critical_path(
    order: list[str], deps: dict[str, Any], months: dict[str, float]
) -> float:
    """Months until the last of ``order`` (dependency order) finishes; independent steps overlap."""
    finish: dict[str, float] = {}
    for cid in order:
        start = max((finish.get(d, 0.0) for d in deps.get(cid, ())), default=0.0)
        finish[cid] = start + months.get(cid, 0.0)
    return max(finish.values(), default=0.0)


def _totals(steps: tuple[PlanStep, ...]) -> Totals:
    order = [s.credential.id for s in steps]
    after = {s.credential.id: s.after for s in steps}
    costs = [s.credential.cost for s in steps if s.credential.cost is not None]
    return Totals(
        cost_usd_min=sum((k.usd_min for k in costs), 0.0),
        cost_usd_max=sum((k.usd_max for k in costs), 0.0),
        months_min=_critical_path(order, after, {s.credential.id: s.months[0] for s in steps if s.months}),
        months_max=_critical_path(order, after, {s.credential.id: s.months[1] for s in steps if s.months}),
        unknown_cost_steps=sum(s.credential.cost is None for s in steps),
        unknown_duration_steps=sum(s.credential.duration is None for s in steps),
    )


def build_request(
    catalog: Catalog,
    *,
    role: str | None,
    have: Iterable[str] = (),
    no_assume: bool = False,
    profile: Any = None,
    goal: str | None = None,
    skills: Iterable[str] | None = None,
    certificates_only: bool = False,
    max_cost: float | None = None,
    max_months: float | None = None,
    optimize: str = "balanced",
    stale_months: int = 18,
    today: _dt.date | None = None,
    hours_per_week: float | None = None,
) -> PlanRequest:
    """Merge preset, ``--have`` and profile into a :class:`PlanRequest` (options win over the profile).

    Raises
    ------
    UsageError
        Unknown role, id or skill, or no role given at all.
    """
    from .query import resolve_ids, resolve_role

    role_name = role if role is not None else getattr(profile, "background", None)
    if role_name is None:
        raise UsageError("give --role (or 'background:' in the profile)", option="--role")
    bg = resolve_role(catalog, role_name)
    holdings: dict[str, Holding] = {}
    if not no_assume and getattr(profile, "assume", True):
        for cid in bg.holds:
            holdings.setdefault(cid, Holding(cid, "preset"))
    for cid in resolve_ids(catalog, have, option="--have"):
        holdings.setdefault(cid, Holding(cid, "have"))
    if profile is not None:
        for cid in profile.holds:
            holdings.setdefault(cid, Holding(cid, "profile"))
    if goal is None and profile is not None:
        goal = profile.goal
    if goal is not None:
        resolve_ids(catalog, [goal], option="--goal")
    targets = None
    if skills is not None:
        targets = tuple(dict.fromkeys(t.strip() for s in skills for t in s.split(",") if t.strip()))
        if not targets:
            raise UsageError("give at least one skill tag", option="--skills")
        for tag in targets:
            if tag not in catalog.skills:
                raise UsageError(
                    f"unknown skill '{tag}'; valid skills: {', '.join(sorted(catalog.skills))}",
                    option="--skills",
                )

    def pick(option: float | None, attr: str) -> float | None:
        return option if option is not None else getattr(profile, attr, None)

    return PlanRequest(
        role=bg,
        holdings=tuple(holdings.values()),
        goal=goal,
        target_skills=targets,
        certificates_only=certificates_only,
        max_cost=pick(max_cost, "max_cost"),
        max_months=pick(max_months, "max_months"),
        optimize=optimize,
        stale_months=stale_months,
        today=(today or _dt.date.today()).isoformat(),
        hours_per_week=pick(hours_per_week, "hours_per_week") or 10.0,
        asserts=tuple(getattr(profile, "asserts", ())),
        experience=tuple(getattr(profile, "experience", ())),
    )
