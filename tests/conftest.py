"""Shared fixtures: small catalogues written to tmp_path and a CLI runner."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

import pytest
from typer.testing import CliRunner

DATA = Path(__file__).parent / "data"
SMALL = DATA / "small.yaml"

# Fixed width so rich tables render the same everywhere.
os.environ["COLUMNS"] = "120"
# Keep the validated-catalogue cache out of the user's home; tests exercise both paths.
os.environ.setdefault("AIPATH_CACHE_DIR", tempfile.mkdtemp(prefix="aipath-test-cache-"))
os.environ.pop("NO_COLOR", None)


@pytest.fixture
def runner() -> CliRunner:
    """A Typer runner that keeps stdout and stderr apart."""
    try:
        return CliRunner(mix_stderr=False)  # type: ignore[call-arg]
    except TypeError:  # newer click always separates them
        return CliRunner()


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh cache folder for one test."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("AIPATH_CACHE_DIR", str(folder))
    monkeypatch.delenv("AIPATH_NO_CACHE", raising=False)
    return folder


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


def cred(cid: str, **fields: object) -> dict:
    """A minimal valid credential dict; keyword arguments override or add fields."""
    base: dict[str, object] = {
        "id": cid,
        "name": cid.replace("-", " ").title(),
        "provider": "Test",
        "type": "professional-certificate",
        "level": "professional",
        "delivery": "online",
        "roles": ["nurse"],
        "skills": [],
        "status": "active",
        "evidence": [{"kind": "recalled", "verified_on": "2026-11-24"}],
    }
    base.update(fields)
    return base


def catalog_doc(creds: list[dict], *, skills: list[str] | None = None,
                backgrounds: dict | None = None) -> dict:
    """A whole catalogue document around ``creds``; skills default to every tag they use."""
    tags = set(skills or [])
    for c in creds:
        tags.update(c.get("skills", []))  # type: ignore[arg-type]
    if backgrounds is None:
        backgrounds = {"nurse": {"label": "Nurse", "holds": [], "target_skills": sorted(tags)}}
    return {
        "schema_version": 1,
        "skills": {t: t for t in sorted(tags)},
        "backgrounds": backgrounds,
        "credentials": creds,
    }


@pytest.fixture
def make_catalog(tmp_path: Path):
    """Write a catalogue document as JSON and load it through the real loader."""
    import json

    from aipath.catalog import load_catalog

    counter = iter(range(10**6))

    def make(creds: list[dict], **kw: object):
        path = tmp_path / f"cat{next(counter)}.json"
        path.write_text(json.dumps(catalog_doc(creds, **kw)), encoding="utf-8")  # type: ignore[arg-type]
        return load_catalog(path)

    return make


@lru_cache(maxsize=None)
def shipped():
    """The shipped catalogue and its graph, loaded once per test process."""
    from aipath.catalog import load_catalog
    from aipath.graph import build_graph

    cat = load_catalog()
    return cat, build_graph(cat)


@lru_cache(maxsize=None)
def shipped_plan(role: str, today: str):
    """``aipath plan --role ROLE --today TODAY`` on the shipped catalogue, as a Plan."""
    import datetime as _dt

    from aipath.planner import build_request, plan

    cat, G = shipped()
    return plan(cat, G, build_request(cat, role=role, today=_dt.date.fromisoformat(today)))
