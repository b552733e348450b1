"""Hypothesis strategies the property and oracle tests share."""

from __future__ import annotations

from hypothesis import strategies as st

from aipath.models import All, AnyOf, Experience, NOf, Ref, Text

__all__ = ["conditions"]


def conditions(
    refs: list[str], *, experience: bool = False, closed: bool = False, max_leaves: int = 5
) -> st.SearchStrategy:
    """Conditions over ``refs`` (credentials with a lower index keep the catalogue acyclic).

    ``experience`` adds experience rules (years and hours); ``closed`` lets an ``all`` be a
    route that closed.
    """
    kinds = [st.sampled_from(refs).map(Ref), st.just(Text("a rule a person checks")),
             # A credential from outside the catalogue: met only when asserted, never here.
             st.just(Text("an outside credential", must_hold=True))]
    if experience:
        kinds.append(st.integers(1, 3).map(lambda y: Experience(years=y, field="work")))
        # Hours: a year full-time, and 4,000 h within a year (never, at 40 h a week).
        kinds.append(st.sampled_from([(1040, None), (2080, 1), (4000, 1)]).map(
            lambda h: Experience(None, "work", hours=h[0], within_years=h[1])))
    leaves = st.one_of(*kinds)

    def groups(children: st.SearchStrategy) -> st.SearchStrategy:
        items = st.lists(children, min_size=1, max_size=3).map(tuple)
        alls = (
            st.tuples(items, st.booleans()).map(
                lambda t: All(t[0], open_until="2020-01-01" if t[1] else None))
            if closed else items.map(All)
        )
        return st.one_of(
            alls,
            items.map(AnyOf),
            items.flatmap(lambda xs: st.integers(1, len(xs)).map(lambda n: NOf(n, xs))),
        )

    return st.recursive(leaves, groups, max_leaves=max_leaves)
