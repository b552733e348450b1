"""Every command has help with an example and is shown in the README; README commands run."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from aipath.cli import app

ROOT = Path(__file__).parent.parent
README = ROOT / "README.md"
COMMANDS = sorted(typer.main.get_command(app).commands)  # type: ignore[attr-defined]


def readme() -> str:
    if not README.exists():
        pytest.skip("not running from a source checkout")
    return README.read_text(encoding="utf-8")


@pytest.mark.parametrize("name", COMMANDS)
def test_command_help_has_an_example(runner: CliRunner, name: str) -> None:
    """`aipath NAME --help` exits 0 and shows an Example line."""
    r = runner.invoke(app, [name, "--help"])
    assert r.exit_code == 0
    assert "Example: aipath " + name in r.stdout


@pytest.mark.parametrize("name", COMMANDS)
def test_command_is_in_readme(name: str) -> None:
    """The README mentions every command."""
    assert f"aipath {name}" in readme()


def test_readme_has_the_two_setup_commands() -> None:
    """The README gives the install-and-run line and the test line that .ci/run uses."""
    text = readme()
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    test_line = next(line for line in ci.splitlines() if line.startswith("python3 -m venv"))
    assert test_line in text
    assert "pip install . && .venv/bin/aipath plan --role nurse" in text


def test_readme_examples_run(runner: CliRunner) -> None:
    """Each `<!-- run: ... -->` command in the README gives the exit code its output shows."""
    commands = re.findall(r"<!-- (?:run|mermaid): aipath (.+?) -->", readme())
    assert len(commands) >= 4
    for cmd in commands:
        r = runner.invoke(app, shlex.split(cmd))
        expected = 3 if "--goal abpm" in cmd else 0
        assert r.exit_code == expected, (cmd, r.stderr)
