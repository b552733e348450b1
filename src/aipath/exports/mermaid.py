"""A :class:`~.figure.Figure` as a Mermaid ``flowchart`` (``-f mermaid``; renders on GitHub)."""

from __future__ import annotations

from .._text import terminal
from .figure import EDGE_KINDS, LABEL_WIDTH, Figure
from .palette import BACKGROUND, LEGEND, LINE, NEXT, OFF, PALETTE

__all__ = ["to_mermaid"]

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
    "needs": f"stroke:{LINE},stroke-width:1.5px",
    "next": f"stroke:{NEXT},stroke-width:3px",
    "off": f"stroke:{OFF},stroke-width:1px,stroke-dasharray: 4 4",
}
# Theme "base" with these variables draws the same picture whichever theme the page uses;
# GitHub's dark theme otherwise draws dark text on the dark page.
_MERMAID_THEME = {
    "background": "transparent",
    "primaryColor": "#ffffff",
    "primaryTextColor": "#1f2328",
    "primaryBorderColor": "#57606a",
    "lineColor": LINE,
    "textColor": LINE,
    "titleColor": LINE,
    "edgeLabelBackground": BACKGROUND,
    "clusterBkg": BACKGROUND,
    "clusterBorder": LINE,
}
_MERMAID_EDGE_LEGEND = {"needs": "──▶ needed for", "next": "━━▶ next step", "off": "┄┄▶ not taken"}
_MERMAID_EDGE_CLASS = {  # the legend's line entries, boxed in the line's own stroke
    "needs": f"fill:#ffffff,stroke:{LINE},color:#1f2328",
    "next": f"fill:#ffffff,stroke:{NEXT},color:#0a3069,stroke-width:3px",
    "off": f"fill:#ffffff,stroke:{OFF},color:#57606a,stroke-dasharray: 4 4",
}


def _mermaid_style(kind: str) -> str:
    fill, stroke, text = PALETTE[kind]
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
        lines.append(f"        legend_{k}{a}{LEGEND[k]}{b}:::{k}")
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
    lines.append(f"    style legend fill:{BACKGROUND},stroke:{LINE},color:#1f2328")
    if fig.edges:
        lines.append(f"    linkStyle default {_MERMAID_LINK['needs']}")
    for k in ("next", "off"):
        if by_kind[k]:
            lines.append(f"    linkStyle {','.join(by_kind[k])} {_MERMAID_LINK[k]}")
    if hidden is not None:
        lines.append(f"    linkStyle {hidden} stroke-width:0px")  # "default" would draw it
    return "\n".join(lines) + "\n"
