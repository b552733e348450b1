"""The month-by-month timeline (issue 17, item 2): ``plan --timeline`` in the table and the
timeline section of the HTML page, both from the months the planner computed."""

from __future__ import annotations

import dataclasses
import datetime as _dt
import math
import re

import pytest

from aipath.cli import app
from aipath.render.html import plan_html
from aipath.render.timeline import STUDY, WAIT, chart_lines

from .conftest import shipped, shipped_plan

TODAY = "2026-12-01"
START = _dt.date(2026, 12, 1)
EPS = 1e-6


ROLES = sorted(shipped()[0].backgrounds)


def a_plan(role: str):
    return shipped_plan(role, TODAY)


def read_chart(lines: list[str]) -> tuple[int, list[str]]:
    """The months a column stands for, and each step row's marks from the chart's first column."""
    scale = re.search(r"one column per (\d+ )?month", lines[0])
    assert scale is not None, lines[0]
    months = int(scale.group(1) or 1)
    rows = [line for line in lines[1:-1] if STUDY in line or WAIT in line]
    first = min(min(i for i, ch in enumerate(line) if ch in (STUDY, WAIT)) for line in rows)
    return months, [line[first:] for line in rows]


def check_bars(p, lines: list[str]) -> None:
    """Every row is its step: study exactly over the columns of its months, the experience it
    waits for drawn as a wait from month 0 up to them, nothing else."""
    scale, rows = read_chart(lines)
    assert len(rows) == len(p.steps)
    for step, marks in zip(p.steps, rows):
        first = math.floor(step.start_month / scale + EPS)
        last = max(first, math.ceil(step.finish_month / scale - EPS) - 1)
        study = {i for i, ch in enumerate(marks) if ch == STUDY}
        assert study == set(range(first, last + 1)), (step.credential.id, marks)
        waits = {i for i, ch in enumerate(marks) if ch == WAIT}
        expected = set(range(min(first, math.ceil(step.wait_months / scale - EPS))))
        assert waits == expected, (step.credential.id, marks)
        assert set(marks) <= {STUDY, WAIT, " "}


@pytest.mark.parametrize("role", ROLES)
def test_bars_are_the_planned_months_and_fit_80_columns(role: str) -> None:
    p = a_plan(role)
    lines = chart_lines(p, START, 80)
    check_bars(p, lines)
    assert all(len(line) <= 80 for line in lines[1:])


def test_the_nurse_waits_24_months_for_the_board_and_studies_alongside() -> None:
    p = a_plan("nurse")
    _, rows = read_chart(chart_lines(p, START, 80))
    board = next(i for i, s in enumerate(p.steps) if s.credential.id == "ancc-informatics-nursing")
    assert rows[board] == WAIT * 24 + STUDY * 2
    msn = next(i for i, s in enumerate(p.steps) if s.credential.id == "msn-nursing-informatics")
    # the short certificates run in month 0, beside the MSN, not after it
    assert all(rows[i][0] == STUDY for i, s in enumerate(p.steps) if s.start_month == 0)
    assert sum(1 for r in rows if r.startswith(STUDY)) >= 3 and rows[msn] == STUDY * 24


@pytest.mark.parametrize("width", [80, 60, 40])
def test_a_long_plan_uses_wider_columns_and_still_fits(width: int) -> None:
    """Stretched to 12 years, the bars move to quarters or more and still match."""
    p = a_plan("informaticist")
    steps = tuple(dataclasses.replace(s, start_month=s.start_month * 3,
                                      finish_month=s.finish_month * 3,
                                      wait_months=s.wait_months * 3) for s in p.steps)
    long = dataclasses.replace(p, steps=steps)
    lines = chart_lines(long, START, width)
    scale, _ = read_chart(lines)
    assert scale >= 3
    check_bars(long, lines)
    assert all(len(line) <= width for line in lines[1:])


def test_years_are_marked_where_their_january_falls() -> None:
    lines = chart_lines(a_plan("nurse"), START, 80)
    axis, first_row = lines[1], lines[2]
    _, rows = read_chart(lines)
    offset = len(first_row) - len(rows[0])  # where the chart's first column is
    # one column a month from 2026-12: January 2027 is column 1, January 2028 column 13
    assert axis.index("2027") - offset == 1 and axis.index("2028") - offset == 13


def test_a_plan_without_steps_has_no_chart() -> None:
    assert chart_lines(dataclasses.replace(a_plan("nurse"), steps=()), START) == []


# --- the command -------------------------------------------------------------------------


def test_timeline_option_adds_the_chart_to_the_table(runner, monkeypatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    args = ["plan", "--role", "informaticist", "--today", TODAY]
    plain = runner.invoke(app, args)
    r = runner.invoke(app, [*args, "--timeline", "--start", "2027-03"])
    assert r.exit_code == 0, r.stderr
    assert "Timeline from" not in plain.stdout
    assert "Timeline from 2027-03, one column per month" in r.stdout
    assert max(len(line) for line in r.stdout.splitlines()) <= 80
    chart = r.stdout[r.stdout.index("Timeline from"):].splitlines()
    end = next(i for i, line in enumerate(chart) if line.startswith(STUDY))
    check_bars(a_plan("informaticist"), [" ".join(chart[:2])] + chart[2:end + 1])


@pytest.mark.parametrize("fmt", ["json", "tree", "gantt", "mermaid", "dot", "ctdl"])
def test_timeline_with_another_format_is_a_usage_error(runner, fmt: str) -> None:
    r = runner.invoke(app, ["plan", "--role", "nurse", "--timeline", "-f", fmt])
    assert r.exit_code == 2 and r.stdout == ""
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and "'--timeline'" in lines[0]


# --- the HTML page -------------------------------------------------------------------------

_ROW = re.compile(r"<div class=tl-row id=tl-(\d+) data-step=\1>(.*?)</div>", re.S)
_RULE = re.compile(r"#tl-(\d+) \.tl-(bar|wait) \{ left: ([\d.]+)%; width: ([\d.]+)%; \}")


@pytest.mark.parametrize("role", ROLES)
def test_page_bars_are_placed_at_the_planned_months(role: str) -> None:
    """Each row has its bar, and a wait only where the step waits; the page's style sheet
    places them at the step's months, in percent of the chart's."""
    p = a_plan(role)
    cat, _ = shipped()
    page = plan_html(cat, p, picture_svg=None, start=START)
    rows = {int(m.group(1)): m.group(2) for m in _ROW.finditer(page)}
    assert sorted(rows) == [s.order for s in p.steps]
    style = page[page.index("<style>"):page.index("</style>")]
    placed = {(int(n), kind): (float(left), float(width))
              for n, kind, left, width in _RULE.findall(style)}
    total = max(max(s.finish_month, s.wait_months) for s in p.steps)
    for s in p.steps:
        assert rows[s.order].count("class=tl-bar") == 1
        left, width = placed[(s.order, "bar")]
        assert left == pytest.approx(100 * s.start_month / total, abs=0.01)
        assert width == pytest.approx(100 * (s.finish_month - s.start_month) / total, abs=0.01)
        if s.wait_months > 0:
            assert rows[s.order].count("class=tl-wait") == 1
            assert placed[(s.order, "wait")] == pytest.approx((0, 100 * s.wait_months / total),
                                                              abs=0.01)
        else:
            assert "tl-wait" not in rows[s.order] and (s.order, "wait") not in placed


def test_page_marks_the_years_of_the_start_month(runner, tmp_path) -> None:
    out = tmp_path / "plan.html"
    r = runner.invoke(app, ["plan", "--role", "nurse", "--today", TODAY, "--start", "2030-07",
                            "-f", "html", "-o", str(out)])
    assert r.exit_code == 0, r.stderr
    page = out.read_text(encoding="utf-8")
    section = page[page.index("<section id=timeline>"):]
    assert "From 2030-07 (month 0)" in section
    years = re.findall(r"<span class='tl-year tl-y\d+'>(\d{4})</span>", section)
    assert years[0] == "2031"  # the first January after July 2030
    assert ".tl-y1 { left: " in page
    assert "<script" not in page
