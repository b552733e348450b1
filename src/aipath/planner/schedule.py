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

from ..graph import CREDENTIAL
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


def conditions(ctx: Context, cid: str) -> tuple[Any, ...]:
    """The condition nodes of ``cid``'s entry (memoised: a wide "one of" is walked once)."""
    cache: dict[str, tuple[Any, ...]] = ctx.__dict__.setdefault("_conditions", {})
    got = cache.get(cid)
    if got is None:
        seen: dict[Any, None] = {}
        root = ctx.entry(cid)
        if root is not None and not ctx.is_credential(root):
            stack = [root]
            while stack:
                node = stack.pop()
                if node in seen:
                    continue
                seen[node] = None
                if ctx.kind(node) != "class":  # a class's items are credentials, maybe many
                    stack.extend(ch for ch in ctx.items(node) if not ctx.is_credential(ch))
        got = cache[cid] = tuple(seen)
    return got


def earliest(ctx: Context) -> dict[str, float]:
    """Each allowed credential's earliest finish if every allowed credential could be
    planned and study hours did not share a week: 0 for what is held, inf if never.

    Invariant (what the searches' bounds rely on): for every plan S containing c,
    ``schedule(ctx, S).finish[c] >= earliest(ctx)[c]``. Every combination in the timeline is
    monotone (more credentials planned can only make a condition hold earlier) and the
    shared study lane only delays, so the relaxation with all of them and no lane is a floor.
    """
    got: dict[str, float] | None = ctx.__dict__.get("_earliest")
    if got is None:
        value = _times(ctx, ctx.allowed, known_only=False, closed=frozenset(), lane=False,
                       record=False)[0]
        got = {cid: value[cid][0] if cid in value else INF for cid in ctx.allowed}
        got.update(dict.fromkeys(ctx.held, 0.0))
        ctx.__dict__["_earliest"] = got
    return got


def months_floor(ctx: Context, planned: frozenset[str]) -> float:
    """A lower bound on the timeline of ``planned`` and of every plan containing it.

    The latest :func:`earliest` finish among its credentials, or the study hours it holds
    end to end (they share the person's week), whichever is later. Both only grow as
    credentials are added, unlike the timeline itself: adding a credential can open an
    earlier branch of a "one of".
    """
    first = earliest(ctx)
    fig = ctx.figures
    late = max((first.get(c, INF) for c in planned), default=0.0)
    lane = sum(fig.months(c).lo for c in planned if fig.effort_based(c))
    return max(late, lane)


def schedule(
    ctx: Context, planned: frozenset[str], *, known_only: bool = False,
    closed: frozenset[Any] = frozenset(),
) -> Schedule | None:
    """The timeline of ``planned`` on top of what is held, or None if it cannot be ordered.

    With ``known_only`` an unknown duration counts as 0 (the timeline of known figures);
    condition nodes in ``closed`` are treated as closed routes (to weigh an alternative).
    """
    value, start, chosen, support, popped, got = _times(
        ctx, planned, known_only=known_only, closed=closed, lane=True, record=True)
    if any(cid not in value for cid in planned):
        return None
    return _assemble(ctx, planned, value, start, chosen, support, popped, got, known_only)


def _times(
    ctx: Context, planned: frozenset[str], *, known_only: bool, closed: frozenset[Any], lane: bool,
    record: bool,
) -> tuple[dict[Any, tuple[float, int]], dict[str, float], dict[Any, tuple[Any, ...]],
           dict[Any, int], list[str], dict[Any, list[Any]]]:
    """The timeline's Dijkstra: each node's (month it holds, rules to check), the starts,
    the "one of" picks, the support counts and the planned credentials in order."""

    def open_(node: Any) -> bool:
        return node not in closed and ctx.open_route(node)

    G = ctx.G
    held = ctx.held
    fig = ctx.figures
    relevant: set[Any] = set(planned)
    for cid in planned:
        relevant.update(conditions(ctx, cid))

    def multiplicity(child: Any, parent: Any) -> int:
        return int(G.edges[child, parent].get("mult", 1))

    def lo(cid: str) -> float:
        f = fig.months(cid)
        return 0.0 if known_only and not f.known else f.lo

    heap: list[tuple[float, int, int, int, Any]] = []
    support: dict[Any, int] = {}
    seq = 0
    value: dict[Any, tuple[float, int]] = {}
    pushed: set[Any] = set()
    chosen: dict[Any, tuple[Any, ...]] = {}
    got: dict[Any, list[Any]] = {}
    start: dict[str, float] = {}
    lane_end = 0.0

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
        nonlocal lane_end
        begin = ready
        if lane and fig.effort_based(cid):
            begin = max(ready, lane_end)
            lane_end = begin + lo(cid)
        start[cid] = begin
        push(cid, begin + lo(cid), 0, 1)

    # A class's members feed the rules naming it through one shared node: each member that
    # holds reaches the open rules of this timeline naming the class, as if it fed them itself.
    owners_of: dict[Any, list[Any]] = {}
    fired: set[Any] = set()

    def parents_of(node: Any) -> list[tuple[Any, str]]:
        ups = ctx.up(node)
        if not owners_of:
            return ups
        out: list[tuple[Any, str]] = []
        expanded = False
        for parent, kind in ups:
            owners = owners_of.get(parent)
            if owners is None:
                out.append((parent, kind))
            elif parent not in fired or record:  # once pushed, only recording wants them
                fired.add(parent)
                out.extend((o, "class") for o in owners)
                expanded = True
        if expanded:
            out.sort(key=lambda pk: ctx.rank(pk[0]))
        return out

    for cid in sorted(held):
        push(cid, 0.0, 0, 1)
    for node in sorted(relevant, key=ctx.rank):
        kind = ctx.kind(node)
        if kind == "class" and ctx.shared(node) is not None and ctx.open_route(node):
            owners_of.setdefault(ctx.shared(node), []).append(node)
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
        for parent, kind in parents_of(node):
            if parent not in relevant:
                continue
            if kind == CREDENTIAL:
                if parent not in value and parent in planned and ctx.entry(parent) == node:
                    push_credential(parent, v)
                continue
            if closed and parent in closed:
                continue
            if parent in value or parent in pushed:
                if record:
                    # Every item that holds is recorded, even after its group has: the
                    # entry's reading (_settle) picks among them without a scan of the group.
                    got.setdefault(parent, []).append(node)
                continue
            got.setdefault(parent, []).append(node)
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
    return value, start, chosen, support, popped, got


def _assemble(
    ctx: Context, planned: frozenset[str], value: dict[Any, tuple[float, int]],
    start: dict[str, float], chosen: dict[Any, tuple[Any, ...]], support: dict[Any, int],
    popped: list[str], got: dict[Any, list[Any]], known_only: bool,
) -> Schedule:
    """The wiring, checks, waits and high-end finishes of a timeline that holds."""
    held, fig = ctx.held, ctx.figures

    def hi(cid: str) -> float:
        f = fig.months(cid)
        return 0.0 if known_only and not f.known else f.hi

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
            _settle(ctx, root, chosen, value, support, got, start[cid], (finish_hi, held))
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
    support: dict[Any, int], got: dict[Any, list[Any]], begin: float, done: Any,
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
            ready = [ch for ch in got.get(node, ()) if value[ch][0] <= begin + 1e-9
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
