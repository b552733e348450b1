"""How far a profile's experience goes towards an ``experience`` rule, and the wait for the rest.

Contract
--------
A rule asks ``years`` or ``hours`` of a field, optionally ``within_years`` (2,000 h within the
last 3 years). The profile's entries for the same field (the exact name) count:

- years towards a years rule and hours towards an hours rule as stated; across units at the
  full-time year (2,080 h make a year), and then the rule stays a question that says so;
- the most that any one entry gives: entries are not added (two lines may describe the
  same time).

What is still missing is a wait: missing years x 12 months (as it always was); missing hours
at the field's work pattern, the profile's ``hours_per_week`` for the field or else full-time
(40 h a week, 52 weeks a year). An hours rule with a window that the pattern cannot fill
(10 h a week never gives 2,000 h within 3 years) can never hold: the route is closed, with
the reason. The rule is settled (no question to the person) only when an entry states the
rule's own unit, enough of it, and, when the rule has a window, a window no wider; otherwise
the plan asks, in words that say what was counted, so no claim is ever assumed silently.
Stdlib only; no catalogue or graph access.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ..models import (
    FULL_TIME_HOURS_PER_WEEK,
    HOURS_PER_YEAR_FULL_TIME,
    WEEKS_PER_MONTH,
    Experience,
    ProfileExperience,
    experience_words,
)

__all__ = ["Served", "serve"]


@dataclass(frozen=True)
class Served:
    """What an experience rule asks of this person."""

    wait_months: float  # experience still to gain before the rule holds
    question: str | None  # what the person must confirm; None when the profile settles it
    closed: str | None = None  # why the rule can never hold at the stated pattern
    hours_per_week: float | None = None  # the work pattern an hours wait is served at


def _num(x: float) -> str:
    return f"{x:,.0f}" if float(x).is_integer() else f"{x:,.1f}"


def serve(rule: Experience, said: Iterable[ProfileExperience]) -> Served:
    """The wait and the question for ``rule`` given the profile's entries for its field."""
    said = [s for s in said if s.field == rule.field]
    words = experience_words(rule)
    if rule.hours is None:
        return _serve_years(rule, said, words)
    need = rule.hours
    stated = [s.hours_per_week for s in said if s.hours_per_week is not None]
    per_week = max(stated) if stated else FULL_TIME_HOURS_PER_WEEK
    pattern = (f"{per_week:g} h a week, as your profile says" if stated
               else f"{per_week:g} h a week, full-time")
    if any(s.hours is not None and s.hours >= need and _inside(s, rule) for s in said):
        return Served(0.0, None, hours_per_week=per_week)
    best, how = 0.0, ""
    for s in said:
        if s.hours is not None and s.hours > best:
            best, how = s.hours, f"{_num(s.hours)} h"
        if s.years is not None and s.years * HOURS_PER_YEAR_FULL_TIME > best:
            best = s.years * HOURS_PER_YEAR_FULL_TIME
            how = f"{s.years:g} years, counted as {_num(best)} h full-time"
    missing = max(0.0, need - best)
    if missing == 0:
        return Served(0.0, f"{words} (your profile: {how}{_unsaid_window(rule)})",
                      hours_per_week=per_week)
    if rule.within_years is not None and per_week * 52 * rule.within_years < need:
        return Served(0.0, words, closed=(
            f"{words} cannot be reached at {pattern}: that gives "
            f"{_num(per_week * 52 * rule.within_years)} h in {rule.within_years:g} years"
        ), hours_per_week=per_week)
    wait = missing / (per_week * WEEKS_PER_MONTH)
    have = f"your profile: {how}; the other" if how else "none in your profile:"
    return Served(wait, f"{words} ({have} {_num(missing)} h take {_months(wait)} at {pattern})",
                  hours_per_week=per_week)


def _months(m: float) -> str:
    if m >= 1.5:
        return f"about {m:.0f} months"
    return "about a month" if m >= 0.5 else "under a month"


def _serve_years(rule: Experience, said: list[ProfileExperience], words: str) -> Served:
    need = float(rule.years or 0.0)
    years = [s.years for s in said if s.years is not None]
    hours = [s.hours for s in said if s.hours is not None]
    have = max(years, default=0.0)
    converted = max(hours, default=0.0) / HOURS_PER_YEAR_FULL_TIME
    wait = max(0.0, need - max(have, converted)) * 12.0
    if wait > 0 or not (years or hours):
        return Served(wait, words)
    if any(s.years is not None and s.years >= need and _inside(s, rule) for s in said):
        return Served(0.0, None)
    if have >= need:
        return Served(0.0, f"{words} (your profile: {have:g} years{_unsaid_window(rule)})")
    return Served(0.0, f"{words} (your profile: {_num(max(hours))} h, counted as "
                       f"{converted:.1f} years full-time)")


def _inside(s: ProfileExperience, rule: Experience) -> bool:
    """Whether the entry's amount is known to fall within the rule's window."""
    return rule.within_years is None or (
        s.within_years is not None and s.within_years <= rule.within_years)


def _unsaid_window(rule: Experience) -> str:
    if rule.within_years is None:
        return ""
    return f", not said to fall within the last {rule.within_years:g} years"
