"""`aipath compare` (issue 17, item 5): two requests, side B being side A with the options after
--vs in their place; the plans' differences (planner.diff) as a table and as JSON."""

from __future__ import annotations

import dataclasses
import datetime as _dt
import json
from functools import lru_cache

import pytest
from typer.testing import CliRunner

from aipath.catalog import load_catalog
from aipath.cli import app
from aipath.graph import build_graph
from aipath.planner import build_request, plan
from aipath.planner.diff import PlanDiff, diff_line, plan_diff

TODAY = "2026-12-01"

TOP_KEYS = {"schema_version", "requests", "plans", "diff"}
REQUEST_KEYS = {"a", "b", "changed"}
DIFF_KEYS = {
    "summary", "same_steps", "added", "dropped", "moved", "kept", "cost_delta", "months_delta",
    "approximate", "estimated_months",
}
STEP_REF_KEYS = {"id", "name", "part", "order", "price_unknown"}
COST_DELTA_KEYS = {"known", "unknown_price", "estimated"}


@lru_cache(maxsize=None)
def _plan(role: str, **options):
    cat = load_catalog()
    req = build_request(cat, role=role, today=_dt.date.fromisoformat(TODAY), **options)
    return plan(cat, build_graph(cat), req)


def compare(runner: CliRunner, *args: str):
    return runner.invoke(app, ["compare", "--today", TODAY, *args])


def compare_json(runner: CliRunner, *args: str) -> dict:
    r = compare(runner, "--format", "json", *args)
    assert r.exit_code == 0, r.stderr
    return json.loads(r.stdout)


# --- planner.diff ----------------------------------------------------------------------


def test_added_and_dropped_are_the_steps_of_one_plan_only() -> None:
    a, b = _plan("nurse"), _plan("informaticist")
    d = plan_diff(a, b)
    ids_a = [s.credential.id for s in a.steps]
    ids_b = [s.credential.id for s in b.steps]
    assert [r.id for r in d.added] == [i for i in ids_b if i not in ids_a]
    assert [r.id for r in d.dropped] == [i for i in ids_a if i not in ids_b]
    assert list(d.kept) == [i for i in ids_b if i in ids_a]
    assert d.added and d.dropped
    # deltas are b - a on the plans' own totals, low with low and high with high
    lo = b.totals.cost_usd_min - a.totals.cost_usd_min
    hi = b.totals.cost_usd_max - a.totals.cost_usd_max
    assert d.cost_delta == (min(lo, hi), max(lo, hi))
    m_lo = b.totals.months_min - a.totals.months_min
    m_hi = b.totals.months_max - a.totals.months_max
    assert d.months_delta == (min(m_lo, m_hi), max(m_lo, m_hi))


def test_a_plan_against_itself_is_no_difference() -> None:
    a = _plan("physician")
    d = plan_diff(a, a)
    assert d.same_steps and not d.moved and d.cost_delta == (0, 0) and d.months_delta == (0, 0)
    assert d.unknown_added == d.unknown_dropped == ()  # a shared unknown price cancels
    assert diff_line(d) == "the same steps: same cost, same length"


def test_an_unknown_price_is_named_never_counted_as_zero() -> None:
    """The physician's board has no published price: a plan without it is not '$0 cheaper'."""
    a = _plan("physician")
    board = next(s for s in a.steps if s.credential.id == "abpm-clinical-informatics")
    assert "cost" in board.imputed
    b = dataclasses.replace(a, steps=tuple(s for s in a.steps if s is not board))
    d = plan_diff(a, b)
    assert [r.id for r in d.dropped] == ["abpm-clinical-informatics"]
    assert d.dropped[0].price_unknown
    assert d.unknown_dropped == ("abpm-clinical-informatics",)
    lo, hi = board.cost_estimate
    assert d.estimated_delta == (-hi, -lo)
    line = diff_line(d)
    assert "less the unknown price of abpm-clinical-informatics" in line
    assert "$0" not in line


@pytest.mark.parametrize("cost, months, expected", [
    ((4100, 4100), (-6, -6), "+$4,100, 6 months shorter"),
    ((-5000, -4100), (3, 6), "−$4,100–5,000, 3–6 months longer"),
    ((-100, 200), (-2, 1), "−$100 to +$200, between 2 months shorter and 1 month longer"),
    ((0, 500), (0, -12), "up to +$500, up to 12 months shorter"),
    ((0, 0), (0.01, 0.02), "same cost, same length"),
])
def test_the_line_says_cost_and_months_in_words(cost, months, expected) -> None:
    d = PlanDiff(added=(), dropped=(), moved=(), kept=(), cost_delta=cost, unknown_added=(),
                 unknown_dropped=(), estimated_delta=None, months_delta=months,
                 approximate=False, estimated_months=False)
    assert diff_line(d) == "the same steps: " + expected


# --- the command: what side B takes from side A ----------------------------------------


def test_side_b_keeps_side_a_and_replaces_what_follows_vs(runner: CliRunner) -> None:
    doc = compare_json(runner, "--role", "nurse", "--have", "adn", "--vs",
                       "--have", "msn-nursing-informatics")
    a, b = doc["requests"]["a"], doc["requests"]["b"]
    assert a["role"] == b["role"] == "nurse" and a["today"] == b["today"] == TODAY
    assert a["have"] == ["adn"]
    assert b["have"] == ["msn-nursing-informatics"]  # replaced, not added to
    assert doc["requests"]["changed"] == ["have"]
    assert [s["id"] for s in doc["diff"]["dropped"]] == ["msn-nursing-informatics"]
    assert doc["diff"]["added"] == []


def test_a_flag_of_side_a_can_be_turned_off_after_vs(runner: CliRunner) -> None:
    doc = compare_json(runner, "--role", "nurse", "--no-assume", "--have", "adn,rn-licensure",
                       "--vs", "--assume")
    assert doc["requests"]["a"]["no_assume"] is True
    assert doc["requests"]["b"]["no_assume"] is False
    assert doc["requests"]["changed"] == ["no_assume"]
    assert "rn-to-bsn" in [s["id"] for s in doc["diff"]["dropped"]]


def test_json_keys_and_each_plan_as_plan_prints_it(runner: CliRunner) -> None:
    doc = compare_json(runner, "--role", "physician", "--vs", "--role", "informaticist")
    assert set(doc) == TOP_KEYS and doc["schema_version"] == 2
    assert set(doc["requests"]) == REQUEST_KEYS
    assert set(doc["diff"]) == DIFF_KEYS
    assert set(doc["diff"]["cost_delta"]) == COST_DELTA_KEYS
    for ref in doc["diff"]["added"] + doc["diff"]["dropped"]:
        assert set(ref) == STEP_REF_KEYS
    for side, role in (("a", "physician"), ("b", "informaticist")):
        r = runner.invoke(app, ["plan", "--role", role, "--today", TODAY, "-f", "json"])
        alone = json.loads(r.stdout)
        alone.pop("schema_version")
        assert doc["plans"][side] == alone
        assert doc["requests"][side] == alone["query"]


def test_the_table_names_steps_prices_and_deltas(runner: CliRunner, monkeypatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    r = compare(runner, "--role", "nurse", "--vs", "--role", "informaticist")
    assert r.exit_code == 0, r.stderr
    out = r.stdout
    assert max(len(line) for line in out.splitlines()) <= 80
    assert "A: --role nurse" in out and "B: --role informaticist" in out
    d = plan_diff(_plan("nurse"), _plan("informaticist"))
    assert f"B against A: {diff_line(d)[:40]}" in " ".join(out.split())
    for ref in d.dropped + d.added:
        assert f"{ref.order}. {ref.id}:" in out
    # the informaticist's unpriced certificates are said to be unknown, never $0
    assert d.unknown_added
    words = " ".join(out.split())
    assert words.count("price unknown (est.") == len(d.unknown_added)
    assert "$0" not in out
    assert "prices are unknown: " + ", ".join(d.unknown_added) in words


def test_steps_that_move_are_shown_with_both_months(runner: CliRunner) -> None:
    # 40 hours a week instead of 10 shortens the effort-based courses.
    doc = compare_json(runner, "--role", "informaticist", "--vs", "--hours-per-week", "40")
    moved = doc["diff"]["moved"]
    assert moved
    steps_a = {s["id"]: s for s in doc["plans"]["a"]["steps"]}
    for m in moved:
        assert m["a"] == {k: steps_a[m["id"]][k] for k in ("start_month", "finish_month")}
    r = compare(runner, "--role", "informaticist", "--vs", "--hours-per-week", "40")
    assert "In both, at other months:" in r.stdout
    assert f"{moved[0]['id']}: months" in r.stdout


# --- bad input: one line on stderr, nothing on stdout, a documented exit code ------------


@pytest.mark.parametrize("args, code, words", [
    (["--role", "nurse"], 2, "give --vs"),
    (["--role", "nurse", "--vs"], 2, "nothing after --vs"),
    (["--role", "nurse", "--vs", "--colour", "red"], 2, "side B (after --vs): No such option: --colour"),
    (["--role", "nurse", "--vs", "--role", "nurse"], 2, "the two requests are the same"),
    (["--role", "nurse", "--have", "adn", "--vs", "--have", "adn,adn"], 2,
     "the two requests are the same"),
    (["--role", "nurze", "--vs", "--role", "nurse"], 2, "side A (before --vs): invalid value for '--role'"),
    (["--role", "nurse", "--vs", "--role", "nurze"], 2, "side B (after --vs): invalid value for '--role'"),
    (["--role", "nurse", "--vs", "--max-cost", "-5"], 2, "side B (after --vs): Invalid value for '--max-cost'"),
    (["--role", "nurse", "--vs", "--format", "json"], 2, "--format is for both sides"),
    (["--role", "nurse", "--vs", "--goal", "x", "--vs", "--goal", "y"], 2, "--vs is given twice"),
    (["--role", "nurse", "--vs", "informaticist"], 2, "side B (after --vs): Got unexpected extra"),
    (["--role", "nurse", "--vs", "--goal", "abpm-clinical-informatics"], 3,
     "side B (after --vs): abpm-clinical-informatics is out of reach"),
    (["--role", "nurse", "--vs", "--catalog", "no-such-file.yaml"], 1,
     "no-such-file.yaml: file not found (side B, after --vs)"),
])
def test_bad_input_is_one_line_naming_the_side(runner: CliRunner, args, code, words) -> None:
    r = compare(runner, *args)
    assert r.exit_code == code, r.stderr
    assert r.stdout == ""
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and words in lines[0], r.stderr


def test_help_explains_vs(runner: CliRunner) -> None:
    r = runner.invoke(app, ["compare", "--help"])
    assert r.exit_code == 0
    assert "--vs" in r.stdout and "--assume" in r.stdout and "--with-degree" in r.stdout


def test_tab_after_vs_offers_side_a_options_again() -> None:
    """Completion after --vs sees side B alone: --role, given on side A, is offered."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    words = "aipath compare --role nurse --vs --ro"
    proc = subprocess.run(
        [str(Path(sys.executable).with_name("aipath"))], capture_output=True, text=True,
        timeout=60, env={**os.environ, "_AIPATH_COMPLETE": "complete_bash", "COMP_WORDS": words,
                         "COMP_CWORD": str(len(words.split()) - 1)},
    )
    assert proc.returncode == 0 and proc.stdout.split() == ["--role"], proc.stderr
