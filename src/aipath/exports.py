"""Pictures and standard data: Mermaid, Graphviz DOT and CTDL-shaped JSON-LD. Stdlib only.

A plan, one credential or the whole catalogue is first turned into a small :class:`Figure`
(nodes and edges with a kind), which the Mermaid and DOT writers then serialise; the CTDL
writer maps credentials to ``ceterms:`` classes (research/anchors.md §1.A1).
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ._text import terminal
from .errors import OutputError
from .models import (
    All,
    AnyOf,
    ClassOf,
    Catalog,
    Condition,
    Credential,
    Duration,
    Experience,
    NOf,
    Ref,
    Text,
    condition_refs,
)

if TYPE_CHECKING:
    from .planner import Plan

__all__ = [
    "CTDL_CONTEXT",
    "CTDL_NOTICE",
    "Figure",
    "catalog_figure",
    "catalog_ctdl",
    "credential_figure",
    "plan_ctdl",
    "plan_figure",
    "svg",
    "to_dot",
    "to_mermaid",
]

# --- figure model -----------------------------------------------------------------------------

# Node kinds: held, step, core, goal, credential (context), option (an OR branch not taken),
# all, any, n_of (condition groups), check (a rule a person must check).
KINDS = ("held", "step", "core", "goal", "credential", "option", "all", "any", "n_of", "check")


@dataclass
class Figure:
    """Nodes (id -> (label, kind)) and edges (from, to), in insertion order."""

    title: str
    nodes: dict[str, tuple[str, str]] = field(default_factory=dict)
    edges: list[tuple[str, str]] = field(default_factory=list)
    _seen: set[tuple[str, str]] = field(default_factory=set, repr=False)

    def node(self, key: str, label: str, kind: str) -> str:
        if key not in self.nodes:
            self.nodes[key] = (label, kind)
        return key

    def edge(self, a: str, b: str) -> None:
        # A set beside the list: membership in the list made big exports quadratic.
        if (a, b) not in self._seen:
            self._seen.add((a, b))
            self.edges.append((a, b))

    def kinds(self) -> list[str]:
        """The node kinds used, in legend order."""
        present = {kind for _, kind in self.nodes.values()}
        return [k for k in KINDS if k in present]


def _cred_key(cid: str) -> str:
    return "c_" + re.sub(r"[^A-Za-z0-9_]", "_", cid)


def _add_entry(
    fig: Figure, cond: Condition, owner: str, path: str, cred_node: Any,
    catalog: Catalog, keep: Any = None,
) -> str:
    """Add a condition's nodes; return the node key that feeds ``owner``.

    A class (or an id that others count as) becomes a "one of" node over its members;
    ``keep(id)`` limits which members are drawn (all when None).
    """
    key = f"g_{_cred_key(owner)[2:]}_{path}"
    if isinstance(cond, (Ref, ClassOf)):
        name = cond.id if isinstance(cond, Ref) else cond.name
        members = [m for m in catalog.members(name) if keep is None or keep(m)]
        if isinstance(cond, Ref) and not members:
            return cred_node(cond.id)
        label = (
            f"one of: {catalog.classes[name].label}" if isinstance(cond, ClassOf)
            else f"{name} or what counts as it"
        )
        fig.node(key, label, "any")
        if isinstance(cond, Ref):
            fig.edge(cred_node(cond.id), key)
        for m in members:
            fig.edge(cred_node(m), key)
        return key
    if isinstance(cond, Text):
        return fig.node(key, f"check: {cond.text}", "check")
    if isinstance(cond, Experience):
        return fig.node(key, f"check: {cond.years:g} years of {cond.field}", "check")
    if isinstance(cond, All):
        fig.node(key, "all of", "all")
    elif isinstance(cond, AnyOf):
        fig.node(key, "one of", "any")
    else:
        assert isinstance(cond, NOf)
        fig.node(key, f"{cond.n} of {len(cond.items)}", "n_of")
    for i, item in enumerate(cond.items):
        fig.edge(_add_entry(fig, item, owner, f"{path}_{i}", cred_node, catalog, keep), key)
    return key


def plan_figure(catalog: Catalog, plan: Plan) -> Figure:
    """Held credentials, planned steps in order, their entry groups; core and goal marked."""
    held = {h.id for h in plan.holdings}
    steps = {s.credential.id: s for s in plan.steps}
    fig = Figure(f"aipath plan for {plan.request.role.id}")

    def cred_node(cid: str) -> str:
        name = catalog.by_id[cid].name
        if cid in steps:
            s = steps[cid]
            kind = (
                "goal" if cid == plan.request.goal
                else "core" if s.part == "core-degree" else "step"
            )
            return fig.node(_cred_key(cid), f"{s.order}. {cid}\n{name}", kind)
        if cid in held:
            if cid == plan.core:
                return fig.node(_cred_key(cid), f"core degree, held: {cid}\n{name}", "core")
            return fig.node(_cred_key(cid), f"held: {cid}\n{name}", "held")
        return fig.node(_cred_key(cid), f"{cid} (not taken)", "option")

    for h in plan.holdings:  # in the plan's order: a set would follow the hash seed
        cred_node(h.id)
    relevant = held | set(steps)
    for s in plan.steps:
        node = cred_node(s.credential.id)
        if s.credential.entry is not None:
            fig.edge(
                _add_entry(
                    fig, s.credential.entry, s.credential.id, "e", cred_node, catalog,
                    relevant.__contains__,
                ),
                node,
            )
    return fig


def credential_figure(catalog: Catalog, cid: str) -> Figure:
    """One credential, its entry tree and what it unlocks."""
    fig = Figure(f"aipath: {cid}")
    c = catalog.by_id[cid]

    def cred_node(ref: str) -> str:
        return fig.node(_cred_key(ref), f"{ref}\n{catalog.by_id[ref].name}", "credential")

    fig.node(_cred_key(cid), f"{cid}\n{c.name}", "goal")
    if c.entry is not None:
        fig.edge(_add_entry(fig, c.entry, cid, "e", cred_node, catalog), _cred_key(cid))
    for u in catalog.unlocks(cid):
        fig.edge(_cred_key(cid), cred_node(u))
    return fig


def catalog_figure(catalog: Catalog) -> Figure:
    """Every credential and every entry group of the catalogue."""
    fig = Figure("aipath catalogue")

    def cred_node(ref: str) -> str:
        return fig.node(_cred_key(ref), ref, "credential")

    for c in catalog.credentials:
        node = cred_node(c.id)
        if c.entry is not None:
            # Class members are not wired here: every rule naming "a bachelor's" would draw
            # an edge from every bachelor's and master's, which no layout can read.
            fig.edge(_add_entry(fig, c.entry, c.id, "e", cred_node, catalog, lambda m: False), node)
    return fig


# --- Mermaid --------------------------------------------------------------------------------

_MERMAID_SHAPE = {
    "held": ('(["', '"])'),
    "step": ('["', '"]'),
    "core": ('[["', '"]]'),
    "goal": ('{{"', '"}}'),
    "credential": ('["', '"]'),
    "option": ('["', '"]'),
    "all": ('(("', '"))'),
    "any": ('{"', '"}'),
    "n_of": ('{"', '"}'),
    "check": ('[/"', '"/]'),
}
_MERMAID_STYLE = {
    "held": "fill:#e8e8e8,stroke:#888,stroke-dasharray: 4 3",
    "step": "fill:#e3f2fd,stroke:#1565c0",
    "core": "fill:#fff3cd,stroke:#b58100,stroke-width:3px",
    "goal": "fill:#e8f5e9,stroke:#2e7d32,stroke-width:3px",
    "credential": "fill:#ffffff,stroke:#555",
    "option": "fill:#ffffff,stroke:#aaa,color:#888,stroke-dasharray: 2 2",
    "all": "fill:#ffffff,stroke:#555",
    "any": "fill:#fce4ec,stroke:#ad1457",
    "n_of": "fill:#f3e5f5,stroke:#6a1b9a",
    "check": "fill:#fffde7,stroke:#a08c00",
}
_LEGEND = {
    "held": "held",
    "step": "planned step",
    "core": "core degree",
    "goal": "goal",
    "credential": "credential",
    "option": "branch not taken",
    "all": "all of",
    "any": "one of",
    "n_of": "N of",
    "check": "check by hand",
}


def _mermaid_text(label: str) -> str:
    label = terminal(label, newlines=True)
    for raw, entity in (('"', "#quot;"), ("<", "#lt;"), (">", "#gt;")):
        label = label.replace(raw, entity)
    return label.replace("\n", "<br/>")


def to_mermaid(fig: Figure) -> str:
    """A Mermaid ``flowchart`` (renders on GitHub), with a legend of the kinds used."""
    title = terminal(fig.title).replace('"', "'")
    lines = ["---", f'title: "{title}"', "---", "flowchart LR"]
    for key, (label, kind) in fig.nodes.items():
        a, b = _MERMAID_SHAPE[kind]
        lines.append(f"    {key}{a}{_mermaid_text(label)}{b}:::{kind}")
    for a, b in fig.edges:
        lines.append(f"    {a} --> {b}")
    used = fig.kinds()
    lines.append('    subgraph legend["legend"]')
    lines.append("        direction TB")
    for k in used:
        a, b = _MERMAID_SHAPE[k]
        lines.append(f"        legend_{k}{a}{_LEGEND[k]}{b}:::{k}")
    lines.append("    end")
    for k in used:
        lines.append(f"    classDef {k} {_MERMAID_STYLE[k]}")
    return "\n".join(lines) + "\n"


# --- DOT -------------------------------------------------------------------------------------

_DOT_STYLE = {
    "held": 'shape=box, style="rounded,dashed,filled", fillcolor="#e8e8e8"',
    "step": 'shape=box, style="rounded,filled", fillcolor="#e3f2fd"',
    "core": 'shape=box, style="rounded,filled,bold", fillcolor="#fff3cd", peripheries=2',
    "goal": 'shape=box, style="rounded,filled,bold", fillcolor="#e8f5e9", penwidth=3',
    "credential": 'shape=box, style="rounded"',
    "option": 'shape=box, style="rounded,dotted", fontcolor="#888888"',
    "all": 'shape=circle, fontsize=10',
    "any": 'shape=diamond, style=filled, fillcolor="#fce4ec", fontsize=10',
    "n_of": 'shape=hexagon, style=filled, fillcolor="#f3e5f5", fontsize=10',
    "check": 'shape=note, style=filled, fillcolor="#fffde7", fontsize=10',
}


def _dot_text(label: str) -> str:
    return terminal(label, newlines=True).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


def to_dot(fig: Figure) -> str:
    """A Graphviz digraph (``dot -Tsvg`` renders it), with a legend cluster."""
    lines = [
        "digraph aipath {",
        f'    label="{_dot_text(fig.title)}"; labelloc=t; rankdir=LR;',
        '    node [fontname="Helvetica"]; edge [color="#555555"];',
    ]
    for key, (label, kind) in fig.nodes.items():
        lines.append(f'    {key} [label="{_dot_text(label)}", {_DOT_STYLE[kind]}];')
    for a, b in fig.edges:
        lines.append(f"    {a} -> {b};")
    used = fig.kinds()
    lines.append('    subgraph cluster_legend { label="legend"; style=dashed;')
    for k in used:
        lines.append(f'        legend_{k} [label="{_LEGEND[k]}", {_DOT_STYLE[k]}];')
    lines.append("    }")
    lines.append("}")
    return "\n".join(lines) + "\n"


DOT_TIMEOUT_S = 30


def svg(dot_text: str) -> str:
    """Render DOT to SVG text with Graphviz's ``dot``; OutputError (exit 2) when it cannot."""
    import shutil
    import subprocess

    exe = shutil.which("dot")
    if exe is None:
        raise OutputError(
            "writing SVG needs Graphviz's 'dot' on PATH (Debian/Ubuntu: apt-get install graphviz; "
            "macOS: brew install graphviz); or write --format dot and render it elsewhere"
        )
    try:
        proc = subprocess.run([exe, "-Tsvg"], input=dot_text, capture_output=True, text=True,
                              timeout=DOT_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        raise OutputError(f"Graphviz 'dot' did not finish within {DOT_TIMEOUT_S} s; "
                          "write --format dot and render it elsewhere") from None
    except OSError as exc:
        raise OutputError(f"cannot run Graphviz 'dot': {exc.strerror or exc}") from None
    if proc.returncode != 0:
        first = (proc.stderr.strip().splitlines() or ["no message"])[0]
        raise OutputError(f"Graphviz 'dot' failed (exit {proc.returncode}): {first}")
    return proc.stdout


# --- CTDL ------------------------------------------------------------------------------------

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
        return f"{cond.years:g} years of {cond.field}"
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
        "All of: " + "; ".join([*refs, *texts, *(f"{e.years:g} years of {e.field}" for e in exps)])
    )
    if refs:
        prof["ceterms:targetCredential"] = [cred_id(r) for r in refs]
    if texts:
        prof["ceterms:condition"] = {"en-US": texts}
    if exps:
        prof["ceterms:yearsOfExperience"] = max(e.years for e in exps)
        prof["ceterms:experience"] = _lang(
            "; ".join(f"{e.years:g} years of {e.field}" for e in exps)
        )
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
