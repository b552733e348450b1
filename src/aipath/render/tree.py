"""Trees: ``aipath plan --format tree`` (what unlocks what) and a credential's prerequisites
as "all of" / "one of" branches (``aipath show``). rich is imported inside the functions.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..models import (
    All,
    AnyOf,
    ClassOf,
    Condition,
    Experience,
    NOf,
    Ref,
    Text,
    experience_words,
    is_open,
)
from .formatting import class_text, route_note

if TYPE_CHECKING:
    from rich.console import RenderableType

    from ..models import Catalog
    from ..planner import Plan

__all__ = ["plan_tree"]


def plan_tree(catalog: Catalog, plan: Plan) -> RenderableType:
    """``aipath plan --format tree``: what unlocks what, from the holdings down."""
    from rich.tree import Tree

    from .._text import markup as escape

    held = ", ".join(h.id for h in plan.holdings) or "nothing"
    root = Tree(f"[bold]{escape(plan.request.role.id)}[/], holding {escape(held)}")
    nodes: dict[str, Any] = {}
    for s in plan.steps:
        c = s.credential
        label = f"[bold]{s.order}. {c.id}[/] [dim]({s.part})[/] {escape(c.name)}"
        if len(s.after) > 1:
            label += f" [dim](after {', '.join(s.after)})[/]"
        parent = nodes[s.after[-1]] if s.after else root
        nodes[c.id] = parent.add(label)
    return root


def _tree_add(node: Any, cond: Condition, catalog: Catalog, today: str | None) -> None:
    from .._text import markup as escape

    label = f"[bold]{escape(cond.label)}[/]: " if cond.label else ""
    note = route_note(cond, today)
    closed = today is not None and not is_open(cond, today)
    style = "[dim]" if closed else ""
    if isinstance(cond, (All, AnyOf, NOf)):
        head = (
            "all of" if isinstance(cond, All)
            else "one of" if isinstance(cond, AnyOf)
            else f"{cond.n} of"
        )
        branch = node.add(f"{style}{label}[bold]{head}[/]{escape(note)}")
        for item in cond.items:
            _tree_add(branch, item, catalog, today)
    else:
        node.add(f"{style}{label}{_leaf_text(cond, catalog)}{escape(note)}")


def _leaf_text(cond: Condition, catalog: Catalog) -> str:
    from .._text import markup as escape

    if isinstance(cond, Ref):
        also = catalog.members(cond.id)
        extra = f" [dim](also met by {', '.join(also)})[/]" if also else ""
        return f"[cyan]{cond.id}[/] {escape(catalog.by_id[cond.id].name)}{extra}"
    if isinstance(cond, ClassOf):
        return f"[cyan]any[/] {escape(class_text(cond.name, catalog))}"
    if isinstance(cond, Text):
        if cond.must_hold:  # a credential outside the catalogue: never planned, never assumed
            return f"[yellow]must already hold:[/] {escape(cond.text)}"
        return f"[yellow]check:[/] {escape(cond.text)}"
    assert isinstance(cond, Experience)
    return f"[yellow]check:[/] {escape(experience_words(cond))}"
