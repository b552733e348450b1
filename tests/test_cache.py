"""The validated-catalogue cache: same bytes, same verdict; damage or changes cost a re-validation."""

from __future__ import annotations

from pathlib import Path

import pytest

from aipath import catalog as catalog_mod
from aipath.catalog import cache_dir, load_catalog
from aipath.errors import CatalogError

from .conftest import DATA, SMALL


def test_second_load_comes_from_cache_and_is_equal(cache: Path, monkeypatch) -> None:
    """A cached catalogue equals the validated one, and the validator is not called again."""
    first = load_catalog()
    assert len(list(cache.glob("catalog-*.json"))) == 1

    def boom(*_: object) -> None:
        raise AssertionError("validated again")

    monkeypatch.setattr("aipath.load.catalogue.validate_catalog", boom)
    again = load_catalog()
    assert again == first
    assert again.credentials == first.credentials
    assert again.by_id["bsn"] is again.credentials[again.credentials.index(again.by_id["bsn"])]


def test_changed_bytes_are_validated_again(cache: Path, tmp_path: Path, small_text: str) -> None:
    """Editing the file changes its hash: a now-invalid file is rejected, never served from cache."""
    path = tmp_path / "c.yaml"
    path.write_text(small_text)
    load_catalog(path)
    path.write_text(small_text.replace("type: micro-credential", "type: nanodegree"))
    with pytest.raises(CatalogError, match="nanodegree"):
        load_catalog(path)


def test_damaged_cache_is_ignored(cache: Path) -> None:
    """A truncated cache file only costs a full validation."""
    good = load_catalog(SMALL)
    for f in cache.glob("catalog-*.json"):
        f.write_text("{not json")
    assert load_catalog(SMALL) == good


def test_errors_are_not_cached(cache: Path) -> None:
    """A malformed catalogue leaves nothing in the cache."""
    with pytest.raises(CatalogError):
        load_catalog(DATA / "malformed" / "unknown_type.yaml")
    assert not cache.exists() or not list(cache.iterdir())


def test_cache_can_be_turned_off(monkeypatch: pytest.MonkeyPatch) -> None:
    """AIPATH_NO_CACHE=1 disables it."""
    monkeypatch.setenv("AIPATH_NO_CACHE", "1")
    assert cache_dir() is None
    assert load_catalog(SMALL).credentials


def test_unwritable_cache_is_harmless(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A cache folder that cannot be created does not break loading."""
    blocker = tmp_path / "file"
    blocker.write_text("")
    monkeypatch.setenv("AIPATH_CACHE_DIR", str(blocker / "sub"))
    monkeypatch.delenv("AIPATH_NO_CACHE", raising=False)
    assert load_catalog(SMALL).credentials


def test_path_shown_is_the_one_asked_for(cache: Path, tmp_path: Path) -> None:
    """The same bytes under two names keep each its own path in output."""
    copy = tmp_path / "copy.yaml"
    copy.write_bytes(SMALL.read_bytes())
    assert load_catalog(SMALL).path == str(SMALL)
    assert load_catalog(copy).path == str(copy)
    assert catalog_mod.BUILTIN_PATH == load_catalog().path


def test_a_compiled_catalogue_plans_and_estimates_as_the_validated_one(cache: Path) -> None:
    """From the compiled cache (read record by record), every figure, estimate and its
    sources, every role's plan and every lookup equal those of the validated catalogue."""
    import datetime as dt

    from aipath.estimates import Figures
    from aipath.index import catalog_index
    from aipath.planner import build_request, plan

    first = load_catalog()
    again = load_catalog()
    assert again.credentials.read == 0  # type: ignore[attr-defined]  # nothing read yet
    for hours in (10.0, 4.0):
        a, b = Figures(first, hours), Figures(again, hours)
        for c in first.credentials:
            assert (a.cost(c.id), a.months(c.id)) == (b.cost(c.id), b.months(c.id)), c.id
    x, y = catalog_index(first), catalog_index(again)
    for tag in first.skills:
        assert x.teaching(tag) == y.teaching(tag)
    for name in {n for c in first.credentials for n in first.implies(c.id)}:
        assert first.members(name) == again.members(name)
        assert x.named_by(name) == y.named_by(name)
        assert x.member_rows(name) == y.member_rows(name)
    for role in first.backgrounds:
        day = dt.date(2026, 12, 1)
        assert plan(first, None, build_request(first, role=role, today=day)) == plan(
            again, None, build_request(again, role=role, today=day)), role
