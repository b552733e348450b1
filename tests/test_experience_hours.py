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
from aipath.lint import lint_catalog
from aipath.models import Experience, ProfileExperience
from aipath.planner import build_request, plan

from .conftest import catalog_doc, cred

TODAY = dt.date(2026, 12, 1)
EXAMPLE = Path(__file__).parent.parent / "examples" / "nurse-profile.yaml"
NIBC = "ancc-informatics-nursing"


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


def test_a_field_no_rule_asks_is_named_with_the_closest(runner: CliRunner, tmp_path: Path) -> None:
    """A misspelt field would count for nothing: the plan warns, naming the field rules use."""
    prof = profile(tmp_path, "experience: [{field: informatics nursing, hours: 2000}]\n")
    r = runner.invoke(app, ["plan", "--profile", str(prof), "--today", "2026-12-01"])
    assert r.exit_code == 0
    assert (f"{prof}:2:22: experience field 'informatics nursing' is asked by no rule"
            in r.stderr)
    assert "closest: 'informatics-nursing'" in r.stderr


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


# --- the shipped NI-BC, as the ADN nurse of issue 16 ------------------------------------------------


def plan_doc(runner: CliRunner, *args: str) -> dict:
    r = runner.invoke(app, ["plan", *args, "--today", "2026-12-01", "--format", "json"])
    assert r.exit_code == 0, r.stderr
    return json.loads(r.stdout)


def nibc(doc: dict) -> dict:
    return next(s for s in doc["steps"] if s["id"] == NIBC)


def test_the_adn_nurse_waits_for_the_hours_she_does_not_state(runner: CliRunner) -> None:
    """ADN, RN, 3 years of practice, MSN-NI planned: NI-BC's practice option no longer holds at
    once. Taken, it shows the wait for 2,000 h at full-time; the coursework option, whose
    graduate credits she has not said she holds, is not leaned on."""
    doc = plan_doc(runner, "--profile", str(EXAMPLE))
    ids = [s["id"] for s in doc["steps"]]
    assert "msn-nursing-informatics" in ids
    step = nibc(doc)
    text = " ".join(step["manual_checks"])
    if "msn-nursing-informatics" in step["after"]:  # the graduate-programme option
        assert "200 supervised hours" in text
    else:
        assert "2,000 h of informatics-nursing within the last 3 years" in text
        assert "40 h a week, full-time" in text
        assert step["wait_months"] == pytest.approx(2000 / (40 * 52 / 12), abs=0.01)
        assert step["start_month"] >= step["wait_months"]
    assert "semester hours" not in text


def test_her_own_hours_and_pattern_decide_the_option(runner: CliRunner, tmp_path: Path) -> None:
    """Stating 2,000 h in the window removes the wait; working 12 h a week in informatics (1,872 h
    in 3 years, never 2,000) sends her through the MSN-NI's graduate-programme option."""
    base = EXAMPLE.read_text().replace("  - {field: nursing-practice, years: 3}\n", (
        "  - {field: nursing-practice, years: 3}\n  - {field: informatics-nursing, %s}\n"))
    done = tmp_path / "done.yaml"
    done.write_text(base % "hours: 2100, within_years: 3")
    step = nibc(plan_doc(runner, "--profile", str(done)))
    assert step["wait_months"] == 0 and step["manual_checks"] == []
    slow = tmp_path / "slow.yaml"
    slow.write_text(base % "hours_per_week: 12")
    step = nibc(plan_doc(runner, "--profile", str(slow)))
    assert "msn-nursing-informatics" in step["after"]
    assert any("200 supervised hours" in c for c in step["manual_checks"])
    reasons = " ".join(a["reason"] for a in step["alternatives"])
    assert "cannot be reached at 12 h a week" in reasons


# --- exports and lint ------------------------------------------------------------------------------


def test_show_and_exports_state_the_hours(runner: CliRunner) -> None:
    """show (text and JSON) and the CTDL export give hours as hours, never as years."""
    r = runner.invoke(app, ["show", NIBC])
    assert "check: 2,000 h of informatics-nursing within the last 3 years" in r.stdout
    doc = json.loads(runner.invoke(app, ["show", NIBC, "--format", "json"]).stdout)
    practice = doc["credential"]["entry"]["all"][4]["any"][0]
    assert practice == {"experience": {"hours": 2000, "field": "informatics-nursing",
                                       "within_years": 3}, "label": "practice option"}
    r = runner.invoke(app, ["export", "--format", "ctdl"])
    node = next(n for n in json.loads(r.stdout)["@graph"] if n["@id"].endswith(f":{NIBC}"))
    (practice,) = [p for p in node["ceterms:requires"][0]["ceterms:alternativeCondition"]
                   if "2,000 h" in p["ceterms:description"]["en-US"]]
    assert practice["ceterms:experience"]["en-US"] == (
        "2 years of nursing-practice; 2,000 h of informatics-nursing within the last 3 years")
    assert practice["ceterms:yearsOfExperience"] == 2  # the years rule's, never 2,000


def test_ctdl_gives_no_years_for_a_rule_in_hours(runner: CliRunner, make_catalog) -> None:
    """CTDL counts experience in years; a rule in hours is stated in words only."""
    cat = make_catalog([board(hours(1500, "research", 10))])
    r = runner.invoke(app, ["export", "--catalog", cat.path, "--format", "ctdl"])
    assert r.exit_code == 0, r.stderr
    node = next(n for n in json.loads(r.stdout)["@graph"] if n["@id"].endswith(":board"))
    (req,) = node["ceterms:requires"]
    assert req["ceterms:experience"]["en-US"] == "1,500 h of research within the last 10 years"
    assert "ceterms:yearsOfExperience" not in req


def test_lint_names_hours_written_as_text(make_catalog) -> None:
    """A text rule counting hours of practice is flagged (the plan would take it at its word);
    CE and coursework hours are not; hours no full-time job fills in the window are flagged."""
    cat = make_catalog([
        cred("a", entry={"text": "2,000 h informatics nursing practice in the last 3 years"}),
        cred("b", entry={"text": "30 h informatics-nursing CE in the last 3 years"}),
        cred("c", entry=hours(5000, within=2)),
    ])
    codes = {(w.credential, w.code) for w in lint_catalog(cat, today=TODAY).warnings}
    assert ("a", "hours-as-text") in codes
    assert not any(cid == "b" and code.startswith("hours") for cid, code in codes)
    assert ("c", "hours-beyond-full-time") in codes
