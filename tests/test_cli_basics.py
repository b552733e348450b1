"""CLI basics: -o and --format agree, '-' is stdout, skills, help, the example profile."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from aipath.cli import app

ROOT = Path(__file__).parent.parent


@pytest.mark.parametrize("args, name", [
    (["plan", "--role", "nurse"], "plan.svg"),                       # a table is not a picture
    (["plan", "--role", "nurse", "-f", "dot"], "plan.png"),          # only SVG is rendered
    (["plan", "--role", "nurse", "-f", "mermaid"], "plan.svg"),      # SVG comes from DOT
    (["plan", "--role", "nurse"], "report.html"),                    # a page is --format html
    (["plan", "--role", "nurse", "-f", "html"], "report.txt"),
    (["list"], "list.html"),                                         # only plan writes pages
    (["list", "-f", "csv"], "list.json"),
    (["export", "-f", "json"], "catalogue.csv"),
])
def test_output_extension_must_match_the_format(runner: CliRunner, tmp_path: Path,
                                                args: list[str], name: str) -> None:
    """A known extension that contradicts --format is a usage error: exit 2, no file, one line."""
    target = tmp_path / name
    r = runner.invoke(app, [*args, "-o", str(target)])
    assert r.exit_code == 2
    assert r.stdout == "" and not target.exists()
    assert "--format" in r.stderr and len(r.stderr.strip().splitlines()) == 1
    if args[0] == "list" and name.endswith(".html"):
        assert "use --format" not in r.stderr  # list has no format that writes .html


def test_dash_is_stdout(runner: CliRunner, tmp_path: Path, monkeypatch) -> None:
    """-o - writes to stdout and never creates a file named '-'."""
    monkeypatch.chdir(tmp_path)
    r = runner.invoke(app, ["roles", "-f", "json", "-o", "-"])
    assert r.exit_code == 0
    assert json.loads(r.stdout)["roles"]
    assert not (tmp_path / "-").exists()


def test_skills_lists_every_tag(runner: CliRunner) -> None:
    """skills: every declared tag with its description, how many teach it and who targets it."""
    r = runner.invoke(app, ["skills", "-f", "json"])
    assert r.exit_code == 0
    doc = json.loads(r.stdout)
    assert doc["skills"]
    for row in doc["skills"]:
        assert set(row) == {"tag", "description", "credentials", "certified_by", "targeted_by"}
        assert 0 <= row["certified_by"] <= row["credentials"]
    nurse = json.loads(runner.invoke(app, ["skills", "--role", "nurse", "-f", "json"]).stdout)
    assert sum(x["credentials"] for x in nurse["skills"]) < sum(x["credentials"] for x in doc["skills"])


def test_help_gives_exit_codes_and_format_choices(runner: CliRunner) -> None:
    """--help names the exit codes; each --format says what it offers."""
    assert "Exit codes: 0 success" in runner.invoke(app, ["--help"]).stdout
    assert "table (default), json, tree" in runner.invoke(app, ["plan", "--help"]).stdout


def test_one_warning_is_singular() -> None:
    """The lint table says '1 warning', not '1 warnings'."""
    import io

    from rich.console import Console

    from aipath.lint import Coverage, LintReport, LintWarning
    from aipath.render.tables import lint_table

    report = LintReport((LintWarning("stale", "x", "old"),), Coverage(1, 1, 0, 0, 0, 1), 18,
                        "2026-12-01")
    console = Console(file=io.StringIO(), width=100)
    console.print(lint_table(report))
    text = console.file.getvalue()  # type: ignore[attr-defined]
    assert "1 warning" in text and "1 warnings" not in text


def test_example_profile_plans(runner: CliRunner) -> None:
    """examples/nurse-profile.yaml (an ADN nurse aiming at NI-BC) plans the RN-to-BSN bridge."""
    path = ROOT / "examples" / "nurse-profile.yaml"
    if not path.exists():
        pytest.skip("not running from a source checkout")
    r = runner.invoke(app, ["plan", "--profile", str(path), "--today", "2026-12-01", "-f", "json"])
    assert r.exit_code == 0, r.stderr
    doc = json.loads(r.stdout)
    ids = [s["id"] for s in doc["steps"]]
    assert "rn-to-bsn" in ids and "ancc-informatics-nursing" in ids
    # Three years of practice are in the profile: no wait for NI-BC's two. Its wait is for the
    # 2,000 h of informatics-nursing practice she does not state, at full-time (issue 16).
    step = next(s for s in doc["steps"] if s["id"] == "ancc-informatics-nursing")
    assert not any("nursing-practice" in c for c in step["manual_checks"])
    assert step["wait_months"] == pytest.approx(2000 / (40 * 52 / 12), abs=0.01)
    assert any(c.startswith("2,000 h of informatics-nursing") for c in step["manual_checks"])


@pytest.mark.parametrize("args", [
    ["plan", "--role", "nurse"], ["plan", "--role", "physician", "-f", "tree"],
    ["list", "--type", "professional"], ["show", "ancc-informatics-nursing"], ["roles"],
    ["lint"], ["skills"],
])
def test_no_line_ends_in_a_space_at_80_columns(runner: CliRunner, args: list[str]) -> None:
    """Tables and wrapped text carry no trailing padding, piped at 80 columns."""
    r = runner.invoke(app, [*args, "--today", "2026-12-01"] if args[0] in ("plan", "show", "lint")
                      else args, env={"COLUMNS": "80"})
    assert r.exit_code == 0, r.stderr
    lines = r.stdout.splitlines()
    assert lines
    assert [ln for ln in lines if ln.endswith(" ")] == []
    # A URL longer than the line stays whole (tests/test_layout.py checks where it may run over).
    assert max(len(ln) for ln in lines if ln and not ln.split()[-1].startswith("http")) <= 80


def _on_a_terminal(args: list[str], env: dict[str, str], rows: int = 24) -> tuple[int, str]:
    """Run aipath with stdout on a pseudo-terminal of ``rows`` x 80; return exit code and output."""
    import fcntl
    import pty
    import struct
    import subprocess
    import sys
    import termios

    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, 80, 0, 0))
    exe = Path(sys.executable).with_name("aipath")
    proc = subprocess.Popen([str(exe), *args], stdin=subprocess.DEVNULL, stdout=slave,
                            stderr=subprocess.PIPE, env={**os.environ, **env})
    os.close(slave)
    chunks = []
    while True:
        try:
            data = os.read(master, 65536)
        except OSError:  # EIO: the other end closed
            break
        if not data:
            break
        chunks.append(data)
    os.close(master)
    proc.wait(timeout=60)
    assert proc.stderr is not None
    assert proc.stderr.read() == b""
    proc.stderr.close()
    text = b"".join(chunks).decode("utf-8", "replace")
    return proc.returncode, re.sub(r"\x1b\[[0-9;]*m", "", text)


def test_long_output_on_a_terminal_goes_through_the_pager(tmp_path: Path) -> None:
    """list (hundreds of lines) on a terminal is handed to AIPATH_PAGER; short output is not."""
    seen = tmp_path / "paged.txt"
    pager = {"AIPATH_PAGER": f"sh -c 'cat > {seen}'", "COLUMNS": "80"}
    code, screen = _on_a_terminal(["list"], pager)
    assert code == 0
    paged = re.sub(r"\x1b\[[0-9;]*m", "", seen.read_text())
    title = re.compile(r"\d+ of \d+ credentials")
    assert title.search(paged) and paged.count("\n") > 100
    assert not title.search(screen)  # it went to the pager, not around it
    seen.unlink()
    code, screen = _on_a_terminal(["roles", "--format", "json"], pager)  # not a table
    assert code == 0 and not seen.exists() and '"schema_version"' in screen
    code, screen = _on_a_terminal(["list", "--type", "fellowship"], pager)  # fits the screen
    assert code == 0 and not seen.exists() and "fellowship" in screen


def test_no_pager_when_piped_or_switched_off(tmp_path: Path) -> None:
    seen = tmp_path / "paged.txt"
    pager = f"sh -c 'cat > {seen}'"
    import subprocess
    import sys

    exe = Path(sys.executable).with_name("aipath")
    proc = subprocess.run([str(exe), "list"], capture_output=True, text=True,
                          env={**os.environ, "AIPATH_PAGER": pager})
    assert proc.returncode == 0 and proc.stdout.count("\n") > 100
    assert not seen.exists()
    for off in ("", "cat"):
        code, screen = _on_a_terminal(["list"], {"AIPATH_PAGER": off, "PAGER": pager})
        assert code == 0 and screen.count("\n") > 100 and not seen.exists()


@pytest.mark.parametrize("args, needle", [
    (["plan", "--optimize", "cheapest"], "Invalid value for '--optimize'"),
    (["plan", "--bogus"], "No such option: --bogus"),
    (["plan", "--role"], "Option '--role' requires an argument"),
    (["show"], "Missing argument 'ID'"),
    (["nope"], "No such command 'nope'"),
    (["list", "--max-cost", "nan"], "Invalid value for '--max-cost'"),
])
def test_usage_errors_are_one_line(runner: CliRunner, args: list[str], needle: str) -> None:
    """Click's usage block (Usage:, Try '...', a blank line, Error:) is one line like every
    other user error: what is wrong, then where the help is; exit 2; stdout empty."""
    r = runner.invoke(app, args)
    assert r.exit_code == 2 and r.stdout == ""
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1, r.stderr
    assert lines[0].startswith("Error: ") and needle in lines[0]
    command = "aipath" if args[0] == "nope" else f"aipath {args[0]}"
    assert lines[0].endswith(f"(see {command} --help)")


def test_a_hostile_value_in_a_usage_error_cannot_drive_the_terminal(runner: CliRunner) -> None:
    r = runner.invoke(app, ["plan", "--optimize", "x\x1b]0;pwned\x07"])
    assert r.exit_code == 2
    assert "\x1b" not in r.stderr and "\x07" not in r.stderr
