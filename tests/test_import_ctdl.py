"""``aipath import ctdl``: registry records (every shape the registry publishes) into a catalogue
that loads through the strict loader, with a summary of everything not mapped; bad input gives
one line and its exit code; the round trip ``export -f ctdl`` -> ``import ctdl`` keeps the
shipped catalogue's ids, rules and figures."""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from aipath.catalog import load_catalog
from aipath.cli import app
from aipath.ctdl.conditions import _dnf
from aipath.ctdl.importer import is_placeholder
from aipath.ctdl.vocabulary import STATUS
from aipath.models import Catalog, Condition

from .conftest import DATA

CTDL = DATA / "ctdl"
REGISTRY = CTDL / "registry"
TODAY = "2026-12-01"


def imported(runner: CliRunner, tmp_path: Path, *paths: Path | str, name: str = "out.yaml",
             extra: tuple[str, ...] = ()) -> tuple[Catalog, list[str]]:
    out = tmp_path / name
    r = runner.invoke(app, ["import", "ctdl", *map(str, paths), "-o", str(out), "--today", TODAY,
                            *extra])
    assert r.exit_code == 0, r.stderr
    assert r.stdout == ""
    return load_catalog(out), r.stderr.splitlines()


def line(lines: list[str], start: str) -> str:
    return next(x for x in lines if x.startswith(start))


class TestShapes:
    def test_graph_document(self, runner: CliRunner, tmp_path: Path) -> None:
        """An @graph document: class, figures with their source, rule, CTID, organisation name."""
        cat, lines = imported(runner, tmp_path, REGISTRY / "certification_graph.json")
        (c,) = cat.credentials
        assert c.id == "certified-clinical-ai-practitioner"
        assert (c.type, c.subtype, c.recognition) == ("professional-certificate", "certification",
                                                      "professional-body")
        assert (c.level, c.delivery, c.status) == ("professional", "online", "active")
        assert c.provider == "Board of Clinical AI (fixture)"
        assert c.ctid == "ce-11111111-1111-4111-8111-111111111111"
        assert c.aliases == ("CCAIP",)
        assert c.skills == ("ai-literacy", "ethics")  # keywords that are the base's skill tags
        # Two assessment fees are alternatives (a range); the application fee adds to both.
        assert (c.cost.usd_min, c.cost.usd_max) == (345, 445)
        assert "https://example.org/ccaip/fees" in c.cost.basis
        assert c.cost.year is None  # the record is undated: no year is made up
        assert (c.duration.min, c.duration.max, c.duration.unit) == (3, 6, "months")
        assert c.renewal.every_years == 3
        (ev,) = c.evidence
        assert ev.url == "https://credentialengineregistry.org/resources/" + c.ctid
        assert (ev.kind, ev.verified_on) == ("third-party", TODAY)
        assert "import date" in ev.note
        # The licence it names is outside this import: a rule the person must already hold.
        data = json.loads(json.dumps(dataclasses.asdict(c.entry)))
        assert [i["label"] for i in data["items"]] == ["licensed route", "experience route"]
        licensed = c.entry.items[0].items[0]
        assert licensed.must_hold and "ce-33333333" in licensed.text
        assert "1 targetCredentials outside the import" in line(lines, "unmapped:")
        assert line(lines, "imported").startswith("imported 1 credential from 2 nodes in 1 file")

    def test_envelope_dates_its_evidence(self, runner: CliRunner, tmp_path: Path) -> None:
        """A registry envelope: decoded_resource read, updated_at is the evidence's date."""
        cat, _ = imported(runner, tmp_path, REGISTRY / "license_envelope.json")
        (c,) = cat.credentials
        assert (c.type, c.recognition) == ("licensure", "licence")
        assert c.evidence[0].verified_on == "2025-03-04" and "updated_at" in c.evidence[0].note
        assert (c.cost.usd_min, c.cost.year) == (120, 2025)  # "US Dollar" is USD

    def test_json_lines(self, runner: CliRunner, tmp_path: Path) -> None:
        """JSON lines, one document a line: a placeholder skipped, a plain-string name warned."""
        cat, lines = imported(runner, tmp_path, REGISTRY / "dump.jsonl")
        ms = cat.by_id["ms-in-health-data-science-fixture"]
        assert (ms.type, ms.level, ms.delivery, ms.recognition) == ("degree", "graduate",
                                                                    "hybrid", "academic")
        assert (ms.cost.usd_min, ms.cost.usd_max) == (42000, 42000)  # the aggregate is the whole
        assert (ms.duration.min, ms.duration.max, ms.duration.unit) == (18, 24, "months")
        assert ms.evidence[0].verified_on == "2025-06-01"  # dateModified
        micro = cat.by_id["prompting-for-clinicians-fixture"]
        assert (micro.duration.min, micro.duration.unit) == (40, "hours")
        assert micro.cost is None and micro.skills == ("ai-literacy",)
        assert "1 test placeholder" in line(lines, "skipped")
        assert "1 plain strings where CTDL gives a language map" in line(lines, "read with")
        unmapped = line(lines, "unmapped:")
        for kind in ("1 estimatedCost without a price", "1 estimatedCost in a currency other "
                     "than US dollars", "condition descriptions beside stated conditions"):
            assert kind in unmapped

    def test_folder_resolves_targets_across_files(self, runner: CliRunner,
                                                  tmp_path: Path) -> None:
        """A folder: every file in name order; a rule names a credential of another file."""
        cat, lines = imported(runner, tmp_path, REGISTRY)
        assert len(cat.credentials) == 4
        ccaip = cat.by_id["certified-clinical-ai-practitioner"]
        assert ccaip.prerequisites == ("clinical-practice-licence-fixture",)
        assert line(lines, "imported") == "imported 4 credentials from 8 nodes in 3 files"

    def test_yaml_and_json_write_the_same_catalogue(self, runner: CliRunner,
                                                    tmp_path: Path) -> None:
        a, _ = imported(runner, tmp_path, REGISTRY, name="a.yaml")
        b, _ = imported(runner, tmp_path, REGISTRY, name="b.json")
        assert a.credentials == b.credentials

    def test_the_shared_samples_import(self, runner: CliRunner, tmp_path: Path) -> None:
        """The registry's own samples (when the shared folder is there) import and load."""
        shared = Path(__file__).resolve().parents[2] / "shared" / "samples" / "ctdl"
        if not shared.is_dir():  # a clone elsewhere: the repository's own registry example
            cat, lines = imported(runner, tmp_path, Path(__file__).resolve().parent.parent
                                  / "examples" / "registry")
            assert cat.credentials and any(line.startswith("imported") for line in lines)
            return
        cat, lines = imported(runner, tmp_path, shared)
        assert {c.type for c in cat.credentials} == {"degree"}  # two degree programmes
        assert any(line.startswith("skipped") for line in lines)


class TestDirty:
    def test_each_dirty_record_is_skipped_or_warned_with_its_reason(
            self, runner: CliRunner, tmp_path: Path) -> None:
        cat, lines = imported(runner, tmp_path, CTDL / "dirty")
        skipped = line(lines, "skipped")
        for reason in ("1 unknown credential class (ceterms:FancyCredential)",
                       "1 not a credential class (ceterms:LearningOpportunityProfile)",
                       "1 credential class not on a path into healthcare AI "
                       "(ceterms:SecondarySchoolDiploma)", "1 without a name",
                       "1 test placeholder", "1 duplicate of an earlier record",
                       "1 not a JSON-LD node"):
            assert reason in skipped, reason
        assert skipped.startswith("skipped 7 records: ")
        warned = line(lines, "read with warnings:")
        for kind in ("durations that are not ISO 8601", "maximum is below their minimum",
                     "renewal frequencies that are not ISO 8601", "CTIDs not of the form",
                     "statuses aipath does not know"):
            assert kind in warned, kind
        badge = cat.by_id["ai-ethics-badge-fixture"]  # en-GB chosen over fr
        assert badge.ctid == "ce-b0000000-0000-4000-8000-000000000002"  # upper case read
        assert (badge.status, badge.duration, badge.renewal) == ("unclear", None, None)
        steward = cat.by_id["data-stewardship-certificate-fixture"]
        assert steward.ctid is None and steward.evidence[0].kind == "recalled"
        assert (steward.duration.min, steward.duration.unit) == (2, "weeks")  # hours not mixed in

    def test_the_output_passes_lint_without_errors(self, runner: CliRunner,
                                                   tmp_path: Path) -> None:
        imported(runner, tmp_path, REGISTRY, CTDL / "dirty")
        r = runner.invoke(app, ["lint", "--catalog", str(tmp_path / "out.yaml"), "--today", TODAY])
        assert r.exit_code == 0 and "Coverage" in r.stdout

    @pytest.mark.parametrize("name", ["Test", "TEST credential", "Sample Certificate 2",
                                      "DO NOT USE - MBA", "TBD", "lorem ipsum badge"])
    def test_placeholders(self, name: str) -> None:
        assert is_placeholder(name)

    @pytest.mark.parametrize("name", ["Sample Preparation Technician", "Testing and Evaluation",
                                      "Test Engineering Certificate", "Example University MBA"])
    def test_real_names_are_not_placeholders(self, name: str) -> None:
        assert not is_placeholder(name)


class TestBadInput:
    @pytest.mark.parametrize(("args", "code", "message"), [
        (["nope.json"], 1, r"^nope\.json: file not found$"),
        ([str(CTDL / "bad" / "invalid.json")], 1,
         r"invalid\.json:3:31: invalid JSON: Expecting property name"),
        ([str(CTDL / "bad" / "invalid.jsonl")], 1, r"invalid\.jsonl:2:11: invalid JSON"),
        ([str(CTDL / "bad" / "shape.json")], 1, r"shape\.json: this is not CTDL JSON-LD.*found "
                                                r"an object without @graph"),
        ([str(CTDL / "bad" / "string.json")], 1, r"string\.json: this is not CTDL JSON-LD"),
        ([str(REGISTRY), "--max-file-mib", "0.001"], 1, r"over the limit of 1,048 bytes "
                                                        r"\(raise it with --max-file-mib\)"),
        ([str(REGISTRY), "-o", "out.txt"], 2, r"'--output'.*\.yaml, \.yml or \.json"),
        ([str(REGISTRY), "--role", "astronaut"], 2, r"'--role'.*expected one of: physician"),
        ([str(REGISTRY), "--max-file-mib", "0"], 2, r"--max-file-mib"),
    ])
    def test_one_line_and_the_exit_code(self, runner: CliRunner, tmp_path: Path,
                                        monkeypatch: pytest.MonkeyPatch, args: list[str],
                                        code: int, message: str) -> None:
        monkeypatch.chdir(tmp_path)
        r = runner.invoke(app, ["import", "ctdl", *args])
        assert r.exit_code == code
        assert r.stdout == ""
        assert len(r.stderr.strip().splitlines()) == 1 and re.search(message, r.stderr), r.stderr
        assert not (tmp_path / "out.txt").exists()

    def test_an_empty_folder_is_named(self, runner: CliRunner, tmp_path: Path) -> None:
        r = runner.invoke(app, ["import", "ctdl", str(tmp_path)])
        assert r.exit_code == 1 and "holds no .json" in r.stderr and r.stdout == ""


def _clauses(cond: Condition | None) -> set[tuple[frozenset, frozenset, str | None, str | None]]:
    """A rule as its alternatives: each its leaves, the names and dates of its routes."""
    if cond is None:
        return set()
    out = set()
    for leaves, routes in _dnf(cond):
        plain = frozenset(dataclasses.replace(x, label=None) if x.label else x for x in leaves)
        labels = frozenset(p for r in routes if r.label for p in r.label.split("; "))
        starts = [r.open_from for r in routes if r.open_from]
        ends = [r.open_until for r in routes if r.open_until]
        out.add((plain, labels, max(starts, default=None), min(ends, default=None)))
    return out


def test_round_trip_keeps_ids_rules_and_figures(runner: CliRunner, tmp_path: Path) -> None:
    """``export -f ctdl`` of the shipped catalogue, imported back: the same credentials, entry
    rules (the same alternatives, classes, must-hold rules, experience, route names and
    dates), figures and what each counts as. Not kept (CTDL has no place for them): roles,
    recognition, notes, evidence, a cost's year and basis; statuses as CTDL groups them."""
    doc = tmp_path / "shipped.jsonld"
    assert runner.invoke(app, ["export", "-f", "ctdl", "-o", str(doc)]).exit_code == 0
    back, _ = imported(runner, tmp_path, doc)
    shipped = load_catalog()
    assert [c.id for c in back.credentials] == [c.id for c in shipped.credentials]
    for a in shipped.credentials:
        b = back.by_id[a.id]
        for name in ("name", "provider", "type", "level", "delivery", "skills", "counts_as",
                     "url"):
            assert getattr(a, name) == getattr(b, name), (a.id, name)
        assert STATUS[a.status] == STATUS[b.status], a.id
        assert _clauses(a.entry) == _clauses(b.entry), a.id
        assert (a.cost is None) == (b.cost is None), a.id
        if a.cost is not None:
            assert (a.cost.usd_min, a.cost.usd_max) == (b.cost.usd_min, b.cost.usd_max), a.id
        assert (a.duration and a.duration.months()) == (b.duration and b.duration.months()), a.id
        assert (a.renewal and a.renewal.every_years) == (b.renewal and b.renewal.every_years)
    # The rules that matter to plans: a closed route stays closed, must-hold stays must-hold.
    abpm = _clauses(back.by_id["abpm-clinical-informatics"].entry)
    assert any(end == "2025-12-31" for *_, end in abpm)
    assert any(getattr(x, "must_hold", False) for c in _clauses(back.by_id["isaca-aaia"].entry)
               for x in c[0])


def test_the_readme_example_file_is_a_fresh_import(runner: CliRunner, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """examples/registry.yaml (which the README merges) is what importing examples/registry
    writes today, so the README's figures never drift from the importer."""
    root = Path(__file__).resolve().parent.parent
    if not (root / "examples" / "registry.yaml").exists():
        pytest.skip("not running from a source checkout")
    monkeypatch.chdir(root)
    out = tmp_path / "fresh.yaml"
    r = runner.invoke(app, ["import", "ctdl", "examples/registry", "-o", str(out),
                            "--today", TODAY])
    assert r.exit_code == 0, r.stderr
    assert out.read_text(encoding="utf-8") == (root / "examples" / "registry.yaml").read_text(
        encoding="utf-8")
