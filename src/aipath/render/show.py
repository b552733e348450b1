"""``aipath show ID``: one credential's facts, evidence, prerequisite tree and what it unlocks.

rich is imported inside the functions.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..models import RECOGNITIONS, Catalog, Credential, is_open, named_routes
from .formatting import _cost_text, _duration_text, _figures, _join_ids, entry_open, money
from .layout import Stack, styled, wrap
from .tree import _tree_add

if TYPE_CHECKING:
    from rich.console import RenderableType

    from ..estimates import Figure

__all__ = ["show_renderable"]


def show_renderable(
    catalog: Catalog, c: Credential, *, today: str, width: int = 100
) -> RenderableType:
    """``aipath show ID``: facts, evidence, prerequisite tree, what it unlocks."""
    from rich.console import Group
    from rich.tree import Tree

    from .._text import markup as escape

    cost, months = _figures(catalog, c)
    rows = [
        ("id", styled((c.id, "bold"))),
        ("provider", c.provider),
        ("type", c.type + (f" ({c.subtype})" if c.subtype else "")),
        ("recognition", _recognition_text(c)),
        ("level", c.level),
        ("delivery", c.delivery),
        ("status", c.status),
        ("roles", _join_ids(c.roles)),
        ("skills", _join_ids(c.skills)),
        ("cost", _cost_text(c) + _cost_detail(c) + _estimate_text(cost, "usd")),
        ("duration", _duration_text(c) + _duration_note(c) + _estimate_text(months, "months")),
    ]
    if c.renewal is not None:
        r = c.renewal
        bits = []
        if r.every_years is not None:
            bits.append(f"every {r.every_years:g} years")
        if r.ce_hours is not None:
            bits.append(f"{r.ce_hours:g} CE hours")
        if r.usd is not None:
            top = r.usd if r.usd_max is None else r.usd_max
            bits.append(money(r.usd, top) + (f" ({r.year})" if r.year else ""))
        if r.note:
            bits.append(r.note)
        rows.append(("renewal", "; ".join(bits)))
    if c.counts_as:
        rows.append(("counts as", _join_ids(c.counts_as)))
    if c.successor is not None:
        rows.append(("successor", f"{c.successor} ({catalog.by_id[c.successor].name})"))
    if c.entry is not None:
        closed = [cond for _, cond in named_routes(c.entry) if not is_open(cond, today)]
        state = "open" if entry_open(c, today) else "CLOSED: no route is open"
        if closed:
            names = ", ".join(f"'{x.label}'" if x.label else "one route" for x in closed)
            state += f"; closed: {names}"
        rows.append(("routes", f"{state} (as of {today})"))
    rows.append(("url", c.url or "none"))
    for what, where in catalog.origins.get(c.id, {}).items():
        rows.append(("from" if what == "record" else f"{what} from"
                     if not what.endswith(" kept") else what, where))
    if c.recalled_fields:
        rows.append(("recalled", ", ".join(c.recalled_fields) + " (from general knowledge)"))
    if c.notes:
        rows.append(("notes", c.notes))
    facts = Stack(width).line(styled((c.name, "bold"))).fields(rows)

    # Drawn here rather than as a rich Tree, which would cut a URL longer than the line.
    ev = Stack(width).line(styled(("evidence", "bold")))
    for i, e in enumerate(c.evidence):
        last = i == len(c.evidence) - 1
        ev.extend(wrap(
            styled(f"{e.kind}, verified {e.verified_on}: ", e.url or "general knowledge",
                   f" ({e.note})" if e.note else ""),
            width, "└── " if last else "├── ", "    " if last else "│   ",
        ))

    pre = Tree("[bold]prerequisites[/]")
    if c.entry is None:
        pre.add("none")
    else:
        _tree_add(pre, c.entry, catalog, today)

    unl = Tree("[bold]unlocks[/]")
    unlocks = catalog.unlocks(c.id)
    for u in unlocks:
        unl.add(f"[cyan]{u}[/] {escape(catalog.by_id[u].name)}")
    if not unlocks:
        unl.add("nothing in this catalogue")
    return Group(facts.renderable(), ev.renderable(), pre, unl)


def _recognition_text(c: Credential) -> str:
    if c.recognition is None:
        return "not stated in this catalogue"
    return f"{c.recognition}: {RECOGNITIONS[c.recognition]}"


def _duration_note(c: Credential) -> str:
    return f" ({c.duration.note})" if c.duration and c.duration.note else ""


def _estimate_text(fig: Figure | None, unit: str) -> str:
    """``; estimated $299–581 from 18 exams at level professional: abii-ciip, ...``."""
    return "" if fig is None else f"; {fig.text(unit)}: {_join_ids(fig.source)}"


def _cost_detail(c: Credential) -> str:
    if c.cost is None:
        return ""
    bits = [str(c.cost.year)] if c.cost.year else []
    if c.cost.basis:
        bits.append(c.cost.basis)
    return f" ({'; '.join(bits)})" if bits else ""
