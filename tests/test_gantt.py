"""``plan --format gantt``: the plan's timeline as a Mermaid gantt chart (issue 17, item 2).

The chart is read back by a parser of exactly the syntax Mermaid's gantt grammar accepts for
what aipath emits (header lines, ``section NAME``, task lines ``NAME :[tag, ]ID, START, END``
with START a date or ``after ID...``); every bar is then checked against the months the
planner computed. With ``AIPATH_MMDC`` set to a mermaid-cli command (for example
``"/path/mmdc -p puppeteer.json"``) the real Mermaid renders every role's chart too.
"""

from __future__ import annotations

import calendar
import dataclasses
import datetime as _dt
import os
import re
import shlex
import subprocess
import sys

import pytest

from aipath.cli import app
from aipath.render.gantt import month_date, plan_gantt

from .conftest import shipped, shipped_plan

TODAY = "2026-12-01"
START = _dt.date(2026, 12, 1)

# What Mermaid's gantt lexer would read as something other than a task name when a line
# starts with it (keywords, a date), and the characters that end or break a name.
_KEYWORDS = re.compile(r"(gantt\b|dateFormat\s|axisFormat\s|tickInterval\s|includes\s|excludes\s|"
                       r"todayMarker\s|weekday\s|weekend\s|title\s|section\s|accTitle|accDescr|"
                       r"click\s|call\s|href\s|topAxis\b|inclusiveEndDates\b|\d{4}-\d\d-\d\d)", re.I)
_DATE = r"\d{4}-\d\d-\d\d"
_TASK = re.compile(rf"^    (?P<name>[^:\n]+?) :(?P<tag>(?:active|done|crit|milestone), )?"
                   rf"(?P<id>[A-Za-z][A-Za-z0-9]*), (?P<start>{_DATE}|after(?: [A-Za-z][A-Za-z0-9]*)+), "
                   rf"(?P<end>{_DATE}|0d)$")


@dataclasses.dataclass
class Task:
    name: str
    id: str
    section: str
    tag: str
    start: _dt.date
    end: _dt.date
    after: tuple[str, ...]


def parse(text: str) -> tuple[dict[str, str], list[Task]]:
    """The chart's header and its tasks, ``after`` resolved as Mermaid does (latest end);
    AssertionError on any line outside the emitted syntax."""
    lines = text.splitlines()
    assert text.endswith("\n") and lines[0] == "gantt"
    header: dict[str, str] = {}
    tasks: list[Task] = []
    section = ""
    by_id: dict[str, Task] = {}
    for line in lines[1:]:
        if m := re.fullmatch(r"    (title|dateFormat|axisFormat) (\S.*)", line):
            assert not tasks and m.group(1) not in header, line
            header[m.group(1)] = m.group(2)
            continue
        if m := re.fullmatch(r"    section ([^\n#:;%]+)", line):
            section = m.group(1)
            continue
        if line.startswith("    %% "):
            continue
        m = _TASK.match(line)
        assert m is not None, f"not Mermaid gantt syntax: {line!r}"
        assert section, "a task before any section"
        name = m.group("name")
        assert not _KEYWORDS.match(name) and not set(name) & set(":;#%"), name
        after: tuple[str, ...] = ()
        if m.group("start").startswith("after"):
            after = tuple(m.group("start").split()[1:])
            assert all(a in by_id for a in after), f"after an unknown task: {line!r}"
            start = max(by_id[a].end for a in after)
        else:
            start = _dt.date.fromisoformat(m.group("start"))
        tag = (m.group("tag") or "").rstrip(", ")
        if m.group("end") == "0d":
            assert tag == "milestone", line
            end = start
        else:
            end = _dt.date.fromisoformat(m.group("end"))
            assert end > start, f"a bar that ends before it starts: {line!r}"
        assert m.group("id") not in by_id, f"a task id used twice: {line!r}"
        task = Task(name, m.group("id"), section, tag, start, end, after)
        by_id[task.id] = task
        tasks.append(task)
    assert header.get("dateFormat") == "YYYY-MM-DD" and "title" in header
    return header, tasks


ROLES = sorted(shipped()[0].backgrounds)


def a_plan(role: str):
    return shipped_plan(role, TODAY)


@pytest.mark.parametrize("role", ROLES)
def test_every_bar_is_the_planned_months_as_dates(role: str) -> None:
    p = a_plan(role)
    _, tasks = parse(plan_gantt(p, START))
    by_id = {t.id: t for t in tasks}
    assert len([t for t in tasks if t.id.startswith("s")]) == len(p.steps) > 0
    for step in p.steps:
        bar = by_id[f"s{step.order}"]
        assert bar.name.startswith(f"{step.order}. ")
        assert bar.start == month_date(START, step.start_month), step.credential.id
        assert bar.end == max(bar.start, month_date(START, step.finish_month)), step.credential.id
        # a step drawn after others starts when they (and its wait) end, and needs them
        needed = {f"s{o.order}" for o in p.steps if o.credential.id in step.after}
        assert set(bar.after) <= needed | {f"w{step.order}"}
    assert {t.section for t in tasks} <= {"Prerequisites", "Core degree", "Certificates"}


def test_independent_steps_overlap_on_the_chart() -> None:
    """The nurse's two short AI certificates run alongside the MSN, not after it."""
    p = a_plan("nurse")
    _, tasks = parse(plan_gantt(p, START))
    bars = {t.id: t for t in tasks}
    ids = {s.credential.id: f"s{s.order}" for s in p.steps}
    msn = bars[ids["msn-nursing-informatics"]]
    overlapping = [t for t in tasks if t.id.startswith("s") and t is not msn
                   and t.start < msn.end and msn.start < t.end]
    assert len(overlapping) >= 2
    # and every pair the planner overlaps, the chart overlaps
    for a in p.steps:
        for b in p.steps:
            if a.order < b.order and a.start_month < b.finish_month and b.start_month < a.finish_month:
                x, y = bars[f"s{a.order}"], bars[f"s{b.order}"]
                assert x.start < y.end and y.start < x.end, (a.credential.id, b.credential.id)


def test_a_step_after_another_starts_when_it_ends() -> None:
    p = a_plan("nurse")
    _, tasks = parse(plan_gantt(p, START))
    bars = {t.id: t for t in tasks}
    board = next(s for s in p.steps if s.credential.id == "ancc-informatics-nursing")
    bar = bars[f"s{board.order}"]
    assert bar.after and all(bars[a].end <= bar.start for a in bar.after)


def test_a_step_that_starts_later_than_its_needs_keeps_its_own_date() -> None:
    """A step the planner starts after its prerequisites end (a study lane, say) is not
    drawn ``after`` them: Mermaid would move it earlier than planned."""
    p = a_plan("nurse")
    steps = list(p.steps)
    i = next(k for k, s in enumerate(steps) if s.credential.id == "ancc-informatics-nursing")
    s = steps[i]
    steps[i] = dataclasses.replace(s, start_month=s.start_month + 2, finish_month=s.finish_month + 2)
    _, tasks = parse(plan_gantt(dataclasses.replace(p, steps=tuple(steps)), START))
    bar = next(t for t in tasks if t.id == f"s{s.order}")
    assert bar.after == () and bar.start == month_date(START, s.start_month + 2)


@pytest.mark.parametrize("role", ROLES)
def test_experience_waits_are_their_own_bars_before_the_step(role: str) -> None:
    p = a_plan(role)
    _, tasks = parse(plan_gantt(p, START))
    index = {t.id: i for i, t in enumerate(tasks)}
    for step in p.steps:
        wait_id = f"w{step.order}"
        if step.wait_months <= 0:
            assert wait_id not in index
            continue
        wait, bar = tasks[index[wait_id]], tasks[index[f"s{step.order}"]]
        assert index[wait_id] == index[bar.id] - 1 and wait.section == bar.section
        assert wait.tag == "active" and "experience" in wait.name
        assert wait.start == START and wait.end == month_date(START, step.wait_months)
        assert bar.start >= wait.end


def test_the_nurse_waits_24_months_for_the_board() -> None:
    text = plan_gantt(a_plan("nurse"), START)
    assert "2. experience to gain, about 24 months :active, w2, 2026-12-01, 2028-12-01\n" in text
    assert ":s2, after s1 w2, " in text


def test_names_are_made_safe_for_the_grammar() -> None:
    """A name with a colon, semicolon, hash, percent or newline still parses as one task."""
    p = a_plan("nurse")
    odd = dataclasses.replace(p.steps[0].credential, name="Title: part; #1 at 100%\nnext line")
    step = dataclasses.replace(p.steps[0], credential=odd)
    text = plan_gantt(dataclasses.replace(p, steps=(step, *p.steps[1:])), START)
    _, tasks = parse(text)
    assert tasks[0].name == "1. Title - part 1 at 100 next line"


def test_a_step_shorter_than_a_day_is_a_milestone() -> None:
    p = a_plan("nurse")
    last = p.steps[-1]
    short = dataclasses.replace(last, finish_month=last.start_month + 0.001)
    _, tasks = parse(plan_gantt(dataclasses.replace(p, steps=(*p.steps[:-1], short)), START))
    assert tasks[-1].tag == "milestone" and tasks[-1].start == tasks[-1].end


def test_a_plan_without_steps_is_still_a_chart() -> None:
    p = dataclasses.replace(a_plan("nurse"), steps=())
    _, tasks = parse(plan_gantt(p, START))
    assert tasks == []


def test_month_dates_follow_the_calendar_and_never_go_back() -> None:
    assert month_date(START, 0) == START
    assert month_date(START, 24) == _dt.date(2028, 12, 1)
    assert month_date(_dt.date(2027, 1, 1), 1.5) == _dt.date(2027, 2, 15)  # half of February
    dates = [month_date(START, m / 20) for m in range(0, 400)]
    assert dates == sorted(dates)


# --- the command ---------------------------------------------------------------------


def _gantt(runner, *args: str):
    return runner.invoke(app, ["plan", "--role", "nurse", "--today", TODAY, "-f", "gantt", *args])


def test_start_turns_months_into_that_calendar(runner) -> None:
    r = _gantt(runner, "--start", "2027-09")
    assert r.exit_code == 0, r.stderr
    _, tasks = parse(r.stdout)
    assert min(t.start for t in tasks) == _dt.date(2027, 9, 1)
    assert "from 2027-09" in r.stdout.splitlines()[1]
    shifted = {t.id: t for t in tasks}
    _, base = parse(_gantt(runner).stdout)
    for t in base:  # the same bars, nine months later
        assert shifted[t.id].start == month_date(_dt.date(2027, 9, 1), _months(t.start))


def _months(d: _dt.date) -> float:
    """Months since START of a date month_date made (inverse on whole days)."""
    whole = (d.year - START.year) * 12 + d.month - START.month
    return whole + (d.day - 1) / calendar.monthrange(d.year, d.month)[1]


def test_start_defaults_to_the_month_of_today(runner) -> None:
    r = runner.invoke(app, ["plan", "--role", "nurse", "--today", "2027-03-17", "-f", "gantt"])
    assert r.exit_code == 0, r.stderr
    _, tasks = parse(r.stdout)
    assert min(t.start for t in tasks) == _dt.date(2027, 3, 1)


@pytest.mark.parametrize("value", ["2026-13", "2026-00", "26-01", "2026-1", "2026-01-01", "abc",
                                   "", "0000-01", "3000-01", "２０２６-０１"])
def test_a_bad_start_is_a_usage_error_naming_the_option(runner, value: str) -> None:
    r = _gantt(runner, "--start", value)
    assert r.exit_code == 2
    assert r.stdout == ""
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and "'--start'" in lines[0], r.stderr


def test_a_bad_start_is_refused_whatever_the_format(runner) -> None:
    r = runner.invoke(app, ["plan", "--role", "nurse", "--start", "2026-13"])
    assert r.exit_code == 2 and "'--start'" in r.stderr


def test_a_today_past_the_calendar_asks_for_start(runner) -> None:
    r = runner.invoke(app, ["plan", "--role", "nurse", "--today", "9999-12-31", "-f", "gantt"])
    assert r.exit_code == 2 and "'--start'" in r.stderr and len(r.stderr.strip().splitlines()) == 1


def test_gantt_writes_to_an_mmd_file(runner, tmp_path) -> None:
    out = tmp_path / "plan.mmd"
    r = _gantt(runner, "-o", str(out))
    assert r.exit_code == 0, r.stderr
    parse(out.read_text(encoding="utf-8"))
    r = _gantt(runner, "-o", str(tmp_path / "plan.svg"))
    assert r.exit_code == 2 and "'--output'" in r.stderr


def test_output_is_the_same_on_every_run() -> None:
    """Byte for byte, across processes with different hash seeds."""
    outs = set()
    for seed in ("1", "2"):
        proc = subprocess.run(
            [sys.executable, "-m", "aipath", "plan", "--role", "informaticist", "--today", TODAY,
             "-f", "gantt"],
            capture_output=True, text=True, env={**os.environ, "PYTHONHASHSEED": seed}, timeout=120,
        )
        assert proc.returncode == 0, proc.stderr
        outs.add(proc.stdout)
    assert len(outs) == 1


MMDC = os.environ.get("AIPATH_MMDC")


@pytest.mark.skipif(not MMDC, reason="set AIPATH_MMDC to a mermaid-cli command to render with Mermaid")
@pytest.mark.parametrize("role", ROLES)
def test_mermaid_renders_the_chart(role: str, tmp_path) -> None:
    src = tmp_path / "plan.mmd"
    src.write_text(plan_gantt(a_plan(role), START), encoding="utf-8")
    out = tmp_path / "plan.svg"
    proc = subprocess.run([*shlex.split(MMDC or ""), "-q", "-i", str(src), "-o", str(out)],
                          capture_output=True, text=True, timeout=180)
    assert proc.returncode == 0, proc.stderr
    assert "<svg" in out.read_text(encoding="utf-8")


@pytest.mark.skipif(not MMDC, reason="set AIPATH_MMDC to a mermaid-cli command to render with Mermaid")
def test_mermaid_reads_names_made_safe_and_rejects_what_is_not(tmp_path) -> None:
    """The real grammar reads a name with ``: ; # %`` made safe, and mmdc fails on a line it
    cannot parse (so the test above would notice a chart Mermaid cannot read)."""
    p = a_plan("nurse")
    odd = dataclasses.replace(p.steps[0].credential, name="Title: part; #1 at 100%\nnext line")
    text = plan_gantt(dataclasses.replace(p, steps=(dataclasses.replace(p.steps[0], credential=odd),
                                                    *p.steps[1:])), START)
    for name, chart, ok in (("safe", text, True),
                            ("broken", text + "    a task with no data\n", False)):
        src, out = tmp_path / f"{name}.mmd", tmp_path / f"{name}.svg"
        src.write_text(chart, encoding="utf-8")
        proc = subprocess.run([*shlex.split(MMDC or ""), "-q", "-i", str(src), "-o", str(out)],
                              capture_output=True, text=True, timeout=180)
        assert (proc.returncode == 0) is ok, (name, proc.stderr[-500:])
