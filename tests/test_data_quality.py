"""The shipped catalogue keeps the data quality it has reached (issue 5); figures may only rise."""

from __future__ import annotations

import datetime as dt

import pytest

from aipath.catalog import load_catalog
from aipath.lint import lint_catalog
from aipath.planner import INACTIVE

TODAY = dt.date(2026, 11, 24)


@pytest.fixture(scope="module")
def report():
    return lint_catalog(load_catalog(), today=TODAY)


def test_at_least_100_active_credentials() -> None:
    """The catalogue holds at least 100 real, active credentials."""
    cat = load_catalog()
    assert sum(c.status not in INACTIVE for c in cat.credentials) >= 100


@pytest.mark.parametrize("role", ["physician", "nurse", "informaticist", "data-scientist"])
def test_every_role_has_choices(role: str) -> None:
    """Each background has at least 3 core-degree and 8 certificate candidates."""
    cat = load_catalog()
    open_ = [c for c in cat.credentials if role in c.roles and c.status not in INACTIVE]
    cores = [c for c in open_ if c.type == "degree" and c.level == "graduate"]
    certs = [c for c in open_ if c.type not in ("degree", "licensure")]
    assert len(cores) >= 3 and len(certs) >= 8


def test_coverage_floor(report) -> None:
    """Cost and duration coverage never fall below what the 2026-11-24 research reached.

    Targets (issue 5) are 85 % cost and 90 % duration; reached so far: 54 and 64 of 112.
    """
    cov = report.coverage
    assert cov.with_cost >= 54
    assert cov.with_duration >= 64
    assert cov.with_official_evidence >= 78


def test_missing_figures_say_what_was_searched() -> None:
    """Every active credential without a cost or duration says in its notes that it was searched."""
    words = {"cost": ("cost", "fee", "price", "tuition"),
             "duration": ("duration", "preparation", "length", "time")}
    for c in load_catalog().credentials:
        if c.status in INACTIVE:
            continue
        notes = (c.notes or "").lower()
        for name, value in (("cost", c.cost), ("duration", c.duration)):
            if value is None:
                assert any(w in notes for w in words[name]), (c.id, name)
                assert "searched" in notes or "not found" in notes, (c.id, name)


def test_no_warnings_but_known_ones(report) -> None:
    """lint finds nothing but the known undated euro price (the provider shows no year)."""
    assert {(w.credential, w.code) for w in report.warnings} <= {
        ("fygurs-clinical-ai-regulation", "cost-no-year"),
    }
