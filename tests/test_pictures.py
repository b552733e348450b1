"""Plan pictures show the path: steps in order, the wiring between them, branches not taken
faint, and colours set for light and dark pages (issue 12)."""

from __future__ import annotations

import datetime as _dt
import re
import shutil
from functools import lru_cache
from pathlib import Path

import pytest

from aipath.catalog import load_catalog
from aipath.exports import (
    catalog_figure,
    credential_figure,
    plan_figure,
    svg,
    to_dot,
    to_mermaid,
)
from aipath.graph import build_graph
from aipath.models import ClassOf, walk
from aipath.planner import build_request, plan

ROOT = Path(__file__).parent.parent
TODAY = "2026-12-01"
HAS_DOT = shutil.which("dot") is not None


@lru_cache(maxsize=None)
def _catalog():
    cat = load_catalog()
    return cat, build_graph(cat)


ROLES = sorted(_catalog()[0].backgrounds)


@lru_cache(maxsize=None)
def a_plan(role: str):
    cat, G = _catalog()
    return cat, plan(cat, G, build_request(cat, role=role, today=_dt.date.fromisoformat(TODAY)))


def key(cid: str) -> str:
    return "c_" + re.sub(r"[^A-Za-z0-9_]", "_", cid)


def mermaid_edges(text: str) -> list[tuple[str, str, str]]:
    """(from, arrow, to) for every link: --> needs, ==> next step, -.-> not taken."""
    return re.findall(r"^\s+(\w+) (-->|==>|-\.->|~~~) (\w+)$", text, re.M)


def mermaid_nodes(text: str) -> dict[str, tuple[str, str]]:
    """node key -> (label text with line breaks as spaces, class)."""
    out = {}
    for k, label, cls in re.findall(r'^\s+(\w+)[\[\(\{>/]+"(.*?)"[\]\)\}/]+:::(\w+)$', text, re.M):
        out[k] = (label.replace("<br/>", " "), cls)
    return out


def reaches(edges: list[tuple[str, str]], a: str, b: str) -> bool:
    succ: dict[str, list[str]] = {}
    for x, y in edges:
        succ.setdefault(x, []).append(y)
    seen, stack = set(), [a]
    while stack:
        n = stack.pop()
        if n == b:
            return True
        if n not in seen:
            seen.add(n)
            stack.extend(succ.get(n, ()))
    return False


def qualifying_held(cat, p, step) -> list[str]:
    """Held credentials the step's entry names, directly or as a member of a class it names."""
    held = [h.id for h in p.holdings]
    named: list[str] = []
    for _path, cond in walk(step.credential.entry):
        if isinstance(cond, ClassOf):
            named += list(cat.members(cond.name))
    named += list(step.credential.prerequisites)
    return [h for h in held if h in named]


@pytest.mark.parametrize("role", ROLES)
class TestPlanWiring:
    def test_steps_are_chained_in_order(self, role: str) -> None:
        """Step k has a 'next step' link to step k + 1 in Mermaid and in DOT."""
        cat, p = a_plan(role)
        fig = plan_figure(cat, p)
        mmd, dot = to_mermaid(fig), to_dot(fig)
        links = mermaid_edges(mmd)
        for a, b in zip(p.steps, p.steps[1:]):
            ka, kb = key(a.credential.id), key(b.credential.id)
            assert (ka, "==>", kb) in links, (a.order, b.order)
            assert re.search(rf"^    {ka} -> {kb} \[color=\"#\w+\", penwidth=[\d.]+, weight=\d+\];$",
                             dot, re.M), (a.order, b.order)

    def test_every_after_relation_is_wired(self, role: str) -> None:
        """Each step a step must follow reaches it through 'needed for' links alone."""
        cat, p = a_plan(role)
        needs = [(a, b) for a, arrow, b in mermaid_edges(to_mermaid(plan_figure(cat, p)))
                 if arrow == "-->"]
        for s in p.steps:
            for before in s.after:
                assert reaches(needs, key(before), key(s.credential.id)), (before, s.credential.id)

    def test_held_credentials_start_the_path_and_wire_to_their_steps(self, role: str) -> None:
        """What you hold is in DOT's first column and reaches each step it qualifies for."""
        cat, p = a_plan(role)
        fig = plan_figure(cat, p)
        dot = to_dot(fig)
        (first,) = re.findall(r"^    \{ rank=min; (.*) \}$", dot, re.M)
        assert [h.id for h in p.holdings] and all(f"{key(h.id)};" in first for h in p.holdings)
        needs = [(a, b) for a, arrow, b in mermaid_edges(to_mermaid(fig)) if arrow == "-->"]
        wired = 0
        for s in p.steps:
            for h in qualifying_held(cat, p, s):
                assert reaches(needs, key(h), key(s.credential.id)), (h, s.credential.id)
                wired += 1
        assert wired or role == "data-scientist"  # the others' steps all build on what they hold

    def test_no_step_feeds_itself_or_an_earlier_step(self, role: str) -> None:
        """'Needed for' links only run forward along the plan (a master's counting as its own
        bachelor's drew a loop)."""
        cat, p = a_plan(role)
        needs = [(a, b) for a, arrow, b in mermaid_edges(to_mermaid(plan_figure(cat, p)))
                 if arrow == "-->"]
        for s in p.steps:
            after_it = {b for a, b in needs if a == key(s.credential.id)}
            for t in p.steps:
                if t.order <= s.order:
                    assert not any(reaches(needs, n, key(t.credential.id)) for n in after_it), \
                        (s.credential.id, t.credential.id)

    def test_branches_not_taken_are_drawn_faint(self, role: str) -> None:
        """Every alternative a step lists is a node of the 'option' class wired by a dotted
        link, and the legend says what faint means."""
        cat, p = a_plan(role)
        mmd = to_mermaid(plan_figure(cat, p))
        nodes = mermaid_nodes(mmd)
        faint = {k for k, (_, cls) in nodes.items() if cls == "option" and not k.startswith("legend")}
        dotted = {a for a, arrow, _ in mermaid_edges(mmd) if arrow == "-.->"}
        for s in p.steps:
            for alt in s.alternatives:
                text = alt.option[:40].replace('"', "#quot;").replace(">", "#gt;").replace("<", "#lt;")
                hits = [k for k in faint if text in nodes[k][0]]
                assert hits, (s.credential.id, alt.option)
                assert any(k in dotted for k in hits), (s.credential.id, alt.option)
        if any(s.alternatives for s in p.steps):
            assert "legend_option" in mmd and "legend_edge_off" in mmd

    def test_step_labels_give_order_id_name_and_months(self, role: str) -> None:
        """Each step says its number, id, name and months, wrapped so long names stay legible."""
        cat, p = a_plan(role)
        fig = plan_figure(cat, p)
        for s in p.steps:
            label, _kind = fig.nodes[key(s.credential.id)]
            first, *rest = label.split("\n")
            assert first == f"{s.order}. {s.credential.id}"
            assert " ".join(rest).startswith(s.credential.name)
            assert f"months {round(s.start_month, 1):g}–{round(s.finish_month, 1):g}" in label
        for label, _ in fig.nodes.values():
            for line in label.split("\n"):
                assert len(line) <= 44, line


@pytest.mark.skipif(not HAS_DOT, reason="Graphviz 'dot' is not installed")
@pytest.mark.parametrize("role", ROLES)
def test_rendered_steps_read_left_to_right(role: str) -> None:
    """In Graphviz's SVG, held credentials sit left of step 1 and step k + 1 right of step k."""
    cat, p = a_plan(role)
    picture = svg(to_dot(plan_figure(cat, p)))
    centre = {}
    for k, body in re.findall(r'<g id="node\d+" class="node">\s*<title>(\w+)</title>(.*?)</g>',
                              picture, re.S):
        xs = [float(x) for x in re.findall(r'<text[^>]* x="(-?[\d.]+)"', body)]
        centre[k] = sum(xs) / len(xs)
    xs = [centre[key(s.credential.id)] for s in p.steps]
    assert xs == sorted(xs) and len(set(xs)) == len(xs), xs
    assert all(centre[key(h.id)] < xs[0] for h in p.holdings)
    # The SVG carries its own light panel: GitHub's dark page never shows behind the text.
    assert re.search(r'<polygon fill="#f6f8fa" stroke="(?:transparent|none)"', picture)


def _mermaid_pictures() -> list[str]:
    cat, _ = _catalog()
    return [to_mermaid(plan_figure(*a_plan(r))) for r in ROLES] + [
        to_mermaid(credential_figure(cat, "ancc-informatics-nursing")),
        to_mermaid(catalog_figure(cat)),
    ]


def _dot_pictures() -> list[str]:
    cat, _ = _catalog()
    return [to_dot(plan_figure(*a_plan(r))) for r in ROLES] + [
        to_dot(credential_figure(cat, "ancc-informatics-nursing")),
        to_dot(catalog_figure(cat)),
    ]


def test_mermaid_sets_text_and_line_colours() -> None:
    """Every class used has a classDef with fill, stroke and text colour; lines have a colour;
    the theme is fixed, so GitHub's dark theme cannot put dark text on the dark page."""
    for text in _mermaid_pictures():
        assert "\n  theme: base\n" in text.split("\nflowchart LR\n")[0]
        used = set(re.findall(r":::(\w+)$", text, re.M))
        defs = dict(re.findall(r"^    classDef (\w+) (.*)$", text, re.M))
        assert used and used <= set(defs), used - set(defs)
        for name, style in defs.items():
            assert re.search(r"(^|,)fill:#[0-9a-f]{6}", style), name
            assert re.search(r",stroke:#[0-9a-f]{6}", style), name
            assert re.search(r",color:#[0-9a-f]{6}", style), name
        if mermaid_edges(text):
            assert re.search(r"^    linkStyle default stroke:#[0-9a-f]{6}", text, re.M)


def test_dot_sets_fill_and_text_colour_for_every_node() -> None:
    """Every DOT node has a fill, a line and a text colour, on a solid background."""
    for text in _dot_pictures():
        assert re.search(r'bgcolor="#[0-9a-f]{6}"', text)
        nodes = re.findall(r"^    (?!(?:legend|graph|node|edge) )\w+ \[label=.*$", text, re.M)
        assert nodes
        for line in nodes:
            for attr in ("fillcolor", "color", "fontcolor"):
                assert re.search(rf'[ ,]{attr}="#[0-9a-f]{{6}}"', line), (attr, line)
            assert "filled" in line, line
        assert re.search(r'^    edge \[color="#[0-9a-f]{6}"', text, re.M)


def test_readme_shows_the_rendered_nurse_plan() -> None:
    """The README embeds docs/plan-nurse.svg, says how it was made, and the file is the nurse
    plan with every step, on its own light panel."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "![" in readme and "](docs/plan-nurse.svg)" in readme
    assert f"aipath plan --role nurse --today {TODAY} -f dot -o docs/plan-nurse.svg" in readme
    picture = (ROOT / "docs" / "plan-nurse.svg").read_text(encoding="utf-8")
    _, p = a_plan("nurse")
    for s in p.steps:
        assert f"<title>{key(s.credential.id)}</title>" in picture
    assert re.search(r'<polygon fill="#f6f8fa" stroke="(?:transparent|none)"', picture)
