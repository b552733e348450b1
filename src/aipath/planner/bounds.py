"""How good a plan containing a given set can still get: the bound the searches prune with.

Contract
--------
:meth:`Teachers.upper` is an upper bound on the utility (value minus the ``--optimize``
weight, :mod:`.objective`) of every plan P that contains ``planned``, adds only credentials
of the pool, and leaves the ``settled`` skills where ``planned`` has them.

Why it holds: a skill t ends at a level above today's only if P adds a credential x that
teaches t at that level (a *teacher*; it is not in ``planned``, or t would be there
already). Charging x's cost split over the target skills it teaches to each of them never
charges more than x costs in all, so the value gained on t is at most the best of
``level(x) - now(t) - a * cost(x) / k(x)`` over its teachers, where the weight is
``a * cost + b * months``. Months are not additive: P ends no earlier than its months floor
(:func:`.schedule.months_floor`) and no earlier than the earliest finish of a teacher of
every skill it raises. The bound takes, over each possible latest month m, the skills whose
earliest teacher finishes by m, each with its best positive gain, less ``b * m``.
O(T log T + sum of teachers scanned) per call, T the target skills.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

from .context import Context
from .objective import evaluate, skill_levels, strength
from .schedule import earliest, months_floor

__all__ = ["Teachers", "relaxed"]


class Teachers:
    """Per target skill, the pool's credentials that teach it: (cost share, level, month, id)."""

    def __init__(self, ctx: Context, targets: tuple[str, ...], pool: Iterable[str]) -> None:
        self.targets = targets
        self.a = ctx.primary(1.0, 0.0)
        self.b = ctx.primary(0.0, 1.0)
        first = earliest(ctx)
        fig = ctx.figures
        wanted = set(targets)
        self.by_tag: dict[str, list[tuple[float, float, float, str]]] = {t: [] for t in targets}
        for x in sorted(set(pool)):
            c = ctx.catalog.by_id[x]
            taught = [t for t in dict.fromkeys(c.skills) if t in wanted]
            if not taught:
                continue
            share = fig.cost(x).rank / len(taught)
            for t in taught:
                self.by_tag[t].append((share, strength(c), first.get(x, math.inf), x))
        self.by_month: dict[str, list[tuple[float, float, str]]] = {}
        self.levels: dict[str, frozenset[float]] = {}
        for t in targets:
            self.by_tag[t].sort()
            self.by_month[t] = sorted((m, s, x) for _, s, m, x in self.by_tag[t])
            self.levels[t] = frozenset(s for _, s, _, _ in self.by_tag[t])

    def upper(
        self, planned: frozenset[str], now: dict[str, float], settled: Iterable[str],
        cost_rank: float, floor: float,
    ) -> float:
        """The bound for plans containing ``planned`` (whose skill levels are ``now``, whose
        cost is ``cost_rank`` and months floor ``floor``)."""
        still = [t for t in self.targets if t not in set(settled)]
        gains: list[tuple[float, float]] = []  # (earliest month a teacher finishes, best gain)
        for t in still:
            level = now[t]
            # Cheapest share first: the first teacher not planned at each level gives that
            # level's best gain; earliest first: the first not planned gives the month.
            need = {s for s in self.levels[t] if s > level}
            gain = 0.0
            for share, s, _m, x in self.by_tag[t]:
                if not need:
                    break
                if s in need and x not in planned:
                    gain = max(gain, s - level - self.a * share)
                    need.discard(s)
            if gain <= 0:
                continue
            month = next((m for m, s, x in self.by_month[t] if s > level and x not in planned),
                         math.inf)
            if month < math.inf:
                gains.append((month, gain))
        gains.sort()
        best = -self.b * floor
        total = 0.0
        for month, gain in gains:
            total += gain
            best = max(best, total - self.b * max(floor, month))
        return sum(now.values()) - self.a * cost_rank + best


def relaxed(ctx: Context, targets: tuple[str, ...], planned: frozenset[str]) -> float:
    """The bound for plans containing ``planned`` that may add any allowed credential: what a
    search that left routes out (a truncated route table) could have missed at most."""
    cache: dict[tuple[tuple[str, ...], frozenset[str]], float] = ctx.__dict__.setdefault(
        "_relaxed", {})
    k = (targets, planned)
    if k not in cache:
        teachers: Teachers | None = ctx.__dict__.get("_teachers_all")
        if teachers is None or teachers.targets != targets:
            teachers = ctx.__dict__["_teachers_all"] = Teachers(ctx, targets, ctx.allowed)
        ev = evaluate(ctx, planned)
        cache[k] = teachers.upper(planned, skill_levels(ctx, planned, targets), (),
                                  ev.cost_rank, months_floor(ctx, planned))
    return cache[k]
