"""The model's construction, credentials: one ``credentials:`` entry into a :class:`Credential`.

Its facts (evidence, duration, cost, renewal) are read here; its entry rule by
:mod:`.conditions`. Ids it names are checked later by :mod:`.catalogue`, once all are known.
"""

from __future__ import annotations

import re

import yaml

from ..models import (
    CREDENTIAL_TYPES,
    DELIVERIES,
    DURATION_UNITS,
    EVIDENCE_KINDS,
    LEVELS,
    RECOGNITIONS,
    STATUSES,
    Background,
    Cost,
    Credential,
    Duration,
    Evidence,
    Renewal,
)
from .conditions import read_condition
from .nodes import Reader

__all__ = ["is_ctid", "is_kebab", "read_credential"]

_CRED_REQUIRED = (
    "id", "name", "provider", "type", "level", "delivery", "roles", "skills", "status", "evidence",
)
_CRED_OPTIONAL = (
    "subtype", "recognition", "duration", "cost", "entry", "counts_as", "recommends", "renewal",
    "successor", "ctid", "aliases", "url", "recalled_fields", "notes",
)
_REPLACED_STATUSES = ("retiring", "retired", "renamed", "archived")
_RECALLABLE = tuple(k for k in _CRED_REQUIRED + _CRED_OPTIONAL if k not in ("id", "evidence"))


def read_credential(
    r: Reader,
    node: yaml.Node,
    skills: dict[str, str],
    backgrounds: dict[str, Background],
    pending_refs: list[tuple[str, yaml.Node, str]],
    pending_classes: list[tuple[str, yaml.Node, str]],
    pending_either: list[tuple[str, yaml.Node, str]],
    entry_nodes: dict[str, yaml.Node],
    pending_successors: list[tuple[str, str, yaml.Node]],
) -> Credential:
    """One entry of ``credentials:``. What it names (credentials, classes, successors) is
    appended to the ``pending_*`` lists, to be checked once every credential is read."""
    if isinstance(node, yaml.MappingNode):
        id_node = next((v for k, v in node.value if k.value == "id"), None)
        cid = r.string(id_node, "id") if id_node is not None else "?"
    else:
        cid = "?"
    where = f"credential {cid}"
    f = r.mapping(node, where, required=_CRED_REQUIRED, optional=_CRED_OPTIONAL)
    if not is_kebab(cid):
        raise r.fail(f["id"], f"id '{cid}' must be kebab-case (a-z, 0-9 and '-')")

    roles = r.string_list(f["roles"], f"{where}: roles")
    for role, rnode in roles:
        if role not in backgrounds:
            raise r.fail(
                rnode,
                f"{where}: role '{role}' is not a background; expected one of: "
                f"{', '.join(backgrounds)}",
            )
    cred_skills = r.string_list(f["skills"], f"{where}: skills")
    for tag, snode in cred_skills:
        if tag not in skills:
            raise r.fail(snode, f"{where}: skill '{tag}' is not declared under 'skills:'")

    evidence = tuple(_evidence(r, e, where) for e in r.seq(f["evidence"], f"{where}: evidence"))
    if not evidence:
        raise r.fail(f["evidence"], f"{where}: evidence needs at least one source")

    recommends = []
    if "recommends" in f:
        for ref, rnode in r.string_list(f["recommends"], f"{where}: recommends"):
            pending_refs.append((ref, rnode, f"{where}: recommends"))
            recommends.append(ref)

    entry = None
    if "entry" in f and not r.is_null(f["entry"]):
        entry = read_condition(r, f["entry"], where, pending_refs, pending_classes)
        entry_nodes[cid] = f["entry"]

    counts_as = []
    if "counts_as" in f:
        for ref, rnode in r.string_list(f["counts_as"], f"{where}: counts_as"):
            if ref == cid:
                raise r.fail(rnode, f"{where}: counts_as names the credential itself")
            pending_either.append((ref, rnode, f"{where}: counts_as names"))
            counts_as.append(ref)

    status = r.choice(f["status"], f"{where}: status", STATUSES)
    successor = r.opt_string(f.get("successor"), f"{where}: successor")
    if successor is not None:
        if status not in _REPLACED_STATUSES:
            raise r.fail(
                f["successor"],
                f"{where}: successor is only for a credential whose status is one of: "
                f"{', '.join(_REPLACED_STATUSES)} (status is {status})",
            )
        pending_successors.append((cid, successor, f["successor"]))

    ctid = r.opt_string(f.get("ctid"), f"{where}: ctid")
    if ctid is not None and not is_ctid(ctid):
        raise r.fail(f["ctid"], f"{where}: ctid '{ctid}' is not a CTID (ce- and a lower-case UUID)")
    aliases = []
    if "aliases" in f:
        aliases = [a for a, _ in r.string_list(f["aliases"], f"{where}: aliases")]

    recalled = []
    if "recalled_fields" in f:
        for name, rnode in r.string_list(f["recalled_fields"], f"{where}: recalled_fields"):
            if name not in _RECALLABLE:
                raise r.fail(rnode, f"{where}: recalled_fields: '{name}' is not a field")
            recalled.append(name)

    return Credential(
        id=cid,
        name=r.string(f["name"], f"{where}: name"),
        provider=r.string(f["provider"], f"{where}: provider"),
        type=r.choice(f["type"], f"{where}: type", CREDENTIAL_TYPES),
        subtype=r.opt_string(f.get("subtype"), f"{where}: subtype"),
        level=r.choice(f["level"], f"{where}: level", LEVELS),
        delivery=r.choice(f["delivery"], f"{where}: delivery", DELIVERIES),
        roles=tuple(x for x, _ in roles),
        skills=tuple(x for x, _ in cred_skills),
        duration=_duration(r, f.get("duration"), where),
        cost=_cost(r, f.get("cost"), where),
        entry=entry,
        recommends=tuple(recommends),
        renewal=_renewal(r, f.get("renewal"), where),
        status=status,
        url=r.opt_string(f.get("url"), f"{where}: url"),
        evidence=evidence,
        recalled_fields=tuple(recalled),
        notes=r.opt_string(f.get("notes"), f"{where}: notes"),
        recognition=(
            None if "recognition" not in f
            else r.choice(f["recognition"], f"{where}: recognition", tuple(RECOGNITIONS))
        ),
        counts_as=tuple(counts_as),
        successor=successor,
        ctid=ctid,
        aliases=tuple(aliases),
    )


_CTID = re.compile(r"ce-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def is_ctid(value: str) -> bool:
    """Credential Engine's identifier form: ``ce-`` and a lower-case UUID."""
    return _CTID.fullmatch(value) is not None


def is_kebab(value: str) -> bool:
    """Lower-case ASCII letters and digits in parts joined by '-': what --role and ids accept."""
    parts = value.split("-")
    return all(p and p.isascii() and p.isalnum() and p == p.lower() for p in parts)


def _evidence(r: Reader, node: yaml.Node, where: str) -> Evidence:
    e = r.mapping(node, f"{where}: evidence", required=("kind", "verified_on"),
                  optional=("url", "note"))
    kind = r.choice(e["kind"], f"{where}: evidence kind", EVIDENCE_KINDS)
    url = r.opt_string(e.get("url"), f"{where}: evidence url")
    if url is None and kind != "recalled":
        raise r.fail(node, f"{where}: evidence of kind '{kind}' needs a url")
    return Evidence(
        kind=kind,
        verified_on=r.date(e["verified_on"], f"{where}: evidence verified_on"),
        url=url,
        note=r.opt_string(e.get("note"), f"{where}: evidence note"),
    )


def _duration(r: Reader, node: yaml.Node | None, where: str) -> Duration | None:
    if node is None or r.is_null(node):
        return None
    d = r.mapping(node, f"{where}: duration", required=("min", "unit"), optional=("max", "note"))
    lo = r.number(d["min"], f"{where}: duration min")
    hi = r.number(d["max"], f"{where}: duration max") if "max" in d else lo
    if hi < lo:
        raise r.fail(node, f"{where}: duration max {hi:g} is below min {lo:g}")
    return Duration(
        min=lo,
        max=hi,
        unit=r.choice(d["unit"], f"{where}: duration unit", DURATION_UNITS),
        note=r.opt_string(d.get("note"), f"{where}: duration note"),
    )


def _cost(r: Reader, node: yaml.Node | None, where: str) -> Cost | None:
    if node is None or r.is_null(node):
        return None
    c = r.mapping(
        node,
        f"{where}: cost",
        optional=("usd", "usd_min", "usd_max", "year", "basis", "approximate", "note"),
    )
    if "usd" in c:
        if "usd_min" in c or "usd_max" in c:
            raise r.fail(node, f"{where}: cost takes either usd or usd_min/usd_max, not both")
        lo = hi = r.number(c["usd"], f"{where}: cost usd")
    elif "usd_min" in c and "usd_max" in c:
        lo = r.number(c["usd_min"], f"{where}: cost usd_min")
        hi = r.number(c["usd_max"], f"{where}: cost usd_max")
        if hi < lo:
            raise r.fail(node, f"{where}: cost usd_max {hi:g} is below usd_min {lo:g}")
    else:
        raise r.fail(node, f"{where}: cost needs usd, or usd_min and usd_max (or cost: null)")
    return Cost(
        usd_min=lo,
        usd_max=hi,
        year=r.opt_year(c.get("year"), f"{where}: cost year"),
        basis=r.opt_string(c.get("basis"), f"{where}: cost basis"),
        approximate=r.boolean(c.get("approximate"), f"{where}: cost approximate", False),
        note=r.opt_string(c.get("note"), f"{where}: cost note"),
    )


def _renewal(r: Reader, node: yaml.Node | None, where: str) -> Renewal | None:
    if node is None or r.is_null(node):
        return None
    n = r.mapping(node, f"{where}: renewal",
                  optional=("every_years", "ce_hours", "usd", "usd_max", "year", "note"))
    usd = r.opt_number(n.get("usd"), f"{where}: renewal usd")
    usd_max = r.opt_number(n.get("usd_max"), f"{where}: renewal usd_max")
    if usd_max is not None and (usd is None or usd_max < usd):  # a fee range: usd..usd_max
        raise r.fail(n["usd_max"], f"{where}: renewal usd_max needs usd at or below it")
    return Renewal(
        every_years=r.opt_number(n.get("every_years"), f"{where}: renewal every_years"),
        ce_hours=r.opt_number(n.get("ce_hours"), f"{where}: renewal ce_hours"),
        usd=usd,
        year=r.opt_year(n.get("year"), f"{where}: renewal year"),
        note=r.opt_string(n.get("note"), f"{where}: renewal note"),
        usd_max=usd_max,
    )


