"""Planning reads the request's scope only, and the plan is the one the whole catalogue gives.

The scope (``aipath.planner.scope``) is the role's candidates and what their entries need. A
plan over it must be the plan over the whole catalogue, byte for byte; and the work planning
does must not grow with credentials outside it (a registry is mostly such credentials), and
grow no faster than the part that matters. Work is counted, never timed.
"""

from __future__ import annotations

import datetime as dt
from unittest import mock

from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st

from aipath.catalog import load_catalog
from aipath.errors import NoPlanError
from aipath.graph import build_graph
from aipath.models import (
    AnyOf,
    Background,
    Catalog,
    ClassOf,
    Cost,
    Credential,
    CredentialClass,
    Duration,
    Experience,
    Text,
)
from aipath.planner import Holding, PlanRequest, build_request, plan
from aipath.planner import routes as routes_mod
from aipath.planner.scope import request_scope

from .conftest import cred
from .test_oracle import EVIDENCE, SKILLS, cases, describe_case

TODAY = dt.date(2026, 12, 1)


def _outcome(cat, req):
    try:
        return plan(cat, None, req)
    except NoPlanError as exc:
        return f"no plan: {exc}"


@seed(20261207)
@settings(max_examples=1500, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(cases())
def test_the_scope_gives_the_plan_of_the_whole_catalogue(case) -> None:
    """On the oracle's random catalogues (credentials teaching nothing, shared prerequisites,
    classes, degrees carried by certificates), the plan over the scope equals the plan over
    every credential: steps, figures, explanations, warnings, gap."""
    cat, req = case
    scoped = _outcome(cat, req)
    with mock.patch("aipath.planner.request_scope", lambda *_: None):
        whole = _outcome(cat, req)
    assert scoped == whole, describe_case(cat, req)


@st.composite
def big_classes(draw: st.DrawFn) -> tuple[Catalog, PlanRequest]:
    """A class with many members of two kinds (open or not to the nurse, retired, with entries
    met, unmet or closed, costs and lengths known or not) that certificates and a goal name."""
    n = draw(st.integers(6, 20))
    creds = []
    for i in range(n):
        kind = draw(st.sampled_from([("degree", "graduate")] * 3 + [("degree", "undergraduate")]))
        entry = draw(st.sampled_from([None] * 6 + [Text("a rule"), Text("held?", must_hold=True),
                                      Experience(2, "work"), ClassOf("k0"),
                                      Text("old route", open_until="2020-01-01")]))
        cost = draw(st.one_of(st.none(), st.integers(0, 200), st.integers(0, 200)))
        months = draw(st.one_of(st.none(), st.integers(1, 24), st.integers(1, 24)))
        creds.append(Credential(
            id=f"m{i}", name=f"m{i}", provider="p", type=kind[0], level=kind[1], delivery="online",
            roles=draw(st.sampled_from([("nurse",)] * 4 + [("physician",)])), skills=(),
            status=draw(st.sampled_from(["active"] * 9 + ["retired"])), evidence=EVIDENCE,
            entry=entry, counts_as=("k1",),
            cost=None if cost is None else Cost(cost * 101, cost * 101),
            duration=None if months is None else Duration(months, months, "months")))
    for j in range(draw(st.integers(1, 3))):
        creds.append(Credential(
            id=f"t{j}", name=f"t{j}", provider="p", type="professional-certificate",
            level="professional", delivery="online", roles=("nurse",), skills=(SKILLS[j],),
            status="active", evidence=EVIDENCE, cost=Cost(100 * j, 100 * j),
            entry=draw(st.sampled_from([ClassOf("k1"), AnyOf((ClassOf("k1"), Text("or this")))]))))
    held = draw(st.lists(st.sampled_from([c.id for c in creds]), max_size=1)) if draw(st.booleans()) else []
    backgrounds = {"nurse": Background("nurse", "Nurse", (), SKILLS[:3]),
                   "physician": Background("physician", "Physician", (), SKILLS[:3])}
    cat = Catalog(path="random", sha256="0" * 64, schema_version=1, skills={t: t for t in SKILLS},
                  backgrounds=backgrounds, credentials=tuple(creds),
                  classes={"k0": CredentialClass("k0", "k0"), "k1": CredentialClass("k1", "k1")})
    goal = draw(st.sampled_from([None, None, "t0"]))
    req = PlanRequest(role=backgrounds["nurse"], holdings=tuple(Holding(h, "have") for h in held),
                      goal=goal, certificates_only=draw(st.booleans()),
                      max_months=draw(st.one_of(st.none(), st.integers(1, 12))),
                      optimize=draw(st.sampled_from(["balanced", "cost", "time"])),
                      today="2026-11-24", hours_per_week=draw(st.sampled_from([10.0, 10.0, 4.0])))
    return cat, req


@seed(20261208)
@settings(max_examples=1500, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(big_classes())
def test_a_big_class_keeps_the_members_that_can_matter(case) -> None:
    """With the route tables cut at two routes and every class counted big, the members left
    out (heavier than three sure ones, dearer than four, slower than the fastest) change
    nothing: the plan over the scope is the plan over every credential."""
    cat, req = case
    with mock.patch.object(routes_mod, "KEEP", 2), \
            mock.patch("aipath.planner.members.threshold", lambda: 0):
        scoped = _outcome(cat, req)
        with mock.patch("aipath.planner.request_scope", lambda *_: None):
            whole = _outcome(cat, req)
    assert scoped == whole, describe_case(cat, req)


def test_a_degree_that_teaches_is_planned_through_the_certificate_that_needs_it(make_catalog) -> None:
    """A bachelor's that certifies a target skill is no certificate of its own: the course
    that needs it carries it into the plan (the exact oracle found this), so the course is in
    the scope although it teaches nothing."""
    cat = make_catalog([
        cred("bach", type="degree", level="undergraduate", skills=["a"]),
        cred("course", type="micro-credential", level="introductory", entry="bach"),
        cred("intro", type="micro-credential", level="introductory", skills=["a"]),
    ])
    req = build_request(cat, role="nurse", certificates_only=True, today=TODAY)
    assert "course" in request_scope(cat, req)
    assert sorted(s.credential.id for s in plan(cat, None, req).steps) == ["bach", "course", "intro"]


# --- counted work -------------------------------------------------------------------------


def _relevant(k: int) -> list[dict]:
    """k certificates over 4 target skills, each needing one of two earlier ones or a
    licence, with a shared foundation course: the part of a catalogue a nurse's plan uses."""
    out = [cred("found", skills=["t0"], type="micro-credential", level="introductory",
                cost={"usd": 50}),
           cred("lic", type="licensure", roles=["nurse", "other"], cost={"usd": 300},
                entry={"text": "pass the state examination"})]
    for i in range(k):
        prior = ["found", "lic"] + [f"cert{j}" for j in range(max(0, i - 2), i)]
        out.append(cred(f"cert{i}", skills=[f"t{i % 4}"], cost={"usd": 100 + 37 * i % 900},
                        duration={"min": 1 + i % 5, "max": 2 + i % 5, "unit": "months"},
                        entry={"any": prior[-2:]}))
    return out


def _irrelevant(n: int) -> list[dict]:
    """n registry records a nurse's plan cannot use: other occupations' skills, degrees of
    other roles, entries naming each other, an id others count as, some open to the nurse."""
    out = []
    for i in range(n):
        entry = {"any": [f"x{i - 1}", f"x{i - 2}"]} if i >= 2 else None
        out.append(cred(f"x{i}", skills=[f"o{i % 7}"], cost={"usd": i % 500},
                        roles=["nurse"] if i % 3 and i % 20 else ["other"],
                        type="degree" if i % 10 == 0 else "professional-certificate",
                        level="graduate" if i % 20 == 0 else "professional",
                        counts_as=["x0"] if i % 4 == 0 and i else [],
                        **({"entry": entry} if entry else {})))
    return out


def _counted(make_catalog, creds: list[dict]) -> dict[str, int]:
    counts = {"route_nodes": 0, "timelines": 0, "graph_nodes": 0}
    backgrounds = {"nurse": {"label": "Nurse", "holds": [], "target_skills": ["t0", "t1", "t2", "t3"]},
                   "other": {"label": "Other", "holds": [], "target_skills": ["o0"]}}
    tags = sorted({"t0", "t1", "t2", "t3", "o0", *(t for c in creds for t in c["skills"])})  # type: ignore[union-attr]
    # Validated once, then read back from the compiled cache, record by record.
    cat = load_catalog(make_catalog(creds, skills=tags, backgrounds=backgrounds).path)
    from aipath.planner import objective

    evaluate, timeline, graph = routes_mod.RouteTable._evaluate, objective.schedule, build_graph

    def counted_evaluate(self, node):
        counts["route_nodes"] += 1
        return evaluate(self, node)

    def counted_timeline(*a, **k):
        counts["timelines"] += 1
        return timeline(*a, **k)

    def counted_graph(*a, **k):
        G = graph(*a, **k)
        counts["graph_nodes"] += G.number_of_nodes()
        return G

    req = build_request(cat, role="nurse", certificates_only=True, today=TODAY)
    with mock.patch.object(routes_mod.RouteTable, "_evaluate", counted_evaluate), \
            mock.patch.object(objective, "schedule", counted_timeline), \
            mock.patch("aipath.graph.build_graph", counted_graph):
        p = plan(cat, None, req)
    counts["steps"] = tuple(s.credential.id for s in p.steps)  # type: ignore[assignment]
    counts["records_read"] = cat.credentials.read  # type: ignore[attr-defined]
    return counts


def test_credentials_outside_the_scope_add_no_work(make_catalog, cache) -> None:
    """Adding 300 or 3,000 credentials the plan cannot use changes neither the plan nor the
    work: the same records read from the compiled catalogue, route nodes evaluated,
    timelines built and graph nodes."""
    base = _counted(make_catalog, _relevant(12))
    for n in (300, 3000):
        assert _counted(make_catalog, _relevant(12) + _irrelevant(n)) == base


def test_work_grows_no_faster_than_the_part_that_matters(make_catalog, cache) -> None:
    """Doubling the part a plan uses at most doubles its graph and the route nodes evaluated
    per node of it (the timelines are capped by the search budget either way)."""
    small, big = _counted(make_catalog, _relevant(20)), _counted(make_catalog, _relevant(40))
    assert big["graph_nodes"] <= 2 * small["graph_nodes"] + 4
    assert big["records_read"] <= 2 * small["records_read"] + 4
    assert big["route_nodes"] / big["graph_nodes"] <= small["route_nodes"] / small["graph_nodes"] + 1
