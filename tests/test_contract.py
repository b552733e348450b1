"""The JSON output is a versioned contract: these key sets are pinned.

A key is removed or changes meaning only with a new schema_version; a new key may appear
within a version (README, "JSON output"), and is added here when it does.
"""

from __future__ import annotations

import json

from typer.testing import CliRunner

from aipath.cli import app

from .conftest import SMALL

ENVELOPE = {"schema_version", "catalog"}
CATALOG = {"path", "sha256", "credentials", "files"}
CREDENTIAL = {
    "id", "name", "provider", "type", "level", "delivery", "roles", "skills", "duration", "cost",
    "status", "url", "evidence", "verified_on",
}  # plus, when present: the optional keys
CREDENTIAL_OPTIONAL = {
    "subtype", "recognition", "entry", "counts_as", "recommends", "renewal", "successor",
    "recalled_fields", "notes",
    "ctid", "aliases",  # what --have-from matches on (issue 17)
}


def doc(runner: CliRunner, *args: str) -> dict:
    r = runner.invoke(app, [*args, "--format", "json"])
    assert r.exit_code == 0, r.stderr
    return json.loads(r.stdout)


def check_envelope(d: dict) -> None:
    assert d["schema_version"] == 2
    assert set(d["catalog"]) == CATALOG
    assert len(d["catalog"]["sha256"]) == 64


def test_list_keys(runner: CliRunner) -> None:
    """list: envelope + query, count, credentials; each credential has the pinned keys."""
    d = doc(runner, "list")
    assert set(d) == ENVELOPE | {"query", "count", "credentials"}
    check_envelope(d)
    assert set(d["query"]) == {
        "type", "role", "skill", "provider", "delivery", "level", "max_cost", "status",
        "recognition",
    }
    for c in d["credentials"]:
        assert CREDENTIAL <= set(c) <= CREDENTIAL | CREDENTIAL_OPTIONAL, c["id"]
        for e in c["evidence"]:
            assert {"kind", "verified_on"} <= set(e) <= {"kind", "verified_on", "url", "note"}


def test_show_keys(runner: CliRunner) -> None:
    """show: envelope + today, credential, recognition, prerequisites, routes, unlocks, and the
    estimates of unpublished figures with the credentials each came from (added in version 2)."""
    d = doc(runner, "show", "abpm-clinical-informatics", "--today", "2026-11-24")
    assert set(d) == ENVELOPE | {
        "today", "credential", "recognition", "prerequisites", "entry_open", "routes", "unlocks", "origins",
        "cost_estimate", "months_estimate", "estimate_from",
    }
    assert set(d["estimate_from"]) == {"cost", "duration"}
    check_envelope(d)
    assert set(d["recognition"]) == {"kind", "description"}
    assert d["routes"], "the ABPM board has dated routes"
    for route in d["routes"]:
        assert set(route) == {"path", "label", "open_from", "open_until", "open"}


def test_roles_keys(runner: CliRunner) -> None:
    """roles: envelope + roles with id, label, holds, target_skills, note."""
    d = doc(runner, "roles")
    assert set(d) == ENVELOPE | {"roles"}
    for role in d["roles"]:
        assert set(role) == {
            "id", "label", "holds", "target_skills", "based_on", "signature", "note",
        }
        assert all(set(h) == {"id", "name"} for h in role["holds"])
        for g in role["signature"]:
            assert set(g) == {"ref", "kind", "name", "why", "source", "verified_on"}
        assert all(set(t) == {"tag", "description"} for t in role["target_skills"])


def test_lint_keys(runner: CliRunner) -> None:
    """lint: envelope + today, stale_months, warnings, coverage."""
    d = doc(runner, "lint", "--today", "2026-11-24")
    assert set(d) == ENVELOPE | {"today", "stale_months", "warnings", "coverage"}
    assert set(d["coverage"]) == {
        "credentials", "active", "with_cost", "with_duration", "with_official_evidence",
        "stale_evidence", "share_cost", "share_duration", "share_official_evidence",
        "share_stale_evidence", "with_recognition", "share_recognition", "recognition",
    }
    for w in d["warnings"]:
        assert set(w) == {"code", "credential", "message"}


def test_output_is_deterministic(runner: CliRunner) -> None:
    """The same command twice gives byte-identical JSON."""
    a = runner.invoke(app, ["list", "--catalog", str(SMALL), "--format", "json"]).stdout
    b = runner.invoke(app, ["list", "--catalog", str(SMALL), "--format", "json"]).stdout
    assert a == b


def test_export_is_the_catalogue_format(runner: CliRunner) -> None:
    """export JSON has exactly the catalogue's top-level keys (so --catalog accepts it)."""
    r = runner.invoke(app, ["export", "--format", "json"])
    assert set(json.loads(r.stdout)) == {
        "schema_version", "skills", "classes", "backgrounds", "credentials",
    }
