"""Condition profiles read back as entry rules (``requires``, ``entryCondition``).

The reverse of :mod:`.conditions`: every profile listed must be met (``all``), the profiles of
an ``alternativeCondition`` are alternatives (``any``), and inside one profile everything is
required: its ``targetCredential``s, its ``condition`` texts, its experience. Where CTDL gives
only words (a ``description``), the rule is those words, a ``text`` a person checks.

A target credential is left as a :class:`Target` until every record is read (it may come
later in the input); :func:`resolve` then makes it the imported id, or, for a credential
outside the import, a ``must_hold`` text naming it. A record aipath wrote (``urn:aipath:``)
also reads back its classes, ``must_hold`` rules, experience, route names and dates exactly.
What programme content a profile states (competencies, credit hours) is not a rule to enter
it: credits stay in the words, competencies are counted as not mapped. Stdlib only.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .conditions import CLASS_TEXT, MUST_HOLD
from .figures import MAX_TEXT, clean, text, texts
from .registry import RECORD
from .tally import Tally
from .vocabulary import CONDITION

__all__ = ["WORK_EXPERIENCE", "Target", "read_entry", "resolve"]

# The experience field a registry's yearsOfExperience is read as: CTDL names no field.
WORK_EXPERIENCE = "work-experience"
_EXPERIENCE = re.compile(
    r"(?P<n>\d[\d,]*(?:\.\d+)?) (?P<unit>years|h) of (?P<field>[a-z0-9-]+)"
    r"(?: within the last (?P<within>\d+(?:\.\d+)?) years)?"
)
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True)
class Target:
    """A ``targetCredential`` not yet resolved: its @id or CTID, and its name where given."""

    key: str
    name: str | None


@dataclass(frozen=True)
class _Context:
    own: bool  # a record aipath wrote: its words read back as classes, experience, must_hold
    classes: frozenset[str]
    tally: Tally


def read_entry(profiles: list[Any], *, own: bool, classes: frozenset[str],
               tally: Tally) -> Any | None:
    """Every profile of ``requires`` and ``entryCondition`` as one rule (catalogue format, with
    :class:`Target` for credentials), or None when none states anything."""
    ctx = _Context(own, classes, tally)
    rules = [r for r in (_profile(p, ctx, top=True) for p in profiles) if r is not None]
    if not rules:
        return None
    return rules[0] if len(rules) == 1 else {"all": rules}


def _number(x: float) -> float | int:
    return int(x) if float(x).is_integer() else x


def _profile(p: Any, ctx: _Context, *, top: bool) -> Any | None:
    if not isinstance(p, dict):
        ctx.tally.unmap("conditions that are not a ConditionProfile")
        return None
    items: list[Any] = []
    for t in _list(p.get(CONDITION["ids"])):
        target = _target(t)
        if target is None:
            ctx.tally.unmap("targetCredential without an @id or CTID")
        else:
            items.append(target)
    for words in texts(p.get(CONDITION["texts"])):
        items.append(_words(words, ctx))
    items.extend(_experience(p, ctx))
    competencies = len(_list(p.get(RECORD["competencies"])))
    if competencies:
        ctx.tally.unmap("targetCompetency (what the programme teaches, not a rule to enter it)",
                        competencies)
    for key in ("targetAssessment", "targetLearningOpportunity"):
        found = len(_list(p.get("ceterms:" + key)))
        if found:
            ctx.tally.unmap(f"{key} (an assessment or course, not a credential: in words)", found)
    alternatives = [a for a in (_profile(x, ctx, top=False)
                                for x in _list(p.get(CONDITION["alternatives"]))) if a is not None]
    if len(alternatives) == 1:
        ctx.tally.warn("alternativeCondition with a single alternative (read as required)")
        items.append(alternatives[0])
    elif alternatives:
        items.append({"any": alternatives})
    described = text(p.get(CONDITION["description"]), ctx.tally, MAX_TEXT)
    if described and items and not ctx.own:
        ctx.tally.unmap("condition descriptions beside stated conditions (not made rules)")
    if ctx.own and described and described.startswith("Rule: "):
        ctx.tally.unmap("rules too large for CTDL, read in words")
        items = [{"text": described}]
    elif not items and competencies:
        return None  # its words describe the competencies, counted above
    elif not items:
        words = described or text(p.get(CONDITION["label"]), ctx.tally, MAX_TEXT)
        credits = _credits(p, ctx.tally)
        if credits:
            words = f"{words.rstrip('.:; ')}: {credits}" if words else credits
        if not words:
            ctx.tally.unmap("condition profiles that state nothing")
            return None
        items.append({"text": clean(words, MAX_TEXT)})
    return _with_route(items, p, ctx, named=ctx.own or not top)


def _with_route(items: list[Any], p: dict[str, Any], ctx: _Context, *, named: bool) -> Any:
    meta: dict[str, str] = {}
    label = text(p.get(CONDITION["label"]), ctx.tally, MAX_TEXT) if named else None
    if label:
        meta["label"] = label
    for ours in ("open_from", "open_until"):
        value = p.get(CONDITION[ours])
        if isinstance(value, str) and _DATE.fullmatch(value[:10]):
            meta[ours] = value[:10]
        elif value is not None:
            ctx.tally.warn(f"condition dates that are not YYYY-MM-DD ({ours} skipped)")
    if len(items) == 1 and not meta:
        return items[0]
    if len(items) == 1 and isinstance(items[0], dict) and not (
            set(items[0]) & {"label", "open_from", "open_until"}):
        return {**items[0], **meta}
    return {"all": items, **meta}


def _list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _target(value: Any) -> Target | None:
    if isinstance(value, str) and value:
        return Target(value, None)
    if isinstance(value, dict):
        key = value.get(RECORD["ctid"]) or value.get("@id")
        if isinstance(key, str) and key:
            name = texts(value.get("ceterms:name"))
            return Target(key, name[0] if name else None)
    return None


def _words(words: str, ctx: _Context) -> Any:
    if ctx.own and words.startswith(CLASS_TEXT):
        name = words[len(CLASS_TEXT):]
        if name in ctx.classes:
            return {"class": name}
    if ctx.own and words.startswith(MUST_HOLD):
        return {"text": clean(words[len(MUST_HOLD):], MAX_TEXT), "must_hold": True}
    return {"text": clean(words, MAX_TEXT)}


def _experience(p: dict[str, Any], ctx: _Context) -> list[Any]:
    words = texts(p.get(CONDITION["experience"]))
    years = p.get(CONDITION["years"])
    if ctx.own:
        out = []
        for piece in "; ".join(words).split("; ") if words else []:
            m = _EXPERIENCE.fullmatch(piece)
            if m is None:
                out.append({"text": clean(piece, MAX_TEXT)})
                continue
            amount = float(m["n"].replace(",", ""))
            exp: dict[str, Any] = {("years" if m["unit"] == "years" else "hours"): _number(amount),
                                   "field": m["field"]}
            if m["within"]:
                exp["within_years"] = _number(float(m["within"]))
            out.append({"experience": exp})
        return out
    out = [{"text": clean(w, MAX_TEXT)} for w in words]
    if isinstance(years, (int, float)) and not isinstance(years, bool) and 0 < years <= 60:
        out.append({"experience": {"years": _number(float(years)), "field": WORK_EXPERIENCE}})
    elif years is not None:
        ctx.tally.warn("yearsOfExperience that is not a number of years (skipped)")
    return out


def _credits(p: dict[str, Any], tally: Tally) -> str | None:
    amounts = []
    for v in _list(p.get(RECORD["credits"])):
        if isinstance(v, dict) and isinstance(v.get(RECORD["value"]), (int, float)):
            unit = text(v.get(RECORD["value_description"]), tally) or "credits"
            amounts.append(f"{v[RECORD['value']]:g} {unit}")
    units = p.get(RECORD["credit_units"])
    if isinstance(units, (int, float)) and not isinstance(units, bool):
        kind = text(p.get(RECORD["credit_unit_type"]), tally) or "credits"
        amounts.append(f"{units:g} {kind}")
    return ", ".join(amounts) or None


def resolve(rule: Any, lookup: Callable[[str], str | None],
            name_of: Callable[[Target], str]) -> Any:
    """``rule`` with each :class:`Target` made an id (``lookup``) or a ``must_hold`` text."""
    if isinstance(rule, Target):
        found = lookup(rule.key)
        return found if found is not None else {"text": name_of(rule), "must_hold": True}
    if isinstance(rule, dict):
        if "all" in rule or "any" in rule:
            key = "all" if "all" in rule else "any"
            return {**rule, key: [resolve(x, lookup, name_of) for x in rule[key]]}
        return rule
    return rule
