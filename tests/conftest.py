"""Shared fixtures: small catalogues written to tmp_path and a CLI runner."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

DATA = Path(__file__).parent / "data"
SMALL = DATA / "small.yaml"

# Fixed width so rich tables render the same everywhere.
os.environ["COLUMNS"] = "120"
os.environ.pop("NO_COLOR", None)


@pytest.fixture
def runner() -> CliRunner:
    """A Typer runner that keeps stdout and stderr apart."""
    try:
        return CliRunner(mix_stderr=False)  # type: ignore[call-arg]
    except TypeError:  # newer click always separates them
        return CliRunner()


@pytest.fixture
def write_catalog(tmp_path: Path) -> Callable[[str, str], Path]:
    """Write catalogue text to a file in tmp_path and return its path."""

    def write(text: str, name: str = "catalog.yaml") -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return write


@pytest.fixture
def small_text() -> str:
    """The text of tests/data/small.yaml."""
    return SMALL.read_text(encoding="utf-8")
