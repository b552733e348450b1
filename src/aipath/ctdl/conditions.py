"""Entry rules as CTDL condition profiles (``ceterms:requires``).

CTDL states a requirement as condition profiles: every profile under ``requires`` must be met,
and a profile's ``alternativeCondition`` lists profiles of which one is enough. A rule is
therefore written as its alternatives of plain conjunctions (its disjunctive normal form) while
they are few (:data:`DNF_LIMIT`); beyond that the expansion would be exponential, so a big
all-of is split into its parts and what CTDL cannot nest is stated in words. The properties
used are the :data:`~.vocabulary.CONDITION` table's.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any

from ..models import (
    All,
    AnyOf,
    ClassOf,
    Condition,
    Experience,
    NOf,
    Ref,
    Text,
    condition_refs,
    experience_words,
)
from .vocabulary import CONDITION, NODE_TYPES, lang

__all__ = ["CLASS_TEXT", "DNF_LIMIT", "MUST_HOLD", "requires"]

# A class in a rule is written in words with this prefix, which an import reads back as the class.
CLASS_TEXT = "any credential that counts as "

CredentialUri = Callable[[str], Any]  # a credential id to its @id


# A clause of the expansion: its leaves, and the routes (conditions with a label or dates) it
# passes through, whose names and dates it keeps.
Clause = tuple[list[Condition], list[Condition]]


def _dnf(cond: Condition) -> list[Clause]:
    """The condition as alternatives of leaf conjunctions (n_of expands to its combinations)."""
    route = [cond] if _is_route(cond) else []
    if isinstance(cond, (Ref, ClassOf, Text, Experience)):
        return [([cond], route)]
    if isinstance(cond, All):
        out: list[Clause] = [([], route)]
        for item in cond.items:
            out = [(a + b, ra + rb) for a, ra in out for b, rb in _dnf(item)]
        return out
    if isinstance(cond, AnyOf):
        return [(leaves, route + r) for item in cond.items for leaves, r in _dnf(item)]
    assert isinstance(cond, NOf)
    return [
        (leaves, route + r)
        for combo in itertools.combinations(cond.items, cond.n)
        for leaves, r in _dnf(All(tuple(combo)))
    ]


def _is_route(cond: Condition) -> bool:
    return cond.label is not None or cond.open_from is not None or cond.open_until is not None


def _route_terms(routes: list[Condition]) -> dict[str, Any]:
    """A profile's name and dates from the routes it passes through: the latest opening and
    the earliest closing (a clause is open only while every route in it is)."""
    out: dict[str, Any] = {}
    labels = list(dict.fromkeys(r.label for r in routes if r.label))
    if labels:
        out[CONDITION["label"]] = lang("; ".join(labels))
    starts = [r.open_from for r in routes if r.open_from]
    if starts:
        out[CONDITION["open_from"]] = max(starts)
    ends = [r.open_until for r in routes if r.open_until]
    if ends:
        out[CONDITION["open_until"]] = min(ends)
    return out


# A rule naming a credential from outside the catalogue (``must_hold``) is written in words with
# this prefix, which an import reads back as ``must_hold``.
MUST_HOLD = "must already hold: "


def _describe(cond: Condition) -> str:
    if isinstance(cond, Ref):
        return cond.id
    if isinstance(cond, ClassOf):
        return f"any {cond.name}"
    if isinstance(cond, Text):
        return cond.text
    if isinstance(cond, Experience):
        return experience_words(cond)
    parts = [_describe(i) for i in cond.items]  # type: ignore[union-attr]
    if isinstance(cond, All):
        return "all of (" + "; ".join(parts) + ")"
    if isinstance(cond, AnyOf):
        return "one of (" + "; ".join(parts) + ")"
    return f"{cond.n} of (" + "; ".join(parts) + ")"  # type: ignore[union-attr]


def _clause_profile(clause: Clause, cred_id: CredentialUri) -> dict[str, Any]:
    prof: dict[str, Any] = {"@type": NODE_TYPES["condition"]}
    clause, routes = clause
    refs = [x.id for x in clause if isinstance(x, Ref)]
    texts = [(MUST_HOLD if x.must_hold else "") + x.text for x in clause if isinstance(x, Text)] + [
        CLASS_TEXT + x.name for x in clause if isinstance(x, ClassOf)
    ]
    exps = [x for x in clause if isinstance(x, Experience)]
    prof[CONDITION["description"]] = lang(
        "All of: " + "; ".join([*refs, *texts, *(experience_words(e) for e in exps)])
    )
    if refs:
        prof[CONDITION["ids"]] = [cred_id(r) for r in refs]
    if texts:
        prof[CONDITION["texts"]] = lang(texts)
    if exps:
        # CTDL counts experience in years; a rule in hours is stated in words only.
        years = [e.years for e in exps if e.years is not None]
        if years:
            prof[CONDITION["years"]] = max(years)
        prof[CONDITION["experience"]] = lang("; ".join(experience_words(e) for e in exps))
    prof.update(_route_terms(routes))
    return prof


# Up to this many alternatives a condition is listed as its alternatives (DNF); beyond it, the
# expansion would be exponential (all-of-any, n_of), so the tree is kept as it is.
DNF_LIMIT = 64


def _dnf_size(cond: Condition, limit: int = DNF_LIMIT) -> int:
    """How many clauses :func:`_dnf` would give, counted without expanding (capped at limit + 1)."""
    cap = limit + 1
    if isinstance(cond, (Ref, ClassOf, Text, Experience)):
        return 1
    sizes = [_dnf_size(item, limit) for item in cond.items]
    if isinstance(cond, AnyOf):
        return min(cap, sum(sizes))
    if isinstance(cond, All):
        out = 1
        for n in sizes:
            out = min(cap, out * n)
        return out
    assert isinstance(cond, NOf)
    # Elementary symmetric sum: ways[j] = clauses from choosing j of the items seen so far.
    ways = [1] + [0] * cond.n
    for n in sizes:
        for j in range(cond.n, 0, -1):
            ways[j] = min(cap, ways[j] + ways[j - 1] * n)
    return ways[cond.n]


def requires(cond: Condition, cred_id: CredentialUri) -> list[dict[str, Any]]:
    """``ceterms:requires``: every profile listed must be met, so a big all-of is split."""
    if isinstance(cond, All) and _dnf_size(cond) > DNF_LIMIT:
        return [p for item in cond.items for p in requires(item, cred_id)]
    return [_condition_profile(cond, cred_id)]


def _condition_profile(cond: Condition, cred_id: CredentialUri) -> dict[str, Any]:
    if _dnf_size(cond) > DNF_LIMIT:
        if isinstance(cond, AnyOf):
            return {
                "@type": NODE_TYPES["condition"],
                CONDITION["description"]: lang(f"One of these {len(cond.items)} alternatives"),
                CONDITION["alternatives"]: [_condition_profile(c, cred_id) for c in cond.items],
                **_route_terms([cond] if _is_route(cond) else []),
            }
        # CTDL cannot nest an all-of inside an alternative, nor say "n of": the rule in words.
        prof: dict[str, Any] = {"@type": NODE_TYPES["condition"],
                                CONDITION["description"]: lang("Rule: " + _describe(cond))}
        refs = list(dict.fromkeys(condition_refs(cond)))
        if refs:
            prof[CONDITION["ids"]] = [cred_id(r) for r in refs]
        return prof
    clauses = _dnf(cond)
    if len(clauses) == 1:
        return _clause_profile(clauses[0], cred_id)
    return {
        "@type": NODE_TYPES["condition"],
        CONDITION["description"]: lang("One of the alternatives: " + _describe(cond)),
        CONDITION["alternatives"]: [_clause_profile(c, cred_id) for c in clauses],
    }


