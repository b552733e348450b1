"""Cases the exact oracle found, shrunk and kept by name (issue: planner v3).

Each builds a small catalogue in memory and checks the planner's plan against the oracle's
best and against the plan a person would pick.
"""

from __future__ import annotations

from aipath.graph import build_graph
from aipath.models import (
    AnyOf,
    Background,
    Catalog,
    Cost,
    Credential,
    Duration,
    Evidence,
    Experience,
    NOf,
    Ref,
)
from aipath.planner import Holding, PlanRequest, plan
from aipath.planner.context import Context
from aipath.planner.objective import evaluate, key

from .oracle import best_plan, valid

SKILLS = ("s0", "s1")
EVIDENCE = (Evidence(kind="recalled", verified_on="2026-11-24"),)
NURSE = Background("nurse", "Nurse", (), SKILLS)
KINDS = {
    "pro": ("professional-certificate", "professional", "professional-body"),
    "bachelor": ("degree", "undergraduate", "academic"),
    "core": ("degree", "graduate", "academic"),
    "course": ("micro-credential", "introductory", "course-certificate"),
}


def cred(cid: str, kind: str = "pro", *, usd: float | None = None, months: float | None = None,
         skills: tuple[str, ...] = (), entry=None, counts_as: tuple[str, ...] = ()) -> Credential:
    ctype, level, rec = KINDS[kind]
    return Credential(
        id=cid, name=cid, provider="generic", type=ctype, level=level, delivery="online",
        roles=("nurse",), skills=skills, status="active", evidence=EVIDENCE, recognition=rec,
        entry=entry, counts_as=counts_as,
        cost=None if usd is None else Cost(usd, usd),
        duration=None if months is None else Duration(months, months, "months"),
    )


def check(creds: list[Credential], **request) -> frozenset[str]:
    """Plan, check the plan against the oracle, and return the planned ids."""
    cat = Catalog(path="regression", sha256="0" * 64, schema_version=1,
                  skills={s: s for s in SKILLS}, backgrounds={"nurse": NURSE},
                  credentials=tuple(creds))
    held = request.pop("held", ())
    req = PlanRequest(role=NURSE, holdings=tuple(Holding(h, "have") for h in held),
                      today="2026-11-24", **request)
    G = build_graph(cat)
    ctx = Context(cat, G, req)
    result = plan(cat, G, req)
    planned = frozenset(s.credential.id for s in result.steps)
    assert valid(ctx, planned)
    oracle = best_plan(ctx, SKILLS)
    assert oracle is not None
    assert not result.approximate
    assert key(ctx, evaluate(ctx, planned), SKILLS) == oracle[0]
    return planned


def test_items_shared_inside_nested_n_of_do_not_cost_a_superfluous_step() -> None:
    # c3 needs 2 of [c1, 2 of [c0, c2, c1], c2]; holding c0, c2 alone meets both counts.
    # Under --optimize cost the $50 plan wins, whatever the months ($0 c2 is slower).
    creds = [
        cred("c0", usd=10, months=1, skills=("s0",)),
        cred("c1", usd=50, months=3, skills=("s0",), entry=Ref("c0")),
        cred("c2", usd=0, months=6, skills=("s0",), entry=AnyOf((Ref("c0"), Ref("c0")))),
        cred("c3", usd=50, months=1, skills=("s0",), entry=NOf(2, (
            Ref("c1"), NOf(2, (Ref("c0"), Ref("c2"), Ref("c1"))), Ref("c2")))),
    ]
    got = check(creds, held=("c0",), goal="c3", certificates_only=True, optimize="cost")
    assert got == {"c2", "c3"}


def test_a_degree_only_the_timeline_wired_is_not_planned() -> None:
    # c7 needs c0 (a 12-month bachelor's) or a year's experience: both hold at month 12, so
    # c0 adds nothing the plan needs, however the timeline happened to wire c7's entry.
    creds = [
        cred("c0", "bachelor", usd=0, months=12, skills=("s0",)),
        cred("c6", "core", usd=1000, months=12),
        cred("c7", "course", usd=10, months=1,
             entry=NOf(1, (Ref("c0"), Experience(years=1, field="work")))),
    ]
    got = check(creds)
    assert "c0" not in got


def test_a_credential_counting_as_a_planned_one_can_make_the_plan_faster() -> None:
    # Goal c0 (a 12-month degree); c1 needs c0 or anything counting as it; c2 counts as c0
    # and takes a month, so c1 can run in parallel with c0 instead of after it.
    creds = [
        cred("c0", "bachelor", usd=5000, months=12),
        cred("c1", "course", usd=10, months=1, entry=Ref("c0")),
        cred("c2", "bachelor", usd=0, months=1, counts_as=("c0",)),
    ]
    got = check(creds, goal="c0", certificates_only=True)
    assert got == {"c0", "c1", "c2"}


def test_a_step_nothing_is_wired_to_says_what_it_makes_earlier() -> None:
    # c1 needs c0 (12 months) or a year's experience; c0 is the goal, c2 a 1-month credential
    # counting as c0. Every step the plan keeps is explained by what it does, never by a bare
    # "prerequisite" that names nothing.
    creds = [
        cred("c0", "bachelor", usd=5000, months=12),
        cred("c1", "course", usd=10, months=1, entry=Ref("c0")),
        cred("c2", "bachelor", usd=0, months=1, counts_as=("c0",)),
    ]
    cat = Catalog(path="regression", sha256="0" * 64, schema_version=1,
                  skills={s: s for s in SKILLS}, backgrounds={"nurse": NURSE},
                  credentials=tuple(creds))
    req = PlanRequest(role=NURSE, holdings=(), today="2026-11-24", goal="c0",
                      certificates_only=True)
    steps = {s.credential.id: s.reason for s in plan(cat, build_graph(cat), req).steps}
    assert steps["c2"] == "needed by c1"
    assert all(reason != "prerequisite" for reason in steps.values()), steps


def test_a_course_that_raises_no_skill_is_planned_when_the_core_degree_starts_sooner() -> None:
    # The goal c2 (2 months) certifies s0 and counts as c1, which the core degree c0 needs;
    # c4 (1 month) only introduces s0 but counts as c1 too, so c0 can start a month sooner.
    # The certificate search branches on skills raised: c4 raises none, and was never tried.
    creds = [
        cred("c0", "core", usd=0, months=12, entry=Ref("c1")),
        cred("c1", usd=100, months=6, skills=("s0",)),
        cred("c2", usd=100, months=2, skills=("s0",), counts_as=("c1",)),
        cred("c4", "course", usd=10, months=1, skills=("s0",), counts_as=("c1",)),
    ]
    got = check(creds, goal="c2")
    assert got == {"c0", "c2", "c4"}
