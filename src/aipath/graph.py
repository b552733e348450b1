"""The catalogue as a networkx DiGraph with condition groups as nodes.

Edges point from what is required to what requires it: ``bsn -> (group) -> msn``. Each
credential node has at most one predecessor, the root of its entry condition (a group,
a leaf, or a credential when the entry is a single id). Group nodes are tuples
``("cond", owner_id, path)``; their children are their predecessors, ordered by the edge
attribute ``pos``. Functions here never mutate the graph they are given.

A rule naming a class ("a bachelor's degree"), or an id other credentials count as, is a
``class`` node of its owner whose one child is the class's *members* node, shared by every
rule naming it: ``("class", name)`` for a class, ``("class", id, "id")`` for an id and what
counts as it, with an edge from each member. So a class named by R rules and held by M
members costs R + M edges, not R x M. :func:`members_node` reads through it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import networkx as nx

from .errors import CycleError
from .models import All, AnyOf, Catalog, ClassOf, Condition, Experience, NOf, Ref, Text

__all__ = [
    "CREDENTIAL",
    "GROUP_KINDS",
    "KIND",
    "build_graph",
    "check_earnable",
    "children",
    "entry_node",
    "members_node",
    "route_open",
]

KIND = "kind"
CREDENTIAL = "credential"
GROUP_KINDS = ("all", "any", "n_of", "class")


def build_graph(catalog: Catalog, only: Iterable[str] | None = None) -> nx.DiGraph:
    """Build the prerequisite graph of ``catalog``, or of the credentials ``only`` names.

    With ``only`` the graph is the whole catalogue's graph induced on those credentials and
    the condition nodes of their entries: an item outside ``only`` is left out, the others
    keep their positions. (Only the credentials are read, never the rest of the catalogue.)

    Examples
    --------
    >>> from aipath.catalog import load_catalog
    >>> G = build_graph(load_catalog())
    >>> G.nodes["bsn"]["kind"]
    'credential'
    """
    G = nx.DiGraph(catalog=catalog.path)
    creds = catalog.credentials if only is None else [catalog.by_id[i] for i in only]
    keep = None if only is None else frozenset(c.id for c in creds)
    for c in creds:
        G.add_node(c.id, kind=CREDENTIAL, type=c.type, status=c.status, roles=c.roles)
    for c in creds:
        if c.entry is not None:
            root = _add_condition(G, catalog, c.entry, c.id, (), keep)
            if keep is None or root in G:
                G.add_edge(root, c.id, pos=0)
    return G


def _members(
    G: nx.DiGraph, catalog: Catalog, name: str, is_id: bool, keep: frozenset[str] | None
) -> tuple[Any, ...]:
    """The shared node of the credentials that meet ``name`` (added on first use)."""
    node = ("class", name, "id") if is_id else ("class", name)
    if node not in G:
        G.add_node(node, kind="class", name=name, shared=True)
        named = (name, *catalog.members(name)) if is_id else catalog.members(name)
        for i, child in enumerate(named):
            if keep is None or child in keep:
                G.add_edge(child, node, pos=i)
    return node


def _add_condition(
    G: nx.DiGraph, catalog: Catalog, cond: Condition, owner: str, path: tuple[int, ...],
    keep: frozenset[str] | None,
) -> Any:
    node = ("cond", owner, path)
    if isinstance(cond, Ref):
        if not catalog.members(cond.id):
            return cond.id
        # Holding anything that counts as the id satisfies it: a "class" group of them.
        G.add_node(node, kind="class", name=cond.id, owner=owner)
        G.add_edge(_members(G, catalog, cond.id, True, keep), node, pos=0)
        return node
    meta = {k: getattr(cond, k) for k in ("label", "open_from", "open_until")}
    attrs: dict[str, Any] = {"owner": owner, **{k: v for k, v in meta.items() if v is not None}}
    if isinstance(cond, Text):
        G.add_node(node, kind="text", text=cond.text, must_hold=cond.must_hold, **attrs)
    elif isinstance(cond, Experience):
        G.add_node(node, kind="experience", years=cond.years, hours=cond.hours,
                   within_years=cond.within_years, field=cond.field, rule=cond, **attrs)
    elif isinstance(cond, ClassOf):
        G.add_node(node, kind="class", name=cond.name, **attrs)
        G.add_edge(_members(G, catalog, cond.name, False, keep), node, pos=0)
    else:
        kind = "all" if isinstance(cond, All) else "any" if isinstance(cond, AnyOf) else "n_of"
        if isinstance(cond, NOf):
            attrs["n"] = cond.n
        G.add_node(node, kind=kind, **attrs)
        for i, item in enumerate(cond.items):
            child = _add_condition(G, catalog, item, owner, (*path, i), keep)
            if keep is not None and child not in G:
                continue  # a credential outside ``keep``
            if G.has_edge(child, node):
                # The same condition listed twice: n_of counts it twice.
                G.edges[child, node]["mult"] = G.edges[child, node].get("mult", 1) + 1
            else:
                G.add_edge(child, node, pos=i)
    return node


def route_open(G: nx.DiGraph, node: Any, today: str | None) -> bool:
    """Whether a condition node is open on ``today`` (ISO date; ``None`` ignores dates)."""
    attrs = G.nodes[node]
    if today is None:
        return True
    start, end = attrs.get("open_from"), attrs.get("open_until")
    return (start is None or today >= start) and (end is None or today <= end)


def entry_node(G: nx.DiGraph, cred_id: str) -> Any | None:
    """The root node of a credential's entry condition, or None when it has none."""
    preds = list(G.predecessors(cred_id))
    return preds[0] if preds else None


def children(G: nx.DiGraph, node: Any) -> list[Any]:
    """The items of a group node, in catalogue order (a rule's class node: its members node)."""
    return [u for u, _, _ in sorted(G.in_edges(node, data="pos"), key=lambda e: e[2])]


def members_node(G: nx.DiGraph, node: Any) -> Any | None:
    """The shared members node under a rule's ``class`` node, or None for any other node."""
    preds = G.pred[node]
    if len(preds) == 1:
        (only,) = preds
        if G.nodes[only].get("shared"):
            return only
    return None


def check_earnable(G: nx.DiGraph) -> None:
    """Raise CycleError if some credential can only be earned through itself (an AND-cycle).

    OR-cycles are fine: ``bsn`` may need ``rn-licensure`` on one route while
    ``rn-licensure`` needs ``bsn`` or ``adn``.
    """
    earned: set[Any] = set()

    def ok(node: Any) -> bool:
        kind = G.nodes[node][KIND]
        if kind == CREDENTIAL:
            return node in earned
        if kind in ("text", "experience"):
            return True
        items = [ok(ch) for ch in children(G, node)]
        if kind == "all":
            return all(items)
        if kind in ("any", "class"):
            return any(items)
        return sum(
            G.edges[ch, node].get("mult", 1) for ch, good in zip(children(G, node), items) if good
        ) >= G.nodes[node]["n"]

    creds = [n for n, k in G.nodes(data=KIND) if k == CREDENTIAL]
    changed = True
    while changed:
        changed = False
        for c in creds:
            root = entry_node(G, c)
            if c not in earned and (root is None or ok(root)):
                earned.add(c)
                changed = True
    stuck = [c for c in creds if c not in earned]
    if not stuck:
        return
    H = nx.DiGraph()
    for c in stuck:
        for a in nx.ancestors(G, c):
            if a in stuck:
                H.add_edge(a, c)
    cycle = [u for u, _ in nx.find_cycle(H)] if H.number_of_edges() else [stuck[0]]
    cycle.append(cycle[0])
    raise CycleError(
        str(G.graph.get("catalog", "catalogue")),
        f"credential {cycle[0]} can never be earned: every route to it needs itself "
        f"({' -> '.join(map(str, cycle))})",
    )
