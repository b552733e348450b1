"""One rule for every number a user gives: options, profile constraints and catalogue figures.

A number must be finite and inside its range; ``-0.0`` becomes ``0`` so output does not depend
on whether a value came from YAML or from the cache. Stdlib only (``--help`` imports this).
"""

from __future__ import annotations

import math

__all__ = ["MAX_DIGITS", "RANGES", "check_range", "normal"]

# Python refuses int <-> str conversions beyond 4,300 digits; far below that, any figure
# beyond float range is a typo or an attack, never a price.
MAX_DIGITS = 400

# name -> (lowest, highest, lowest excluded). Shared by the options and the profile.
RANGES: dict[str, tuple[float, float, bool]] = {
    "max_cost": (0, 1e12, False),
    "max_months": (0, 1200, False),
    "hours_per_week": (0, 168, True),
    "max_catalog_mib": (0, 1024 * 1024, True),
    "max_file_mib": (0, 1024 * 1024, True),
    "stale_months": (1, 1200, False),
    "horizon_years": (0, 50, True),
    "alternatives": (1, 10, False),
}


def check_range(value: float, name: str) -> str | None:
    """None when ``value`` is acceptable for ``name`` (a key of :data:`RANGES`), else the reason."""
    lo, hi, open_low = RANGES[name]
    if not math.isfinite(value):
        return f"{value} is not a finite number"
    if value < lo or value > hi or (open_low and value == lo):
        low = f"above {_show(lo)}" if open_low else f"at least {_show(lo)}"
        return f"{value:g} is out of range: must be {low} and at most {_show(hi)}"
    return None


def _show(x: float) -> str:
    return f"{x:,.0f}" if float(x).is_integer() else f"{x:g}"


def normal(value: float) -> float:
    """``value`` with ``-0.0`` replaced by ``0.0`` (the only float that prints differently)."""
    return value + 0  # IEEE: -0.0 + 0 is +0.0; ints and every other float are unchanged
