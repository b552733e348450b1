"""The profile's ``earned`` dates (checked, renewals due) and ``asserts`` that match no rule."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from aipath.catalog import load_catalog
from aipath.cli import app
from aipath.planner.renewals import _add_months, renewals
from aipath.planner.types import Holding

TODAY = "2026-12-01"


def plan(runner: CliRunner, tmp_path: Path, profile: str, *extra: str):
    path = tmp_path / "me.yaml"
    path.write_text(profile)
    return runner.invoke(app, ["plan", "--profile", str(path), "--today", TODAY, *extra])


# --- earned ------------------------------------------------------------------------------


@pytest.mark.parametrize("value, problem", [
    ("2027-01", "after today"),
    ("2026-12-02", "after today"),
    ("2027", "after today"),
    ("2023-13", "must be a date"),
    ("2023-02-30", "must be a date"),
    ("May 2023", "must be a date"),
])
def test_bad_earned_dates_are_one_line_with_the_position(
        runner: CliRunner, tmp_path: Path, value: str, problem: str) -> None:
    r = plan(runner, tmp_path, f"background: nurse\nholds:\n  - {{id: rn-licensure, earned: '{value}'}}\n")
    assert r.exit_code == 1 and r.stdout == ""
    line = r.stderr.strip()
    assert "\n" not in line and problem in line
    assert line.startswith(f"{tmp_path / 'me.yaml'}:3:")


def test_a_bare_year_and_a_yaml_date_are_accepted(runner: CliRunner, tmp_path: Path) -> None:
    r = plan(runner, tmp_path, "background: nurse\nholds:\n"
             "  - {id: rn-licensure, earned: 2019}\n  - {id: bsn, earned: 2018-05-20}\n",
             "--format", "json")
    assert r.exit_code == 0, r.stderr
    held = {h["id"]: h["earned"] for h in json.loads(r.stdout)["holdings"]}
    assert held == {"rn-licensure": "2019", "bsn": "2018-05-20"}


def test_renewals_in_the_plan(runner: CliRunner, tmp_path: Path) -> None:
    """A board earned 2019-03 with a 2-year cycle: due 2021-03, next 2027-03 if kept current."""
    cat = load_catalog()
    assert cat.by_id["ahima-rhia"].renewal.every_years == 2
    assert cat.by_id["himss-cphims"].renewal.every_years == 3
    profile = ("background: informaticist\nholds:\n  - {id: ahima-rhia, earned: 2019-03}\n"
               "  - {id: himss-cphims, earned: 2024-06-15}\n  - ms-health-informatics\n")
    doc = json.loads(plan(runner, tmp_path, profile, "--format", "json").stdout)
    got = {r["id"]: r for r in doc["renewals"]}
    assert list(got) == ["ahima-rhia", "himss-cphims"]  # no date, no renewal entry
    assert got["ahima-rhia"] == {
        "id": "ahima-rhia", "earned": "2019-03", "every_years": 2, "first_due": "2021-03",
        "next_due": "2027-03", "overdue_cycles": 3, "due_soon": True, "cannot_renew": False,
        "successor": None,
    }
    assert got["himss-cphims"]["first_due"] == got["himss-cphims"]["next_due"] == "2027-06-15"
    assert got["himss-cphims"]["overdue_cycles"] == 0
    table = plan(runner, tmp_path, profile).stdout
    assert "Renewals of what you hold:" in table
    assert "renew by 2027-06-15" in " ".join(table.split())
    assert "check it is current" in " ".join(table.split())


def test_a_retired_holding_says_renewals_end(runner: CliRunner, tmp_path: Path) -> None:
    cat = load_catalog()
    old = next(c for c in cat.credentials if c.status == "retired" and c.successor
               and c.renewal is not None and c.renewal.every_years)
    profile = f"background: data-scientist\nholds:\n  - {{id: {old.id}, earned: 2025-10}}\n"
    doc = json.loads(plan(runner, tmp_path, profile, "--format", "json").stdout)
    (r,) = doc["renewals"]
    assert r["cannot_renew"] and r["successor"] == old.successor


@given(
    earned=st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2026, 12, 1)),
    precision=st.sampled_from([4, 7, 10]),
)
@settings(max_examples=300, deadline=None)
def test_next_due_is_the_first_cycle_after_today(earned: dt.date, precision: int) -> None:
    """Oracle: count cycles one by one with real dates; the module must agree."""
    cat = load_catalog()
    cid = next(c.id for c in cat.credentials if c.renewal and c.renewal.every_years)
    every = cat.by_id[cid].renewal.every_years
    step = max(1, round(every * 12))
    when = earned.isoformat()[:precision]
    (r,) = renewals(cat, (Holding(cid, "profile", when),), TODAY)
    k = 1
    while _add_months(when, step * k) <= TODAY[:precision]:
        k += 1
    assert r.next_due == _add_months(when, step * k)
    assert r.overdue_cycles == k - 1
    assert r.first_due == _add_months(when, step)
    assert r.next_due[:precision] > TODAY[:precision]


@pytest.mark.parametrize("date, months, want", [
    ("2019-03", 24, "2021-03"),
    ("2019-11", 3, "2020-02"),
    ("2020-02-29", 12, "2021-02-28"),
    ("2021", 36, "2024"),
    ("2024-01-31", 1, "2024-02-29"),
])
def test_add_months(date: str, months: int, want: str) -> None:
    assert _add_months(date, months) == want


# --- asserts -----------------------------------------------------------------------------


def test_an_assert_that_matches_no_rule_is_named_with_the_closest(
        runner: CliRunner, tmp_path: Path) -> None:
    profile = ("background: nurse\nasserts:\n"
               "  - \"30 h informatics nursing CE in the last 3 years\"\n"
               "  - \"I like cats\"\n")
    r = plan(runner, tmp_path, profile)
    assert r.exit_code == 0
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 2
    me = tmp_path / "me.yaml"
    assert lines[0].startswith(f"warning: {me}:3:5: asserts '30 h informatics nursing CE")
    assert "closest rule: '30 h informatics-nursing CE in the last 3 years'" in lines[0]
    assert lines[1].startswith(f"warning: {me}:4:5: asserts 'I like cats'")
    assert "no rule is close" in lines[1]


def test_an_assert_matches_whatever_its_case_spacing_and_full_stop(
        runner: CliRunner, tmp_path: Path) -> None:
    """A matched assert settles the check: it leaves 'Before you pay' and the JSON checks."""
    rule = "30 h informatics-nursing CE in the last 3 years"
    base = "background: nurse\ngoal: ancc-informatics-nursing\n"
    before = json.loads(plan(runner, tmp_path, base, "--format", "json").stdout)
    checks = [c for s in before["steps"] for c in s["manual_checks"]]
    assert rule in checks
    said = base + "asserts:\n  - \"30 H  Informatics-Nursing CE in the last 3 years.\"\n"
    r = plan(runner, tmp_path, said, "--format", "json")
    assert r.exit_code == 0 and r.stderr == ""
    after = [c for s in json.loads(r.stdout)["steps"] for c in s["manual_checks"]]
    assert rule not in after and len(after) == len(checks) - 1


def test_an_assert_naming_a_credential_points_at_holds(runner: CliRunner, tmp_path: Path) -> None:
    r = plan(runner, tmp_path, "background: nurse\nasserts:\n  - \"msn nursing informatics\"\n")
    assert r.exit_code == 0
    assert "it reads like the credential msn-nursing-informatics: list that under holds" in r.stderr


def test_the_html_report_lists_renewals(runner: CliRunner, tmp_path: Path) -> None:
    profile = "background: informaticist\nholds:\n  - {id: himss-cphims, earned: 2024-06-15}\n"
    r = plan(runner, tmp_path, profile, "--format", "html")
    assert r.exit_code == 0
    assert "Renewals of what you hold" in r.stdout and "renew by 2027-06-15" in r.stdout
