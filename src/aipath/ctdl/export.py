"""A catalogue or a plan as CTDL JSON-LD (``aipath export -f ctdl``, ``aipath plan -f ctdl``).

Credentials map to ``ceterms:`` classes (research/anchors.md §1.A1); a plan becomes a
``ceterms:Pathway`` of components, one per step. The ids are ``urn:aipath:`` ones, not CTIDs:
the result is CTDL-shaped, not ready for the registry (:data:`CTDL_NOTICE`). Stdlib only.
"""

from __future__ import annotations

import itertools
import re
from typing import TYPE_CHECKING, Any

from ..models import (
    All,
    AnyOf,
    Catalog,
    ClassOf,
    Condition,
    Credential,
    Duration,
    Experience,
    NOf,
    Ref,
    Text,
    condition_refs,
    experience_words,
)

if TYPE_CHECKING:
    from ..planner import Plan

__all__ = ["CTDL_CONTEXT", "CTDL_NOTICE", "catalog_ctdl", "ctdl_class", "plan_ctdl"]

CTDL_CONTEXT = "https://credreg.net/ctdl/schema/context/json"
CTDL_NOTICE = (
    "CTDL-shaped, not registry-ready: exported by aipath with urn:aipath: and blank-node ids, "
    "no CTIDs; facts as checked on the dates in the aipath catalogue."
)
_STATUS = {
    "active": "credentialStat:Active",
    "new": "credentialStat:Active",
    "unclear": "credentialStat:Active",
    "renamed": "credentialStat:Active",
    "retiring": "credentialStat:Deprecated",
    "retired": "credentialStat:Ceased",
    "archived": "credentialStat:Ceased",
}


def _lang(text: str) -> dict[str, str]:
    return {"en-US": text}


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "unknown"


def ctdl_class(c: Credential) -> str:
    """The ``ceterms:`` class of a credential (anchors.md §1.A1 mapping)."""
    if c.type == "degree":
        name = c.name.lower()
        if "associate" in name:
            return "ceterms:AssociateDegree"
        if "bachelor" in name or c.level == "undergraduate":
            return "ceterms:BachelorDegree"
        if "phd" in name or "ph.d" in name:
            return "ceterms:ResearchDoctorate"
        if "doctor" in name:
            return "ceterms:ProfessionalDoctorate"
        return "ceterms:MasterDegree"
    return {
        "licensure": "ceterms:License",
        "board-certification": "ceterms:Certification",
        "academic-certificate": "ceterms:AcademicCertificate",
        "professional-certificate": "ceterms:ProfessionalCertificate",
        "micro-credential": "ceterms:MicroCredential",
        "executive-education": "ceterms:CertificateOfCompletion",
        "fellowship": "ceterms:Certificate",
    }[c.type]


def _iso_duration(value: float, unit: str) -> str:
    """ISO 8601: whole numbers in the largest unit that keeps them whole (1.5 years -> P18M)."""
    if unit == "hours":
        return f"PT{value:g}H"
    if unit == "years" and not float(value).is_integer():
        value, unit = value * 12, "months"
    if unit == "months" and not float(value).is_integer():
        value, unit = round(value * 30.44), "days"
    if unit == "weeks" and not float(value).is_integer():
        value, unit = round(value * 7), "days"
    letter = {"years": "Y", "months": "M", "weeks": "W", "days": "D"}[unit]
    return f"P{int(round(value))}{letter}"


def _duration_profile(d: Duration) -> dict[str, Any]:
    prof: dict[str, Any] = {"@type": "ceterms:DurationProfile"}
    if d.min == d.max:
        prof["ceterms:exactDuration"] = _iso_duration(d.min, d.unit)
    else:
        prof["ceterms:minimumDuration"] = _iso_duration(d.min, d.unit)
        prof["ceterms:maximumDuration"] = _iso_duration(d.max, d.unit)
    text = f"{d.min:g}" + (f"-{d.max:g}" if d.max != d.min else "") + f" {d.unit}"
    if d.unit == "hours":
        text += " of effort"
    prof["ceterms:description"] = _lang(text + (f"; {d.note}" if d.note else ""))
    return prof


def _cost_profiles(c: Credential) -> list[dict[str, Any]]:
    k = c.cost
    assert k is not None
    span = f"USD {k.usd_min:,.0f}" + (f"-{k.usd_max:,.0f}" if k.usd_max != k.usd_min else "")
    detail = "; ".join(x for x in (k.basis, f"as of {k.year}" if k.year else None) if x)
    profiles = []
    for price, which in ((k.usd_min, "lowest"), (k.usd_max, "highest")):
        prof: dict[str, Any] = {
            "@type": "ceterms:CostProfile",
            "ceterms:price": price,
            "ceterms:currency": "USD",
            "ceterms:description": _lang(
                f"{span}" + (f" ({which} figure)" if k.usd_max != k.usd_min else "")
                + (f"; {detail}" if detail else "")
                + ("; approximate" if k.approximate else "")
            ),
        }
        source = next((e.url for e in c.evidence if e.url), None)
        if source:
            prof["ceterms:costDetails"] = source
        profiles.append(prof)
        if k.usd_max == k.usd_min:
            break
    return profiles


def _dnf(cond: Condition) -> list[list[Condition]]:
    """The condition as alternatives of leaf conjunctions (n_of expands to its combinations)."""
    if isinstance(cond, (Ref, ClassOf, Text, Experience)):
        return [[cond]]
    if isinstance(cond, All):
        out: list[list[Condition]] = [[]]
        for item in cond.items:
            out = [a + b for a in out for b in _dnf(item)]
        return out
    if isinstance(cond, AnyOf):
        return [clause for item in cond.items for clause in _dnf(item)]
    assert isinstance(cond, NOf)
    return [
        clause
        for combo in itertools.combinations(cond.items, cond.n)
        for clause in _dnf(All(tuple(combo)))
    ]


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


def _clause_profile(clause: list[Condition], cred_id: Any) -> dict[str, Any]:
    prof: dict[str, Any] = {"@type": "ceterms:ConditionProfile"}
    refs = [x.id for x in clause if isinstance(x, Ref)]
    texts = [x.text for x in clause if isinstance(x, Text)] + [
        f"any credential that counts as {x.name}" for x in clause if isinstance(x, ClassOf)
    ]
    exps = [x for x in clause if isinstance(x, Experience)]
    prof["ceterms:description"] = _lang(
        "All of: " + "; ".join([*refs, *texts, *(experience_words(e) for e in exps)])
    )
    if refs:
        prof["ceterms:targetCredential"] = [cred_id(r) for r in refs]
    if texts:
        prof["ceterms:condition"] = {"en-US": texts}
    if exps:
        # CTDL counts experience in years; a rule in hours is stated in words only.
        years = [e.years for e in exps if e.years is not None]
        if years:
            prof["ceterms:yearsOfExperience"] = max(years)
        prof["ceterms:experience"] = _lang("; ".join(experience_words(e) for e in exps))
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


def _requires(cond: Condition, cred_id: Any) -> list[dict[str, Any]]:
    """``ceterms:requires``: every profile listed must be met, so a big all-of is split."""
    if isinstance(cond, All) and _dnf_size(cond) > DNF_LIMIT:
        return [p for item in cond.items for p in _requires(item, cred_id)]
    return [_condition_profile(cond, cred_id)]


def _condition_profile(cond: Condition, cred_id: Any) -> dict[str, Any]:
    if _dnf_size(cond) > DNF_LIMIT:
        if isinstance(cond, AnyOf):
            return {
                "@type": "ceterms:ConditionProfile",
                "ceterms:description": _lang(f"One of these {len(cond.items)} alternatives"),
                "ceterms:alternativeCondition": [_condition_profile(c, cred_id) for c in cond.items],
            }
        # CTDL cannot nest an all-of inside an alternative, nor say "n of": the rule in words.
        prof: dict[str, Any] = {"@type": "ceterms:ConditionProfile",
                                "ceterms:description": _lang("Rule: " + _describe(cond))}
        refs = list(dict.fromkeys(condition_refs(cond)))
        if refs:
            prof["ceterms:targetCredential"] = [cred_id(r) for r in refs]
        return prof
    clauses = _dnf(cond)
    if len(clauses) == 1:
        return _clause_profile(clauses[0], cred_id)
    return {
        "@type": "ceterms:ConditionProfile",
        "ceterms:description": _lang("One of the alternatives: " + _describe(cond)),
        "ceterms:alternativeCondition": [_clause_profile(c, cred_id) for c in clauses],
    }


def _cred_uri(cid: str) -> str:
    return f"urn:aipath:credential:{cid}"


def _credential_node(c: Credential) -> dict[str, Any]:
    node: dict[str, Any] = {
        "@id": _cred_uri(c.id),
        "@type": ctdl_class(c),
        "ceterms:name": _lang(c.name),
        "ceterms:description": _lang(
            f"{c.type} ({c.level}, {c.delivery}) from {c.provider}"
            + (f". {c.notes}" if c.notes else "")
        ),
        "ceterms:ownedBy": [f"urn:aipath:organization:{_slug(c.provider)}"],
        "ceterms:credentialStatusType": {
            "@type": "ceterms:CredentialAlignmentObject",
            "ceterms:targetNode": _STATUS[c.status],
            "ceterms:targetNodeName": _lang(c.status),
        },
        "ceterms:keyword": {"en-US": list(c.skills)},
    }
    if c.url:
        node["ceterms:subjectWebpage"] = c.url
    if c.entry is not None:
        node["ceterms:requires"] = _requires(c.entry, _cred_uri)
    if c.cost is not None:
        node["ceterms:estimatedCost"] = _cost_profiles(c)
    if c.duration is not None:
        node["ceterms:estimatedDuration"] = [_duration_profile(c.duration)]
    if c.renewal is not None and c.renewal.every_years:
        node["ceterms:renewalFrequency"] = _iso_duration(c.renewal.every_years, "years")
    return node


def _organizations(creds: list[Credential]) -> list[dict[str, Any]]:
    seen: dict[str, str] = {}
    for c in creds:
        seen.setdefault(_slug(c.provider), c.provider)
    return [
        {
            "@id": f"urn:aipath:organization:{slug}",
            "@type": "ceterms:CredentialOrganization",
            "ceterms:name": _lang(name),
        }
        for slug, name in seen.items()
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
        "@context": CTDL_CONTEXT,
        "@graph": [_credential_node(c) for c in creds] + _organizations(creds),
    }


def plan_ctdl(catalog: Catalog, plan: Plan) -> dict[str, Any]:
    """A plan as a ``ceterms:Pathway`` of credential components, plus the credentials."""
    req = plan.request
    pid = f"urn:aipath:pathway:{req.role.id}"
    comp = {s.credential.id: f"urn:aipath:pathway:{req.role.id}:component:{s.credential.id}"
            for s in plan.steps}
    destination = req.goal if req.goal in comp else (
        plan.steps[-1].credential.id if plan.steps else None
    )
    components = []
    for s in plan.steps:
        cid = s.credential.id
        node: dict[str, Any] = {
            "@id": comp[cid],
            "@type": "ceterms:CredentialComponent",
            "ceterms:name": _lang(f"{s.order}. {s.credential.name}"),
            "ceterms:description": _lang(f"{s.part}: {s.reason}"),
            "ceterms:proxyFor": _cred_uri(cid),
            "ceterms:isPartOf": [pid],
        }
        before = [comp[a] for a in s.after]
        if before:
            node["ceterms:precededBy"] = before
        after = [comp[x.step] for x in s.satisfies if x.step in comp]
        if after:
            node["ceterms:precedes"] = after
        if cid == destination:
            node["ceterms:isDestinationComponentOf"] = [pid]
        components.append(node)
    pathway: dict[str, Any] = {
        "@id": pid,
        "@type": "ceterms:Pathway",
        "ceterms:name": _lang(f"Healthcare-AI stack for a {req.role.label}"),
        "ceterms:description": _lang(
            CTDL_NOTICE + f" Holdings: {', '.join(h.id for h in plan.holdings) or 'none'}."
        ),
        "ceterms:hasPart": [comp[s.credential.id] for s in plan.steps],
    }
    if destination is not None:
        pathway["ceterms:hasDestinationComponent"] = [comp[destination]]
    creds = _closure(catalog, [s.credential.id for s in plan.steps] + [h.id for h in plan.holdings])
    return {
        "@context": CTDL_CONTEXT,
        "@graph": [pathway, *components, *(_credential_node(c) for c in creds),
                   *_organizations(creds)],
    }
