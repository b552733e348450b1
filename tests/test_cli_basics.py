"""CLI basics: -o and --format agree, '-' is stdout, skills, help, the example profile."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from aipath.cli import app

ROOT = Path(__file__).parent.parent


@pytest.mark.parametrize("args, name", [
    (["plan", "--role", "nurse"], "plan.svg"),                       # a table is not a picture
    (["plan", "--role", "nurse", "-f", "dot"], "plan.png"),          # only SVG is rendered
    (["plan", "--role", "nurse", "-f", "mermaid"], "plan.svg"),      # SVG comes from DOT
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
    from aipath.render import lint_table

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
    # Three years of practice are in the profile: no wait for NI-BC's two.
    step = next(s for s in doc["steps"] if s["id"] == "ancc-informatics-nursing")
    assert step["wait_months"] == 0
    assert not any("nursing-practice" in c for c in step["manual_checks"])


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
