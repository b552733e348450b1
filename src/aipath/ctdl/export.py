"""A catalogue or a plan as CTDL JSON-LD (``aipath export -f ctdl``, ``aipath plan -f ctdl``).

Each credential becomes a node of its ``ceterms:`` class with its name, provider, status,
skills, entry rules (:mod:`.conditions`), cost, duration and renewal; a plan becomes a
``ceterms:Pathway`` of components, one per step. Every term comes from :mod:`.vocabulary`,
the table an import of CTDL reads back through. The ids are ``urn:aipath:`` ones, not CTIDs:
the result is CTDL-shaped, not ready for the registry (:data:`CTDL_NOTICE`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..models import Catalog, Credential, Duration
from .conditions import requires
from .vocabulary import (
    ALIGNMENT,
    CONTEXT,
    COST,
    CREDENTIAL,
    CURRENCY,
    DELIVERY,
    DURATION,
    LEVEL,
    NODE_TYPES,
    ORGANIZATION,
    PATHWAY,
    STATUS,
    STEP,
    component_uri,
    counts_as_uri,
    credential_class,
    credential_uri,
    iso_duration,
    lang,
    organization_uri,
    pathway_uri,
)

if TYPE_CHECKING:
    from ..planner import Plan

__all__ = ["CTDL_CONTEXT", "CTDL_NOTICE", "catalog_ctdl", "ctdl_class", "plan_ctdl"]

CTDL_CONTEXT = CONTEXT
CTDL_NOTICE = (
    "CTDL-shaped, not registry-ready: exported by aipath with urn:aipath: and blank-node ids, "
    "no CTIDs; facts as checked on the dates in the aipath catalogue."
)


def ctdl_class(c: Credential) -> str:
    """The ``ceterms:`` class of a credential (anchors.md §1.A1 mapping)."""
    return credential_class(c.type, c.name, c.level)


def _duration_profile(d: Duration) -> dict[str, Any]:
    prof: dict[str, Any] = {"@type": NODE_TYPES["duration"]}
    if d.min == d.max:
        prof[DURATION["exact"]] = iso_duration(d.min, d.unit)
    else:
        prof[DURATION["min"]] = iso_duration(d.min, d.unit)
        prof[DURATION["max"]] = iso_duration(d.max, d.unit)
    text = f"{d.min:g}" + (f"-{d.max:g}" if d.max != d.min else "") + f" {d.unit}"
    if d.unit == "hours":
        text += " of effort"
    prof[DURATION["description"]] = lang(text + (f"; {d.note}" if d.note else ""))
    return prof


def _cost_profiles(c: Credential) -> list[dict[str, Any]]:
    k = c.cost
    assert k is not None
    span = f"USD {k.usd_min:,.0f}" + (f"-{k.usd_max:,.0f}" if k.usd_max != k.usd_min else "")
    detail = "; ".join(x for x in (k.basis, f"as of {k.year}" if k.year else None) if x)
    profiles = []
    for price, which in ((k.usd_min, "lowest"), (k.usd_max, "highest")):
        prof: dict[str, Any] = {
            "@type": NODE_TYPES["cost"],
            COST["usd"]: price,
            COST["currency"]: CURRENCY,
            COST["description"]: lang(
                f"{span}" + (f" ({which} figure)" if k.usd_max != k.usd_min else "")
                + (f"; {detail}" if detail else "")
                + ("; approximate" if k.approximate else "")
            ),
        }
        source = next((e.url for e in c.evidence if e.url), None)
        if source:
            prof[COST["source"]] = source
        profiles.append(prof)
        if k.usd_max == k.usd_min:
            break
    return profiles


DELIVERY_KNOWN = frozenset(ours for ours, _ in DELIVERY)  # "unknown" is written as nothing


def _alignment(concept: str, label: str) -> dict[str, Any]:
    """A concept of a CTDL concept scheme (a status, a level, a delivery) and its label."""
    return {"@type": NODE_TYPES["alignment"], ALIGNMENT["concept"]: concept,
            ALIGNMENT["label"]: lang(label)}


def _credential_node(c: Credential) -> dict[str, Any]:
    node: dict[str, Any] = {
        "@id": credential_uri(c.id),
        "@type": ctdl_class(c),
        CREDENTIAL["name"]: lang(c.name),
        CREDENTIAL["description"]: lang(
            f"{c.type} ({c.level}, {c.delivery}) from {c.provider}"
            + (f". {c.notes}" if c.notes else "")
        ),
        CREDENTIAL["provider"]: [organization_uri(c.provider)],
        CREDENTIAL["status"]: _alignment(STATUS[c.status], c.status),
        CREDENTIAL["skills"]: lang(list(c.skills)),
        CREDENTIAL["level"]: [_alignment(LEVEL[c.level], c.level)],
    }
    if c.delivery in DELIVERY_KNOWN:
        node[CREDENTIAL["delivery"]] = [_alignment(DELIVERY[c.delivery], c.delivery)]
    if c.counts_as:  # what it counts as (credential ids and classes), as concepts
        node[CREDENTIAL["counts_as"]] = [counts_as_uri(x) for x in c.counts_as]
    if c.url:
        node[CREDENTIAL["url"]] = c.url
    if c.entry is not None:
        node[CREDENTIAL["entry"]] = requires(c.entry, credential_uri)
    if c.cost is not None:
        node[CREDENTIAL["cost"]] = _cost_profiles(c)
    if c.duration is not None:
        node[CREDENTIAL["duration"]] = [_duration_profile(c.duration)]
    if c.renewal is not None and c.renewal.every_years:
        node[CREDENTIAL["renewal"]] = iso_duration(c.renewal.every_years, "years")
    return node


def _organizations(creds: list[Credential]) -> list[dict[str, Any]]:
    seen: dict[str, str] = {}
    for c in creds:
        seen.setdefault(organization_uri(c.provider), c.provider)
    return [
        {"@id": uri, "@type": NODE_TYPES["organization"], ORGANIZATION["name"]: lang(name)}
        for uri, name in seen.items()
    ]


def _closure(catalog: Catalog, ids: list[str]) -> list[Credential]:
    """The credentials and every credential their entries mention (so references resolve)."""
    out: dict[str, Credential] = {}
    stack = list(ids)
    while stack:
        cid = stack.pop()
        if cid in out:
            continue
        out[cid] = catalog.by_id[cid]
        stack.extend(out[cid].prerequisites)
    order = {c.id: i for i, c in enumerate(catalog.credentials)}
    return sorted(out.values(), key=lambda c: order[c.id])


def catalog_ctdl(catalog: Catalog) -> dict[str, Any]:
    """The whole catalogue as a CTDL JSON-LD ``@graph``."""
    creds = list(catalog.credentials)
    return {
        "@context": CONTEXT,
        "@graph": [_credential_node(c) for c in creds] + _organizations(creds),
    }


def plan_ctdl(catalog: Catalog, plan: Plan) -> dict[str, Any]:
    """A plan as a ``ceterms:Pathway`` of credential components, plus the credentials."""
    req = plan.request
    pid = pathway_uri(req.role.id)
    comp = {s.credential.id: component_uri(req.role.id, s.credential.id) for s in plan.steps}
    destination = req.goal if req.goal in comp else (
        plan.steps[-1].credential.id if plan.steps else None
    )
    components = []
    for s in plan.steps:
        cid = s.credential.id
        node: dict[str, Any] = {
            "@id": comp[cid],
            "@type": NODE_TYPES["component"],
            STEP["name"]: lang(f"{s.order}. {s.credential.name}"),
            STEP["description"]: lang(f"{s.part}: {s.reason}"),
            STEP["credential"]: credential_uri(cid),
            STEP["pathway"]: [pid],
        }
        earlier = [comp[a] for a in s.after]
        if earlier:
            node[STEP["after"]] = earlier
        later = [comp[x.step] for x in s.satisfies if x.step in comp]
        if later:
            node[STEP["satisfies"]] = later
        if cid == destination:
            node[STEP["destination_of"]] = [pid]
        components.append(node)
    pathway: dict[str, Any] = {
        "@id": pid,
        "@type": NODE_TYPES["pathway"],
        PATHWAY["name"]: lang(f"Healthcare-AI stack for a {req.role.label}"),
        PATHWAY["description"]: lang(
            CTDL_NOTICE + f" Holdings: {', '.join(h.id for h in plan.holdings) or 'none'}."
        ),
        PATHWAY["steps"]: [comp[s.credential.id] for s in plan.steps],
    }
    if destination is not None:
        pathway[PATHWAY["destination"]] = [comp[destination]]
    creds = _closure(catalog, [s.credential.id for s in plan.steps] + [h.id for h in plan.holdings])
    return {
        "@context": CONTEXT,
        "@graph": [pathway, *components, *(_credential_node(c) for c in creds),
                   *_organizations(creds)],
    }
