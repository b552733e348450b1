"""A registry record's texts and figures read for an import: language maps to strings, cost
profiles to a cost, duration profiles to a duration, a renewal frequency to a cycle.

Each reader returns the catalogue-format value (as :func:`aipath.models.credential_to_data`
writes it) or None, and counts in the :class:`~.tally.Tally` whatever it could not map.
The terms are :mod:`.vocabulary`'s and :mod:`.registry`'s. Stdlib only.
"""

from __future__ import annotations

import math
import re
from typing import Any

from .registry import RECORD
from .tally import Tally
from .vocabulary import (
    AGGREGATE_COST,
    ALIGNMENT,
    COST,
    CURRENCIES,
    DURATION,
    UNITS,
    text_of,
)

__all__ = ["MAX_TEXT", "clean", "concepts", "cost", "duration", "renewal_years", "text", "texts"]

MAX_TEXT = 300  # a rule or note longer than this is cut (with an ellipsis)
_MAX_FIGURE = 1e12  # what the loader accepts (load.nodes.MAX_FIGURE)
_SPACE = re.compile(r"\s+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def clean(value: str, limit: int | None = None) -> str:
    """One line of text: controls removed, runs of white space one space, cut at ``limit``."""
    if not value.isprintable():  # rare: controls, line breaks, tabs
        value = _SPACE.sub(" ", _CONTROL.sub("", value))
    out = " ".join(value.split()) if "  " in value or value[:1].isspace() or \
        value[-1:].isspace() else value
    if limit is not None and len(out) > limit:
        out = out[: limit - 1].rstrip() + "…"
    return out


def text(value: Any, tally: Tally, limit: int | None = None) -> str | None:
    """The text of a language map (or of a plain string, counted: CTDL gives language maps)."""
    if isinstance(value, str):
        tally.warn("plain strings where CTDL gives a language map")
    found = texts(value)
    return clean(found[0], limit) if found else None


def texts(value: Any) -> list[str]:
    """Every text of a language map whose values are lists (keywords, conditions), of a list of
    maps, or of plain strings; cleaned, in order, without repeats."""
    if isinstance(value, dict) and len(value) == 1:  # the usual {"en-US": "text"}
        (only,) = value.values()
        if isinstance(only, str):
            found = clean(only)
            return [found] if found else []
    out: list[str] = []
    items = value if isinstance(value, list) else [value]
    for item in items:
        if isinstance(item, str):
            out.append(item)
        elif isinstance(item, dict):
            picked = text_of({k: v for k, v in item.items() if isinstance(v, str)})
            lists = [v for k, v in item.items() if isinstance(v, list)]
            if picked:
                out.append(picked)
            elif lists:
                english = [v for k, v in item.items()
                           if isinstance(v, list) and str(k).lower().startswith("en")]
                out.extend(x for x in (english or lists)[0] if isinstance(x, str))
    return list(dict.fromkeys(c for c in (clean(x) for x in out) if c))


def concepts(value: Any) -> list[str]:
    """The concepts (``targetNode``) of an alignment object or a list of them."""
    items = value if isinstance(value, list) else [value]
    return [i[ALIGNMENT["concept"]] for i in items
            if isinstance(i, dict) and isinstance(i.get(ALIGNMENT["concept"]), str)]


def _labels(value: Any) -> list[str]:
    items = value if isinstance(value, list) else [value]
    out = []
    for i in items:
        if isinstance(i, dict):
            name = text_of(i.get(ALIGNMENT["label"]))
            concept = i.get(ALIGNMENT["concept"])
            out.append(name or (concept.rpartition(":")[2] if isinstance(concept, str) else ""))
    return [x for x in out if x]


# --- cost -------------------------------------------------------------------------------------


def _price(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        return None
    try:
        price = float(value)
    except ValueError:
        return None
    return price if math.isfinite(price) and 0 <= price <= _MAX_FIGURE else None


def cost(profiles: Any, year: int | None, tally: Tally) -> dict[str, Any] | None:
    """``estimatedCost`` as a cost: prices of one cost type are alternatives (a range), prices
    of different types add up, and an aggregate cost is the whole. US dollars only."""
    groups: dict[str, list[float]] = {}
    details: list[str] = []
    for p in profiles if isinstance(profiles, list) else [profiles]:
        if not isinstance(p, dict):
            tally.unmap("estimatedCost that is not a CostProfile")
            continue
        if COST["usd"] not in p:
            tally.unmap("estimatedCost without a price")
            continue
        price = _price(p[COST["usd"]])
        if price is None:
            tally.unmap("estimatedCost with a price that is not a number from 0 to 10^12")
            continue
        currency = p.get(COST["currency"])
        if currency is None:
            tally.unmap("estimatedCost without a currency")
            continue
        if not isinstance(currency, str) or CURRENCIES.read(currency.strip()) is None:
            tally.unmap("estimatedCost in a currency other than US dollars")
            continue
        kind = (concepts(p.get(RECORD["cost_type"])) or [""])[0]
        label = (_labels(p.get(RECORD["cost_type"])) or [""])[0]
        groups.setdefault(f"{kind}\0{label}", []).append(price)
        link = p.get(COST["source"])
        if isinstance(link, str) and link.startswith(("https://", "http://")):
            details.append(link)
    if not groups:
        return None
    whole = [k for k in groups if k.split("\0")[0] == AGGREGATE_COST]
    if whole:
        groups = {whole[0]: groups[whole[0]]}
    lo = sum(min(g) for g in groups.values())
    hi = sum(max(g) for g in groups.values())
    parts = []
    for key, prices in groups.items():
        label = key.split("\0")[1] or "cost"
        span = _money(min(prices)) + ("" if min(prices) == max(prices) else f"–{_money(max(prices))}")
        parts.append(f"{label} {span}")
    basis = "registry cost profiles: " + " + ".join(parts)
    links = list(dict.fromkeys(details))
    if links:
        basis += f" (details: {links[0]})"
    out: dict[str, Any] = {"usd_min": _number(lo), "usd_max": _number(hi)}
    if year is not None:
        out["year"] = year
    else:
        tally.unmap("cost without a year (the record is not dated)")
    out["basis"] = clean(basis, MAX_TEXT)
    return out


def _money(x: float) -> str:
    return f"${x:,.2f}".replace(".00", "")


def _number(x: float) -> float | int:
    x = round(x, 2)
    return int(x) if x.is_integer() else x


# --- durations --------------------------------------------------------------------------------

_ISO = re.compile(
    r"P(?!$)(?:(\d+(?:\.\d+)?)Y)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)W)?(?:(\d+(?:\.\d+)?)D)?"
    r"(?:T(?=\d)(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?"
)
_DAYS_PER_MONTH = 365.25 / 12


def iso_span(value: Any) -> tuple[float, str] | None:
    """An ISO 8601 duration as (amount, unit): one designator keeps its unit (P18M is 18
    months, PT40H 40 hours); several become months (P1Y6M) or, all in the time part, hours."""
    if not isinstance(value, str):
        return None
    m = _ISO.fullmatch(value.strip())
    if m is None:
        return None
    years, months, weeks, days, hours, minutes, seconds = (
        float(g) if g is not None else None for g in m.groups())
    given = [(v, u) for v, u in ((years, "Y"), (months, "M"), (weeks, "W"), (days, "D"))
             if v is not None]
    timed = [v for v in (hours, minutes, seconds) if v is not None]
    if given and not timed and len(given) == 1:
        amount, unit = given[0]
        return (amount, UNITS.read(unit) or "months") if amount > 0 else None
    if timed and not given:
        total = (hours or 0) + (minutes or 0) / 60 + (seconds or 0) / 3600
        return (round(total, 2), "hours") if total > 0 else None
    total = ((years or 0) * 12 + (months or 0) + (weeks or 0) * 12 / 52
             + ((days or 0) + ((hours or 0) + (minutes or 0) / 60) / 24) / _DAYS_PER_MONTH)
    return (round(total, 2), "months") if total > 0 else None


_TO_MONTHS = {"years": 12.0, "months": 1.0, "weeks": 12 / 52, "days": 1 / _DAYS_PER_MONTH}


def duration(profiles: Any, tally: Tally) -> dict[str, Any] | None:
    """``estimatedDuration`` as a duration: the shortest to the longest of its profiles, in
    their unit when they share one, else in months; effort hours are not mixed with calendar
    time (the calendar figures are kept)."""
    spans: list[tuple[float, float, str]] = []
    for p in profiles if isinstance(profiles, list) else [profiles]:
        if not isinstance(p, dict):
            tally.unmap("estimatedDuration that is not a DurationProfile")
            continue
        exact = p.get(DURATION["exact"])
        ends = [p.get(DURATION["min"]), p.get(DURATION["max"])]
        raw = [exact, exact] if exact is not None else ends
        if all(r is None for r in raw):
            tally.unmap("estimatedDuration without an ISO 8601 duration (text only)")
            continue
        read = [iso_span(r) if r is not None else None for r in raw]
        if any(r is not None and x is None for r, x in zip(raw, read)):
            tally.warn("durations that are not ISO 8601 (skipped)")
            continue
        lo, hi = read[0] or read[1], read[1] or read[0]
        assert lo is not None and hi is not None
        if lo[1] != hi[1]:
            lo, hi = (_months(lo), "months"), (_months(hi), "months")
        if hi[0] < lo[0]:
            tally.warn("durations whose maximum is below their minimum (skipped)")
            continue
        spans.append((lo[0], hi[0], lo[1]))
    if not spans:
        return None
    units = {u for _, _, u in spans}
    if "hours" in units and len(units) > 1:
        tally.unmap("effort hours beside calendar durations (calendar kept)")
        spans = [s for s in spans if s[2] != "hours"]
        units.discard("hours")
    if len(units) > 1:
        spans = [(_months((a, u)), _months((b, u)), "months") for a, b, u in spans]
    lo = min(a for a, _, _ in spans)
    hi = max(b for _, b, _ in spans)
    return {"min": _number(lo), "max": _number(hi), "unit": spans[0][2]}


def _months(span: tuple[float, str]) -> float:
    amount, unit = span
    return round(amount * _TO_MONTHS[unit], 2)


def renewal_years(value: Any, tally: Tally) -> float | None:
    """``renewalFrequency`` (an ISO 8601 duration) in years."""
    span = iso_span(value)
    if span is None or span[1] == "hours":
        tally.warn("renewal frequencies that are not ISO 8601 calendar durations (skipped)")
        return None
    return _number(span[0] * _TO_MONTHS[span[1]] / 12)
