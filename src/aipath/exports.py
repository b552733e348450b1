"""Pictures and standard data: Mermaid, Graphviz DOT and CTDL-shaped JSON-LD. Stdlib only.

A plan, one credential or the whole catalogue is first turned into a small :class:`Figure`
(nodes and edges with a kind), which the Mermaid and DOT writers then serialise; the CTDL
writer maps credentials to ``ceterms:`` classes (research/anchors.md §1.A1).
"""

from __future__ import annotations

import itertools
import re
import textwrap
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ._text import terminal
from .errors import OutputError
from .models import (
    All,
    AnyOf,
    ClassOf,
    Catalog,
    Condition,
    Credential,
    Duration,
    Experience,
    NOf,
    Ref,
    Text,
    condition_refs,
    experience_words,
    is_open,
)

if TYPE_CHECKING:
    from .planner import Plan

__all__ = [
    "CTDL_CONTEXT",
    "CTDL_NOTICE",
    "Figure",
    "catalog_figure",
    "catalog_ctdl",
    "credential_figure",
    "plan_ctdl",
    "plan_figure",
    "svg",
    "to_dot",
    "to_mermaid",
]

# --- figure model -----------------------------------------------------------------------------

# Node kinds: held, step, core, goal, credential (context), option (an OR branch not taken),
# all, any, n_of (condition groups), check (a rule a person must check).
KINDS = ("held", "step", "core", "goal", "credential", "option", "all", "any", "n_of", "check")

# Edge kinds: a prerequisite feeding what needs it, the plan's order (step k to step k + 1),
# and a branch the plan does not take.
EDGE_KINDS = ("needs", "next", "off")

LABEL_WIDTH = 32  # characters a label line wraps at: long names stay legible in wide plans


@dataclass
class Figure:
    """Nodes (id -> (label, kind)) and edges (from, to), in insertion order.

    ``faint`` marks nodes on a branch the plan does not take (drawn faint, shape kept);
    ``edge_kinds`` gives an edge a kind other than "needs"; ``chain`` is the plan's steps in
    order (the picture's main axis) and ``start`` what is drawn before them (held credentials).
    """

    title: str
    nodes: dict[str, tuple[str, str]] = field(default_factory=dict)
    edges: list[tuple[str, str]] = field(default_factory=list)
    faint: dict[str, bool] = field(default_factory=dict)
    edge_kinds: dict[tuple[str, str], str] = field(default_factory=dict)
    chain: list[str] = field(default_factory=list)
    start: list[str] = field(default_factory=list)
    _seen: set[tuple[str, str]] = field(default_factory=set, repr=False)

    def node(self, key: str, label: str, kind: str, faint: bool = False) -> str:
        if key not in self.nodes:
            self.nodes[key] = (label, kind)
            if faint:
                self.faint[key] = True
        elif not faint:
            self.faint.pop(key, None)  # also reached on a branch taken: drawn in full
        return key

    def edge(self, a: str, b: str, kind: str = "needs") -> None:
        # A set beside the list: membership in the list made big exports quadratic.
        if (a, b) not in self._seen:
            self._seen.add((a, b))
            self.edges.append((a, b))
            if kind != "needs":
                self.edge_kinds[(a, b)] = kind
        elif kind == "needs":
            self.edge_kinds.pop((a, b), None)

    def edge_kind(self, a: str, b: str) -> str:
        return self.edge_kinds.get((a, b), "needs")

    def kinds(self) -> list[str]:
        """The node kinds used, in legend order ("option" when anything is drawn faint)."""
        present = {kind for _, kind in self.nodes.values()}
        if self.faint:
            present.add("option")
        return [k for k in KINDS if k in present]

    def used_edge_kinds(self) -> list[str]:
        present = {"needs"} if len(self.edge_kinds) < len(self.edges) else set()
        present.update(self.edge_kinds.values())
        return [k for k in EDGE_KINDS if k in present]


def _cred_key(cid: str) -> str:
    return "c_" + re.sub(r"[^A-Za-z0-9_]", "_", cid)


def _wrap(text: str, width: int = LABEL_WIDTH) -> str:
    return "\n".join(textwrap.wrap(text, width, break_on_hyphens=False) or [""])


def _said(cond: Condition, catalog: Catalog) -> str:
    """A branch as the planner names it in a step's alternatives: its label, else in words."""
    if cond.label:
        return cond.label
    if isinstance(cond, Ref):
        return cond.id
    if isinstance(cond, Text):
        return cond.text
    if isinstance(cond, Experience):
        return experience_words(cond)
    if isinstance(cond, ClassOf):
        cls = catalog.classes.get(cond.name)
        return cls.label if cls is not None else f"{cond.name} (or what counts as it)"
    parts = [_said(i, catalog) for i in cond.items]
    if isinstance(cond, All):
        return " and ".join(parts)
    if isinstance(cond, AnyOf):
        return " or ".join(parts)
    assert isinstance(cond, NOf)
    return f"{cond.n} of: " + "; ".join(parts)


def _named(word: str, cond: Condition) -> str:
    return f"{word}: {cond.label}" if cond.label else word


def _clip(text: str, most: int = 90) -> str:
    return text if len(text) <= most else text[: most - 1].rstrip() + "…"


def _add_entry(
    fig: Figure, cond: Condition, owner: str, path: str, cred_node: Any,
    catalog: Catalog, keep: Any = None, off: Any = None,
) -> str:
    """Add a condition's nodes; return the node key that feeds ``owner``.

    A class (or an id that others count as) becomes a "one of" node over its members;
    ``keep(id)`` says how a member is drawn: "needs", "off" (faint) or None (left out; all
    are drawn when ``keep`` is None). ``off(cond)`` gives why a branch is not taken (None
    when it is): such a branch is one faint node that names it, since its whole tree would
    crowd out the path taken.
    """
    key = f"g_{_cred_key(owner)[2:]}_{path}"
    why = off(cond) if off is not None else None
    if why:
        if isinstance(cond, Ref):
            return cred_node(cond.id, True)
        kind = ("all" if isinstance(cond, All) else "n_of" if isinstance(cond, NOf)
                else "check" if isinstance(cond, (Text, Experience)) else "any")
        word = {"all": "all of", "any": "one of", "check": "check",
                "n_of": f"{getattr(cond, 'n', 0)} of {len(getattr(cond, 'items', ()))}"}[kind]
        label = _wrap(f"{word}: {_clip(_said(cond, catalog))}") + "\n" + _wrap(f"not taken: {why}")
        return fig.node(key, label, kind, faint=True)
    if isinstance(cond, (Ref, ClassOf)):
        name = cond.id if isinstance(cond, Ref) else cond.name
        members = [(m, "needs" if keep is None else keep(m)) for m in catalog.members(name)]
        members = [(m, k) for m, k in members if k]
        if isinstance(cond, Ref) and not members:
            return cred_node(cond.id)
        label = (
            f"one of: {cond.label or catalog.classes[name].label}" if isinstance(cond, ClassOf)
            else f"{name} or what counts as it"
        )
        fig.node(key, _wrap(label), "any")
        if isinstance(cond, Ref):
            fig.edge(cred_node(cond.id), key)
        for m, how in members:
            fig.edge(cred_node(m, how == "off"), key, how)
        return key
    if isinstance(cond, Text):
        kind = "must already hold" if cond.must_hold else "check"
        return fig.node(key, _wrap(f"{kind}: {cond.text}"), "check")
    if isinstance(cond, Experience):
        return fig.node(key, _wrap(f"check: {experience_words(cond)}"), "check")
    if isinstance(cond, All):
        fig.node(key, _wrap(_named("all of", cond)), "all")
    elif isinstance(cond, AnyOf):
        fig.node(key, _wrap(_named("one of", cond)), "any")
    else:
        assert isinstance(cond, NOf)
        fig.node(key, _wrap(_named(f"{cond.n} of {len(cond.items)}", cond)), "n_of")
    for i, item in enumerate(cond.items):
        child = _add_entry(fig, item, owner, f"{path}_{i}", cred_node, catalog, keep, off)
        # A branch not taken is faint even where its node is not (a held credential, say).
        dim = fig.faint.get(child) or (off is not None and off(item))
        fig.edge(child, key, "off" if dim else "needs")
    return key


def _months(x: float) -> str:
    return f"{round(x, 1):g}"


def plan_figure(catalog: Catalog, plan: Plan) -> Figure:
    """The plan as a path: held credentials first, then the steps in order (each wired to the
    prerequisites and entry groups it needs), and the branches not taken drawn faint."""
    held = [h.id for h in plan.holdings]  # in the plan's order: a set would follow the hash seed
    steps = {s.credential.id: s for s in plan.steps}
    fig = Figure(f"aipath plan for {plan.request.role.id}")

    def cred_node(cid: str, faint: bool = False) -> str:
        name = _wrap(catalog.by_id[cid].name)
        if cid in steps:
            s = steps[cid]
            kind = (
                "goal" if cid == plan.request.goal
                else "core" if s.part == "core-degree" else "step"
            )
            when = f"months {_months(s.start_month)}–{_months(s.finish_month)}"
            if s.wait_months > 0:
                when += f"\n(after {_months(s.wait_months)} months' experience)"
            return fig.node(_cred_key(cid), f"{s.order}. {cid}\n{name}\n{when}", kind)
        if cid in held:
            if cid == plan.core:
                return fig.node(_cred_key(cid), f"core degree, held: {cid}\n{name}", "core")
            return fig.node(_cred_key(cid), f"held: {cid}\n{name}", "held")
        return fig.node(_cred_key(cid), f"{cid}\n{name}\n(not taken)", "option", faint=True)

    fig.start = [cred_node(h) for h in held]
    for s in plan.steps:
        cid = s.credential.id
        node = cred_node(cid)
        fig.chain.append(node)
        reasons = {a.option: a.reason for a in s.alternatives}
        drawn: set[str] = set()

        def keep(m: str, s: Any = s, reasons: dict[str, str] = reasons, drawn: set[str] = drawn) -> str | None:
            # Only what can feed this step: held, or a step before it; a later step (or the
            # step itself, when it counts as its own prerequisite) would draw a loop.
            if m in reasons:
                drawn.add(m)
                return "off"
            if m in held or m in s.after:
                return "needs"
            if m in steps and steps[m].order < s.order:
                return "off"  # counts too, but the plan meets this without it
            return None

        def off(cond: Condition, reasons: dict[str, str] = reasons, drawn: set[str] = drawn) -> str | None:
            said = _said(cond, catalog)
            if said in reasons:
                drawn.add(said)
                return reasons[said]
            if not is_open(cond, plan.request.today):
                return f"closed after {cond.open_until}" if cond.open_until else "not open yet"
            return None

        if s.credential.entry is not None:
            fig.edge(_add_entry(fig, s.credential.entry, cid, "e", cred_node, catalog, keep, off), node)
        # Alternatives not found in the entry (another core degree, say): beside the step.
        for i, a in enumerate(s.alternatives):
            if a.option in drawn:
                continue
            label = (f"{a.option}\n{_wrap(catalog.by_id[a.option].name)}" if a.option in catalog.by_id
                     else _wrap(a.option))
            alt = fig.node(f"a_{_cred_key(cid)[2:]}_{i}", f"{label}\n{_wrap('not taken: ' + a.reason)}",
                           "option", faint=True)
            fig.edge(alt, node, "off")
    for a, b in zip(fig.chain, fig.chain[1:]):
        fig.edge(a, b, "next")
    return fig


def credential_figure(catalog: Catalog, cid: str) -> Figure:
    """One credential, its entry tree and what it unlocks."""
    fig = Figure(f"aipath: {cid}")
    c = catalog.by_id[cid]

    def cred_node(ref: str, faint: bool = False) -> str:
        return fig.node(_cred_key(ref), f"{ref}\n{_wrap(catalog.by_id[ref].name)}", "credential")

    fig.node(_cred_key(cid), f"{cid}\n{_wrap(c.name)}", "goal")
    if c.entry is not None:
        fig.edge(_add_entry(fig, c.entry, cid, "e", cred_node, catalog), _cred_key(cid))
    for u in catalog.unlocks(cid):
        fig.edge(_cred_key(cid), cred_node(u))
    return fig


def catalog_figure(catalog: Catalog) -> Figure:
    """Every credential and every entry group of the catalogue."""
    fig = Figure("aipath catalogue")

    def cred_node(ref: str, faint: bool = False) -> str:
        return fig.node(_cred_key(ref), ref, "credential")

    for c in catalog.credentials:
        node = cred_node(c.id)
        if c.entry is not None:
            # Class members are not wired here: every rule naming "a bachelor's" would draw
            # an edge from every bachelor's and master's, which no layout can read.
            fig.edge(_add_entry(fig, c.entry, c.id, "e", cred_node, catalog, lambda m: None), node)
    return fig


# --- colours ---------------------------------------------------------------------------------

# Light fills with near-black text inside every box, so a node reads whatever is behind the
# picture; lines and the text outside boxes in a mid grey that reads on white and on
# GitHub's dark #0d1117 alike. Per kind: (fill, stroke, text).
_PALETTE = {
    "held": ("#eaeef2", "#6e7781", "#1f2328"),
    "step": ("#ddf4ff", "#0969da", "#0a3069"),
    "core": ("#fff8c5", "#9a6700", "#3b2300"),
    "goal": ("#dafbe1", "#1a7f37", "#002d11"),
    "credential": ("#ffffff", "#57606a", "#1f2328"),
    "option": ("#f6f8fa", "#8c959f", "#57606a"),
    "all": ("#ffffff", "#57606a", "#1f2328"),
    "any": ("#ffebe9", "#cf222e", "#4c0009"),
    "n_of": ("#fbefff", "#8250df", "#2e1461"),
    "check": ("#fff1e5", "#bc4c00", "#3d1300"),
}
_LINE = "#8c959f"  # mid grey: visible on white and on #0d1117
_NEXT = "#4493f8"  # the plan's order: a mid blue, visible on both
_OFF = "#8c959f"
_BACKGROUND = "#f6f8fa"  # DOT: a solid light panel, so no text ever sits on a dark page
_EDGE_LEGEND = {"needs": "needed for", "next": "next step", "off": "not taken"}


# --- Mermaid --------------------------------------------------------------------------------

_MERMAID_SHAPE = {
    "held": ('(["', '"])'),
    "step": ('["', '"]'),
    "core": ('[["', '"]]'),
    "goal": ('{{"', '"}}'),
    "credential": ('["', '"]'),
    "option": ('["', '"]'),
    "all": ('(("', '"))'),
    # Rounded boxes, not diamonds, for groups: a diamond grows with the square of its text.
    "any": ('("', '")'),
    "n_of": ('>"', '"]'),
    "check": ('[/"', '"/]'),
}
_MERMAID_WIDTH = {"core": "stroke-width:3px", "goal": "stroke-width:3px", "option": "stroke-dasharray: 4 3"}
_MERMAID_ARROW = {"needs": "-->", "next": "==>", "off": "-.->"}
_MERMAID_LINK = {
    "needs": f"stroke:{_LINE},stroke-width:1.5px",
    "next": f"stroke:{_NEXT},stroke-width:3px",
    "off": f"stroke:{_OFF},stroke-width:1px,stroke-dasharray: 4 4",
}
# Theme "base" with these variables draws the same picture whichever theme the page uses;
# GitHub's dark theme otherwise draws dark text on the dark page.
_MERMAID_THEME = {
    "background": "transparent",
    "primaryColor": "#ffffff",
    "primaryTextColor": "#1f2328",
    "primaryBorderColor": "#57606a",
    "lineColor": _LINE,
    "textColor": _LINE,
    "titleColor": _LINE,
    "edgeLabelBackground": _BACKGROUND,
    "clusterBkg": _BACKGROUND,
    "clusterBorder": _LINE,
}
_LEGEND = {
    "held": "held",
    "step": "planned step",
    "core": "core degree",
    "goal": "goal",
    "credential": "credential",
    "option": "branch not taken",
    "all": "all of",
    "any": "one of",
    "n_of": "N of",
    "check": "check by hand",
}
_MERMAID_EDGE_LEGEND = {"needs": "──▶ needed for", "next": "━━▶ next step", "off": "┄┄▶ not taken"}
_MERMAID_EDGE_CLASS = {  # the legend's line entries, boxed in the line's own stroke
    "needs": f"fill:#ffffff,stroke:{_LINE},color:#1f2328",
    "next": f"fill:#ffffff,stroke:{_NEXT},color:#0a3069,stroke-width:3px",
    "off": f"fill:#ffffff,stroke:{_OFF},color:#57606a,stroke-dasharray: 4 4",
}


def _mermaid_style(kind: str) -> str:
    fill, stroke, text = _PALETTE[kind]
    extra = _MERMAID_WIDTH.get(kind)
    return f"fill:{fill},stroke:{stroke},color:{text}" + (f",{extra}" if extra else "")


def _mermaid_text(label: str) -> str:
    label = terminal(label, newlines=True)
    for raw, entity in (('"', "#quot;"), ("<", "#lt;"), (">", "#gt;")):
        label = label.replace(raw, entity)
    return label.replace("\n", "<br/>")


def to_mermaid(fig: Figure) -> str:
    """A Mermaid ``flowchart`` (renders on GitHub, light or dark), with a legend of the kinds used."""
    title = terminal(fig.title).replace('"', "'")
    lines = ["---", f'title: "{title}"', "config:", "  theme: base", "  themeVariables:"]
    lines += [f'    {k}: "{v}"' for k, v in _MERMAID_THEME.items()]
    lines += ["  flowchart:", f"    wrappingWidth: {LABEL_WIDTH * 9}"]  # our own wrap decides
    lines += ["---", "flowchart LR"]
    for key, (label, kind) in fig.nodes.items():
        a, b = _MERMAID_SHAPE[kind]
        if kind == "all" and "\n" in label:
            a, b = '("', '")'  # a circle only for a bare "all of": it grows with its text
        cls = "option" if fig.faint.get(key) else kind
        lines.append(f"    {key}{a}{_mermaid_text(label)}{b}:::{cls}")
    by_kind: dict[str, list[str]] = {k: [] for k in EDGE_KINDS}
    for i, (a, b) in enumerate(fig.edges):
        kind = fig.edge_kind(a, b)
        by_kind[kind].append(str(i))
        lines.append(f"    {a} {_MERMAID_ARROW[kind]} {b}")
    used = fig.kinds()
    lines.append('    subgraph legend["legend"]')
    lines.append("        direction TB")
    for k in used:
        a, b = _MERMAID_SHAPE[k]
        lines.append(f"        legend_{k}{a}{_LEGEND[k]}{b}:::{k}")
    edge_kinds = fig.used_edge_kinds()
    for k in edge_kinds:
        lines.append(f'        legend_edge_{k}["{_MERMAID_EDGE_LEGEND[k]}"]:::edge_{k}')
    lines.append("    end")
    hidden = None
    if fig.chain:
        # After the last step, where no line of the plan runs through it.
        lines.append(f"    {fig.chain[-1]} ~~~ legend")
        hidden = len(fig.edges)
    for k in used:
        lines.append(f"    classDef {k} {_mermaid_style(k)}")
    for k in edge_kinds:
        lines.append(f"    classDef edge_{k} {_MERMAID_EDGE_CLASS[k]}")
    lines.append(f"    style legend fill:{_BACKGROUND},stroke:{_LINE},color:#1f2328")
    if fig.edges:
        lines.append(f"    linkStyle default {_MERMAID_LINK['needs']}")
    for k in ("next", "off"):
        if by_kind[k]:
            lines.append(f"    linkStyle {','.join(by_kind[k])} {_MERMAID_LINK[k]}")
    if hidden is not None:
        lines.append(f"    linkStyle {hidden} stroke-width:0px")  # "default" would draw it
    return "\n".join(lines) + "\n"


# --- DOT -------------------------------------------------------------------------------------

_DOT_SHAPE = {
    "held": 'shape=box, style="rounded,filled"',
    "step": 'shape=box, style="rounded,filled"',
    "core": 'shape=box, style="rounded,filled,bold", peripheries=2',
    "goal": 'shape=box, style="rounded,filled,bold", penwidth=3',
    "credential": 'shape=box, style="rounded,filled"',
    "option": 'shape=box, style="rounded,filled,dashed"',
    "all": 'shape=ellipse, style=filled, fontsize=10',
    "any": 'shape=diamond, style=filled, fontsize=10',
    "n_of": 'shape=hexagon, style=filled, fontsize=10',
    "check": 'shape=note, style=filled, fontsize=10',
}
_DOT_EDGE = {
    "needs": "",
    # Heavy weight keeps the steps on one line in order; the blue reads on light and dark.
    "next": f' [color="{_NEXT}", penwidth=2.5, weight=20]',
    "off": f' [color="{_OFF}", style=dashed, arrowhead=empty]',
}


def _dot_text(label: str) -> str:
    return terminal(label, newlines=True).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


def _dot_node(kind: str, faint: bool) -> str:
    shape = _DOT_SHAPE[kind]
    fill, stroke, text = _PALETTE["option" if faint else kind]
    if faint and "dashed" not in shape:
        shape = shape.replace('style="', 'style="dashed,').replace("style=filled", 'style="filled,dashed"')
    return f'{shape}, fillcolor="{fill}", color="{stroke}", fontcolor="{text}"'


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _dot_legend(fig: Figure) -> str:
    """One table node: every kind in its own colours, and the three kinds of line."""
    rows = ['<tr><td border="0"><font color="#1f2328"><b>legend</b></font></td></tr>']
    for k in fig.kinds():
        fill, stroke, text = _PALETTE[k]
        rows.append(f'<tr><td bgcolor="{fill}" color="{stroke}">'
                    f'<font color="{text}">{_html(_LEGEND[k])}</font></td></tr>')
    arrows = {"needs": ("──▶", _LINE), "next": ("━━▶", _NEXT), "off": ("┄┄▷", _OFF)}
    for k in fig.used_edge_kinds():
        glyph, colour = arrows[k]
        rows.append(f'<tr><td border="0" align="left"><font color="{colour}">{glyph}</font>'
                    f' <font color="#1f2328">{_EDGE_LEGEND[k]}</font></td></tr>')
    table = ('<table border="1" cellborder="1" cellspacing="3" cellpadding="4" '
             f'bgcolor="#ffffff" color="{_LINE}">' + "".join(rows) + "</table>")
    return f"    legend [shape=plain, fontsize=10, label=<{table}>];"


def to_dot(fig: Figure) -> str:
    """A Graphviz digraph (``dot -Tsvg`` renders it), read left to right in the plan's order.

    The background is a solid light panel: the boxes' dark text and the grey lines then read
    the same on a light page and on a dark one (a transparent SVG on GitHub's dark theme
    would put the title and legend in black on near-black).
    """
    lines = [
        "digraph aipath {",
        f'    graph [label="{_dot_text(fig.title)}", labelloc=t, fontname="Helvetica", fontsize=16,'
        f' fontcolor="#1f2328", rankdir=LR, bgcolor="{_BACKGROUND}", pad=0.3, nodesep=0.25,'
        " ranksep=0.4, newrank=true];",
        '    node [fontname="Helvetica", fontsize=11, penwidth=1.2];',
        f'    edge [color="{_LINE}", penwidth=1.2, arrowsize=0.8];',
    ]
    chain = set(fig.chain)
    for key, (label, kind) in fig.nodes.items():
        group = ', group="steps"' if key in chain else ""
        lines.append(f'    {key} [label="{_dot_text(label)}", {_dot_node(kind, bool(fig.faint.get(key)))}{group}];')
    for a, b in fig.edges:
        lines.append(f"    {a} -> {b}{_DOT_EDGE[fig.edge_kind(a, b)]};")
    lines.append(_dot_legend(fig))
    # What you hold, and the legend, in the first column: the path starts there.
    lines.append("    { rank=min; " + " ".join(f"{k};" for k in [*fig.start, "legend"]) + " }")
    lines.append("}")
    return "\n".join(lines) + "\n"


DOT_TIMEOUT_S = 30


def svg(dot_text: str) -> str:
    """Render DOT to SVG text with Graphviz's ``dot``; OutputError (exit 2) when it cannot."""
    import shutil
    import subprocess

    exe = shutil.which("dot")
    if exe is None:
        raise OutputError(
            "writing SVG needs Graphviz's 'dot' on PATH (Debian/Ubuntu: apt-get install graphviz; "
            "macOS: brew install graphviz); or write --format dot and render it elsewhere"
        )
    try:
        proc = subprocess.run([exe, "-Tsvg"], input=dot_text, capture_output=True, text=True,
                              timeout=DOT_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        raise OutputError(f"Graphviz 'dot' did not finish within {DOT_TIMEOUT_S} s; "
                          "write --format dot and render it elsewhere") from None
    except OSError as exc:
        raise OutputError(f"cannot run Graphviz 'dot': {exc.strerror or exc}") from None
    if proc.returncode != 0:
        first = (proc.stderr.strip().splitlines() or ["no message"])[0]
        raise OutputError(f"Graphviz 'dot' failed (exit {proc.returncode}): {first}")
    return proc.stdout


# --- CTDL ------------------------------------------------------------------------------------

CTDL_CONTEXT = "https://credreg.net/ctdl/schema/context/json"
CTDL_NOTICE = (
    "CTDL-shaped, not registry-ready: exported by aipath with urn:aipath: and blank-node ids, "
    "no CTIDs; facts as checked on the dates in the aipath catalogue."
)
_STATUS = {
    "active": "credentialStat:Active",
    "new": "credentialStat:Active",
    "unclear": "credentialStat:Active",
    "renamed": "credentialStat:Active",
    "retiring": "credentialStat:Deprecated",
    "retired": "credentialStat:Ceased",
    "archived": "credentialStat:Ceased",
}


def _lang(text: str) -> dict[str, str]:
    return {"en-US": text}


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "unknown"


def ctdl_class(c: Credential) -> str:
    """The ``ceterms:`` class of a credential (anchors.md §1.A1 mapping)."""
    if c.type == "degree":
        name = c.name.lower()
        if "associate" in name:
            return "ceterms:AssociateDegree"
        if "bachelor" in name or c.level == "undergraduate":
            return "ceterms:BachelorDegree"
        if "phd" in name or "ph.d" in name:
            return "ceterms:ResearchDoctorate"
        if "doctor" in name:
            return "ceterms:ProfessionalDoctorate"
        return "ceterms:MasterDegree"
    return {
        "licensure": "ceterms:License",
        "board-certification": "ceterms:Certification",
        "academic-certificate": "ceterms:AcademicCertificate",
        "professional-certificate": "ceterms:ProfessionalCertificate",
        "micro-credential": "ceterms:MicroCredential",
        "executive-education": "ceterms:CertificateOfCompletion",
        "fellowship": "ceterms:Certificate",
    }[c.type]


def _iso_duration(value: float, unit: str) -> str:
    """ISO 8601: whole numbers in the largest unit that keeps them whole (1.5 years -> P18M)."""
    if unit == "hours":
        return f"PT{value:g}H"
    if unit == "years" and not float(value).is_integer():
        value, unit = value * 12, "months"
    if unit == "months" and not float(value).is_integer():
        value, unit = round(value * 30.44), "days"
    if unit == "weeks" and not float(value).is_integer():
        value, unit = round(value * 7), "days"
    letter = {"years": "Y", "months": "M", "weeks": "W", "days": "D"}[unit]
    return f"P{int(round(value))}{letter}"


def _duration_profile(d: Duration) -> dict[str, Any]:
    prof: dict[str, Any] = {"@type": "ceterms:DurationProfile"}
    if d.min == d.max:
        prof["ceterms:exactDuration"] = _iso_duration(d.min, d.unit)
    else:
        prof["ceterms:minimumDuration"] = _iso_duration(d.min, d.unit)
        prof["ceterms:maximumDuration"] = _iso_duration(d.max, d.unit)
    text = f"{d.min:g}" + (f"-{d.max:g}" if d.max != d.min else "") + f" {d.unit}"
    if d.unit == "hours":
        text += " of effort"
    prof["ceterms:description"] = _lang(text + (f"; {d.note}" if d.note else ""))
    return prof


def _cost_profiles(c: Credential) -> list[dict[str, Any]]:
    k = c.cost
    assert k is not None
    span = f"USD {k.usd_min:,.0f}" + (f"-{k.usd_max:,.0f}" if k.usd_max != k.usd_min else "")
    detail = "; ".join(x for x in (k.basis, f"as of {k.year}" if k.year else None) if x)
    profiles = []
    for price, which in ((k.usd_min, "lowest"), (k.usd_max, "highest")):
        prof: dict[str, Any] = {
            "@type": "ceterms:CostProfile",
            "ceterms:price": price,
            "ceterms:currency": "USD",
            "ceterms:description": _lang(
                f"{span}" + (f" ({which} figure)" if k.usd_max != k.usd_min else "")
                + (f"; {detail}" if detail else "")
                + ("; approximate" if k.approximate else "")
            ),
        }
        source = next((e.url for e in c.evidence if e.url), None)
        if source:
            prof["ceterms:costDetails"] = source
        profiles.append(prof)
        if k.usd_max == k.usd_min:
            break
    return profiles


def _dnf(cond: Condition) -> list[list[Condition]]:
    """The condition as alternatives of leaf conjunctions (n_of expands to its combinations)."""
    if isinstance(cond, (Ref, ClassOf, Text, Experience)):
        return [[cond]]
    if isinstance(cond, All):
        out: list[list[Condition]] = [[]]
        for item in cond.items:
            out = [a + b for a in out for b in _dnf(item)]
        return out
    if isinstance(cond, AnyOf):
        return [clause for item in cond.items for clause in _dnf(item)]
    assert isinstance(cond, NOf)
    return [
        clause
        for combo in itertools.combinations(cond.items, cond.n)
        for clause in _dnf(All(tuple(combo)))
    ]


def _describe(cond: Condition) -> str:
    if isinstance(cond, Ref):
        return cond.id
    if isinstance(cond, ClassOf):
        return f"any {cond.name}"
    if isinstance(cond, Text):
        return cond.text
    if isinstance(cond, Experience):
        return experience_words(cond)
    parts = [_describe(i) for i in cond.items]  # type: ignore[union-attr]
    if isinstance(cond, All):
        return "all of (" + "; ".join(parts) + ")"
    if isinstance(cond, AnyOf):
        return "one of (" + "; ".join(parts) + ")"
    return f"{cond.n} of (" + "; ".join(parts) + ")"  # type: ignore[union-attr]


def _clause_profile(clause: list[Condition], cred_id: Any) -> dict[str, Any]:
    prof: dict[str, Any] = {"@type": "ceterms:ConditionProfile"}
    refs = [x.id for x in clause if isinstance(x, Ref)]
    texts = [x.text for x in clause if isinstance(x, Text)] + [
        f"any credential that counts as {x.name}" for x in clause if isinstance(x, ClassOf)
    ]
    exps = [x for x in clause if isinstance(x, Experience)]
    prof["ceterms:description"] = _lang(
        "All of: " + "; ".join([*refs, *texts, *(experience_words(e) for e in exps)])
    )
    if refs:
        prof["ceterms:targetCredential"] = [cred_id(r) for r in refs]
    if texts:
        prof["ceterms:condition"] = {"en-US": texts}
    if exps:
        # CTDL counts experience in years; a rule in hours is stated in words only.
        years = [e.years for e in exps if e.years is not None]
        if years:
            prof["ceterms:yearsOfExperience"] = max(years)
        prof["ceterms:experience"] = _lang("; ".join(experience_words(e) for e in exps))
    return prof


# Up to this many alternatives a condition is listed as its alternatives (DNF); beyond it, the
# expansion would be exponential (all-of-any, n_of), so the tree is kept as it is.
DNF_LIMIT = 64


def _dnf_size(cond: Condition, limit: int = DNF_LIMIT) -> int:
    """How many clauses :func:`_dnf` would give, counted without expanding (capped at limit + 1)."""
    cap = limit + 1
    if isinstance(cond, (Ref, ClassOf, Text, Experience)):
        return 1
    sizes = [_dnf_size(item, limit) for item in cond.items]
    if isinstance(cond, AnyOf):
        return min(cap, sum(sizes))
    if isinstance(cond, All):
        out = 1
        for n in sizes:
            out = min(cap, out * n)
        return out
    assert isinstance(cond, NOf)
    # Elementary symmetric sum: ways[j] = clauses from choosing j of the items seen so far.
    ways = [1] + [0] * cond.n
    for n in sizes:
        for j in range(cond.n, 0, -1):
            ways[j] = min(cap, ways[j] + ways[j - 1] * n)
    return ways[cond.n]


def _requires(cond: Condition, cred_id: Any) -> list[dict[str, Any]]:
    """``ceterms:requires``: every profile listed must be met, so a big all-of is split."""
    if isinstance(cond, All) and _dnf_size(cond) > DNF_LIMIT:
        return [p for item in cond.items for p in _requires(item, cred_id)]
    return [_condition_profile(cond, cred_id)]


def _condition_profile(cond: Condition, cred_id: Any) -> dict[str, Any]:
    if _dnf_size(cond) > DNF_LIMIT:
        if isinstance(cond, AnyOf):
            return {
                "@type": "ceterms:ConditionProfile",
                "ceterms:description": _lang(f"One of these {len(cond.items)} alternatives"),
                "ceterms:alternativeCondition": [_condition_profile(c, cred_id) for c in cond.items],
            }
        # CTDL cannot nest an all-of inside an alternative, nor say "n of": the rule in words.
        prof: dict[str, Any] = {"@type": "ceterms:ConditionProfile",
                                "ceterms:description": _lang("Rule: " + _describe(cond))}
        refs = list(dict.fromkeys(condition_refs(cond)))
        if refs:
            prof["ceterms:targetCredential"] = [cred_id(r) for r in refs]
        return prof
    clauses = _dnf(cond)
    if len(clauses) == 1:
        return _clause_profile(clauses[0], cred_id)
    return {
        "@type": "ceterms:ConditionProfile",
        "ceterms:description": _lang("One of the alternatives: " + _describe(cond)),
        "ceterms:alternativeCondition": [_clause_profile(c, cred_id) for c in clauses],
    }


def _cred_uri(cid: str) -> str:
    return f"urn:aipath:credential:{cid}"


def _credential_node(c: Credential) -> dict[str, Any]:
    node: dict[str, Any] = {
        "@id": _cred_uri(c.id),
        "@type": ctdl_class(c),
        "ceterms:name": _lang(c.name),
        "ceterms:description": _lang(
            f"{c.type} ({c.level}, {c.delivery}) from {c.provider}"
            + (f". {c.notes}" if c.notes else "")
        ),
        "ceterms:ownedBy": [f"urn:aipath:organization:{_slug(c.provider)}"],
        "ceterms:credentialStatusType": {
            "@type": "ceterms:CredentialAlignmentObject",
            "ceterms:targetNode": _STATUS[c.status],
            "ceterms:targetNodeName": _lang(c.status),
        },
        "ceterms:keyword": {"en-US": list(c.skills)},
    }
    if c.url:
        node["ceterms:subjectWebpage"] = c.url
    if c.entry is not None:
        node["ceterms:requires"] = _requires(c.entry, _cred_uri)
    if c.cost is not None:
        node["ceterms:estimatedCost"] = _cost_profiles(c)
    if c.duration is not None:
        node["ceterms:estimatedDuration"] = [_duration_profile(c.duration)]
    if c.renewal is not None and c.renewal.every_years:
        node["ceterms:renewalFrequency"] = _iso_duration(c.renewal.every_years, "years")
    return node


def _organizations(creds: list[Credential]) -> list[dict[str, Any]]:
    seen: dict[str, str] = {}
    for c in creds:
        seen.setdefault(_slug(c.provider), c.provider)
    return [
        {
            "@id": f"urn:aipath:organization:{slug}",
            "@type": "ceterms:CredentialOrganization",
            "ceterms:name": _lang(name),
        }
        for slug, name in seen.items()
    ]


def _closure(catalog: Catalog, ids: list[str]) -> list[Credential]:
    """The credentials and every credential their entries mention (so references resolve)."""
    out: dict[str, Credential] = {}
    stack = list(ids)
    while stack:
        cid = stack.pop()
        if cid in out:
            continue
        out[cid] = catalog.by_id[cid]
        stack.extend(out[cid].prerequisites)
    order = {c.id: i for i, c in enumerate(catalog.credentials)}
    return sorted(out.values(), key=lambda c: order[c.id])


def catalog_ctdl(catalog: Catalog) -> dict[str, Any]:
    """The whole catalogue as a CTDL JSON-LD ``@graph``."""
    creds = list(catalog.credentials)
    return {
        "@context": CTDL_CONTEXT,
        "@graph": [_credential_node(c) for c in creds] + _organizations(creds),
    }


def plan_ctdl(catalog: Catalog, plan: Plan) -> dict[str, Any]:
    """A plan as a ``ceterms:Pathway`` of credential components, plus the credentials."""
    req = plan.request
    pid = f"urn:aipath:pathway:{req.role.id}"
    comp = {s.credential.id: f"urn:aipath:pathway:{req.role.id}:component:{s.credential.id}"
            for s in plan.steps}
    destination = req.goal if req.goal in comp else (
        plan.steps[-1].credential.id if plan.steps else None
    )
    components = []
    for s in plan.steps:
        cid = s.credential.id
        node: dict[str, Any] = {
            "@id": comp[cid],
            "@type": "ceterms:CredentialComponent",
            "ceterms:name": _lang(f"{s.order}. {s.credential.name}"),
            "ceterms:description": _lang(f"{s.part}: {s.reason}"),
            "ceterms:proxyFor": _cred_uri(cid),
            "ceterms:isPartOf": [pid],
        }
        before = [comp[a] for a in s.after]
        if before:
            node["ceterms:precededBy"] = before
        after = [comp[x.step] for x in s.satisfies if x.step in comp]
        if after:
            node["ceterms:precedes"] = after
        if cid == destination:
            node["ceterms:isDestinationComponentOf"] = [pid]
        components.append(node)
    pathway: dict[str, Any] = {
        "@id": pid,
        "@type": "ceterms:Pathway",
        "ceterms:name": _lang(f"Healthcare-AI stack for a {req.role.label}"),
        "ceterms:description": _lang(
            CTDL_NOTICE + f" Holdings: {', '.join(h.id for h in plan.holdings) or 'none'}."
        ),
        "ceterms:hasPart": [comp[s.credential.id] for s in plan.steps],
    }
    if destination is not None:
        pathway["ceterms:hasDestinationComponent"] = [comp[destination]]
    creds = _closure(catalog, [s.credential.id for s in plan.steps] + [h.id for h in plan.holdings])
    return {
        "@context": CTDL_CONTEXT,
        "@graph": [pathway, *components, *(_credential_node(c) for c in creds),
                   *_organizations(creds)],
    }
