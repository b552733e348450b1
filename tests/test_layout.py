"""Every table command read at 80, 100 and 120 columns, piped: ids whole, words whole, no padding.

Ids are what a reader copies into the next command, so each one the JSON of the same command
names must appear on one line as a whole token; so must every word of the prose. A line may run
past the width only to keep a URL whole on a line of its own.
"""

from __future__ import annotations

import json
import re
from functools import cache

import pytest
from typer.testing import CliRunner

from aipath.cli import app

WIDTHS = (80, 100, 120)
TODAY = ["--today", "2026-12-01"]


def _run(args: list[str], width: int | None = None) -> str:
    runner = CliRunner()
    r = runner.invoke(app, args, env={"COLUMNS": str(width or 120)})
    assert r.exit_code == 0, (args, r.output)
    return r.stdout


@cache
def _doc(*args: str) -> dict:
    return json.loads(_run([*args, "-f", "json"]))


@cache
def _roles() -> tuple[str, ...]:
    return tuple(r["id"] for r in _doc("roles")["roles"])


def _lines(out: str, width: int) -> list[str]:
    """The output's lines, after checking none is padded and none is too wide but for a URL."""
    lines = out.splitlines()
    assert lines
    assert [ln for ln in lines if ln.endswith(" ")] == []
    for ln in lines:
        if len(ln) > width:  # only to keep a URL whole: after a field's key or tree guides
            url = ln.split()[-1]
            before = ln[: ln.rindex(url)]
            assert url.startswith("http") and len(before.strip(" │├└─").split()) <= 1, ln
    return lines


def _whole(lines: list[str], token: str) -> bool:
    """``token`` on one line, neither cut short nor part of a longer id."""
    pattern = re.compile(rf"(?<![\w./-]){re.escape(token)}(?![\w/-])")
    return any(pattern.search(ln) for ln in lines)


def _missing(lines: list[str], tokens: set[str]) -> list[str]:
    return sorted(t for t in tokens if t and not _whole(lines, t))


def _split_words(lines: list[str], *texts: str) -> list[str]:
    """Words of ``texts`` that appear nowhere whole (between spaces or line ends).

    The plan asks a check as a question and ends a choice with ':', hence the stripped form.
    """
    present = {v for ln in lines for w in ln.split() for v in (w, w.rstrip("?:"))}
    words = {w for t in texts for w in t.split()}
    return sorted(w for w in words if w not in present)


def _role_widths() -> list[tuple[str, int]]:
    return [(r, w) for r in ("physician", "physician-resident", "nurse", "informaticist",
                             "data-scientist") for w in WIDTHS]


@pytest.mark.parametrize("role, width", _role_widths())
def test_plan_keeps_ids_and_words_whole(role: str, width: int) -> None:
    """Every step and held id whole; every word of the reasons, choices, notes and warnings too."""
    assert role in _roles()
    args = ["plan", "--role", role, *TODAY]
    doc = _doc(*args)
    lines = _lines(_run(args, width), width)
    ids = {s["id"] for s in doc["steps"]} | {h["id"] for h in doc["holdings"]}
    ids |= {x["step"] for s in doc["steps"] for x in s["satisfies"]}
    assert _missing(lines, ids) == []
    prose = [s["reason"] for s in doc["steps"]] + [s["name"] for s in doc["steps"]]
    prose += [a["reason"] for s in doc["steps"] for a in s["alternatives"][:3]]
    prose += [a["option"] for s in doc["steps"] for a in s["alternatives"][:3]]
    prose += doc["notes"] + doc["warnings"] + [m for s in doc["steps"] for m in s["manual_checks"]]
    assert _split_words(lines, *prose) == []


SECTIONS = {"Before you pay, check:", "Why this and not that:", "Warnings:",
            "What your profession recognises but this plan leaves out:",
            "Renewals of what you hold:"}


@pytest.mark.parametrize("width", WIDTHS)
def test_renewals_keep_words_and_indent(width: int, tmp_path) -> None:
    profile = tmp_path / "me.yaml"
    profile.write_text("background: informaticist\nholds:\n  - {id: ahima-rhia, earned: 2019-03}\n"
                       "  - {id: azure-ai-engineer-ai-102, earned: 2025-10}\n  - bs-him-cahiim\n")
    args = ["plan", "--profile", str(profile), *TODAY]
    doc = _doc(*args)
    lines = _lines(_run(args, width), width)
    start = lines.index("Renewals of what you hold:")
    block = lines[start + 1: lines.index("", start)]
    assert len(block) >= 2 and all(ln.startswith("  ") for ln in block)
    assert _missing(block, {r["id"] for r in doc["renewals"]}) == []
    from aipath.planner.renewals import Renewal

    said = [Renewal(**r).sentence() for r in doc["renewals"]]
    assert _split_words(block, *said) == []


@pytest.mark.parametrize("role, width", _role_widths())
def test_plan_free_text_keeps_its_indent(role: str, width: int) -> None:
    """A wrapped line of a plan's sections is indented at least as far as the item it continues."""
    lines = _lines(_run(["plan", "--role", role, *TODAY], width), width)
    sections = SECTIONS
    start = min((i for i, ln in enumerate(lines) if ln in sections), default=len(lines))
    assert start < len(lines) or role == "physician-resident"
    # The sections close the plan: from the first, each line is a heading or indented.
    assert [ln for ln in lines[start:]
            if ln and ln not in sections and not ln.startswith("  ")] == []
    # A wrapped "- " item continues further in than its dash.
    dash = None
    for ln in lines[start:]:
        if not ln:
            dash = None
            continue
        body = ln.lstrip()
        indent = len(ln) - len(body)
        if body.startswith("- "):
            dash = indent
        elif dash is not None and not re.match(r"\d+\. ", body) and ln not in sections:
            assert indent > dash, ln
        if ln in sections or re.match(r"\d+\. ", body):
            dash = None


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("role", ["physician", "nurse", "data-scientist"])
def test_plan_tree_keeps_ids_whole(role: str, width: int) -> None:
    args = ["plan", "--role", role, *TODAY]
    doc = _doc(*args)
    lines = _lines(_run([*args, "--format", "tree"], width), width)
    ids = {s["id"] for s in doc["steps"]} | {h["id"] for h in doc["holdings"]}
    assert _missing(lines, ids) == []


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("filters", [[], ["--role", "nurse"], ["--type", "academic"],
                                     ["--skill", "clinical-decision-support"]])
def test_list_keeps_every_id_whole(filters: list[str], width: int) -> None:
    doc = _doc("list", *filters)
    lines = _lines(_run(["list", *filters], width), width)
    assert _missing(lines, {c["id"] for c in doc["credentials"]}) == []
    assert _split_words(lines, *(c["name"] for c in doc["credentials"])) == []


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("cred", [
    "ancc-informatics-nursing",
    "ohsu-graduate-certificate-biomedical-informatics",  # the longest id
    "abaim-certification",                               # the longest main URL
    "bsn",                                               # the longest evidence URL
    "abpm-clinical-informatics",
])
def test_show_keeps_ids_and_urls_whole(cred: str, width: int) -> None:
    doc = _doc("show", cred, *TODAY)
    c = doc["credential"]
    lines = _lines(_run(["show", cred, *TODAY], width), width)
    tokens = {c["id"], c["url"] or "", *c["skills"], *c["roles"], *doc["unlocks"]}
    tokens |= {e["url"] for e in c["evidence"] if e.get("url")}
    assert _missing(lines, tokens) == []
    assert _split_words(lines, c["name"], c["notes"] or "", c["provider"]) == []


@pytest.mark.parametrize("width", WIDTHS)
def test_roles_keeps_ids_and_hints_whole(width: int) -> None:
    """Role ids, holdings, skills and signature refs, and the whole note (the DO hint)."""
    doc = _doc("roles")
    lines = _lines(_run(["roles"], width), width)
    tokens = set()
    prose = []
    for r in doc["roles"]:
        tokens |= {r["id"], *(h["id"] for h in r["holds"]), *(t["tag"] for t in r["target_skills"])}
        tokens |= {g["ref"] for g in r["signature"]}
        prose += [r["label"], r["note"] or "", *(g["why"] for g in r["signature"])]
    assert _missing(lines, tokens) == []
    assert _split_words(lines, *prose) == []


@pytest.mark.parametrize("width", WIDTHS)
def test_skills_keeps_tags_and_words_whole(width: int) -> None:
    doc = _doc("skills")
    lines = _lines(_run(["skills"], width), width)
    tokens = {s["tag"] for s in doc["skills"]}
    tokens |= {r for s in doc["skills"] for r in s["targeted_by"]}
    assert _missing(lines, tokens) == []
    assert _split_words(lines, *(s["description"] for s in doc["skills"])) == []


@pytest.mark.parametrize("width", WIDTHS)
def test_lint_keeps_ids_and_words_whole(width: int) -> None:
    doc = _doc("lint", *TODAY)
    lines = _lines(_run(["lint", *TODAY], width), width)
    tokens = {w["credential"] or "" for w in doc["warnings"]} | {w["code"] for w in doc["warnings"]}
    assert _missing(lines, tokens) == []
    assert _split_words(lines, *(w["message"] for w in doc["warnings"])) == []


@pytest.mark.parametrize("certificates_only", [False, True])
def test_plan_table_is_never_wider_than_the_screen(certificates_only: bool) -> None:
    """At any width a table is printed only if it fits as printed (rich lays some tables out a few
    columns wider than their least widths add up to); otherwise the steps are stacked."""
    import datetime as dt
    import io

    from rich.console import Console

    from aipath import build_graph, build_request, load_catalog, plan
    from aipath.render.plan_table import plan_table

    cat = load_catalog()
    G = build_graph(cat)
    for role in _roles():
        p = plan(cat, G, build_request(cat, role=role, certificates_only=certificates_only,
                                       today=dt.date(2026, 12, 1)))
        for width in range(90, 131):
            buf = io.StringIO()
            Console(width=width, file=buf, color_system=None).print(plan_table(cat, p, width), crop=False)
            _lines("\n".join(ln.rstrip() for ln in buf.getvalue().splitlines()), width)
