"""How to earn a credential: the sets of credentials that would have to be added.

Contract
--------
For a base B (what is held or already planned), a *route* to a credential X is a set R of
credentials, disjoint from B, such that every member of R can be ordered so that its entry
holds from B and the members before it (see :mod:`.schedule`) and X is in R. Only
credentials the request allows (open to the role, active, not replaced, or the goal) are
used, and routes outside their dates are closed.

:class:`RouteTable` computes, for every node of the graph, up to :data:`KEEP` routes, the
lightest first by a serial estimate (costs and months added up); the exact figures of a
route are judged later on the timeline. A route of an ``all`` is a union of one route per
item, of a ``one of`` a route of one item, of an ``n of`` a union of routes of n items; a
class is met by any member. When a node has more routes than :data:`KEEP`, the lightest are
kept and the table is marked ``truncated``: the plan is then good but not proven optimal.
Below that limit the table holds every route that is not a mere reordering of another, so
a search over it is exact.

Nodes are evaluated in a topological order of the graph's strongly connected components,
repeating inside a component (OR-cycles such as a BSN needing a licence that needs a BSN or
an ADN) until nothing changes: no recursion, so chains of any length are fine. Each node
costs O(KEEP^2) set unions, so a table is O((V + E) * KEEP^2) for the whole catalogue.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable
from typing import Any

from .context import Context

__all__ = ["KEEP", "Route", "RouteTable"]

KEEP = 64
Route = frozenset  # of credential ids


class RouteTable:
    """Every node's lightest routes from ``base``."""

    @classmethod
    def from_held(cls, ctx: Context) -> RouteTable:
        """The table from what is held alone, built once per request."""
        return cls.of(ctx, ctx.held)

    @classmethod
    def of(cls, ctx: Context, base: Iterable[str], exclude: Iterable[str] = ()) -> RouteTable:
        """The table from ``base`` without ``exclude``, built once per request."""
        cache: dict[tuple[frozenset[str], frozenset[str]], RouteTable] = ctx.__dict__.setdefault(
            "_tables", {})
        k = (frozenset(base), frozenset(exclude))
        if k not in cache:
            whole = ctx.__dict__.get("_whole")  # the request's own context, for an alternative
            table = None if whole is None else cls.of(whole, *k)
            # A complete table less the routes through what is ruled out is the table built
            # without it (every kind of node combines its items' routes by union).
            cache[k] = (_Without(table, ctx) if table is not None and not table.truncated
                        else cls(ctx, *k))
        return cache[k]

    def __init__(self, ctx: Context, base: Iterable[str], exclude: Iterable[str] = ()) -> None:
        self.ctx = ctx
        self.base = frozenset(base)
        self.exclude = frozenset(exclude)  # credentials no route may add
        self.names = ctx.catalog.closure(self.base)
        self.truncated = False
        self._routes: dict[Any, list[frozenset[str]]] = {}
        self._proxy: dict[str, float] = {}
        self._build()

    # weights -------------------------------------------------------------------------

    def proxy(self, route: frozenset[str]) -> float:
        """A serial estimate of a route's weight: figures added up, as if done one by one."""
        total = 0.0
        for cid in route:
            w = self._proxy.get(cid)
            if w is None:
                fig = self.ctx.figures
                w = self.ctx.weight(fig.cost(cid).rank, fig.months(cid).lo)[0]
                self._proxy[cid] = w
            total += w
        return total

    def _keep(self, routes: Iterable[frozenset[str]]) -> list[frozenset[str]]:
        unique = list(dict.fromkeys(routes))
        # A route containing another is kept: its extra credential can open a faster branch
        # (a degree that finishes before an experience rule is served).
        keyed = [((self.proxy(r), len(r)), r) for r in unique]
        if len(keyed) > KEEP:
            self.truncated = True
            cut = heapq.nsmallest(KEEP, (k for k, _ in keyed))[-1]
            keyed = [x for x in keyed if x[0] <= cut]
        keyed.sort(key=lambda x: (x[0], sorted(x[1])))
        return [r for _, r in keyed[:KEEP]]

    # building --------------------------------------------------------------------------

    def _build(self) -> None:
        # A table of a big graph uses up the request's search budget like timelines do
        # (one unit per 50 nodes), so very large catalogues stop early and say so.
        ctx = self.ctx
        ctx.__dict__["_spent"] = ctx.__dict__.get("_spent", 0) + ctx.G.number_of_nodes() // 50
        owners = ctx.owners()
        wanted = ctx.allowed - self.base
        for nodes, cyclic in self.ctx.sweep_order():
            # Conditions of credentials that cannot be added have no routes worth computing.
            nodes = [n for n in nodes if owners.get(n) is None or owners[n] in wanted]
            if not nodes:
                continue
            if not cyclic:
                self._routes[nodes[0]] = self._evaluate(nodes[0])
                continue
            for node in nodes:
                self._routes[node] = []
            for _ in range(len(nodes) + 1):
                changed = False
                for node in nodes:
                    new = self._evaluate(node)
                    if new != self._routes[node]:
                        self._routes[node] = new
                        changed = True
                if not changed:
                    break

    def _evaluate(self, node: Any) -> list[frozenset[str]]:
        ctx = self.ctx
        kind = ctx.kind(node)
        if kind == "credential":
            if node in self.base:
                return [frozenset()]
            if node not in ctx.allowed or node in self.exclude:
                return []
            root = ctx.entry(node)
            if root is None:
                return [frozenset((node,))]
            return self._keep(r | {node} for r in self._routes.get(root, []) if node not in r)
        if not ctx.open_route(node):
            return []
        if kind in ("text", "experience"):
            return [frozenset()]
        items = ctx.items(node)
        if kind == "class":
            name = ctx.G.nodes[node]["name"]
            if name in self.names:
                return [frozenset()]
            shared = ctx.shared(node)
            if shared is not None:  # the class's routes, computed once for every rule naming it
                return list(self._routes.get(shared, []))
            # Every member's routes, as for a "one of": a route containing another member's
            # route can still be the faster one (its extra credential opens an earlier branch).
            return self._keep(r for i in items for r in self._routes.get(i, []))
        if kind == "any":
            return self._keep(r for i in items for r in self._routes.get(i, []))
        if kind == "all":
            acc: list[frozenset[str]] = [frozenset()]
            for i in items:
                acc = self._keep(a | r for a in acc for r in self._routes.get(i, []))
                if not acc:
                    return []
            return acc
        # n_of: choose items whose multiplicities reach n, by dynamic programming on the count.
        n = int(ctx.G.nodes[node]["n"])
        dp: dict[int, list[frozenset[str]]] = {0: [frozenset()]}
        for i in items:
            mult = int(ctx.G.edges[i, node].get("mult", 1))
            routes = self._routes.get(i, [])
            if not routes:
                continue
            for have in sorted(dp, reverse=True):
                if have >= n:
                    continue
                reach = min(n, have + mult)
                grown = [a | r for a in dp[have] for r in routes]
                dp[reach] = self._keep([*dp.get(reach, []), *grown])
        return dp.get(n, [])

    # queries ---------------------------------------------------------------------------

    def routes(self, node: Any) -> list[frozenset[str]]:
        """The kept routes of a credential or condition node, lightest first."""
        return self._routes.get(node, [])

    def reachable(self, cid: str) -> bool:
        return bool(self._routes.get(cid))


class _Without(RouteTable):
    """A complete table of the request read without ``ctx.ruled_out`` (``--alternatives``):
    the same routes, less those through a ruled-out credential, filtered when asked for."""

    def __init__(self, whole: RouteTable, ctx: Context) -> None:  # no build: nothing to search
        self.ctx, self.base, self.exclude, self.names = ctx, whole.base, whole.exclude, whole.names
        self.truncated = False
        self._whole, self._out = whole, ctx.ruled_out
        self._routes = {}
        self._proxy = whole._proxy  # the same figures and weights

    def routes(self, node: Any) -> list[frozenset[str]]:
        got = self._routes.get(node)
        if got is None:
            got = [r for r in self._whole.routes(node) if r.isdisjoint(self._out)]
            self._routes[node] = got
        return got

    def reachable(self, cid: str) -> bool:
        return bool(self.routes(cid))
