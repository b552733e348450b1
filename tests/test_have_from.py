"""`aipath plan --have-from FILE`: what a wallet matches is held like --have, said on stderr,
recorded in the JSON; a bad file is one line naming it, exit 1, nothing planned."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from aipath.catalog import builtin_catalog_file
from aipath.cli import app

DATA = Path(__file__).parent / "data" / "wallet"
TODAY = "2026-12-01"
CTID = "ce-00000000-0000-4000-8000-0000000000a1"  # made up; set on a copy of the catalogue only


def plan(runner: CliRunner, *args: str):
    return runner.invoke(app, ["plan", *args, "--today", TODAY])


def steps(result) -> list[str]:
    return [s["id"] for s in json.loads(result.stdout)["steps"]]


def catalogue_with_ctid(tmp_path: Path, cid: str) -> Path:
    doc = yaml.safe_load(builtin_catalog_file().read_text(encoding="utf-8"))
    for c in doc["credentials"]:
        if c["id"] == cid:
            c["ctid"] = CTID
    path = tmp_path / "catalogue.yaml"
    path.write_text(yaml.safe_dump(doc, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


# --- the plan changes as --have would -----------------------------------------------------


def test_a_badge_matched_by_alias_is_held_like_have(runner: CliRunner) -> None:
    base = plan(runner, "--role", "nurse", "-f", "json")
    held = plan(runner, "--role", "nurse", "-f", "json", "--have", "ancc-informatics-nursing")
    wallet = plan(runner, "--role", "nurse", "-f", "json", "--have-from",
                  str(DATA / "nibc-alias.json"))
    assert wallet.exit_code == 0, wallet.stderr
    assert "ancc-informatics-nursing" in steps(base)
    assert steps(wallet) == steps(held) != steps(base)
    doc = json.loads(wallet.stdout)
    assert ("ancc-informatics-nursing", "wallet") in [(h["id"], h["source"])
                                                      for h in doc["holdings"]]
    assert "matched ancc-informatics-nursing by alias" in wallet.stderr


def test_a_badge_matched_by_ctid_alignment_is_held_like_have(runner: CliRunner,
                                                             tmp_path: Path) -> None:
    cat = str(catalogue_with_ctid(tmp_path, "ancc-informatics-nursing"))
    held = plan(runner, "--role", "nurse", "-f", "json", "--catalog", cat,
                "--have", "ancc-informatics-nursing")
    wallet = plan(runner, "--role", "nurse", "-f", "json", "--catalog", cat,
                  "--have-from", str(DATA / "nibc-ctid-alignment.json"))
    assert wallet.exit_code == 0, wallet.stderr
    assert steps(wallet) == steps(held)
    (m,) = json.loads(wallet.stdout)["have_from"]["matched"]
    assert (m["id"], m["how"], m["detail"]) == ("ancc-informatics-nursing", "alignment", CTID)


def test_repeatable_with_a_clr_and_a_jws(runner: CliRunner) -> None:
    r = plan(runner, "--role", "informaticist", "-f", "json",
             "--have-from", str(DATA / "clr.json"), "--have-from", str(DATA / "nibc.jwt"))
    assert r.exit_code == 0, r.stderr
    doc = json.loads(r.stdout)
    assert "ahima-rhia" not in steps(r)
    assert [h["id"] for h in doc["holdings"] if h["source"] == "wallet"] == [
        "ahima-rhia", "ancc-informatics-nursing"]
    assert doc["query"]["have_from"] == [str(DATA / "clr.json"), str(DATA / "nibc.jwt")]
    assert len(r.stderr.strip().splitlines()) == 3  # one line per achievement


def test_the_report_is_on_stderr_one_line_per_achievement(runner: CliRunner) -> None:
    r = plan(runner, "--role", "informaticist", "-f", "tree", "--have-from",
             "examples/wallet-rhia.json")
    assert r.exit_code == 0, r.stderr
    lines = r.stderr.strip().splitlines()
    assert lines == [
        'have-from examples/wallet-rhia.json: "Registered Health Information Administrator '
        '(RHIA)" matched ahima-rhia by name',
        'have-from examples/wallet-rhia.json: "SQL for Health Data" not matched: no catalogue '
        'name or alias is "SQL for Health Data"',
    ]
    assert "have-from" not in r.stdout and "holding bs-him-cahiim, ahima-rhia" in r.stdout


def test_json_keys_are_pinned(runner: CliRunner) -> None:
    r = plan(runner, "--role", "informaticist", "-f", "json", "--have-from",
             "examples/wallet-rhia.json")
    block = json.loads(r.stdout)["have_from"]
    assert set(block) == {"files", "matched", "unmatched"}
    assert block["files"] == ["examples/wallet-rhia.json"]
    common = {"file", "credential", "name", "achievement_type"}
    assert [set(m) for m in block["matched"]] == [common | {"id", "how", "detail"}]
    assert [set(u) for u in block["unmatched"]] == [common | {"reason", "closest"}]
    assert block["matched"][0]["credential"] == "$[0]"
    no_wallet = json.loads(plan(runner, "--role", "nurse", "-f", "json").stdout)
    assert no_wallet["have_from"] is None and no_wallet["query"]["have_from"] is None


def test_the_1edtech_shape_reports_not_matched_and_plans_as_before(runner: CliRunner) -> None:
    base = plan(runner, "--role", "nurse")
    r = plan(runner, "--role", "nurse", "--have-from", str(DATA / "degree-ctdl.json"))
    assert r.exit_code == 0 and r.stdout == base.stdout
    assert '"Example University Degree" not matched: no catalogue entry records its CTID' \
        in r.stderr


# --- bad input: exit 1, one line naming the file, nothing on stdout -----------------------


def _deep(n: int) -> str:
    return "[" * n + "]" * n


BAD = {
    "not JSON": (b'{"type": ["OpenBadgeCredential"],\n  "name": oops}', "2:11: not JSON"),
    "not UTF-8": (b'{"name": "\xff"}', "1:11: file is not valid UTF-8"),
    "empty": (b"  \n", "file is empty"),
    "a number": (b"42", "$: a number, not a credential"),
    "no type": (b'{"name": "x"}', "$: type is 'none', not an Open Badges 3.0"),
    "no achievement": (b'{"type": "OpenBadgeCredential", "credentialSubject": {}}',
                       "$.credentialSubject: no achievement object"),
    "nameless": (b'{"type": "OpenBadgeCredential", "credentialSubject": {"achievement": {}}}',
                 "$.credentialSubject.achievement: no name"),
    "empty list": (b"[]", "the list is empty"),
    "list with a non-object": (
        b'[{"type": "OpenBadgeCredential", "credentialSubject": {"achievement": {"name": "RHIA"}}},'
        b' "x"]', "$[1]: a string, not a credential"),
    "duplicate key": (b'{"type": "OpenBadgeCredential", "type": "x"}', "duplicate key 'type'"),
    "deep": (_deep(65).encode(), "1:65: nesting is deeper than 64 levels"),
    "far too deep": (_deep(200_000).encode(), "1:65: nesting is deeper than 64 levels"),
    "Open Badges 2.0": (b'{"type": "Assertion", "badge": "https://x"}',
                        "an Open Badges 2.0 Assertion"),
    "empty CLR": (b'{"type": "ClrCredential", "credentialSubject": {"verifiableCredential": []}}',
                  "a ClrCredential with no credentialSubject.verifiableCredential"),
    "NaN": (b'{"type": "OpenBadgeCredential", "n": NaN}', "NaN is not a JSON number"),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_a_bad_file_is_one_line_exit_1_nothing_planned(runner: CliRunner, tmp_path: Path,
                                                       case: str) -> None:
    content, needle = BAD[case]
    path = tmp_path / "wallet.json"
    path.write_bytes(content)
    r = plan(runner, "--role", "nurse", "--have-from", str(path))
    assert r.exit_code == 1, (r.stdout, r.stderr)
    assert r.stdout == ""
    (line,) = r.stderr.strip().splitlines()
    assert line.startswith(str(path)) and needle in line, line


def test_a_bad_second_file_fails_before_anything_is_said(runner: CliRunner,
                                                         tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("[1]", encoding="utf-8")
    r = plan(runner, "--role", "nurse", "--have-from", str(DATA / "nibc-alias.json"),
             "--have-from", str(bad))
    assert r.exit_code == 1 and r.stdout == ""
    assert r.stderr.strip().splitlines() == [f"{bad}: $[0]: a number, not a credential; expected "
                                             "an Open Badges 3.0 OpenBadgeCredential or "
                                             "AchievementCredential, a CLR 2.0 ClrCredential, a "
                                             "VerifiablePresentation of them, a JSON list of "
                                             "them, or a compact JWS of one"]


def test_missing_huge_and_special_files(runner: CliRunner, tmp_path: Path) -> None:
    missing = tmp_path / "nope.json"
    r = plan(runner, "--role", "nurse", "--have-from", str(missing))
    assert (r.exit_code, r.stdout, r.stderr) == (1, "", f"{missing}: file not found\n")

    big = tmp_path / "big.json"
    big.write_bytes(b"[" + b" " * 2_000_000 + b"]")
    r = plan(runner, "--role", "nurse", "--have-from", str(big), "--max-catalog-mib", "1")
    assert r.exit_code == 1 and r.stdout == ""
    assert r.stderr == (f"{big}: file is 2,000,002 bytes, over the limit of 1,048,576 bytes "
                        "(raise it with --max-catalog-mib)\n")

    r = plan(runner, "--role", "nurse", "--have-from", str(tmp_path))
    assert r.exit_code == 1 and r.stdout == "" and len(r.stderr.splitlines()) == 1
    assert "is a directory" in r.stderr

    if hasattr(os, "mkfifo"):
        fifo = tmp_path / "fifo"
        os.mkfifo(fifo)
        r = plan(runner, "--role", "nurse", "--have-from", str(fifo))
        assert r.exit_code == 1 and "not a regular file" in r.stderr


def test_output_never_overwrites_the_wallet_file(runner: CliRunner, tmp_path: Path) -> None:
    wallet = tmp_path / "w.json"
    wallet.write_bytes((DATA / "nibc-alias.json").read_bytes())
    r = plan(runner, "--role", "nurse", "-f", "json", "--have-from", str(wallet), "-o", str(wallet))
    assert r.exit_code == 2
    assert wallet.read_bytes() == (DATA / "nibc-alias.json").read_bytes()


def test_names_from_the_file_cannot_drive_the_terminal(runner: CliRunner,
                                                       tmp_path: Path) -> None:
    doc = json.loads((DATA / "nibc-alias.json").read_text(encoding="utf-8"))
    doc["credentialSubject"]["achievement"]["name"] = "Evil \x1b[31mred\x1b[0m \u202ename"
    path = tmp_path / "w.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    r = plan(runner, "--role", "nurse", "--have-from", str(path))
    assert r.exit_code == 0 and "\x1b" not in r.stderr and "\u202e" not in r.stderr
