"""The model's construction, the catalogue: checked YAML/JSON bytes into a :class:`Catalog`.

:func:`validate_catalog` is the whole validator: :mod:`.reading` composes and checks the
tree, this module reads the top level (schema version, skills, classes, backgrounds), has
:mod:`.credentials` read each credential, then checks what can only be checked with the
whole file read: every id and class named exists, ``based_on`` and ``counts_as`` form no
loop, and every credential can be earned. Each error is one ``file:line:col`` line.
"""

from __future__ import annotations

import graphlib
from typing import Any

import yaml

from ..errors import CycleError
from ..models import (
    Background,
    Catalog,
    Credential,
    CredentialClass,
    Signature,
    condition_classes,
    condition_refs,
    earnable,
)
from .credentials import is_kebab, read_credential
from .nodes import Reader
from .reading import EXPECT_CATALOG, gc_paused, parse_yaml

__all__ = ["SCHEMA_VERSION", "validate_catalog"]

SCHEMA_VERSION = 1
_TOP_KEYS = ("schema_version", "skills", "backgrounds", "credentials")


def validate_catalog(data: bytes, shown: str, sha256: str) -> Catalog:
    """Parse and validate catalogue bytes (YAML or JSON) into a :class:`Catalog`.

    Raises
    ------
    CatalogError
        One line naming the file and, where known, ``line:col``.
    CycleError
        A credential that can only be earned through itself.
    """
    with gc_paused():
        root, loader = parse_yaml(data, shown)
        catalog = _build(root, loader, shown, sha256)
        # The node tree goes before the collector is back: it would otherwise walk every
        # node of it once (a second per 10,000 credentials) only to find it all alive.
        del root, loader
    return catalog


def _build(root: yaml.Node, loader: Any, name: str, sha256: str) -> Catalog:
    r = Reader(name, loader)
    if not isinstance(root, yaml.MappingNode):
        raise r.fail(root, f"the top level must be a mapping: expected {EXPECT_CATALOG}, "
                           f"not {r.kind(root)}")
    if not any(isinstance(k, yaml.ScalarNode) and k.value in _TOP_KEYS for k, _ in root.value):
        # Some other file: say what was expected, never echo what it holds.
        raise r.fail(root, f"this is not {EXPECT_CATALOG}")
    top = r.mapping(root, "the catalogue", required=_TOP_KEYS, optional=("classes",))
    version = r.integer(top["schema_version"], "schema_version")
    if version != SCHEMA_VERSION:
        raise r.fail(
            top["schema_version"],
            f"schema_version {version} is not supported (this aipath reads {SCHEMA_VERSION})",
        )

    skills: dict[str, str] = {}
    for key, value in r.mapping(top["skills"], "skills").items():
        skills[key] = r.string(value, f"skills.{key}")

    def check_skill(tag: str, node: yaml.Node) -> None:
        if tag not in skills:
            raise r.fail(node, f"skill '{tag}' is not declared under 'skills:'")

    # (name, node, what): ids that must be credentials, classes, or either.
    pending_refs: list[tuple[str, yaml.Node, str]] = []
    pending_classes: list[tuple[str, yaml.Node, str]] = []
    pending_either: list[tuple[str, yaml.Node, str]] = []

    classes: dict[str, CredentialClass] = {}
    class_nodes: dict[str, yaml.Node] = {}
    if "classes" in top:
        for kid, knode in _keyed(r, top["classes"], "classes"):
            where = f"classes.{kid}"
            if not is_kebab(kid):
                raise r.fail(knode, f"{where}: class id '{kid}' must be kebab-case (a-z, 0-9 and '-')")
            k = r.mapping(knode, where, required=("label",), optional=("counts_as", "note"))
            counts = r.string_list(k["counts_as"], f"{where}.counts_as") if "counts_as" in k else []
            pending_classes.extend((c, n, f"{where}.counts_as names") for c, n in counts)
            class_nodes[kid] = knode
            classes[kid] = CredentialClass(
                id=kid,
                label=r.string(k["label"], f"{where}.label"),
                counts_as=tuple(c for c, _ in counts),
                note=r.opt_string(k.get("note"), f"{where}.note"),
            )

    background_nodes = r.mapping(top["backgrounds"], "backgrounds")
    if not background_nodes:
        raise r.fail(top["backgrounds"], "backgrounds must define at least one role")
    pending_holds: list[tuple[str, yaml.Node]] = []
    raw: dict[str, dict[str, Any]] = {}
    key_nodes = {k.value: k for k, _ in top["backgrounds"].value}
    for bid, bnode in background_nodes.items():
        if not is_kebab(bid):  # --role could never select it
            raise r.fail(key_nodes[bid], f"background id '{bid}' must be kebab-case "
                                         "(a-z, 0-9 and '-'), e.g. 'icu-nurse'")
        where = f"backgrounds.{bid}"
        b = r.mapping(bnode, where, required=("label",),
                      optional=("based_on", "holds", "target_skills", "signature", "note"))
        holds = r.string_list(b["holds"], f"{where}.holds") if "holds" in b else []
        targets = (
            r.string_list(b["target_skills"], f"{where}.target_skills")
            if "target_skills" in b else None
        )
        for tag, node in targets or ():
            check_skill(tag, node)
        pending_holds.extend(holds)
        based_on = None
        if "based_on" in b:
            based_on = r.string(b["based_on"], f"{where}.based_on")
            if based_on not in background_nodes or based_on == bid:
                raise r.fail(
                    b["based_on"],
                    f"{where}.based_on '{based_on}' is not another background; expected one of: "
                    f"{', '.join(x for x in background_nodes if x != bid)}",
                )
        signature = None
        if "signature" in b:
            signature = tuple(
                _signature(r, item, where, pending_refs, pending_classes)
                for item in r.seq(b["signature"], f"{where}.signature")
            )
        raw[bid] = {
            "label": r.string(b["label"], f"{where}.label"),
            "holds": tuple(h for h, _ in holds),
            "targets": None if targets is None else tuple(t for t, _ in targets),
            "signature": signature,
            "based_on": based_on,
            "note": r.opt_string(b.get("note"), f"{where}.note"),
            "node": bnode,
        }
    backgrounds = _resolve_backgrounds(r, raw)

    credentials: list[Credential] = []
    id_nodes: dict[str, yaml.Node] = {}
    entry_nodes: dict[str, yaml.Node] = {}
    pending_successors: list[tuple[str, str, yaml.Node]] = []
    for cnode in r.seq(top["credentials"], "credentials"):
        cred = read_credential(
            r, cnode, skills, backgrounds, pending_refs, pending_classes, pending_either,
            entry_nodes, pending_successors,
        )
        if cred.id in id_nodes:
            first = id_nodes[cred.id].start_mark.line + 1
            raise r.fail(cnode, f"duplicate credential id '{cred.id}' (first at line {first})")
        if cred.id in classes:
            raise r.fail(cnode, f"credential id '{cred.id}' is also a class id; rename one")
        id_nodes[cred.id] = cnode
        credentials.append(cred)

    known = id_nodes.keys()
    for ref, node, what in pending_refs:
        if ref not in known:
            hint = f"; for the class, write {{class: {ref}}}" if ref in classes else ""
            raise r.fail(
                node, f"{what} '{ref}', which is not a credential id in this catalogue{hint}"
            )
    for kid, node, what in pending_classes:
        if kid not in classes:
            hint = f"; for the credential, write {kid} itself" if kid in known else ""
            raise r.fail(node, f"{what} '{kid}', which is not a class under 'classes:'{hint}")
    for ref, node, what in pending_either:
        if ref not in known and ref not in classes:
            raise r.fail(node, f"{what} '{ref}', which is neither a credential id nor a class")
    for ref, node in pending_holds:
        if ref not in known:
            raise r.fail(node, f"background holds '{ref}', which is not a credential id")
    for cid, succ, node in pending_successors:
        if succ not in known or succ == cid:
            raise r.fail(node, f"credential {cid}: successor '{succ}' is not another credential id")

    by_ctid: dict[str, str] = {}
    for cred in credentials:
        if cred.ctid is not None:
            if cred.ctid in by_ctid:
                raise r.fail(id_nodes[cred.id], f"credential {cred.id}: ctid {cred.ctid} is "
                             f"already credential {by_ctid[cred.ctid]}'s")
            by_ctid[cred.ctid] = cred.id
    by_id = {c.id: c for c in credentials}
    _check_counts_cycles(r, by_id, classes, id_nodes, class_nodes)
    catalog = Catalog(
        path=name,
        sha256=sha256,
        schema_version=version,
        skills=skills,
        backgrounds=backgrounds,
        credentials=tuple(credentials),
        classes=classes,
        by_id=by_id,
    )
    _check_cycles(r, catalog, entry_nodes)
    return catalog


def _keyed(r: Reader, node: yaml.Node, what: str) -> list[tuple[str, yaml.Node]]:
    """A mapping's (key, value node) pairs, keys checked as strings; the value node for errors."""
    r.mapping(node, what)
    return [(str(k.value), v) for k, v in node.value]


def _signature(
    r: Reader, node: yaml.Node, where: str,
    pending_refs: list[tuple[str, yaml.Node, str]],
    pending_classes: list[tuple[str, yaml.Node, str]],
) -> Signature:
    what = f"{where}.signature"
    s = r.mapping(node, what, required=("why", "source"), optional=("id", "class", "verified_on"))
    if ("id" in s) == ("class" in s):
        raise r.fail(node, f"{what}: each entry names exactly one of 'id' or 'class'")
    key = "id" if "id" in s else "class"
    ref = r.string(s[key], f"{what}.{key}")
    (pending_refs if key == "id" else pending_classes).append((ref, s[key], f"{what} names"))
    source = r.string(s["source"], f"{what}.source")
    if not source.startswith(("https://", "http://")):
        raise r.fail(s["source"], f"{what}.source must be a URL (http:// or https://)")
    verified = r.date(s["verified_on"], f"{what}.verified_on") if "verified_on" in s else None
    return Signature(ref, r.string(s["why"], f"{what}.why"), source, is_class=key == "class",
                     verified_on=verified)


def _resolve_backgrounds(r: Reader, raw: dict[str, dict[str, Any]]) -> dict[str, Background]:
    """Backgrounds with ``based_on`` chains checked; target skills and signature inherited."""
    for bid in raw:
        seen = [bid]
        while (base := raw[seen[-1]]["based_on"]) is not None:
            if base in seen:
                raise r.fail(
                    raw[bid]["node"],
                    f"backgrounds.{bid}: based_on forms a loop ({' -> '.join([*seen, base])})",
                )
            seen.append(base)

    def inherited(bid: str, key: str) -> Any:
        while raw[bid][key] is None and raw[bid]["based_on"] is not None:
            bid = raw[bid]["based_on"]
        return raw[bid][key]

    return {
        bid: Background(
            id=bid,
            label=b["label"],
            holds=b["holds"],
            target_skills=inherited(bid, "targets") or (),
            note=b["note"],
            based_on=b["based_on"],
            signature=inherited(bid, "signature") or (),
        )
        for bid, b in raw.items()
    }


def _check_counts_cycles(
    r: Reader, by_id: dict[str, Credential], classes: dict[str, CredentialClass],
    id_nodes: dict[str, yaml.Node], class_nodes: dict[str, yaml.Node],
) -> None:
    deps: dict[str, tuple[str, ...]] = {c.id: c.counts_as for c in by_id.values()}
    deps.update({k.id: k.counts_as for k in classes.values()})
    try:
        graphlib.TopologicalSorter(deps).prepare()
    except graphlib.CycleError as exc:
        cycle = list(exc.args[1])
        node = id_nodes.get(cycle[0]) or class_nodes[cycle[0]]
        raise r.fail(node, f"counts_as forms a loop ({' -> '.join(cycle)})") from None


# --- earnability (AND-cycles) ---------------------------------------------------------------


def _check_cycles(r: Reader, catalog: Catalog, entry_nodes: dict[str, Any]) -> None:
    by_id = catalog.by_id
    reached = earnable(by_id.values(), implies=catalog.implies)
    stuck = sorted(set(by_id) - reached)
    if not stuck:
        return
    deps = {
        cid: {
            d
            for name in (*condition_refs(by_id[cid].entry), *condition_classes(by_id[cid].entry))
            for d in (name, *catalog.members(name))
            if d in by_id and d not in reached
        }
        for cid in stuck
    }
    try:
        graphlib.TopologicalSorter(deps).prepare()
        cycle = [stuck[0]]  # pragma: no cover - a stuck set always contains a cycle
    except graphlib.CycleError as exc:
        cycle = list(exc.args[1])
    first = sorted(cycle[:-1] or cycle)[0]
    raise CycleError(
        r.name,
        f"credential {first} can never be earned: every route to it needs itself "
        f"({' -> '.join(cycle)})",
        line=entry_nodes[first].start_mark.line + 1,
        col=entry_nodes[first].start_mark.column + 1,
    )
