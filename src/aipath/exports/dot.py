"""A :class:`~.figure.Figure` as Graphviz DOT (``-f dot``), and DOT as SVG through ``dot``."""

from __future__ import annotations

from .._text import terminal
from ..errors import OutputError
from .figure import Figure
from .palette import BACKGROUND, EDGE_LEGEND, LEGEND, LINE, NEXT, OFF, PALETTE

__all__ = ["DOT_TIMEOUT_S", "svg", "to_dot"]

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
    "next": f' [color="{NEXT}", penwidth=2.5, weight=20]',
    "off": f' [color="{OFF}", style=dashed, arrowhead=empty]',
}


def _dot_text(label: str) -> str:
    return terminal(label, newlines=True).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


def _dot_node(kind: str, faint: bool) -> str:
    shape = _DOT_SHAPE[kind]
    fill, stroke, text = PALETTE["option" if faint else kind]
    if faint and "dashed" not in shape:
        shape = shape.replace('style="', 'style="dashed,').replace("style=filled", 'style="filled,dashed"')
    return f'{shape}, fillcolor="{fill}", color="{stroke}", fontcolor="{text}"'


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _dot_legend(fig: Figure) -> str:
    """One table node: every kind in its own colours, and the three kinds of line."""
    rows = ['<tr><td border="0"><font color="#1f2328"><b>legend</b></font></td></tr>']
    for k in fig.kinds():
        fill, stroke, text = PALETTE[k]
        rows.append(f'<tr><td bgcolor="{fill}" color="{stroke}">'
                    f'<font color="{text}">{_html(LEGEND[k])}</font></td></tr>')
    arrows = {"needs": ("──▶", LINE), "next": ("━━▶", NEXT), "off": ("┄┄▷", OFF)}
    for k in fig.used_edge_kinds():
        glyph, colour = arrows[k]
        rows.append(f'<tr><td border="0" align="left"><font color="{colour}">{glyph}</font>'
                    f' <font color="#1f2328">{EDGE_LEGEND[k]}</font></td></tr>')
    table = ('<table border="1" cellborder="1" cellspacing="3" cellpadding="4" '
             f'bgcolor="#ffffff" color="{LINE}">' + "".join(rows) + "</table>")
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
        f' fontcolor="#1f2328", rankdir=LR, bgcolor="{BACKGROUND}", pad=0.3, nodesep=0.25,'
        " ranksep=0.4, newrank=true];",
        '    node [fontname="Helvetica", fontsize=11, penwidth=1.2];',
        f'    edge [color="{LINE}", penwidth=1.2, arrowsize=0.8];',
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
