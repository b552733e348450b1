"""Estimates of unpublished figures: like from like, never wider than the credentials they name.

The contract is in ``aipath.planner.figures``: an unknown cost or length is estimated from the
credentials of the same kind and effort that publish it, as the middle half of their figures,
and the estimate names them (``aipath show``, ``estimate_from`` in JSON).
"""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from aipath.catalog import load_catalog
from aipath.cli import app
from aipath.estimates import MIN_SIMILAR, Figures, effort, kind
from aipath.models import (
    CREDENTIAL_TYPES,
    LEVELS,
    RECOGNITIONS,
    Catalog,
    Cost,
    Credential,
    Duration,
    Evidence,
)

TODAY = "2026-11-24"
EXAMS = ("ancc-informatics-nursing", "abpm-clinical-informatics")
HMS = "hms-ai-in-clinical-medicine"


def _published(fig: Figures, c: Credential, what: str) -> tuple[float, float] | None:
    if what == "cost":
        return None if c.cost is None else (c.cost.usd_min, c.cost.usd_max)
    return None if c.duration is None else c.duration.months(fig.hours_per_week)


# --- the shipped catalogue: what a person would expect ---------------------------------


def test_board_exam_preparation_takes_weeks_to_a_few_months() -> None:
    """NI-BC and the ABPM board are exams: their preparation is estimated from exams only, at
    weeks to a few months (it was "1.2–36 months" when a licence shared their bucket)."""
    cat = load_catalog()
    fig = Figures(cat)
    for cid in EXAMS:
        assert kind(cat.by_id[cid]) == "exam", cid
        m = fig.months(cid)
        assert not m.known, cid
        assert 0.25 <= m.lo <= m.hi <= 4.0, (cid, m)
        assert m.source and all(kind(cat.by_id[s]) == "exam" for s in m.source), (cid, m.source)


def test_abpm_exam_fee_is_estimated_from_exams() -> None:
    """The ABPM board's unpublished fee comes from exam fees, not from MOOCs or degrees."""
    cat = load_catalog()
    cost = Figures(cat).cost("abpm-clinical-informatics")
    assert not cost.known and cost.source
    assert all(kind(cat.by_id[s]) == "exam" for s in cost.source)
    assert cost.hi < 1_000, cost  # was "$459–7,288", the top a professional training's price


def test_two_day_course_costs_what_short_courses_show() -> None:
    """The HMS two-day CME course is estimated from short courses with a published price, and
    its range lies within theirs (it was "$39–7,288", from MOOCs to executive programmes)."""
    cat = load_catalog()
    fig = Figures(cat)
    hms = cat.by_id[HMS]
    assert (kind(hms), effort(hms)) == ("course", "short")
    short = [
        c for c in cat.credentials
        if c.cost is not None and (kind(c), effort(c)) == ("course", "short")
    ]
    assert len(short) >= MIN_SIMILAR
    cost = fig.cost(HMS)
    assert set(cost.source) <= {c.id for c in short}, cost.source
    lowest, highest = min(c.cost.usd_min for c in short), max(c.cost.usd_max for c in short)
    assert lowest <= cost.lo <= cost.hi <= highest
    assert cost.lo > 39, "a free MOOC's price is not a two-day course's"


def test_kinds_of_the_shipped_catalogue() -> None:
    """Residencies and fellowships are training, board and professional certifications exams
    (unless they are a course with an exam), micro-credentials and executive education courses."""
    cat = load_catalog()
    assert kind(cat.by_id["residency-abms-primary-board"]) == "training programme"
    assert kind(cat.by_id["acgme-clinical-informatics-fellowship"]) == "training programme"
    assert kind(cat.by_id["pecb-iso42001-lead-auditor"]) == "course"
    assert kind(cat.by_id["ms-health-informatics"]) == "graduate degree"
    for c in cat.credentials:
        if c.type in ("micro-credential", "executive-education"):
            assert kind(c) == "course", c.id
        if c.type == "board-certification" and c.id != "residency-abms-primary-board":
            assert kind(c) == "exam", c.id


def test_an_estimate_ranks_at_its_high_end() -> None:
    """A plan is never chosen for a price nobody published: an estimate ranks at its high end,
    a published price at its low end."""
    fig = Figures(load_catalog())
    assert fig.cost(HMS).rank == fig.cost(HMS).hi
    known = fig.cost("iapp-aigp")
    assert known.known and known.rank == known.lo


# --- the contract on any catalogue -------------------------------------------------------

SUBTYPES = (None, "exam", "course and exam", "residency", "CME course", "fellowship")
UNITS = ("hours", "days", "weeks", "months", "years")


@st.composite
def catalogues(draw: st.DrawFn) -> tuple[Catalog, float]:
    creds = []
    for i in range(draw(st.integers(1, 14))):
        lo = draw(st.integers(0, 60_000))
        cost = draw(st.one_of(st.none(), st.just(Cost(lo, lo + draw(st.integers(0, 9_000)), 2026))))
        n, k = draw(st.integers(1, 40)), draw(st.integers(0, 12))
        unit = draw(st.sampled_from(UNITS))
        duration = draw(st.one_of(st.none(), st.just(Duration(n, n + k, unit))))
        creds.append(Credential(
            id=f"c{i}", name=f"Credential {i}", provider="Test",
            type=draw(st.sampled_from(CREDENTIAL_TYPES)),
            level=draw(st.sampled_from(LEVELS)),
            delivery="online", roles=("nurse",), skills=(), status="active",
            evidence=(Evidence(kind="recalled", verified_on=TODAY),),
            subtype=draw(st.sampled_from(SUBTYPES)),
            recognition=draw(st.one_of(st.none(), st.sampled_from(sorted(RECOGNITIONS)))),
            duration=duration, cost=cost,
        ))
    cat = Catalog(path="random", sha256="0" * 64, schema_version=1, skills={}, backgrounds={},
                  credentials=tuple(creds))
    return cat, draw(st.sampled_from((2.0, 10.0, 40.0)))


@settings(max_examples=400, deadline=None)
@given(catalogues())
def test_an_estimate_lies_within_the_credentials_it_names(data: tuple[Catalog, float]) -> None:
    """Every estimate names credentials that publish the figure (never itself), lies within
    [their lowest, their highest], and comes from its own kind whenever MIN_SIMILAR of its kind
    publish the figure."""
    cat, hours = data
    fig = Figures(cat, hours)
    for c in cat.credentials:
        for what, got in (("cost", fig.cost(c.id)), ("months", fig.months(c.id))):
            mine = _published(fig, c, what)
            if mine is not None:
                assert got.known and (got.lo, got.hi) == mine and got.source == ()
                continue
            assert not got.known and got.lo <= got.hi
            others = {o.id: _published(fig, o, what) for o in cat.credentials}
            if not any(v is not None for v in others.values()):
                assert got.source == () and (got.lo, got.hi) == (0.0, 0.0)
                continue
            assert got.source and c.id not in got.source
            ranges = [others[s] for s in got.source]
            assert all(r is not None for r in ranges), got.source
            assert min(r[0] for r in ranges) <= got.lo  # type: ignore[index]
            assert got.hi <= max(r[1] for r in ranges)  # type: ignore[index]
            same_kind = [o for o in cat.credentials if others[o.id] and kind(o) == kind(c)]
            if len(same_kind) >= MIN_SIMILAR:  # then never another kind's figures
                assert all(kind(cat.by_id[s]) == kind(c) for s in got.source), (c.id, got.basis)
            assert str(len(got.source)) in got.basis


# --- provenance in show and JSON -----------------------------------------------------------


def test_show_names_the_credentials_an_estimate_came_from(runner: CliRunner) -> None:
    """``aipath show`` prints the estimate with the ids it came from; its JSON lists them."""
    fig = Figures(load_catalog())
    cost = fig.cost(HMS)
    r = runner.invoke(app, ["show", HMS, "--today", TODAY], env={"COLUMNS": "200"})
    assert r.exit_code == 0, r.stderr
    line = next(x for x in r.stdout.splitlines() if x.startswith("cost"))
    assert f"estimated ${cost.lo:,.0f}–{cost.hi:,.0f}" in line
    assert all(s in line for s in cost.source)
    r = runner.invoke(app, ["show", HMS, "--today", TODAY, "--format", "json"])
    doc = json.loads(r.stdout)
    assert doc["estimate_from"] == {"cost": list(cost.source), "duration": None}
    assert doc["cost_estimate"] == {"min": round(cost.lo), "max": round(cost.hi)}
    assert doc["months_estimate"] is None  # two days: published
    # A published price has no estimate and names nothing.
    doc = json.loads(runner.invoke(app, ["show", "iapp-aigp", "--format", "json"]).stdout)
    assert doc["cost_estimate"] is None and doc["estimate_from"] == {"cost": None, "duration": None}


def test_plan_json_steps_name_their_estimates_sources(runner: CliRunner) -> None:
    """A physician's plan estimates the ABPM board's fee and preparation; the step names the
    exams each came from, and the same ids ``show`` gives."""
    r = runner.invoke(app, ["plan", "--role", "physician", "--today", TODAY, "--format", "json"])
    assert r.exit_code == 0, r.stderr
    step = next(s for s in json.loads(r.stdout)["steps"] if s["id"] == "abpm-clinical-informatics")
    fig = Figures(load_catalog())
    assert step["estimate_from"] == {
        "cost": list(fig.cost(step["id"]).source),
        "duration": list(fig.months(step["id"]).source),
    }
    assert step["months_estimate"]["max"] <= 4.0
    assert any("estimated" in w and "exams" in w for w in step["warnings"])
