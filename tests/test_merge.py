"""``--catalog A --catalog B``: catalogues planned together. The first declares roles, skills and
classes; a record with the CTID of an earlier credential fills the figures it lacks (the earlier
fact wins) and ``show`` names where each came from; other duplicate ids are an error; each file
is validated and cached on its own."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

import aipath.load.catalogue as validator
from aipath.catalog import load_catalogs
from aipath.cli import app

from .conftest import catalog_doc, cred

CTID = "ce-12345678-1234-4234-8234-123456789abc"
TODAY = "2026-12-01"
BACKGROUNDS = {"nurse": {"label": "Nurse", "holds": ["rn"], "target_skills": ["ai-literacy"]}}


def _base(tmp_path: Path) -> Path:
    creds = [
        cred("rn", type="licensure", skills=[]),
        cred("board-x", ctid=CTID, skills=["ai-literacy"], entry="rn",
             duration={"min": 3, "max": 3, "unit": "months"}, cost=None,
             evidence=[{"url": "https://example.org/x", "kind": "official",
                        "verified_on": "2026-11-01"}]),
    ]
    path = tmp_path / "base.json"
    path.write_text(json.dumps(catalog_doc(creds, backgrounds=BACKGROUNDS)), encoding="utf-8")
    return path


def _registry(tmp_path: Path) -> Path:
    """Registry records: board-x's (cost, a longer duration, renewal) and a course needing it."""
    graph = [
        {"@id": f"https://credentialengineregistry.org/resources/{CTID}",
         "@type": "ceterms:Certification", "ceterms:ctid": CTID,
         "ceterms:name": {"en-US": "Board X Certification"},
         "ceterms:credentialStatusType": {"ceterms:targetNode": "credentialStat:Active"},
         "ceterms:estimatedCost": [{"ceterms:price": 250, "ceterms:currency": "USD"}],
         "ceterms:estimatedDuration": [{"ceterms:exactDuration": "P9M"}],
         "ceterms:renewalFrequency": "P5Y"},
        {"@id": "https://credentialengineregistry.org/resources/ce-aaaaaaaa-0000-4000-8000-000000000001",
         "@type": "ceterms:MicroCredential", "ceterms:ctid": "ce-aaaaaaaa-0000-4000-8000-000000000001",
         "ceterms:name": {"en-US": "Board X Review Course"},
         "ceterms:credentialStatusType": {"ceterms:targetNode": "credentialStat:Active"},
         "ceterms:keyword": {"en-US": ["ai-literacy"]},
         "ceterms:requires": [{"ceterms:description": {"en-US": "Board X first"},
                               "ceterms:targetCredential": [CTID]}]},
    ]
    src = tmp_path / "records.json"
    src.write_text(json.dumps({"@graph": graph}), encoding="utf-8")
    return src


@pytest.fixture
def files(runner: CliRunner, tmp_path: Path) -> tuple[Path, Path]:
    base = _base(tmp_path)
    out = tmp_path / "imported.yaml"
    r = runner.invoke(app, ["import", "ctdl", str(_registry(tmp_path)), "--catalog", str(base),
                            "-o", str(out), "--today", TODAY])
    assert r.exit_code == 0, r.stderr
    return base, out


def test_a_record_with_a_known_ctid_fills_what_is_unknown(files: tuple[Path, Path]) -> None:
    base, imported = files
    cat = load_catalogs([str(base), str(imported)])
    assert [c.id for c in cat.credentials] == ["rn", "board-x", "board-x-review-course"]
    x = cat.by_id["board-x"]
    assert (x.cost.usd_min, x.cost.usd_max) == (250, 250)  # unknown: filled
    assert (x.duration.min, x.duration.unit) == (3, "months")  # known: the first file wins
    assert x.renewal.every_years == 5
    assert x.aliases == ("Board X Certification",)
    assert [e.url for e in x.evidence] == [
        "https://example.org/x", f"https://credentialengineregistry.org/resources/{CTID}"]
    said = cat.origins["board-x"]
    assert said["cost"] == said["renewal"] == f"{imported}, registry record {CTID}"
    assert "states it otherwise" in said["duration kept"]
    # The course's rule named the registry record: it now names the catalogue's credential.
    assert cat.by_id["board-x-review-course"].prerequisites == ("board-x",)
    assert cat.origins["board-x-review-course"]["record"].startswith(str(imported))
    assert [f[0] for f in cat.files] == [str(base), str(imported)]


def test_show_says_where_each_figure_came_from(runner: CliRunner,
                                               files: tuple[Path, Path]) -> None:
    base, imported = files
    args = ["show", "board-x", "--catalog", str(base), "--catalog", str(imported)]
    r = runner.invoke(app, args)
    assert r.exit_code == 0, r.stderr
    text = " ".join(r.stdout.split())
    assert f"cost from {imported}, registry record {CTID}" in text
    assert "duration kept" in text
    doc = json.loads(runner.invoke(app, [*args, "--format", "json"]).stdout)
    assert doc["origins"]["cost"] == f"{imported}, registry record {CTID}"
    assert [f["path"] for f in doc["catalog"]["files"]] == [str(base), str(imported)]
    assert doc["catalog"]["path"] == f"{base} + {imported}"


def test_merged_credentials_are_listed_and_planned(runner: CliRunner,
                                                   files: tuple[Path, Path]) -> None:
    base, imported = files
    both = ["--catalog", str(base), "--catalog", str(imported)]
    r = runner.invoke(app, ["list", *both, "--format", "json"])
    assert [c["id"] for c in json.loads(r.stdout)["credentials"]] == [
        "rn", "board-x", "board-x-review-course"]
    r = runner.invoke(app, ["plan", "--role", "nurse", *both, "--goal", "board-x-review-course",
                            "--format", "json", "--today", TODAY, "--certificates-only"])
    assert r.exit_code == 0, r.stderr
    steps = [s["id"] for s in json.loads(r.stdout)["steps"]]
    assert steps.index("board-x") < steps.index("board-x-review-course")


def test_the_same_id_in_two_files_is_an_error(runner: CliRunner, tmp_path: Path) -> None:
    base = _base(tmp_path)
    other = tmp_path / "other.json"
    other.write_text(json.dumps(catalog_doc([cred("rn", skills=[])], backgrounds=BACKGROUNDS
                                            | {"nurse": {"label": "Nurse"}})), encoding="utf-8")
    r = runner.invoke(app, ["list", "--catalog", str(base), "--catalog", str(other)])
    assert r.exit_code == 1 and r.stdout == ""
    assert r.stderr.strip() == (f"{other}: credential rn is also in {base}: ids must be unique "
                                "across --catalog files (a record with the ctid of an earlier "
                                "credential fills that credential instead)")


def test_a_later_file_may_not_declare_new_roles(runner: CliRunner, tmp_path: Path) -> None:
    base = _base(tmp_path)
    other = tmp_path / "other.json"
    other.write_text(json.dumps(catalog_doc([cred("z", roles=["pilot"])],
                                            backgrounds={"pilot": {"label": "Pilot"}})))
    r = runner.invoke(app, ["roles", "--catalog", str(base), "--catalog", str(other)])
    assert r.exit_code == 1 and r.stdout == ""
    assert "background 'pilot' is not declared in" in r.stderr and len(r.stderr.splitlines()) == 1


def test_each_file_is_cached_on_its_own(files: tuple[Path, Path], cache: Path,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """Each file has its entry, and the merge its own (keyed by both files' digests): the
    second run neither validates nor merges, and reads no record until one is used."""
    from aipath.load import merge

    base, imported = files
    first = load_catalogs([str(base), str(imported)])
    assert len(list(cache.glob("catalog-*.json"))) == 3
    monkeypatch.setattr(merge, "merge_catalogs", lambda *_: pytest.fail("merged again"))

    def refuse(*_: object) -> None:
        raise AssertionError("validated again")

    monkeypatch.setattr(validator, "validate_catalog", refuse)
    again = load_catalogs([str(base), str(imported)])
    assert again.credentials.read == 0  # type: ignore[attr-defined]
    assert again.credentials == first.credentials and again.origins == first.origins
    assert again.sha256 == first.sha256 and again.files == first.files


def test_a_cached_merge_names_the_files_as_this_run_gives_them(
        files: tuple[Path, Path], cache: Path, tmp_path: Path) -> None:
    """The same bytes under other names: origins and files name the files of this run."""
    base, imported = files
    first = load_catalogs([str(base), str(imported)])
    copy = tmp_path / "elsewhere.json"
    copy.write_bytes(imported.read_bytes())
    again = load_catalogs([str(base), str(copy)])
    assert [f[0] for f in again.files] == [str(base), str(copy)]
    assert dict(again.origins) == {
        cid: {k: v.replace(str(imported), str(copy)) for k, v in said.items()}
        for cid, said in first.origins.items()}
    assert str(imported) not in str(dict(again.origins))
