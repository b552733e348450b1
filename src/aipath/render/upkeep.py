"""The cost to keep a plan (``--horizon-years``) as JSON and as sentences for the table and page.

Unknown figures are ``null`` and named in ``missing``; the totals sum only known figures and
count the rest, so a missing fee never reads as free. No rich here: the table styles the lines.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .formatting import money

if TYPE_CHECKING:
    from ..planner.upkeep import Upkeep, UpkeepItem

__all__ = ["upkeep_heading", "upkeep_json", "upkeep_sentences", "upkeep_totals_sentence"]


def _n(x: float) -> float | int:
    return int(x) if float(x).is_integer() else round(x, 2)


def _years(years: float) -> str:
    return f"{_n(years)} year" + ("" if years == 1 else "s")


def upkeep_json(u: Upkeep | None) -> dict[str, Any] | None:
    """The ``upkeep`` block of ``plan --format json``; None when no horizon was asked for."""
    if u is None:
        return None
    return {
        "horizon_years": _n(u.years),
        "credentials": [
            {
                "id": i.id,
                "part": i.part,
                "since": i.since,
                "every_years": None if i.every_years is None else _n(i.every_years),
                "renewals": i.renewals,
                "fee": None if i.fee_usd is None else {
                    "usd_min": _n(i.fee_usd[0]), "usd_max": _n(i.fee_usd[1]), "year": i.fee_year,
                },
                "ce_hours": None if i.ce_hours is None else _n(i.ce_hours),
                "missing": list(i.missing),
                "note": i.note,
            }
            for i in u.items
        ],
        "totals": {
            "fee": None if u.fee_usd is None else {
                "usd_min": _n(u.fee_usd[0]), "usd_max": _n(u.fee_usd[1]),
            },
            "fee_known": u.fee_known,
            "fee_unknown": u.fee_unknown,
            "ce_hours": None if u.ce_hours is None else _n(u.ce_hours),
            "ce_known": u.ce_known,
            "ce_unknown": u.ce_unknown,
        },
    }


def upkeep_heading(u: Upkeep) -> str:
    return f"Cost to keep over {_years(u.years)}:"


def _sentence(i: UpkeepItem) -> str:
    start = "from the plan's finish" if i.since == "plan finish" else (
        "from today (no earned date)" if i.since == "today" else f"earned {i.since}")
    if i.renewals is None:
        count = "renewals unknown"
    else:
        count = f"{i.renewals} renewal" + ("" if i.renewals == 1 else "s")
    bits = [f"{i.id} ({i.part}, {start}): {count}"]
    if i.fee_usd is not None:
        bits.append(f"fees {money(*i.fee_usd)}")
    if i.ce_hours is not None:
        bits.append(f"{_n(i.ce_hours)} CE hours")
    text = ", ".join(bits)
    if i.missing:
        text += "; " + "; ".join(i.missing)
    if i.note:
        text += f"; {i.note}"
    return text


def upkeep_sentences(u: Upkeep) -> list[str]:
    """One sentence per credential with a renewal rule, planned first."""
    return [_sentence(i) for i in u.items]


def upkeep_totals_sentence(u: Upkeep) -> str:
    """The totals line: known sums, and how many credentials lack each figure."""
    n = len(u.items)
    if n == 0:
        return f"Upkeep over {_years(u.years)}: no planned or held credential has a renewal rule"
    fee = "renewal fees unknown" if u.fee_usd is None else (
        f"{money(*u.fee_usd)} in renewal fees")
    ce = "CE hours unknown" if u.ce_hours is None else f"{_n(u.ce_hours)} CE hours"
    text = (f"Upkeep over {_years(u.years)}: {fee} ({u.fee_known} of {n} credentials known), "
            f"{ce} ({u.ce_known} of {n} known)")
    unknown = []
    if u.fee_unknown:
        unknown.append(f"{u.fee_unknown} without a published renewal fee")
    if u.ce_unknown:
        unknown.append(f"{u.ce_unknown} without published CE hours")
    if unknown:
        text += "; not counted: " + ", ".join(unknown)
    return text
