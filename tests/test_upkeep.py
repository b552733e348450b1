"""``plan --horizon-years N``: renewal fees and CE hours over N years, unknowns never free."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from aipath.cli import app
from aipath.planner.upkeep import NO_CE, NO_CYCLE, NO_FEE

from .conftest import catalog_doc, cred

TODAY = "2026-11-24"
MONTHS = {"min": 1, "max": 2, "unit": "months"}


@pytest.fixture
def keep_catalog(tmp_path: Path) -> Path:
    """Three certificates to plan (all facts, cycle only, a note only) and one to hold."""
    creds = [
        cred("keep-a", skills=["x"], cost={"usd": 100}, duration=MONTHS,
             renewal={"every_years": 2, "ce_hours": 20, "usd": 100, "year": 2025}),
        cred("keep-b", skills=["y"], cost={"usd": 100}, duration=MONTHS,
             renewal={"every_years": 3}),
        cred("keep-c", skills=["z"], cost={"usd": 100}, duration=MONTHS,
             renewal={"note": "set by each state"}),
        cred("held-h", cost={"usd": 100},
             renewal={"every_years": 1, "usd": 50, "ce_hours": 10}),
        cred("held-old", cost={"usd": 100}, status="retired",
             renewal={"every_years": 1, "usd": 0}),
    ]
    path = tmp_path / "keep.json"
    path.write_text(json.dumps(catalog_doc(creds)), encoding="utf-8")
    return path


def _plan(runner: CliRunner, catalog: Path, *args: str):
    return runner.invoke(app, ["plan", "--catalog", str(catalog), "--role", "nurse",
                               "--certificates-only", "--today", TODAY, *args])


def _upkeep(runner: CliRunner, catalog: Path, *args: str) -> dict:
    r = _plan(runner, catalog, "--format", "json", *args)
    assert r.exit_code == 0, r.stderr
    return json.loads(r.stdout)["upkeep"]


def test_each_credential_and_the_totals(runner: CliRunner, keep_catalog: Path) -> None:
    """Known figures multiply by the renewals due; unknown ones are null, named, not summed."""
    u = _upkeep(runner, keep_catalog, "--have", "held-h", "--horizon-years", "5")
    got = {c["id"]: c for c in u["credentials"]}
    assert u["horizon_years"] == 5
    assert list(got) == ["keep-a", "keep-b", "keep-c", "held-h"]
    assert got["keep-a"] == {
        "id": "keep-a", "part": "planned", "since": "plan finish", "every_years": 2,
        "renewals": 2, "fee": {"usd_min": 200, "usd_max": 200, "year": 2025},
        "ce_hours": 40, "missing": [], "note": None,
    }
    assert got["keep-b"]["renewals"] == 1
    assert got["keep-b"]["fee"] is None and got["keep-b"]["ce_hours"] is None
    assert got["keep-b"]["missing"] == [NO_FEE, NO_CE]
    assert got["keep-c"]["renewals"] is None and got["keep-c"]["fee"] is None
    assert got["keep-c"]["missing"] == [NO_CYCLE, NO_FEE, NO_CE]
    assert got["held-h"]["part"] == "held" and got["held-h"]["since"] == "today"
    assert got["held-h"]["renewals"] == 5 and got["held-h"]["fee"]["usd_max"] == 250
    assert u["totals"] == {
        "fee": {"usd_min": 450, "usd_max": 450}, "fee_known": 2, "fee_unknown": 2,
        "ce_hours": 90, "ce_known": 2, "ce_unknown": 2,
    }


def test_no_known_fee_totals_null_not_zero(runner: CliRunner, keep_catalog: Path) -> None:
    """Only unknown fees: the total is null, not $0."""
    u = _upkeep(runner, keep_catalog, "--goal", "keep-b", "--skills", "y",
                "--horizon-years", "3")
    assert [c["id"] for c in u["credentials"]] == ["keep-b"]
    assert u["totals"]["fee"] is None and u["totals"]["ce_hours"] is None
    assert u["totals"]["fee_unknown"] == 1 and u["totals"]["fee_known"] == 0


def test_a_short_horizon_has_nothing_due(runner: CliRunner, keep_catalog: Path) -> None:
    """Inside one cycle nothing falls due: 0 renewals cost 0 even with the fee unknown."""
    u = _upkeep(runner, keep_catalog, "--skills", "y", "--horizon-years", "2.5")
    (b,) = u["credentials"]
    assert b["renewals"] == 0 and b["fee"]["usd_max"] == 0 and b["missing"] == []


def test_held_with_an_earned_date_counts_its_own_cycle(
        runner: CliRunner, keep_catalog: Path, tmp_path: Path) -> None:
    """Earned 2024-03 on a 2-year cycle, today 2026-11: due 2028-03 and 2030-03 in 5 years;
    the 2026-03 renewal is past, so it is not counted."""
    profile = tmp_path / "me.yaml"
    profile.write_text("background: nurse\nholds:\n  - {id: keep-a, earned: 2024-03}\n"
                       "  - held-old\n")
    u = _upkeep(runner, keep_catalog, "--profile", str(profile), "--skills", "x",
                "--horizon-years", "5")
    got = {c["id"]: c for c in u["credentials"]}
    assert got["keep-a"]["part"] == "held" and got["keep-a"]["since"] == "2024-03"
    assert got["keep-a"]["renewals"] == 2
    assert got["keep-a"]["fee"]["usd_min"] == 200 and got["keep-a"]["ce_hours"] == 40
    old = got["held-old"]
    assert old["renewals"] == 0 and "cannot be renewed" in old["note"]


def test_without_the_option_upkeep_is_null(runner: CliRunner, keep_catalog: Path) -> None:
    r = _plan(runner, keep_catalog, "--format", "json")
    doc = json.loads(r.stdout)
    assert doc["upkeep"] is None and doc["query"]["horizon_years"] is None


def test_table_has_a_totals_line_and_names_what_is_missing(
        runner: CliRunner, keep_catalog: Path) -> None:
    r = _plan(runner, keep_catalog, "--have", "held-h", "--horizon-years", "5")
    assert r.exit_code == 0, r.stderr
    text = " ".join(r.stdout.split())
    assert ("Upkeep over 5 years: $450 in renewal fees (2 of 4 credentials known), "
            "90 CE hours (2 of 4 known); not counted: 2 without a published renewal fee") in text
    assert "keep-b (planned, from the plan's finish): 1 renewal; renewal fee not published" in text
    assert "Upkeep over" not in " ".join(_plan(runner, keep_catalog).stdout.split())


def test_html_page_has_the_upkeep_section(runner: CliRunner, keep_catalog: Path,
                                          tmp_path: Path) -> None:
    out = tmp_path / "plan.html"
    r = _plan(runner, keep_catalog, "--horizon-years", "5", "--format", "html", "-o", str(out))
    assert r.exit_code == 0, r.stderr
    page = out.read_text(encoding="utf-8")
    assert "<section id=upkeep><h2>Cost to keep over 5 years</h2>" in page
    assert "renewal fee not published" in page


@pytest.mark.parametrize("value", ["0", "-1", "50.5", "51", "abc", "nan", "inf", ""])
def test_bad_horizon_is_exit_2_one_line(runner: CliRunner, value: str) -> None:
    r = runner.invoke(app, ["plan", "--role", "nurse", "--horizon-years", value])
    assert r.exit_code == 2 and r.stdout == ""
    assert len(r.stderr.strip().splitlines()) == 1 and "--horizon-years" in r.stderr


def test_shipped_catalogue_five_years(runner: CliRunner) -> None:
    """The issue's example: every item's fee is null exactly when it names the fee missing."""
    r = runner.invoke(app, ["plan", "--role", "informaticist", "--today", TODAY,
                            "--horizon-years", "5", "--format", "json"])
    assert r.exit_code == 0, r.stderr
    u = json.loads(r.stdout)["upkeep"]
    assert u["credentials"]
    for c in u["credentials"]:
        assert (c["fee"] is None) == (NO_FEE in c["missing"] or NO_CYCLE in c["missing"])
        assert (c["ce_hours"] is None) == (NO_CE in c["missing"] or NO_CYCLE in c["missing"])
    known = [c["fee"]["usd_min"] for c in u["credentials"] if c["fee"] is not None]
    assert u["totals"]["fee_known"] == len(known)
    assert u["totals"]["fee_unknown"] == len(u["credentials"]) - len(known)
    assert (u["totals"]["fee"] or {"usd_min": 0})["usd_min"] == sum(known)


def test_a_fee_range_multiplies_both_ends(runner: CliRunner, tmp_path: Path) -> None:
    """``usd``..``usd_max`` (member vs non-member) is a range over the horizon too."""
    creds = [cred("ranged", skills=["x"], cost={"usd": 100}, duration=MONTHS,
                  renewal={"every_years": 3, "usd": 180, "usd_max": 290})]
    path = tmp_path / "ranged.json"
    path.write_text(json.dumps(catalog_doc(creds)), encoding="utf-8")
    u = _upkeep(runner, path, "--horizon-years", "6")
    (item,) = u["credentials"]
    assert item["renewals"] == 2
    assert item["fee"] == {"usd_min": 360, "usd_max": 580, "year": None}
    assert u["totals"]["fee"] == {"usd_min": 360, "usd_max": 580}


@pytest.mark.parametrize("renewal", [
    "{every_years: 2, ce_hours: 20, usd_max: 50}",
    "{every_years: 2, ce_hours: 20, usd: 60, usd_max: 50}",
])
def test_bad_renewal_fee_range_is_one_positioned_line(
        runner: CliRunner, write_catalog, small_text: str, renewal: str) -> None:
    old = "renewal: {every_years: 2, ce_hours: 20}"
    assert old in small_text
    line = small_text[: small_text.index(old)].count("\n") + 1
    path = write_catalog(small_text.replace(old, f"renewal: {renewal}"))
    r = runner.invoke(app, ["list", "--catalog", str(path)])
    assert r.exit_code == 1 and r.stdout == ""
    msg = r.stderr.strip()
    assert "\n" not in msg and msg.startswith(f"{path}:{line}:")
    assert "renewal usd_max needs usd at or below it" in msg
