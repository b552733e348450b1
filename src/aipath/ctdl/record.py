"""One registry record's fields as an import reads them (:mod:`.importer`): its class, keys
(@id and CTID), id words, level, delivery, status, owners, links and dates. Stdlib only."""

from __future__ import annotations

import re
from typing import Any

from .entry import Target
from .figures import concepts
from .registry import NOT_PLANNED, RECORD, REGISTRY_CLASSES
from .tally import Tally
from .vocabulary import (
    CREDENTIAL,
    DELIVERY,
    LEVEL,
    STATUS,
    counts_as_name,
    credential_type,
    credential_uri,
)

__all__ = ["as_list", "ctid_in", "keys", "node_class", "own_class", "read_counts_as",
           "read_ctid", "read_date", "read_delivery", "read_level", "read_owners", "read_status",
           "read_url", "slug"]

_CTID = re.compile(r"ce-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_SLUG_MAX = 48


def node_class(value: Any) -> str | None:
    values = value if isinstance(value, list) else [value]
    names = [v for v in values if isinstance(v, str)]
    return next((v for v in names if v in REGISTRY_CLASSES or v in NOT_PLANNED),
                names[0] if names else None)


def own_class(cls: str) -> tuple[str, str | None, str, str | None] | None:
    """How aipath's own export reads back: the writer's table, the level from the alignment."""
    type_ = credential_type(cls)
    if type_ is None:
        return None
    return (type_, None, "professional", None)


def read_counts_as(node: dict[str, Any], classes: frozenset[str]) -> list[Any] | None:
    """What aipath's own record counts as: classes of the base, credentials (resolved later)."""
    out: list[Any] = []
    for uri in as_list(node.get(CREDENTIAL["counts_as"])):
        name = counts_as_name(uri) if isinstance(uri, str) else None
        if name in classes:
            out.append(name)
        elif name is not None:
            out.append(Target(credential_uri(name), None))
    return out or None


def as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def keys(node: dict[str, Any]) -> list[str]:
    keys = []
    node_id = node.get("@id")
    if isinstance(node_id, str) and node_id:
        keys.append(node_id)
        found = ctid_in(node_id)
        if found:
            keys.append(found)
    ctid = node.get(RECORD["ctid"])
    if isinstance(ctid, str) and ctid.strip():
        keys.append(ctid.strip().lower())
    return list(dict.fromkeys(keys))


def ctid_in(key: str) -> str | None:
    m = _CTID.search(key.lower())
    return m.group() if m else None


def read_ctid(node: dict[str, Any], tally: Tally) -> str | None:
    raw = node.get(RECORD["ctid"])
    if raw is None:
        return None
    ctid = raw.strip().lower() if isinstance(raw, str) else ""
    if not _CTID.fullmatch(ctid):
        tally.warn("CTIDs not of the form ce-UUID (not kept)")
        return None
    return ctid


def slug(name: str) -> str:
    words = re.sub(r"[^a-z0-9]+", " ", name.lower().replace("'", "")).split()
    slug = ""
    for w in words:
        if slug and len(slug) + 1 + len(w) > _SLUG_MAX:
            break
        slug = f"{slug}-{w}" if slug else w[:_SLUG_MAX]
    return slug or "credential"


def read_level(node: dict[str, Any]) -> str | None:
    found = [lv for c in concepts(node.get(CREDENTIAL["level"])) if (lv := LEVEL.read(c))]
    return found[0] if found else None


def read_delivery(node: dict[str, Any]) -> str:
    kinds = {d for c in concepts(node.get(CREDENTIAL["delivery"])) if (d := DELIVERY.read(c))}
    if not kinds:
        return "unknown"
    return kinds.pop() if len(kinds) == 1 else "hybrid"


def read_status(node: dict[str, Any], tally: Tally) -> str:
    found = concepts(node.get(CREDENTIAL["status"]))
    if not found:
        tally.warn("records without credentialStatusType (read as unclear)")
        return "unclear"
    status = STATUS.read(found[0])
    if status is None:
        tally.warn(f"statuses aipath does not know (read as unclear: {found[0]})")
        return "unclear"
    return status


def read_owners(node: dict[str, Any]) -> list[str]:
    owners = [*as_list(node.get(CREDENTIAL["provider"])), *as_list(node.get(RECORD["offered_by"]))]
    return [o if isinstance(o, str) else o.get("@id", "") for o in owners
            if isinstance(o, (str, dict))]


def read_url(value: Any) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    return value if isinstance(value, str) and value.startswith(("https://", "http://")) else None


def read_date(value: Any) -> str | None:
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value[:10]):
        return value[:10]
    return None


