"""Experience in hours: loading, profiles, the wait at a stated work pattern, exports, lint.

A rule such as ANCC NI-BC's "2,000 h of informatics-nursing practice within the last 3 years"
is ``{experience: {hours: 2000, within_years: 3, field: informatics-nursing}}``; a plan never
takes the hours as given, it waits for what the profile does not state (README, "Experience").
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from aipath.catalog import load_catalog, load_profile
from aipath.cli import app
from aipath.errors import CatalogError, ProfileError
from aipath.graph import build_graph
from aipath.models import Experience, ProfileExperience
from aipath.planner import build_request, plan

from .conftest import catalog_doc, cred

TODAY = dt.date(2026, 12, 1)


def hours(n: float, field: str = "practice", within: float | None = None) -> dict:
    e: dict = {"hours": n, "field": field}
    if within is not None:
        e["within_years"] = within
    return {"experience": e}


def usd(n: float) -> dict:
    return {"usd": n, "year": 2026}


def months(n: float) -> dict:
    return {"min": n, "max": n, "unit": "months"}


def board(entry: object) -> dict:
    return cred("board", skills=["s"], cost=usd(100), duration=months(1), entry=entry)


def profile(tmp_path: Path, text: str, name: str = "me.yaml") -> Path:
    path = tmp_path / name
    path.write_text("background: nurse\n" + text, encoding="utf-8")
    return path


def run(cat, tmp_path: Path | None = None, experience: str | None = None, **kw):
    prof = None
    if experience is not None:
        assert tmp_path is not None
        prof = load_profile(profile(tmp_path, f"experience: {experience}\n"), cat, today=TODAY)
    kw.setdefault("certificates_only", True)
    req = build_request(cat, role="nurse", profile=prof, today=TODAY, **kw)
    return plan(cat, build_graph(cat), req)


def step(p, cid: str):
    return next(s for s in p.steps if s.credential.id == cid)


# --- loading ------------------------------------------------------------------------------------


@pytest.mark.parametrize(("experience", "needle"), [
    ({"years": 2, "hours": 2000, "field": "x"}, "states exactly one of years or hours, not both"),
    ({"field": "x"}, "states exactly one of years or hours"),
    ({"hours": 0, "field": "x"}, "hours must be above 0"),
    ({"hours": -5, "field": "x"}, "hours must be a number >= 0"),
    ({"hours": "lots", "field": "x"}, "hours must be a number, not a string"),
    ({"hours": 2000, "field": "x", "within_years": 0}, "within_years must be above 0"),
    ({"years": 4, "field": "x", "within_years": 3}, "4 years cannot fall within the last 3 years"),
    ({"hours": 30000, "field": "x", "within_years": 3}, "30,000 h cannot fit within 3 years"),
    ({"hours": 10, "field": "x", "per_week": 3}, "unknown key 'per_week'"),
])
def test_a_bad_experience_rule_is_one_positioned_line(runner: CliRunner, tmp_path: Path,
                                                      experience: dict, needle: str) -> None:
    """Each bad value of an experience rule: exit 1, one line on stderr, file:line:col."""
    path = tmp_path / "cat.json"
    path.write_text(json.dumps(catalog_doc([board({"experience": experience})]), indent=1))
    with pytest.raises(CatalogError) as info:
        load_catalog(path)
    assert needle in str(info.value) and info.value.line is not None
    r = runner.invoke(app, ["show", "board", "--catalog", str(path)])
    assert r.exit_code == 1 and r.stdout == ""
    assert len(r.stderr.strip().splitlines()) == 1
    assert r.stderr.startswith(f"{path}:") and r.stderr.split(":")[1].isdigit()


def test_hours_rules_load_and_round_trip(make_catalog, tmp_path: Path) -> None:
    """hours and within_years load as typed values and survive the catalogue's JSON export."""
    cat = make_catalog([board({"label": "practice option", **hours(2000, "nursing", 3)})])
    rule = cat.by_id["board"].entry
    assert rule == Experience(None, "nursing", hours=2000, within_years=3, label="practice option")
    r = CliRunner().invoke(app, ["export", "--catalog", cat.path, "--format", "json"])
    assert r.exit_code == 0, r.stderr
    entry = next(c for c in json.loads(r.stdout)["credentials"] if c["id"] == "board")["entry"]
    assert entry == {"experience": {"hours": 2000, "field": "nursing", "within_years": 3},
                     "label": "practice option"}
    again = tmp_path / "again.json"
    again.write_text(r.stdout)
    assert load_catalog(again).by_id["board"].entry == rule


# --- profiles ------------------------------------------------------------------------------------


def test_a_profile_states_hours_like_years(tmp_path: Path) -> None:
    """experience entries take years or hours, a window and the hours a week worked now."""
    cat = load_catalog()
    prof = load_profile(profile(tmp_path, (
        "experience:\n"
        "  - {field: nursing-practice, years: 3}\n"
        "  - {field: informatics-nursing, hours: 1200, within_years: 2, hours_per_week: 20}\n"
        "  - {field: health-informatics, hours_per_week: 16}\n"
    )), cat, today=TODAY)
    assert prof.experience == (
        ProfileExperience("nursing-practice", years=3),
        ProfileExperience("informatics-nursing", hours=1200, within_years=2, hours_per_week=20),
        ProfileExperience("health-informatics", hours_per_week=16),
    )
    assert prof.experience_at[1] == (4, 13)


@pytest.mark.parametrize(("entry", "needle", "at"), [
    ("{field: informatics-nursing}", "states years, hours or hours_per_week", "{field"),
    ("{field: informatics-nursing, hours: 100, hours_per_week: 0}",
     "hours_per_week: 0 is out of range", "0}"),
    ("{field: informatics-nursing, hours: 100, hours_per_week: 200}",
     "hours_per_week: 200 is out of range", "200}"),
    ("{field: informatics-nursing, years: 5, within_years: 3}",
     "5 years cannot fall within the last 3 years", "3}"),
    ("{field: informatics-nursing, hours: many}", "experience hours must be a number", "many"),
    ("{field: informatics-nursing, hours: 10, per_week: 3}", "unknown key 'per_week'", "per_week"),
])
def test_a_bad_profile_experience_is_one_positioned_line(runner: CliRunner, tmp_path: Path,
                                                         entry: str, needle: str, at: str) -> None:
    """A bad experience entry in a profile: exit 1 and one line naming file:line:col, the
    column that of the value (or key) at fault."""
    line = f"  - {entry}"
    prof = profile(tmp_path, f"experience:\n{line}\n")
    with pytest.raises(ProfileError):
        load_profile(prof, load_catalog(), today=TODAY)
    r = runner.invoke(app, ["plan", "--profile", str(prof), "--today", "2026-12-01"])
    assert r.exit_code == 1 and r.stdout == ""
    assert r.stderr.startswith(f"{prof}:3:{line.index(at) + 1}:") and needle in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1


# --- the wait -------------------------------------------------------------------------------------


def test_missing_hours_wait_at_full_time_unless_the_profile_says(make_catalog,
                                                                 tmp_path: Path) -> None:
    """2,080 h are a year at the stated pattern, full-time (40 h a week); 20 h a week, two."""
    cat = make_catalog([board(hours(2080))])
    p = run(cat, goal="board")
    b = step(p, "board")
    assert b.wait_months == pytest.approx(12.0)
    assert b.start_month == pytest.approx(12.0)
    (check,) = b.manual_checks
    assert check == ("2,080 h of practice (none in your profile: 2,080 h take about 12 months "
                     "at 40 h a week, full-time)")
    p = run(cat, tmp_path, "[{field: practice, hours_per_week: 20}]", goal="board")
    assert step(p, "board").wait_months == pytest.approx(24.0)
    assert "at 20 h a week, as your profile says" in step(p, "board").manual_checks[0]


def test_partly_met_hours_wait_only_for_the_rest(make_catalog, tmp_path: Path) -> None:
    """1,040 of 2,080 h stated: the wait is for the other 1,040 h, six months full-time."""
    cat = make_catalog([board(hours(2080))])
    p = run(cat, tmp_path, "[{field: practice, hours: 1040}]", goal="board")
    b = step(p, "board")
    assert b.wait_months == pytest.approx(6.0)
    assert "your profile: 1,040 h; the other 1,040 h take about 6 months" in b.manual_checks[0]


def test_met_hours_settle_the_rule_only_inside_its_window(make_catalog, tmp_path: Path) -> None:
    """Enough hours within the window: no wait, nothing to check. Enough hours whose dates the
    profile does not give: no wait, but the plan asks about the window."""
    cat = make_catalog([board(hours(2000, within=3))])
    p = run(cat, tmp_path, "[{field: practice, hours: 2500, within_years: 2}]", goal="board")
    assert step(p, "board").manual_checks == () and step(p, "board").wait_months == 0
    p = run(cat, tmp_path, "[{field: practice, hours: 2500}]", goal="board")
    assert step(p, "board").wait_months == 0
    assert step(p, "board").manual_checks == (
        "2,000 h of practice within the last 3 years (your profile: 2,500 h, not said to fall "
        "within the last 3 years)",)


def test_a_pattern_that_cannot_fill_the_window_closes_the_route(make_catalog,
                                                                tmp_path: Path) -> None:
    """10 h a week never makes 2,000 h within 3 years (1,560 h): that route is closed and the
    plan takes the programme instead, saying why."""
    cat = make_catalog([
        cred("programme", cost=usd(1000), duration=months(24)),
        board({"any": [{"label": "practice option", **hours(2000, within=3)}, "programme"]}),
    ])
    p = run(cat, goal="board")
    assert [s.credential.id for s in p.steps] == ["board"]
    p = run(cat, tmp_path, "[{field: practice, hours_per_week: 10}]", goal="board")
    assert [s.credential.id for s in p.steps] == ["programme", "board"]
    (alt,) = step(p, "board").alternatives
    assert alt.option == "practice option"
    assert "cannot be reached at 10 h a week" in alt.reason and "1,560 h in 3 years" in alt.reason


def test_years_read_as_before_and_hours_count_towards_years(make_catalog,
                                                            tmp_path: Path) -> None:
    """A years rule waits the missing years as it always did; hours stated instead count at
    2,080 h a year, and the plan says it counted them so."""
    cat = make_catalog([board({"experience": {"years": 2, "field": "practice"}})])
    p = run(cat, tmp_path, "[{field: practice, years: 1}]", goal="board")
    assert step(p, "board").wait_months == pytest.approx(12.0)
    assert step(p, "board").manual_checks == ("2 years of practice",)
    p = run(cat, tmp_path, "[{field: practice, years: 3}]", goal="board")
    assert step(p, "board").manual_checks == () and step(p, "board").wait_months == 0
    p = run(cat, tmp_path, "[{field: practice, hours: 5200}]", goal="board")
    assert step(p, "board").wait_months == 0
    assert step(p, "board").manual_checks == (
        "2 years of practice (your profile: 5,200 h, counted as 2.5 years full-time)",)


def test_ctdl_gives_no_years_for_a_rule_in_hours(runner: CliRunner, make_catalog) -> None:
    """CTDL counts experience in years; a rule in hours is stated in words only."""
    cat = make_catalog([board(hours(1500, "research", 10))])
    r = runner.invoke(app, ["export", "--catalog", cat.path, "--format", "ctdl"])
    assert r.exit_code == 0, r.stderr
    node = next(n for n in json.loads(r.stdout)["@graph"] if n["@id"].endswith(":board"))
    (req,) = node["ceterms:requires"]
    assert req["ceterms:experience"]["en-US"] == "1,500 h of research within the last 10 years"
    assert "ceterms:yearsOfExperience" not in req
