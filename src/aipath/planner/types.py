"""What the planner is asked and what it answers: frozen dataclasses, no logic."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..estimates import Figure
from ..models import Background, Credential

__all__ = [
    "OPTIMIZE",
    "Alternative",
    "Holding",
    "Plan",
    "PlanRequest",
    "RankedPlan",
    "PlanStep",
    "Satisfies",
    "Totals",
]

OPTIMIZE = ("cost", "time", "balanced")


@dataclass(frozen=True)
class Holding:
    """A credential the user holds and where that fact came from."""

    id: str
    source: str  # preset | have | wallet (--have-from) | profile
    earned: str | None = None  # from the profile: 2023, 2023-05 or 2023-05-01


@dataclass(frozen=True)
class PlanRequest:
    """Everything the planner needs besides the catalogue."""

    role: Background
    holdings: tuple[Holding, ...]
    goal: str | None = None
    target_skills: tuple[str, ...] | None = None  # None: the role's own
    certificates_only: bool = False
    max_cost: float | None = None
    max_months: float | None = None
    optimize: str = "balanced"
    stale_months: int = 18
    today: str = "1970-01-01"
    hours_per_week: float = 10.0
    asserts: tuple[str, ...] = ()
    # What the profile says of each field (models.ProfileExperience); a (field, years) pair
    # is read as years.
    experience: tuple[Any, ...] = ()


@dataclass(frozen=True)
class Alternative:
    """An option not taken for a step, with its own figures and the difference they make.

    ``cost_usd`` and ``months`` are what the option would add (estimates included), or None
    when it cannot be taken at all; ``reason`` says it in words.
    """

    option: str
    reason: str
    cost_usd: float | None = None
    months: float | None = None


@dataclass(frozen=True)
class Satisfies:
    """A later step whose entry requirement this step meets."""

    step: str
    requirement: str


@dataclass(frozen=True)
class PlanStep:
    """One credential to earn, in order, with its explanation and its place on the timeline."""

    order: int
    credential: Credential
    part: str  # prerequisite | core-degree | certificate
    reason: str
    satisfies: tuple[Satisfies, ...]
    alternatives: tuple[Alternative, ...]
    months: tuple[float, float] | None  # the credential's own duration, known figures only
    imputed: tuple[str, ...]  # figures that are estimates: "cost", "duration"
    manual_checks: tuple[str, ...]  # questions the person answers (texts, experience)
    stale: bool
    warnings: tuple[str, ...]
    after: tuple[str, ...]  # planned steps this one needs first
    start_month: float = 0.0  # when it can start (prerequisites and experience waits done)
    finish_month: float = 0.0
    wait_months: float = 0.0  # experience still to gain before it can start
    cost_estimate: tuple[float, float] | None = None  # used for unknown costs
    months_estimate: tuple[float, float] | None = None  # used for unknown durations
    cost_figure: Figure | None = None  # an unknown cost's estimate, with what it came from
    months_figure: Figure | None = None  # an unknown duration's estimate, likewise


@dataclass(frozen=True)
class Totals:
    """Known and estimated figures, kept apart. Months follow the timeline (parallel steps)."""

    cost_usd_min: float  # known costs only
    cost_usd_max: float
    months_min: float  # timeline with estimates and experience waits
    months_max: float
    unknown_cost_steps: int
    unknown_duration_steps: int
    estimated_cost_min: float = 0.0  # the unknown costs' estimates
    estimated_cost_max: float = 0.0
    known_months_min: float = 0.0  # timeline counting unknown durations as 0
    known_months_max: float = 0.0
    wait_months: float = 0.0  # experience waits on the critical path


@dataclass(frozen=True)
class Plan:
    """The ordered stack for a request."""

    request: PlanRequest
    holdings: tuple[Holding, ...]
    core: str | None
    core_held: bool
    steps: tuple[PlanStep, ...]
    totals: Totals
    target_skills: tuple[str, ...]
    covered: tuple[str, ...]
    missing: tuple[str, ...]
    warnings: tuple[str, ...]
    notes: tuple[str, ...] = ()  # why a recognised credential is out of reach or later
    approximate: bool = False  # a search budget was reached: the plan is good, not proven best
    optimality_gap: float = 0.0  # the most an unexplored plan could beat it by (utility points)
    renewals: tuple[Any, ...] = ()  # renewals.Renewal for holdings with an earned date


@dataclass(frozen=True)
class RankedPlan:
    """A whole plan of ``--alternatives``: its rank (1 is the plan itself), the core degrees and
    certificates ruled out to reach it, and how it differs from the best, in words."""

    rank: int
    plan: Plan
    differs: str
    ruled_out: tuple[str, ...] = ()
