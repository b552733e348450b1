"""`aipath plan` end to end: the four roles on the shipped catalogue, exit codes, both streams."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from aipath.catalog import load_catalog
from aipath.cli import app
from aipath.models import satisfied

TODAY = "2026-11-24"
ROLES = ["physician", "nurse", "informaticist", "data-scientist"]

STEP_KEYS = {
    "order", "id", "name", "type", "recognition", "part", "reason", "satisfies", "alternatives",
    "cost", "cost_estimate", "duration", "months_estimate", "imputed", "estimate_from",
    "manual_checks",
    "start_month", "finish_month", "wait_months", "verified_on", "stale", "warnings", "after",
    "url",
}
PLAN_KEYS = {
    "schema_version", "catalog", "query", "holdings", "core", "steps", "totals", "skills",
    "notes", "approximate", "optimality_gap", "warnings", "renewals",
    "upkeep",  # --horizon-years (issue 17); null without it
    "have_from",  # --have-from (issue 17): what the wallet files matched; null without it
    "alternatives",  # --alternatives K (issue 17); [] without it (tests/test_alternatives_cli.py)
}
RENEWAL_KEYS = {
    "id", "earned", "every_years", "first_due", "next_due", "overdue_cycles", "due_soon",
    "cannot_renew", "successor",
}
TOTALS_KEYS = {"steps", "cost", "months"}
COST_KEYS = {"known", "estimated", "unknown_steps"}
MONTHS_KEYS = {"timeline", "known_only", "experience_wait", "unknown_steps"}


def plan_json(runner: CliRunner, *args: str) -> dict:
    r = runner.invoke(app, ["plan", *args, "--today", TODAY, "--format", "json"])
    assert r.exit_code == 0, r.stderr
    assert r.stderr == ""
    return json.loads(r.stdout)


@pytest.mark.parametrize("role", ROLES)
def test_role_stack_shape(runner: CliRunner, role: str) -> None:
    """Each role gets one core degree of that role (or holds one), certificates, a valid order."""
    cat = load_catalog()
    doc = plan_json(runner, "--role", role)
    steps = doc["steps"]
    cores = [s for s in steps if s["part"] == "core-degree"]
    held = {h["id"] for h in doc["holdings"]}
    assert doc["core"] is not None
    core = cat.by_id[doc["core"]]
    assert core.type == "degree" and core.level == "graduate" and role in core.roles
    if doc["core"] in held:
        assert cores == []
    else:
        assert [s["id"] for s in cores] == [doc["core"]]
    assert any(s["part"] == "certificate" for s in steps)
    available = set(held)
    for s in steps:
        c = cat.by_id[s["id"]]
        assert cat.open_to(c, role)
        assert satisfied(c.entry, cat.closure(available).__contains__, doc["query"]["today"]), s["id"]
        available.add(s["id"])
    assert doc["skills"]["covered"]


def test_physician_core_is_held(runner: CliRunner) -> None:
    """A physician's MD is the core degree: no degree step, and the plan says so."""
    doc = plan_json(runner, "--role", "physician")
    assert doc["core"] == "md"
    assert "core degree already held: md" in doc["warnings"]


def test_plan_json_contract(runner: CliRunner) -> None:
    """The plan document has the pinned keys of SPEC §5."""
    doc = plan_json(runner, "--role", "nurse")
    assert set(doc) == PLAN_KEYS
    assert doc["schema_version"] == 2
    assert set(doc["catalog"]) == {"path", "sha256", "credentials", "files"}
    assert set(doc["totals"]) == TOTALS_KEYS
    assert set(doc["totals"]["cost"]) == COST_KEYS
    assert set(doc["totals"]["months"]) == MONTHS_KEYS
    for s in doc["steps"]:
        # Unknown is null, never 0; its estimate sits apart.
        assert (s["cost"] is None) == (s["cost_estimate"] is not None)
        assert (s["duration"] is None) == (s["months_estimate"] is not None)
        # An estimate names the credentials it came from; a published figure names none.
        assert set(s["estimate_from"]) == {"cost", "duration"}
        assert (s["estimate_from"]["cost"] is None) == (s["cost_estimate"] is None)
        assert (s["estimate_from"]["duration"] is None) == (s["months_estimate"] is None)
        assert all(set(a) == {"option", "reason", "adds_usd", "adds_months"} for a in s["alternatives"])
    assert set(doc["skills"]) == {"target", "covered", "missing"}
    assert all(set(h) == {"id", "name", "source", "earned"} for h in doc["holdings"])
    for s in doc["steps"]:
        assert set(s) == STEP_KEYS
        assert s["part"] in ("prerequisite", "core-degree", "certificate")
        assert all(set(x) == {"step", "requirement"} for x in s["satisfies"])
    assert set(doc["query"]) == {
        "role", "have", "no_assume", "profile", "goal", "skills", "certificates_only",
        "max_cost", "max_months", "optimize", "stale_months", "today", "hours_per_week",
        "horizon_years", "have_from", "alternatives",
    }
    assert doc["upkeep"] is None  # only --horizon-years adds the block (tests/test_upkeep.py)


def test_plan_is_byte_identical(runner: CliRunner) -> None:
    """The same command twice prints the same bytes (given --today)."""
    args = ["plan", "--role", "data_scientist", "--today", TODAY, "--format", "json"]
    assert runner.invoke(app, args).stdout == runner.invoke(app, args).stdout


def test_have_and_no_assume(runner: CliRunner) -> None:
    """--no-assume drops the preset; --have (comma-separated, repeatable) adds holdings."""
    doc = plan_json(runner, "--role", "nurse", "--no-assume", "--have", "adn,rn-licensure")
    assert [(h["id"], h["source"]) for h in doc["holdings"]] == [
        ("adn", "have"), ("rn-licensure", "have"),
    ]
    assert doc["query"]["no_assume"] is True


def test_unreachable_goal_exit_3(runner: CliRunner) -> None:
    """A nurse asking for ABPM clinical informatics: exit 3, the missing holdings named, no stdout."""
    r = runner.invoke(app, ["plan", "--role", "nurse", "--goal", "abpm-clinical-informatics"])
    assert r.exit_code == 3
    assert r.stdout == ""
    assert "out of reach for a nurse" in r.stderr
    assert "residency-abms-primary-board" in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize("role", ["nurse", "informaticist"])
def test_unreachable_goal_says_the_shared_reason_once(runner: CliRunner, role: str) -> None:
    """Three physician credentials missing: named once each, their shared need said once,
    in a line a person can read (it was 711 characters of repeated rules)."""
    r = runner.invoke(app, ["plan", "--role", role, "--goal", "abpm-clinical-informatics"])
    line = r.stderr.strip()
    article = "an" if role[0] in "aeiou" else "a"
    assert f"out of reach for {article} {role}:" in line
    for cid in ("acgme-clinical-informatics-fellowship", "residency-abms-primary-board",
                "us-medical-license"):
        assert line.count(cid) == 1
    assert line.count("US medical doctorate") == 1 and "each need" in line
    assert len(line) < 360


def test_budget_exit_3(runner: CliRunner) -> None:
    """--goal msn-nursing-informatics --max-cost 1000: exit 3 with the figure needed."""
    r = runner.invoke(
        app, ["plan", "--role", "nurse", "--goal", "msn-nursing-informatics", "--max-cost", "1000"]
    )
    assert r.exit_code == 3
    assert r.stdout == ""
    assert "needs at least $" in r.stderr and "--max-cost 1,000" in r.stderr


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["--role", "surgeon"], "valid roles: physician, physician-resident, nurse, informaticist, data-scientist"),
        (["--role", "nurse", "--have", "bns"], "did you mean: bsn"),
        (["--role", "nurse", "--skills", "telepathy"], "unknown skill 'telepathy'"),
        (["--role", "nurse", "--today", "2026-13-01"], "not a date"),
        ([], "give --role"),
    ],
)
def test_usage_errors(runner: CliRunner, args: list[str], needle: str) -> None:
    """Unknown role, id, skill or a bad date: exit 2, one line naming the option, no stdout."""
    r = runner.invoke(app, ["plan", *args])
    assert r.exit_code == 2
    assert r.stdout == ""
    assert needle in r.stderr


def test_goal_and_skills(runner: CliRunner) -> None:
    """--goal forces a credential into the plan; --skills replaces the role's target skills."""
    doc = plan_json(runner, "--role", "nurse", "--goal", "ancc-informatics-nursing",
                    "--skills", "governance,ai-literacy")
    assert "ancc-informatics-nursing" in [s["id"] for s in doc["steps"]]
    assert doc["skills"]["target"] == ["governance", "ai-literacy"]


def test_table_says_unknown_in_words(runner: CliRunner) -> None:
    """The table prints totals in words: known cost, the steps without a price and their estimate."""
    r = runner.invoke(app, ["plan", "--role", "physician", "--today", TODAY])
    assert r.exit_code == 0
    assert "known, plus" in r.stdout and "without a published price (estimated $" in r.stdout
    assert "critical path" not in r.stdout and "imputed" not in r.stdout
    assert "Core degree: md (already held)" in r.stdout


def test_output_file_is_written_atomically(runner: CliRunner, tmp_path: Path) -> None:
    """--output writes the JSON to a file, nothing to stdout, a note on stderr."""
    out = tmp_path / "plan.json"
    r = runner.invoke(app, ["plan", "--role", "nurse", "--format", "json", "--output", str(out)])
    assert r.exit_code == 0 and r.stdout == ""
    assert json.loads(out.read_text())["schema_version"] == 2


class TestProfile:
    def test_profile_supplies_role_holdings_and_goal(self, runner: CliRunner, tmp_path: Path) -> None:
        """A profile gives background, holdings, asserted rules, constraints and a goal."""
        prof = tmp_path / "me.yaml"
        prof.write_text(
            "background: nurse\n"
            "holds: [rn-licensure, bsn, {id: amia-10x10-ohsu, earned: 2023-05}]\n"
            "asserts: ['pass NCLEX-RN']\n"
            "experience: [{field: nursing-practice, years: 6}]\n"
            "constraints: {max_cost: 60000, hours_per_week: 5}\n"
            "goal: ancc-informatics-nursing\n"
        )
        doc = plan_json(runner, "--profile", str(prof))
        assert doc["query"]["role"] == "nurse"
        assert doc["query"]["max_cost"] == 60000
        assert doc["query"]["hours_per_week"] == 5
        assert ("amia-10x10-ohsu", "profile") in {(h["id"], h["source"]) for h in doc["holdings"]}
        assert "ancc-informatics-nursing" in [s["id"] for s in doc["steps"]]
        # options override the profile
        doc = plan_json(runner, "--profile", str(prof), "--max-cost", "70000")
        assert doc["query"]["max_cost"] == 70000

    @pytest.mark.parametrize(
        ("text", "needle"),
        [
            ("holds: [bsm]\n", "holds 'bsm'"),
            ("background: dentist\n", "background 'dentist'"),
            ("constraints: {max_cost: lots}\n", "must be a number"),
            ("hobbies: [chess]\n", "unknown key 'hobbies'"),
            ("- just a list\n", "must be a mapping"),
        ],
    )
    def test_malformed_profile(self, runner: CliRunner, tmp_path: Path, text: str, needle: str) -> None:
        """A bad profile is exit 1 with one line naming the file and position."""
        prof = tmp_path / "bad.yaml"
        prof.write_text(text)
        r = runner.invoke(app, ["plan", "--role", "nurse", "--profile", str(prof)])
        assert r.exit_code == 1
        assert r.stdout == ""
        assert r.stderr.startswith(f"{prof}:1:")
        assert needle in r.stderr

    def test_missing_profile(self, runner: CliRunner, tmp_path: Path) -> None:
        """A missing profile file is exit 1, one line."""
        r = runner.invoke(app, ["plan", "--role", "nurse", "--profile", str(tmp_path / "x.yaml")])
        assert r.exit_code == 1 and "file not found" in r.stderr and r.stdout == ""


@pytest.mark.parametrize("role, goal, part", [
    ("nurse", "msn-nursing-informatics", "core-degree"),
    ("physician", "abpm-clinical-informatics", "certificate"),
    ("nurse", "ancc-informatics-nursing", "certificate"),
])
def test_the_goal_is_labelled_as_what_it_is(runner: CliRunner, role: str, goal: str, part: str) -> None:
    """A goal was labelled 'prerequisite', as if it were a step towards itself."""
    doc = plan_json(runner, "--role", role, "--goal", goal)
    step = next(s for s in doc["steps"] if s["id"] == goal)
    assert step["part"] == part and step["reason"] == "your goal (--goal)"
    if part == "core-degree":
        assert doc["core"] == goal
