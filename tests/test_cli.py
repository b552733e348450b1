"""The command line through Typer's runner: exit codes, stdout and stderr kept apart."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from aipath.cli import app
from aipath.models import TYPE_FAMILIES

from .conftest import DATA, SMALL
from .test_catalog import EXPECTED

MALFORMED = DATA / "malformed"


def run(runner: CliRunner, *args: str):
    return runner.invoke(app, [str(a) for a in args])


class TestList:
    def test_academic_family_on_shipped_catalogue(self, runner: CliRunner) -> None:
        """`list --type academic --format json` returns only degrees and academic certificates."""
        r = run(runner, "list", "--type", "academic", "--format", "json")
        assert r.exit_code == 0, r.stderr
        doc = json.loads(r.stdout)
        types = {c["type"] for c in doc["credentials"]}
        assert types == set(TYPE_FAMILIES["academic"])
        assert doc["count"] == len(doc["credentials"]) > 20
        assert r.stderr == ""

    @pytest.mark.parametrize(
        ("args", "ids"),
        [
            (["--role", "physician"], ["md", "ai-course", "governance-cert"]),
            (["--role", "data scientist"], None),
            (["--skill", "governance"], ["governance-cert"]),
            (["--provider", "example"], ["msn-informatics", "ai-course", "governance-cert"]),
            (["--delivery", "online"], ["ai-course", "governance-cert"]),
            (["--level", "graduate"], ["md", "msn-informatics"]),
            (["--max-cost", "500"], ["rn-licensure", "ai-course"]),
            (["--status", "active", "--type", "micro,licensure"], ["rn-licensure", "ai-course"]),
            (["--type", "professional"], ["governance-cert"]),
        ],
    )
    def test_filters(self, runner: CliRunner, args: list[str], ids: list[str] | None) -> None:
        """Each filter of SPEC §2 narrows the list; unknown cost never passes --max-cost."""
        r = run(runner, "list", "--catalog", SMALL, "--format", "json", *args)
        if ids is None:
            assert r.exit_code == 2
            assert "valid roles: nurse, physician" in r.stderr
            return
        assert r.exit_code == 0, r.stderr
        assert [c["id"] for c in json.loads(r.stdout)["credentials"]] == ids

    def test_csv(self, runner: CliRunner) -> None:
        """CSV has a header and one row per credential."""
        r = run(runner, "list", "--catalog", SMALL, "--format", "csv")
        rows = list(csv.DictReader(io.StringIO(r.stdout)))
        assert len(rows) == 7
        assert rows[1]["id"] == "bsn" and rows[1]["cost_usd_min"] == ""
        assert rows[6]["cost_usd_max"] == "799"

    def test_table(self, runner: CliRunner) -> None:
        """The default table names each credential and says 'unknown' for a missing cost."""
        r = run(runner, "list", "--catalog", SMALL)
        assert r.exit_code == 0
        assert "governance-cert" in r.stdout and "unknown" in r.stdout

    @pytest.mark.parametrize(
        ("args", "needle"),
        [
            (["--type", "bootcamp"], "valid types: degree"),
            (["--role", "surgeon"], "valid roles: nurse, physician"),
            (["--skill", "juggling"], "valid skills:"),
            (["--delivery", "mail"], "online, in-person"),
        ],
    )
    def test_usage_errors(self, runner: CliRunner, args: list[str], needle: str) -> None:
        """An unknown type, role, skill or delivery is exit 2 with the valid values, stdout empty."""
        r = run(runner, "list", "--catalog", SMALL, *args)
        assert r.exit_code == 2
        assert r.stdout == ""
        assert needle in r.stderr
        assert len(r.stderr.strip().splitlines()) == 1


class TestErrors:
    @pytest.mark.parametrize("name", sorted(EXPECTED))
    @pytest.mark.parametrize(
        "command",
        [["list", "--format", "json"], ["lint"], ["show", "bsn"], ["plan", "--role", "nurse"]],
    )
    def test_malformed_catalogue(self, runner: CliRunner, name: str, command: list[str]) -> None:
        """Every malformed catalogue: exit 1, one line on stderr naming the file, nothing on stdout."""
        path = MALFORMED / name
        r = run(runner, *command, "--catalog", path)
        assert r.exit_code == 1
        assert r.stdout == ""
        lines = r.stderr.strip().splitlines()
        assert len(lines) == 1
        assert lines[0].startswith(f"{path}:")
        assert "Traceback" not in r.stderr

    def test_unknown_id(self, runner: CliRunner) -> None:
        """show with an unknown id is exit 2 and suggests close ids."""
        r = run(runner, "show", "bns", "--catalog", SMALL)
        assert r.exit_code == 2
        assert r.stdout == ""
        assert "did you mean: bsn" in r.stderr

    def test_bad_format_is_typer_usage_error(self, runner: CliRunner) -> None:
        """A format that does not exist is Typer's exit 2, listing the choices."""
        r = run(runner, "list", "--format", "xml")
        assert r.exit_code == 2
        assert r.stdout == ""
        assert "csv" in r.stderr


class TestShowRolesLintExport:
    def test_show_tree(self, runner: CliRunner) -> None:
        """show draws prerequisites as 'one of' / 'all of' and lists what it unlocks."""
        r = run(runner, "show", "bsn", "--catalog", SMALL)
        assert r.exit_code == 0
        out = r.stdout
        assert "one of" in out and "all of" in out and "check: high school diploma" in out
        assert "unlocks" in out and "msn-informatics" in out

    def test_show_json(self, runner: CliRunner) -> None:
        """show --format json gives the credential, its prerequisite tree and what it unlocks."""
        r = run(runner, "show", "rn-licensure", "--catalog", SMALL, "--format", "json")
        doc = json.loads(r.stdout)
        assert doc["prerequisites"] == {"any": ["bsn", "adn"]}
        assert doc["unlocks"] == ["bsn", "msn-informatics"]
        assert doc["credential"]["cost"]["usd_min"] == 200

    def test_show_shipped_credential_with_evidence_dates(self, runner: CliRunner) -> None:
        """show on the shipped catalogue prints the evidence with its verification date."""
        r = run(runner, "show", "ancc-informatics-nursing")
        assert r.exit_code == 0, r.stderr
        assert "verified 2026-11-24" in r.stdout

    def test_roles(self, runner: CliRunner) -> None:
        """roles lists the backgrounds with what they hold, target and recognise."""
        r = run(runner, "roles", "--format", "json")
        doc = json.loads(r.stdout)
        ids = [x["id"] for x in doc["roles"]]
        assert ids == ["physician", "physician-resident", "nurse", "informaticist", "data-scientist"]
        nurse = doc["roles"][2]
        assert {h["id"] for h in nurse["holds"]} == {"bsn", "rn-licensure"}
        assert nurse["target_skills"] and nurse["note"]
        assert {g["ref"] for g in nurse["signature"]} == {
            "ancc-informatics-nursing", "nursing-informatics-graduate-degree",
        }
        resident = doc["roles"][1]
        assert resident["based_on"] == "physician" and resident["signature"]

    def test_lint_strict(self, runner: CliRunner, write_catalog, small_text: str) -> None:
        """lint reports a one-branch 'any'; --strict turns warnings into exit 1."""
        path = write_catalog(small_text.replace("entry: {any: [bsn, adn]}", "entry: {any: [bsn]}"))
        r = run(runner, "lint", "--catalog", path, "--format", "json", "--today", "2026-11-24")
        assert r.exit_code == 0
        codes = {(w["credential"], w["code"]) for w in json.loads(r.stdout)["warnings"]}
        assert ("rn-licensure", "any-one-branch") in codes
        r = run(runner, "lint", "--catalog", path, "--strict", "--today", "2026-11-24")
        assert r.exit_code == 1
        assert "any-one-branch" in r.stdout

    def test_lint_stale(self, runner: CliRunner) -> None:
        """Evidence older than --stale-months is reported against --today."""
        r = run(runner, "lint", "--catalog", SMALL, "--format", "json", "--today", "2028-12-01")
        doc = json.loads(r.stdout)
        assert doc["coverage"]["stale_evidence"] == 7
        assert doc["coverage"]["with_cost"] == 4
        r = run(runner, "lint", "--catalog", SMALL, "--today", "tomorrow")
        assert r.exit_code == 2 and r.stdout == ""

    def test_export_round_trip(self, runner: CliRunner, tmp_path: Path) -> None:
        """export writes JSON atomically; --catalog reads it back with the same results."""
        out = tmp_path / "cat.json"
        r = run(runner, "export", "--format", "json", "--output", out)
        assert r.exit_code == 0 and r.stdout == ""
        assert f"wrote {out}" in r.stderr
        a = run(runner, "list", "--type", "academic", "--format", "json")
        b = run(runner, "list", "--type", "academic", "--format", "json", "--catalog", out)
        da, db = json.loads(a.stdout), json.loads(b.stdout)
        assert da["credentials"] == db["credentials"]
        assert not list(tmp_path.glob(".aipath-*"))

    def test_version(self, runner: CliRunner) -> None:
        """--version prints the package version."""
        r = run(runner, "--version")
        assert r.exit_code == 0 and r.stdout.startswith("aipath ")


def test_python_dash_m() -> None:
    """`python -m aipath` runs the same CLI."""
    import subprocess
    import sys

    proc = subprocess.run([sys.executable, "-m", "aipath", "--version"], capture_output=True, text=True)
    assert proc.returncode == 0 and proc.stdout.startswith("aipath ")


def test_installed_command_finds_its_catalogue_from_anywhere(tmp_path) -> None:
    """The console script, run from an unrelated folder, loads the catalogue inside the package."""
    import json
    import subprocess
    import sys
    from pathlib import Path

    exe = Path(sys.executable).parent / "aipath"
    if not exe.exists():
        pytest.skip("aipath console script not installed next to this Python")
    proc = subprocess.run([str(exe), "list", "--format", "json"], cwd=tmp_path,
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)
    assert doc["catalog"]["path"] == "aipath:data/credentials.yaml"
    assert doc["count"] >= 100
