"""Pictures and standard exports: Mermaid, DOT, CTDL JSON-LD and terminal trees."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from aipath.catalog import load_catalog
from .test_pictures import reaches
from aipath.cli import app
from aipath.ctdl.conditions import _dnf
from aipath.ctdl.export import ctdl_class
from aipath.ctdl.vocabulary import iso_duration
from aipath.exports import plan_figure, to_dot, to_mermaid
from aipath.graph import build_graph
from aipath.models import All, AnyOf, NOf, Ref
from aipath.planner import build_request, plan

ROLES = ["physician", "nurse", "informaticist", "data-scientist"]
TODAY = "2026-11-24"
HAS_DOT = shutil.which("dot") is not None


def out(runner: CliRunner, *args: str) -> str:
    r = runner.invoke(app, list(args))
    assert r.exit_code == 0, r.stderr
    return r.stdout


def a_plan(role: str):
    cat = load_catalog()
    return cat, plan(cat, build_graph(cat), build_request(cat, role=role))


def entry_edges(cat, p) -> set[tuple[str, str]]:
    """(prerequisite id, step id) for every credential a step's entry mentions."""
    return {(ref, s.credential.id) for s in p.steps for ref in s.credential.prerequisites}


class TestMermaid:
    @pytest.mark.parametrize("role", ROLES)
    def test_every_step_and_prerequisite_edge_is_drawn(self, role: str) -> None:
        """Each step is a node and each prerequisite reaches its step through the drawn edges."""
        cat, p = a_plan(role)
        text = to_mermaid(plan_figure(cat, p))
        assert text.startswith("---\ntitle: ") and "\nflowchart LR\n" in text
        edges = re.findall(r"^\s+(\w+) --> (\w+)$", text, re.M)

        for s in p.steps:
            key = "c_" + s.credential.id.replace("-", "_")
            assert re.search(rf"^\s+{key}[\[\(\{{]", text, re.M), s.credential.id
        for pre, step in entry_edges(cat, p):
            a, b = ("c_" + x.replace("-", "_") for x in (pre, step))
            assert reaches(edges, a, b), (pre, step)
        assert 'subgraph legend["legend"]' in text

    def test_core_goal_and_held_drawn_distinctly(self, runner: CliRunner) -> None:
        """The core degree, the goal and held credentials each get their own class."""
        text = out(runner, "plan", "--role", "nurse", "--goal", "ancc-informatics-nursing",
                   "--format", "mermaid")
        assert ":::core" in text and ":::goal" in text and ":::held" in text
        assert "classDef core" in text and "classDef goal" in text

    def test_labels_are_escaped(self) -> None:
        """Quotes and angle brackets in labels cannot break the Mermaid syntax."""
        from aipath.exports import Figure

        fig = Figure('t "q"')
        fig.node("a", 'say "hi" <b>', "step")
        text = to_mermaid(fig)
        assert '#quot;hi#quot; #lt;b#gt;' in text
        assert 'title: "t \'q\'"' in text


class TestDot:
    @pytest.mark.parametrize("role", ROLES)
    def test_structure(self, role: str) -> None:
        """Every step is a node and every prerequisite edge leads into the step."""
        cat, p = a_plan(role)
        text = to_dot(plan_figure(cat, p))
        assert text.startswith("digraph aipath {") and text.rstrip().endswith("}")
        for s in p.steps:
            assert f'c_{s.credential.id.replace("-", "_")} [label="{s.order}. ' in text
        assert "\n    legend [shape=plain" in text

    @pytest.mark.skipif(not HAS_DOT, reason="Graphviz 'dot' is not installed")
    @pytest.mark.parametrize(
        "args",
        [["plan", "--role", r, "--format", "dot"] for r in ROLES]
        + [["show", "ancc-informatics-nursing", "--format", "dot"], ["export", "--format", "dot"]],
    )
    def test_graphviz_accepts_it(self, runner: CliRunner, args: list[str]) -> None:
        """`dot -Tsvg` renders the output without complaint."""
        proc = subprocess.run(["dot", "-Tsvg"], input=out(runner, *args),
                              capture_output=True, text=True)
        assert proc.returncode == 0, proc.stderr
        assert proc.stderr == ""
        assert "<svg" in proc.stdout

    @pytest.mark.skipif(not HAS_DOT, reason="Graphviz 'dot' is not installed")
    def test_svg_output(self, runner: CliRunner, tmp_path: Path) -> None:
        """--output plan.svg renders through Graphviz."""
        target = tmp_path / "plan.svg"
        r = runner.invoke(app, ["plan", "--role", "physician", "--format", "dot", "--output", str(target)])
        assert r.exit_code == 0, r.stderr
        assert target.read_text().lstrip().startswith(("<?xml", "<svg", "<!DOCTYPE"))

    def test_svg_without_graphviz_says_how_to_get_it(self, runner: CliRunner, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
        """Without dot on PATH, an .svg output is a clear usage error, nothing written."""
        monkeypatch.setattr(shutil, "which", lambda _: None)
        target = tmp_path / "plan.svg"
        r = runner.invoke(app, ["plan", "--role", "nurse", "--format", "dot", "--output", str(target)])
        assert r.exit_code == 2
        assert "apt-get install graphviz" in r.stderr
        assert r.stdout == "" and not target.exists()


class TestCtdl:
    def test_mapping(self) -> None:
        """Types map to ceterms classes; durations to ISO 8601; n_of expands to alternatives."""
        cat = load_catalog()
        assert ctdl_class(cat.by_id["ancc-informatics-nursing"]) == "ceterms:Certification"
        assert ctdl_class(cat.by_id["adn"]) == "ceterms:AssociateDegree"
        assert ctdl_class(cat.by_id["msn-nursing-informatics"]) == "ceterms:MasterDegree"
        assert ctdl_class(cat.by_id["md"]) == "ceterms:ProfessionalDoctorate"
        assert iso_duration(1.5, "years") == "P18M"
        assert iso_duration(20, "hours") == "PT20H"
        assert [leaves for leaves, _ in _dnf(NOf(2, (Ref("a"), Ref("b"), Ref("c"))))] == [
            [Ref("a"), Ref("b")], [Ref("a"), Ref("c")], [Ref("b"), Ref("c")],
        ]
        assert [leaves for leaves, _ in _dnf(All((Ref("a"), AnyOf((Ref("b"), Ref("c"))))))] == [
            [Ref("a"), Ref("b")], [Ref("a"), Ref("c")],
        ]

    def test_plan_is_a_pathway(self, runner: CliRunner) -> None:
        """A plan is a ceterms:Pathway with components, a destination and precededBy links."""
        doc = json.loads(out(runner, "plan", "--role", "nurse", "--no-assume", "--have", "adn",
                             "--goal", "ancc-informatics-nursing", "--format", "ctdl"))
        assert doc["@context"] == "https://credreg.net/ctdl/schema/context/json"
        graph = {n["@id"]: n for n in doc["@graph"]}
        (pathway,) = [n for n in graph.values() if n["@type"] == "ceterms:Pathway"]
        assert "not registry-ready" in pathway["ceterms:description"]["en-US"]
        parts = pathway["ceterms:hasPart"]
        assert parts and all(graph[x]["@type"] == "ceterms:CredentialComponent" for x in parts)
        dest = pathway["ceterms:hasDestinationComponent"][0]
        assert dest.endswith(":ancc-informatics-nursing") and dest in parts
        # The ADN nurse's BSN comes through the RN-to-BSN bridge, which counts as a BSN.
        assert {p.rsplit(":", 1)[1] for p in graph[dest]["ceterms:precededBy"]} >= {"rn-to-bsn"}
        assert all(i.startswith(("urn:aipath:", "_:")) for i in graph)
        assert not any("ceterms:ctid" in n for n in graph.values())

    def test_or_becomes_alternative_condition(self, runner: CliRunner) -> None:
        """msn's BSN-to-MSN or RN-to-MSN routes are a ConditionProfile with alternativeCondition."""
        doc = json.loads(out(runner, "export", "--format", "ctdl"))
        msn = next(n for n in doc["@graph"] if n["@id"] == "urn:aipath:credential:msn")
        (req,) = msn["ceterms:requires"]
        alts = req["ceterms:alternativeCondition"]
        targets = {t for a in alts for t in a.get("ceterms:targetCredential", [])}
        assert {"urn:aipath:credential:rn-licensure", "urn:aipath:credential:adn"} <= targets

    @pytest.mark.parametrize("args", [["plan", "--role", r] for r in ROLES] + [["export"]])
    def test_ctdl_validate_finds_no_error(self, runner: CliRunner, tmp_path: Path,
                                          args: list[str]) -> None:
        """The independent validator ctdl-validate reports zero ERROR findings."""
        pytest.importorskip("ctdl_validate", reason="install ctdl-validate (see README)")
        doc = tmp_path / "doc.json"
        doc.write_text(out(runner, *args, "--format", "ctdl"))
        proc = subprocess.run([sys.executable, "-m", "ctdl_validate", str(doc), "--format", "json"],
                              capture_output=True, text=True)
        report = json.loads(proc.stdout)
        errors = [f for f in report["findings"] if f["severity"] == "ERROR"]
        assert errors == [] and proc.returncode == 0


class TestTrees:
    def test_plan_tree_shows_what_unlocks_what(self, runner: CliRunner) -> None:
        """A step needing an earlier step is drawn beneath it."""
        text = out(runner, "plan", "--role", "nurse", "--no-assume", "--have", "adn",
                   "--goal", "ancc-informatics-nursing", "--format", "tree", "--today", TODAY)
        lines = text.splitlines()
        assert lines[0].startswith("nurse, holding adn")

        def depth(cid: str) -> int:
            line = next(ln for ln in lines if f". {cid} " in ln)
            return len(line) - len(line.lstrip("│├└─ "))

        assert depth("ancc-informatics-nursing") > depth("rn-licensure")
        assert depth("ancc-informatics-nursing") > depth("rn-to-bsn")
        assert re.search(r"\(after [^)]*rn-to-bsn", text)

    def test_show_tree(self, runner: CliRunner) -> None:
        """show draws 'all of' / 'one of' groups."""
        text = out(runner, "show", "msn")
        assert "one of" in text and "all of" in text and "adn" in text

    @pytest.mark.parametrize(
        ("args", "check"),
        [
            (["plan", "--role", "nurse", "--format", "mermaid"], "flowchart LR"),
            (["plan", "--role", "nurse", "--format", "ctdl"], "ceterms:Pathway"),
            (["plan", "--role", "nurse", "--format", "tree"], "holding"),
            (["show", "bsn", "--format", "mermaid"], "flowchart LR"),
            (["export", "--format", "dot"], "digraph"),
            (["export", "--format", "mermaid"], "flowchart LR"),
        ],
    )
    def test_output_file_for_every_format(self, runner: CliRunner, tmp_path: Path,
                                          args: list[str], check: str) -> None:
        """--output writes any format to a file and nothing to stdout."""
        target = tmp_path / "out"  # no extension: any format may go there
        r = runner.invoke(app, [*args, "--output", str(target)])
        assert r.exit_code == 0, r.stderr
        assert r.stdout == ""
        assert check in target.read_text()
