"""When each planned credential can start and finish: the plan's timeline.

Contract
--------
Given what is held (H) and a set S to plan, :func:`schedule` finds for every credential of S
the earliest month its entry holds and the month it is finished, or reports that S cannot
be ordered at all. A condition holds when: a credential is held (month 0) or planned and
finished; ``all`` when every item holds (the latest); ``one of`` when its first item holds;
``n of`` when its n-th item holds; a ``text`` rule at once (a person checks it); an
``experience`` rule once the years still missing are served (the profile's experience
shortens the wait); a route outside its dates never. Among items that hold at the same
month, the one that needs fewer rules checked by hand is taken, so a credential already held
satisfies before a bare claim. Once a credential's start is known, each "one of" in its
entry is read again: of the items that hold by that start, the one with fewer rules to check
(then more credentials behind it) is used, even if its high end is later; so a planned master's that opens a board's graduate route is used rather than a claim of
practice hours that would hold earlier but not let the board start any sooner. Independent steps overlap, except that steps measured in
study hours share the person's weekly hours and follow one another.

This is Knuth's generalisation of Dijkstra's algorithm (every combination is monotone), so
it runs in O((V + E) log V) over the entries of S, with no recursion on chains.
"""

from __future__ import annotations

import heapq
import math
from dataclasses import dataclass
from typing import Any

from .context import Context

__all__ = ["Schedule", "schedule"]

INF = math.inf
_LATE = 1 << 30  # a "one of" settles after the other items ready the same month


@dataclass(frozen=True)
class Schedule:
    """Start and finish months (low and high figures) and the chosen wiring of each step."""

    order: tuple[str, ...]  # planned credentials in an order where each entry already holds
    start: dict[str, float]
    finish: dict[str, float]
    finish_hi: dict[str, float]
    after: dict[str, tuple[str, ...]]  # planned or held credentials each step's entry uses
    checks: dict[str, tuple[str, ...]]
    wait: dict[str, float]  # experience months still to serve before the step
    chosen: dict[Any, tuple[Any, ...]]  # group node -> the items that made it hold

    @property
    def months(self) -> float:
        return max(self.finish.values(), default=0.0)

    @property
    def months_hi(self) -> float:
        return max(self.finish_hi.values(), default=0.0)


def schedule(
    ctx: Context, planned: frozenset[str], *, known_only: bool = False,
    closed: frozenset[Any] = frozenset(),
) -> Schedule | None:
    """The timeline of ``planned`` on top of what is held, or None if it cannot be ordered.

    With ``known_only`` an unknown duration counts as 0 (the timeline of known figures);
    condition nodes in ``closed`` are treated as closed routes (to weigh an alternative).
    """

    def open_(node: Any) -> bool:
        return node not in closed and ctx.open_route(node)

    G = ctx.G
    held = ctx.held
    fig = ctx.figures
    relevant: set[Any] = set(planned)
    for cid in planned:
        root = ctx.entry(cid)
        if root is not None and not ctx.is_credential(root):
            stack = [root]
            while stack:
                node = stack.pop()
                if node in relevant:
                    continue
                relevant.add(node)
                stack.extend(ch for ch in ctx.items(node) if not ctx.is_credential(ch))

    def parents(node: Any) -> list[Any]:
        return [p for p in ctx.parents(node) if p in relevant]

    def multiplicity(child: Any, parent: Any) -> int:
        return int(G.edges[child, parent].get("mult", 1))

    def lo(cid: str) -> float:
        f = fig.months(cid)
        return 0.0 if known_only and not f.known else f.lo

    def hi(cid: str) -> float:
        f = fig.months(cid)
        return 0.0 if known_only and not f.known else f.hi

    heap: list[tuple[float, int, int, int, Any]] = []
    support: dict[Any, int] = {}
    seq = 0
    value: dict[Any, tuple[float, int]] = {}
    pushed: set[Any] = set()
    chosen: dict[Any, tuple[Any, ...]] = {}
    got: dict[Any, list[Any]] = {}
    start: dict[str, float] = {}
    lane = 0.0

    def push(node: Any, v: float, c: int, held_or_planned: int = 0) -> None:
        # Among items ready at the same month: fewer rules to check, then more credentials
        # behind it (a credential held satisfies before a bare claim).
        nonlocal seq
        if node in pushed:
            return
        pushed.add(node)
        seq += 1
        support[node] = held_or_planned
        heapq.heappush(heap, (v, c, -held_or_planned, seq, node))

    def push_credential(cid: str, ready: float) -> None:
        nonlocal lane
        begin = ready
        if fig.effort_based(cid):
            begin = max(ready, lane)
            lane = begin + lo(cid)
        start[cid] = begin
        push(cid, begin + lo(cid), 0, 1)

    for cid in sorted(held):
        push(cid, 0.0, 0, 1)
    for node in sorted(relevant, key=ctx.rank):
        kind = ctx.kind(node)
        if kind in ("text", "experience") and open_(node):
            wait = ctx.wait_months(node) if kind == "experience" else 0.0
            push(node, wait, 0 if ctx.check_text(node) is None else 1)
    for cid in sorted(planned):
        if ctx.entry(cid) is None:
            push_credential(cid, 0.0)

    popped: list[str] = []
    while heap:
        v, c, _s, _, node = heapq.heappop(heap)
        if node in value:
            continue
        if node in got and ctx.kind(node) in ("any", "class"):
            # Settled after everything else ready this month: of the items ready now, the
            # one with fewer rules to check, then with more credentials behind it.
            pick = min(got[node], key=lambda ch: (value[ch][0], value[ch][1], -support[ch], ctx.rank(ch)))
            chosen[node] = (pick,)
            c = value[pick][1]
            support[node] = support[pick]
        value[node] = (v, c)
        if node in planned:
            popped.append(node)
        for parent in parents(node):
            if parent in value:
                continue
            if ctx.is_credential(parent):
                if parent in planned and ctx.entry(parent) == node:
                    push_credential(parent, v)
                continue
            if not open_(parent):
                continue
            kind = ctx.kind(parent)
            got.setdefault(parent, []).append(node)
            if parent in pushed:
                continue
            items = ctx.items(parent)
            if kind in ("any", "class"):
                push(parent, v, _LATE, 0)
            elif kind == "n_of":
                n = int(G.nodes[parent]["n"])
                # An item listed twice counts twice (n_of 2 of [a, a] holds with a).
                if sum(multiplicity(x, parent) for x in got[parent]) >= n:
                    picks = tuple(got[parent])
                    chosen[parent] = picks
                    push(parent, v, sum(value[p][1] for p in picks), sum(support[p] for p in picks))
            elif len(got[parent]) == len(items):
                chosen[parent] = tuple(items)
                push(parent, v, sum(value[i][1] for i in items), sum(support[i] for i in items))

    if any(cid not in value for cid in planned):
        return None
    order = tuple(popped)
    after: dict[str, tuple[str, ...]] = {}
    checks: dict[str, tuple[str, ...]] = {}
    wait: dict[str, float] = {}
    finish_hi: dict[str, float] = {}
    lane_hi = 0.0
    for cid in order:
        root = ctx.entry(cid)
        deps: list[str] = []
        texts: list[str] = []
        waits = [0.0]
        ready_hi = 0.0
        if root is not None:
            _settle(ctx, root, chosen, value, support, start[cid], (finish_hi, held))
            ready_hi = _walk(ctx, root, chosen, finish_hi, deps, texts, waits)
        if fig.effort_based(cid):
            ready_hi = max(ready_hi, lane_hi)
            lane_hi = ready_hi + hi(cid)
        finish_hi[cid] = ready_hi + hi(cid)
        after[cid] = tuple(dict.fromkeys(deps))
        checks[cid] = tuple(dict.fromkeys(texts))
        wait[cid] = max(waits)
    return Schedule(
        order=order,
        start=start,
        finish={cid: value[cid][0] for cid in order},
        finish_hi=finish_hi,
        after=after,
        checks=checks,
        wait=wait,
        chosen=chosen,
    )


def _settle(
    ctx: Context, root: Any, chosen: dict[Any, tuple[Any, ...]], value: dict[Any, tuple[float, int]],
    support: dict[Any, int], begin: float, done: Any,
) -> None:
    """Re-pick each "one of" under a credential's entry once its start is known.

    The timeline takes the item that holds first, but the credential cannot start before
    ``begin`` anyway: among the items that hold by then, the one with fewer rules to check
    (then more credentials behind it) is the better reading of the plan. The start does not
    move; the high-end timeline may, which is the honest figure for the surer route.
    """
    stack = [root]
    while stack:
        node = stack.pop()
        if node not in chosen:
            continue
        if ctx.kind(node) == "any":
            ready = [ch for ch in ctx.items(node) if ch in value and value[ch][0] <= begin + 1e-9
                     and _settled_before(ctx, ch, chosen, done)]
            chosen[node] = (min(ready, key=lambda ch: (value[ch][1], -support[ch], ctx.rank(ch)),
                                default=chosen[node][0]),)
        if ctx.kind(node) in ("all", "any", "n_of"):
            stack.extend(ch for ch in chosen[node] if not ctx.is_credential(ch))


def _settled_before(ctx: Context, node: Any, chosen: dict[Any, tuple[Any, ...]], done: Any) -> bool:
    """Whether every credential ``node`` is read through is in one of ``done`` (the held,
    the steps earlier in the order)."""
    stack = [node]
    while stack:
        n = stack.pop()
        if ctx.is_credential(n):
            if not any(n in d for d in done):
                return False
        else:
            stack.extend(chosen.get(n, ()))
    return True


def _walk(
    ctx: Context, node: Any, chosen: dict[Any, tuple[Any, ...]], finish_hi: dict[str, float],
    deps: list[str], texts: list[str], waits: list[float],
) -> float:
    """Collect the chosen wiring under ``node``; return when it holds on the high figures."""
    kind = ctx.kind(node)
    if kind == "credential":
        deps.append(node)
        return finish_hi.get(node, 0.0)
    if kind in ("text", "experience"):
        question = ctx.check_text(node)
        if question is not None:
            texts.append(question)
        w = ctx.wait_months(node) if kind == "experience" else 0.0
        waits.append(w)
        return w
    items = chosen.get(node, ())
    return max((_walk(ctx, i, chosen, finish_hi, deps, texts, waits) for i in items), default=0.0)
