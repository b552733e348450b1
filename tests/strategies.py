"""Hypothesis strategies the property and oracle tests share."""

from __future__ import annotations

from hypothesis import strategies as st

from aipath.models import All, AnyOf, ClassOf, Evidence, Experience, NOf, Ref, Text

# What generated catalogues share: the target skills, one recalled source, and the kinds of
# credential (type, level, recognition) the oracle tests draw from.
SKILLS = ("s0", "s1", "s2", "s3")
EVIDENCE = (Evidence(kind="recalled", verified_on="2026-11-24"),)
KINDS = {
    "core": ("degree", "graduate", "academic"),
    "pro": ("professional-certificate", "professional", "professional-body"),
    "course": ("micro-credential", "introductory", "course-certificate"),
    "prereq": ("licensure", "professional", "licence"),
    "bachelor": ("degree", "undergraduate", "academic"),
}

__all__ = ["conditions"]


# A route's dates against the cases' today (2026-11-24): open, closed since 2020, not open
# until 2027, open since 2025.
DATES = [{}, {}, {}, {"open_until": "2020-01-01"}, {"open_from": "2027-06-01"},
         {"open_from": "2025-01-01"}]


def conditions(
    refs: list[str], *, experience: bool = False, closed: bool = False, max_leaves: int = 5,
    classes: tuple[str, ...] = (),
) -> st.SearchStrategy:
    """Conditions over ``refs`` (and ``classes``); the same ref may appear in several places.

    ``experience`` adds experience rules (years and hours); ``closed`` gives groups dates
    (:data:`DATES`), so some routes have closed and some are not open yet.
    """
    kinds = [st.sampled_from(refs).map(Ref), st.just(Text("a rule a person checks")),
             # A credential from outside the catalogue: met only when the profile asserts it.
             st.just(Text("an outside credential", must_hold=True))]
    if experience:
        kinds.append(st.integers(1, 3).map(lambda y: Experience(years=y, field="work")))
        # Hours: a year full-time, and 4,000 h within a year (never, at 40 h a week).
        kinds.append(st.sampled_from([(1040, None), (2080, 1), (4000, 1)]).map(
            lambda h: Experience(None, "work", hours=h[0], within_years=h[1])))
    if classes:
        kinds.append(st.sampled_from(classes).map(ClassOf))
    leaves = st.one_of(*kinds)

    def groups(children: st.SearchStrategy) -> st.SearchStrategy:
        items = st.lists(children, min_size=1, max_size=3).map(tuple)
        dates = st.sampled_from(DATES) if closed else st.just({})
        return st.one_of(
            st.tuples(items, dates).map(lambda t: All(t[0], **t[1])),
            st.tuples(items, dates).map(lambda t: AnyOf(t[0], **t[1])),
            st.tuples(items, dates).flatmap(
                lambda t: st.integers(1, len(t[0])).map(lambda n: NOf(n, t[0], **t[1]))),
        )

    return st.recursive(leaves, groups, max_leaves=max_leaves)
