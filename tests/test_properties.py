"""Property tests: on random acyclic catalogues every plan is valid, fresh and deterministic."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aipath.errors import NoPlanError
from aipath.graph import build_graph
from aipath.models import (
    Background,
    Catalog,
    Cost,
    Credential,
    Duration,
    Evidence,
    satisfied,
)
from aipath.planner import INACTIVE, Holding, PlanRequest, plan

from .strategies import conditions

ROLES = ("nurse", "physician")
SKILLS = tuple(f"s{i}" for i in range(5))
TYPES = ("degree", "licensure", "academic-certificate", "professional-certificate", "micro-credential")


@st.composite
def catalogues(draw: st.DrawFn) -> tuple[Catalog, PlanRequest]:
    n = draw(st.integers(2, 9))
    creds = []
    for i in range(n):
        ids = [f"c{j}" for j in range(i)]
        entry = draw(st.one_of(st.none(), conditions(ids))) if ids else None
        kind = draw(st.sampled_from(TYPES))
        cost = draw(st.one_of(st.none(), st.integers(0, 50_000)))
        months = draw(st.one_of(st.none(), st.integers(1, 36)))
        creds.append(
            Credential(
                id=f"c{i}",
                name=f"Credential {i}",
                provider="Test",
                type=kind,
                level=draw(st.sampled_from(("graduate", "professional"))),
                delivery="online",
                roles=tuple(draw(st.lists(st.sampled_from(ROLES), min_size=1, max_size=2, unique=True))),
                skills=tuple(draw(st.lists(st.sampled_from(SKILLS), max_size=3, unique=True))),
                status=draw(st.sampled_from(("active", "active", "active", "retired", "unclear"))),
                evidence=(Evidence(kind="recalled", verified_on="2026-11-24"),),
                duration=None if months is None else Duration(months, months, "months"),
                cost=None if cost is None else Cost(cost, cost, 2026),
                entry=entry,
            )
        )
    ids = [c.id for c in creds]
    holds = tuple(draw(st.lists(st.sampled_from(ids), max_size=3, unique=True)))
    targets = tuple(draw(st.lists(st.sampled_from(SKILLS), min_size=1, max_size=4, unique=True)))
    role = draw(st.sampled_from(ROLES))
    backgrounds = {r: Background(r, r.title(), holds, targets) for r in ROLES}
    cat = Catalog(
        path="random", sha256="0" * 64, schema_version=1,
        skills={s: s for s in SKILLS}, backgrounds=backgrounds, credentials=tuple(creds),
    )
    req = PlanRequest(
        role=backgrounds[role],
        holdings=tuple(Holding(h, "preset") for h in holds),
        goal=draw(st.one_of(st.none(), st.sampled_from(ids))),
        certificates_only=draw(st.booleans()),
        max_cost=draw(st.one_of(st.none(), st.integers(0, 100_000))),
        optimize=draw(st.sampled_from(("cost", "time", "balanced"))),
        today="2026-11-24",
    )
    return cat, req


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(catalogues())
def test_plans_are_valid_fresh_and_deterministic(data: tuple[Catalog, PlanRequest]) -> None:
    """Each step's entry is met by holdings plus earlier steps; nothing held, closed or retired
    is planned; the same input gives the same plan; caps are respected on known figures."""
    cat, req = data
    G = build_graph(cat)
    try:
        first = plan(cat, G, req)
    except NoPlanError:
        return
    available = {h.id for h in req.holdings}
    for s in first.steps:
        c = s.credential
        assert c.id not in {h.id for h in req.holdings}
        assert c.status not in INACTIVE
        assert req.role.id in c.roles or c.id == req.goal
        assert satisfied(c.entry, available.__contains__), (c.id, sorted(available))
        available.add(c.id)
    assert [s.order for s in first.steps] == list(range(1, len(first.steps) + 1))
    if req.goal is not None:
        assert req.goal in available
    if req.max_cost is not None:
        assert first.totals.cost_usd_min <= req.max_cost
    assert sum(s.part == "core-degree" for s in first.steps) <= 1
    assert plan(cat, build_graph(cat), req) == first
