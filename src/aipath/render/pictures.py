"""The pictures: ``--format mermaid``, ``--format dot``, and SVG through Graphviz.

What a picture shows (its nodes, edges and legend) is built as a ``Figure`` by
``aipath.exports`` (``plan_figure``, ``credential_figure``, ``catalog_figure``), which also
writes a figure as Mermaid or DOT and runs Graphviz; this module picks the text a command
prints. exports is imported inside the functions, so only commands that draw pay for it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..exports import Figure
    from ..models import Catalog
    from ..planner import Plan

__all__ = ["picture_text", "plan_svg"]


def picture_text(fig: Figure, *, mermaid: bool, svg_file: bool) -> str:
    """``fig`` as SVG (``svg_file``: Graphviz draws it), else as Mermaid or DOT text."""
    from ..exports import svg, to_dot, to_mermaid

    if svg_file:
        return svg(to_dot(fig))
    return to_mermaid(fig) if mermaid else to_dot(fig)


def plan_svg(catalog: Catalog, plan: Plan) -> str:
    """The plan's picture drawn by Graphviz, for the HTML page (OutputError if it cannot)."""
    from ..exports import plan_figure, svg, to_dot

    return svg(to_dot(plan_figure(catalog, plan)))
