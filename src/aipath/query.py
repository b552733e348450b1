"""Resolve user-facing names (roles, types, ids) and filter the catalogue. Stdlib only."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .errors import UsageError
from .models import (
    BOARD_RECOGNITIONS,
    CREDENTIAL_TYPES,
    RECOGNITIONS,
    TYPE_FAMILIES,
    Background,
    Catalog,
    Credential,
)

__all__ = [
    "Filters",
    "filter_credentials",
    "get_credential",
    "resolve_ids",
    "resolve_recognitions",
    "resolve_role",
    "resolve_types",
]


def _norm(value: str) -> str:
    return "-".join(value.strip().lower().replace("_", " ").split())


def resolve_role(catalog: Catalog, value: str, *, option: str = "--role") -> Background:
    """The background named ``value``; ``data_scientist`` and ``data scientist`` also match.

    Raises
    ------
    UsageError
        Listing the valid roles.
    """
    key = _norm(value)
    if key in catalog.backgrounds:
        return catalog.backgrounds[key]
    valid = ", ".join(catalog.backgrounds)
    raise UsageError(f"unknown role '{value}'; valid roles: {valid}", option=option)


def resolve_types(values: Iterable[str], *, option: str = "--type") -> frozenset[str]:
    """Exact types and families (``academic`` = degree + academic-certificate) to a type set."""
    out: set[str] = set()
    for value in values:
        key = _norm(value)
        if key in TYPE_FAMILIES:
            out.update(TYPE_FAMILIES[key])
        elif key in CREDENTIAL_TYPES:
            out.add(key)
        else:
            valid = ", ".join([*CREDENTIAL_TYPES, *TYPE_FAMILIES])
            raise UsageError(f"unknown type '{value}'; valid types: {valid}", option=option)
    return frozenset(out)


def resolve_recognitions(values: Iterable[str], *, option: str = "--recognition") -> frozenset[str]:
    """Recognition kinds (``board`` = both board kinds) from option values, checked."""
    out: set[str] = set()
    for value in values:
        for part in value.split(","):
            key = _norm(part)
            if not key:
                continue
            if key == "board":
                out.update(BOARD_RECOGNITIONS)
            elif key in RECOGNITIONS:
                out.add(key)
            else:
                valid = ", ".join([*RECOGNITIONS, "board"])
                raise UsageError(
                    f"unknown recognition '{part.strip()}'; valid values: {valid}", option=option
                )
    return frozenset(out)


def resolve_ids(catalog: Catalog, values: Iterable[str], *, option: str) -> tuple[str, ...]:
    """Credential ids from repeatable, comma-separated option values, checked and deduplicated."""
    ids: list[str] = []
    for value in values:
        for part in value.split(","):
            cid = part.strip()
            if not cid:
                continue
            if cid not in catalog.by_id:
                raise UsageError(_unknown_id(catalog, cid), option=option)
            if cid not in ids:
                ids.append(cid)
    return tuple(ids)


def _unknown_id(catalog: Catalog, cid: str) -> str:
    import difflib

    close = difflib.get_close_matches(cid, list(catalog.by_id), n=3, cutoff=0.6)
    hint = f"; did you mean: {', '.join(close)}" if close else "; see 'aipath list' for valid ids"
    return f"unknown credential id '{cid}'{hint}"


def get_credential(catalog: Catalog, cid: str, *, option: str = "ID") -> Credential:
    """The credential ``cid`` or a UsageError suggesting close ids."""
    if cid not in catalog.by_id:
        raise UsageError(_unknown_id(catalog, cid), option=option)
    return catalog.by_id[cid]


@dataclass(frozen=True)
class Filters:
    """What ``aipath list`` filters on; ``None`` means no filter."""

    types: frozenset[str] | None = None
    role: str | None = None
    skill: str | None = None
    provider: str | None = None
    delivery: str | None = None
    level: str | None = None
    max_cost: float | None = None
    status: str | None = None
    recognition: frozenset[str] | None = None


def filter_credentials(catalog: Catalog, f: Filters) -> tuple[Credential, ...]:
    """Credentials matching every filter, in catalogue order.

    ``max_cost`` keeps credentials whose known minimum cost is at most the cap; an unknown
    cost does not match (unknown is not zero).
    """
    if f.skill is not None and f.skill not in catalog.skills:
        valid = ", ".join(sorted(catalog.skills))
        raise UsageError(f"unknown skill '{f.skill}'; valid skills: {valid}", option="--skill")
    needle = f.provider.lower() if f.provider else None
    out = []
    for c in catalog.credentials:
        if f.types is not None and c.type not in f.types:
            continue
        if f.role is not None and not catalog.open_to(c, f.role):
            continue
        if f.skill is not None and f.skill not in c.skills:
            continue
        if needle is not None and needle not in c.provider.lower():
            continue
        if f.delivery is not None and c.delivery != f.delivery:
            continue
        if f.level is not None and c.level != f.level:
            continue
        if f.status is not None and c.status != f.status:
            continue
        if f.recognition is not None and c.recognition not in f.recognition:
            continue
        if f.max_cost is not None and (c.cost is None or c.cost.usd_min > f.max_cost):
            continue
        out.append(c)
    return tuple(out)
