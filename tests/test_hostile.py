"""Hostile inputs (issue 11): one parametrised test per class of defect the reliability review found.

Behaviour that is about processes (signals, closed stdout, FIFOs, umask, /dev/full) runs the real
command in a subprocess; the rest goes through Typer's runner. SPEC §8 is the contract: a user
error is one line on stderr with exit 1 (data) or 2 (usage) and nothing on stdout.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from aipath.cli import app

from .conftest import SMALL, catalog_doc, cred


def run(*args: str, env: dict[str, str] | None = None, timeout: float = 60,
        **kw: object) -> subprocess.CompletedProcess[str]:
    """``python -m aipath ARGS`` in a subprocess (generous timeout: a hang fails, slowness not)."""
    return subprocess.run(
        [sys.executable, "-m", "aipath", *args], capture_output=True, text=True,
        env={**os.environ, **(env or {})}, timeout=timeout, **kw,  # type: ignore[arg-type]
    )


def assert_one_line(stdout: str, stderr: str, code: int, expected: int, *needles: str) -> None:
    """SPEC §8: the documented code, nothing on stdout, one line on stderr, no traceback."""
    assert code == expected, stderr
    assert stdout == ""
    assert "Traceback" not in stderr
    lines = [x for x in stderr.splitlines() if x.strip()]
    if expected == 2 and lines and lines[0].startswith("Usage:"):
        lines = [x for x in lines if x.startswith("Error:")]  # Typer's usage block
    assert len(lines) == 1, stderr
    for needle in needles:
        assert needle in lines[0]


def write_doc(path: Path, creds: list[dict], **kw: object) -> Path:
    path.write_text(json.dumps(catalog_doc(creds, **kw)), encoding="utf-8")  # type: ignore[arg-type]
    return path


# --- option values ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "option"),
    [
        (["plan", "--role", "nurse", "--max-cost", "nan"], "--max-cost"),
        (["plan", "--role", "nurse", "--max-cost", "inf"], "--max-cost"),
        (["plan", "--role", "nurse", "--max-cost", "-inf"], "--max-cost"),
        (["plan", "--role", "nurse", "--max-months", "nan"], "--max-months"),
        (["plan", "--role", "nurse", "--hours-per-week", "nan"], "--hours-per-week"),
        (["plan", "--role", "nurse", "--hours-per-week", "0"], "--hours-per-week"),
        (["plan", "--role", "nurse", "--stale-months", "0"], "--stale-months"),
        (["list", "--max-cost", "nan"], "--max-cost"),
        (["list", "--max-catalog-mib", "nan"], "--max-catalog-mib"),
        (["list", "--max-catalog-mib", "-1"], "--max-catalog-mib"),
        (["roles", "--max-catalog-mib", "inf"], "--max-catalog-mib"),
        (["lint", "--stale-months", "99999999999999999999999"], "--stale-months"),
    ],
)
def test_numeric_options_are_finite_and_in_range(runner: CliRunner, args: list[str],
                                                 option: str) -> None:
    """NaN, infinities and out-of-range values are usage errors naming the option (exit 2)."""
    r = runner.invoke(app, args)
    assert_one_line(r.stdout, r.stderr, r.exit_code, 2, option)
