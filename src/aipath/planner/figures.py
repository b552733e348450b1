"""Cost and months of each credential: the known figure, or an estimate that names its sources.

Contract
--------
A known figure is the catalogue's range. An unknown one is estimated from the credentials most
like it that publish the figure, and the estimate records which they are (``Figure.source``,
shown by ``aipath show`` and as ``estimate_from`` in JSON).

*Like it* means the same **kind** first, then the same **effort**:

- kind (:func:`kind`), what earning it takes: an ``exam`` (a professional or board
  certification earned by passing an assessment), a ``course`` (micro-credentials, executive
  education, and certifications whose subtype names a course, such as "course and exam"), a
  ``training programme`` (fellowships, residencies: ``type: fellowship``, recognition
  ``accredited-training`` or ``training``, or a subtype naming a residency or fellowship), an
  ``academic certificate``, a ``licence``, or a degree of one level (``graduate degree``,
  ``undergraduate degree``);
- effort (:func:`effort`), from a known duration read at :data:`REFERENCE_HOURS_PER_WEEK`:
  ``short`` (up to a month: a few days, a weekend course, up to ~40 study hours), ``medium``
  (up to a year) or ``long`` (over a year). A credential without a duration has no effort
  class, so only the rungs without effort apply to its months.

The comparable set is the first rung of :data:`RUNGS` (from the narrowest) holding at least
:data:`MIN_SIMILAR` credentials with the figure: kind + effort + level, kind + effort, kind +
level + recognition, kind + level, kind + recognition, kind. Effort comes first because it
is what separates a two-day course from a six-month programme; level next, because it
separates a professional course from a free introductory MOOC and a vendor's entry exam from
a professional one; recognition last, because it separates a vendor's exam from a society's.
Only when no rung of its kind has enough does the set become every credential with the
figure (``Figure.basis`` then says "of any kind"). A kind is never mixed with another before
that: an exam's preparation is never averaged with a licence or a fellowship, a two-day
course's price with a degree's.

The estimate is the **interquartile range** of the set's published endpoints (each credential
contributes its low and its high end; quartiles interpolated between neighbours), so it always
lies within [lowest, highest] of the credentials it names and is never wider than what they
show. Estimates feed budgets (their low end) and the timeline (both ends), and ranking at their
high end (:attr:`Figure.rank`; a published price ranks at its low end): with the median..max
buckets an estimate ranked at its middle was already pessimistic, and ranked at the middle
of a narrow range an unpublished price would now beat a published one by a few dollars of
guesswork. Estimates are always reported apart from known figures.

Why: an estimate is only worth reading if it is what a person would expect of that kind of
credential. The buckets this replaces (type and recognition, then ever wider up to the whole
catalogue, from their median to their maximum) put a board exam's preparation at "1.2–36
months", because its bucket (every professional-level credential) took its top from a medical
licence's three years, and a two-day CME course at "$39–7,288", because its bucket (every
micro-credential) ran from free MOOCs to a week of professional training. Kind keeps like
with like, effort separates a short course from a programme, and the interquartile range
drops the extremes the maximum used to report.

Complexity: building is O(n log n) for n credentials (each joins at most ``len(RUNGS)`` sets per
figure; each set is sorted once); a lookup walks at most ``len(RUNGS) + 1`` sets. The ids of a
set are stored once per set and shared by every estimate drawn from it.

The code lives in :mod:`aipath.estimates` (stdlib-only, so ``aipath show`` states estimates
without importing the planner); this module is the planner's name for it.
"""

from __future__ import annotations

from ..estimates import (
    EFFORT_BANDS,
    MIN_SIMILAR,
    REFERENCE_HOURS_PER_WEEK,
    RUNGS,
    Figure,
    Figures,
    describe,
    effort,
    kind,
)

__all__ = [
    "EFFORT_BANDS", "MIN_SIMILAR", "REFERENCE_HOURS_PER_WEEK", "RUNGS", "Figure",
    "Figures", "describe", "effort", "kind",
]
