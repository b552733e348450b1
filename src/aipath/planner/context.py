"""The facts every planner stage shares for one request: who may be planned, what is held."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from ..graph import CREDENTIAL, KIND, children, entry_node, members_node, route_open
from ..models import INACTIVE_STATUSES, Catalog, Credential, ProfileExperience, rule_key
from .experience import Served, serve
from .figures import Figures
from .types import PlanRequest

__all__ = ["USD_PER_YEAR", "Context", "replaced", "scalar"]

USD_PER_YEAR = 20_000  # balanced: a year counts like $20k


def scalar(optimize: str, cost: float, months: float) -> float:
    """:meth:`Context.scalar` of a request optimising ``optimize``."""
    if optimize == "cost":
        return cost / USD_PER_YEAR + months / 12 / 100
    if optimize == "time":
        return months / 12 + cost / USD_PER_YEAR / 100
    return cost / USD_PER_YEAR + months / 12


def replaced(cat: Catalog, c: Credential) -> bool:
    """A credential whose successor is in the catalogue and still active."""
    return c.successor is not None and cat.by_id[c.successor].status not in INACTIVE_STATUSES


@dataclass
class Context:
    """Catalogue, graph, figures and the request, with the sets derived from them.

    ``scope`` names the credentials planning may use (:mod:`.scope`), in catalogue order, and
    ``G`` is their graph; None is the whole catalogue.
    """

    catalog: Catalog
    G: nx.DiGraph
    req: PlanRequest
    scope: tuple[str, ...] | None = None
    ids: tuple[str, ...] = field(init=False)  # the scope's credentials, in catalogue order
    figures: Figures = field(init=False)
    held: frozenset[str] = field(init=False)
    allowed: frozenset[str] = field(init=False)  # credentials that may become steps
    experience: dict[str, tuple[ProfileExperience, ...]] = field(init=False)  # by field
    # Credentials an alternative plan may not use (--alternatives, :mod:`.alternatives`).
    ruled_out: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        cat, req = self.catalog, self.req
        self.figures = Figures(cat, req.hours_per_week)
        self.held = frozenset(h.id for h in req.holdings)
        self.ids = self.scope if self.scope is not None else tuple(c.id for c in cat.credentials)
        allowed = {
            c.id for c in self.credentials()
            if cat.open_to(c, req.role.id) and c.status not in INACTIVE_STATUSES
            and not replaced(cat, c) and c.id not in self.held
        }
        if (
            req.goal is not None and req.goal not in self.held
            and cat.by_id[req.goal].status not in INACTIVE_STATUSES
        ):
            allowed.add(req.goal)
        self.allowed = frozenset(allowed) - self.ruled_out
        self.experience = {}
        for said in req.experience:
            if not isinstance(said, ProfileExperience):  # (field, years), the older form
                said = ProfileExperience(said[0], years=float(said[1]))
            self.experience[said.field] = (*self.experience.get(said.field, ()), said)

    @property
    def partial(self) -> bool:
        """Whether planning sees a scope smaller than the whole catalogue."""
        return self.scope is not None

    def credentials(self) -> list[Credential]:
        """The credentials planning may use, in catalogue order."""
        by_id = self.catalog.by_id
        return [by_id[cid] for cid in self.ids]

    # graph helpers ---------------------------------------------------------------------

    def sweep_order(self) -> list[tuple[list[Any], bool]]:
        """Strongly connected components in topological order, each flagged if cyclic."""
        if not hasattr(self, "_sweep"):
            G = self.G
            try:  # most catalogues are acyclic: every node its own component, no condensed copy
                self._sweep = [([n], False) for n in nx.topological_sort(G)]
                return self._sweep
            except nx.NetworkXUnfeasible:
                pass
            C = nx.condensation(G)
            groups: dict[int, list[Any]] = {}
            for node, comp in C.graph["mapping"].items():
                groups.setdefault(comp, []).append(node)
            order = []
            for comp in nx.topological_sort(C):
                nodes = sorted(groups[comp], key=repr)
                order.append((nodes, len(nodes) > 1 or G.has_edge(nodes[0], nodes[0])))
            self._sweep = order
        return self._sweep

    def owners(self) -> dict[Any, str]:
        """Condition node -> the credential whose entry it belongs to (credentials: absent)."""
        cache: dict[Any, str] | None = self.__dict__.get("_owners")
        if cache is None:
            cache = {n: o for n, o in self.G.nodes(data="owner") if o is not None}
            self.__dict__["_owners"] = cache
        return cache

    def rank(self, node: Any) -> int:
        """A fixed position of every node (for deterministic tie-breaks), by its repr."""
        ranks: dict[Any, int] = self.__dict__.get("_ranks") or self.__dict__.setdefault(
            "_ranks", {n: i for i, n in enumerate(sorted(self.G.nodes, key=repr))}
        )
        return ranks[node]

    def parents(self, node: Any) -> list[Any]:
        """The nodes ``node`` feeds, in rank order."""
        cache: dict[Any, list[Any]] = self.__dict__.setdefault("_parents", {})
        if node not in cache:
            cache[node] = sorted(self.G.successors(node), key=self.rank)
        return cache[node]

    def scalar(self, cost: float, months: float) -> float:
        """The request's weight as one number, in years-of-$20k units, for heuristic
        orderings (lightest first); plans themselves are ranked by :meth:`primary` then
        :meth:`secondary`."""
        return scalar(self.req.optimize, cost, months)

    def primary(self, cost: float, months: float) -> float:
        """The weight traded against skill value: ``cost`` counts cost only, ``time`` months
        only, ``balanced`` both (a year like $20k). It never decreases when either grows."""
        if self.req.optimize == "cost":
            return cost / USD_PER_YEAR
        if self.req.optimize == "time":
            return months / 12
        return cost / USD_PER_YEAR + months / 12

    def secondary(self, cost: float, months: float) -> float:
        """The figure that breaks ties of :meth:`primary`: months under ``cost``, cost under
        ``time`` (SPEC §5's "cost, then months"), nothing under ``balanced``."""
        if self.req.optimize == "cost":
            return months / 12
        if self.req.optimize == "time":
            return cost / USD_PER_YEAR
        return 0.0

    def kind(self, node: Any) -> str:
        kinds: dict[Any, str] = self.__dict__.get("_kinds") or self.__dict__.setdefault(
            "_kinds", {n: str(k) for n, k in self.G.nodes(data=KIND)}
        )
        return kinds[node]

    def is_credential(self, node: Any) -> bool:
        return self.kind(node) == CREDENTIAL

    def entry(self, cid: str) -> Any | None:
        cache: dict[Any, Any] = self.__dict__.setdefault("_entries", {})
        if cid not in cache:
            cache[cid] = entry_node(self.G, cid)
        return cache[cid]

    def up(self, node: Any) -> list[tuple[Any, str]]:
        """The nodes ``node`` feeds that can hold at all (credentials, and condition nodes
        whose route is open), with their kinds, in rank order."""
        cache: dict[Any, list[tuple[Any, str]]] = self.__dict__.setdefault("_up", {})
        got = cache.get(node)
        if got is None:
            got = cache[node] = [
                (p, self.kind(p)) for p in self.parents(node)
                if self.is_credential(p) or self.open_route(p)
            ]
        return got

    def enters(self, cid: str) -> frozenset[str]:
        """The credentials that can help meet ``cid``'s entry directly (through its open
        condition nodes, not through another credential)."""
        cache: dict[str, frozenset[str]] = self.__dict__.setdefault("_enters", {})
        got = cache.get(cid)
        if got is None:
            found: set[str] = set()
            root = self.entry(cid)
            todo = [] if root is None else [root]
            while todo:  # an entry is a tree of condition nodes over credentials
                n = todo.pop()
                if self.is_credential(n):
                    found.add(n)
                elif self.open_route(n):
                    todo.extend(self.items(n))
            got = cache[cid] = frozenset(found)
        return got

    def items(self, node: Any) -> list[Any]:
        """The items of a group node; of a rule's class node, the class's members (read
        through its shared members node, :func:`aipath.graph.members_node`)."""
        cache: dict[Any, list[Any]] = self.__dict__.setdefault("_items", {})
        if node not in cache:
            shared = self.shared(node)
            cache[node] = self.items(shared) if shared is not None else children(self.G, node)
        return cache[node]

    def shared(self, node: Any) -> Any | None:
        """The shared members node under a rule's class node (None for other nodes)."""
        cache: dict[Any, Any] = self.__dict__.setdefault("_shared", {})
        if node not in cache:
            cache[node] = members_node(self.G, node) if self.kind(node) == "class" else None
        return cache[node]

    def open_route(self, node: Any) -> bool:
        """Whether a condition node can hold: inside its dates, and a ``must_hold`` rule asserted."""
        cache: dict[Any, bool] = self.__dict__.setdefault("_open", {})
        if node not in cache:
            cache[node] = self.closed_reason(node) is None
        return cache[node]

    def closed_reason(self, node: Any) -> str | None:
        """Why a condition node cannot hold (None when it can), in words for a plan."""
        attrs = self.G.nodes[node]
        if not route_open(self.G, node, self.req.today):
            if attrs.get("open_until") is not None and self.req.today > attrs["open_until"]:
                return f"closed after {attrs['open_until']}"
            return f"opens on {attrs.get('open_from')}"
        if attrs[KIND] == "experience" and self.served(node).closed is not None:
            return self.served(node).closed
        if attrs.get("must_hold") and self.check_text(node) is not None:
            return (f"needs you to hold {attrs['text']} already (not a credential this plan can add; "
                    "say so under asserts in a profile if you do)")
        return None

    def served(self, node: Any) -> Served:
        """What an ``experience`` leaf asks of this person: wait, question, or why it is closed."""
        cache: dict[Any, Served] = self.__dict__.setdefault("_served", {})
        if node not in cache:
            rule = self.G.nodes[node]["rule"]
            cache[node] = serve(rule, self.experience.get(rule.field, ()))
        return cache[node]

    def wait_months(self, node: Any) -> float:
        """Months of experience still to gain for an ``experience`` leaf."""
        return self.served(node).wait_months

    def asserted(self, text: str) -> bool:
        """Whether the profile's ``asserts`` settle the rule ``text`` (see models.rule_key)."""
        said = self.__dict__.setdefault("_asserted", {rule_key(a) for a in self.req.asserts})
        return rule_key(text) in said

    def check_text(self, node: Any) -> str | None:
        """The question a person must answer for a leaf, or None when already settled."""
        attrs = self.G.nodes[node]
        if attrs[KIND] == "text":
            return None if self.asserted(str(attrs["text"])) else str(attrs["text"])
        if attrs[KIND] == "experience":
            return self.served(node).question
        return None

    def weight(self, cost: float, months: float) -> tuple[float, ...]:
        """The ranking key of a cost (USD) and months under the request's --optimize."""
        return (self.scalar(cost, months),)
