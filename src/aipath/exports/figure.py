"""The picture of a plan, a credential or the catalogue, before it is drawn: a :class:`Figure`.

Nodes (with a kind: held, step, core degree, goal, an OR branch not taken, condition groups,
checks) and edges (needed for, next step, not taken). :mod:`.mermaid` and :mod:`.dot` draw a
Figure; nothing here knows how it will look.
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..models import (
    All,
    AnyOf,
    Catalog,
    ClassOf,
    Condition,
    Experience,
    NOf,
    Ref,
    Text,
    experience_words,
    is_open,
)

if TYPE_CHECKING:
    from ..planner import Plan

__all__ = ["EDGE_KINDS", "KINDS", "LABEL_WIDTH", "Figure", "catalog_figure", "credential_figure",
           "plan_figure"]

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
