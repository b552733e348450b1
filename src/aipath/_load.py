"""Parse and validate a catalogue or profile file (YAML or JSON) into typed models.

The only module that imports yaml. Validation runs on the composed node tree, so every
error can name ``file:line:col``, and nothing is constructed before aliases, duplicate
keys and nesting depth have been checked (SPEC §3, perf-baseline §5).
"""

from __future__ import annotations

import datetime as _dt
import gc
import graphlib
import math
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import yaml

from ._io import read_bounded
from ._numbers import MAX_DIGITS, check_range, normal
from .errors import CatalogError, CycleError, ProfileError
from .models import (
    CREDENTIAL_TYPES,
    DELIVERIES,
    DURATION_UNITS,
    EVIDENCE_KINDS,
    LEVELS,
    RECOGNITIONS,
    STATUSES,
    All,
    AnyOf,
    Background,
    Catalog,
    ClassOf,
    Condition,
    Cost,
    Credential,
    CredentialClass,
    Duration,
    Evidence,
    Experience,
    NOf,
    ProfileExperience,
    Ref,
    Renewal,
    Signature,
    Text,
    condition_classes,
    condition_refs,
    earnable,
)

__all__ = [
    "MAX_DEPTH",
    "SCHEMA_VERSION",
    "load_profile",
    "parse_yaml",
    "parse_yaml_file",
    "validate_catalog",
]

SCHEMA_VERSION = 1
MAX_DEPTH = 64
PROFILE_MAX_BYTES = 1024 * 1024
# No price, duration or count in a catalogue comes near this; sums of them stay finite.
MAX_FIGURE = 1e12
# JSON / YAML 1.2 numbers that PyYAML's YAML 1.1 resolver leaves as strings (1e-05, 4.6e4).
_NUMBER_12 = re.compile(r"-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?")

_T = "tag:yaml.org,2002:"
_TAG_NAMES = {
    _T + "str": "a string",
    _T + "int": "an integer",
    _T + "float": "a number",
    _T + "bool": "a boolean",
    _T + "null": "null",
    _T + "timestamp": "a date",
    _T + "map": "a mapping",
    _T + "seq": "a list",
}
_Loader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_EXPECT_CATALOG = "an aipath catalogue (a mapping with schema_version, skills, backgrounds, credentials)"
_EXPECT_PROFILE = "a profile (a mapping with background, holds, asserts, experience, constraints, goal)"


@contextmanager
def _gc_paused() -> Iterator[None]:
    # The cyclic GC makes loading ~3x slower and superlinear (perf-baseline §4).
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


# --- parsing ----------------------------------------------------------------------


def _line_col(data: bytes, offset: int) -> tuple[int, int]:
    head = data[:offset]
    line = head.count(b"\n") + 1
    return line, offset - (head.rfind(b"\n") + 1) + 1


def parse_yaml_file(
    path: str | os.PathLike[str], *, shown: str | None = None, max_bytes: int,
    what: str = "catalogue file", hint: str = " (raise it with --max-catalog-mib)",
    expect: str = _EXPECT_CATALOG,
) -> tuple[yaml.Node, Any]:
    """Read ``path`` (refusing files over ``max_bytes``) and compose it with :func:`parse_yaml`."""
    name = shown or str(path)
    return parse_yaml(read_bounded(path, name, max_bytes, what=what, hint=hint), name, expect)


def parse_yaml(data: bytes, name: str, expect: str = _EXPECT_CATALOG) -> tuple[yaml.Node, Any]:
    """Compose a single YAML (or JSON) document into a checked node tree.

    Rejects bytes that are not UTF-8, tabs used as indentation, anchors/aliases, duplicate
    keys and nesting deeper than :data:`MAX_DEPTH`. Returns the root node and the loader
    (to construct scalars).

    Raises
    ------
    CatalogError
        ``name:line:col: message`` whenever a position is known.
    """
    loader = _Loader(data)
    try:
        with _gc_paused():
            root = loader.get_single_node()
    except yaml.reader.ReaderError as exc:
        line, col = _line_col(data, exc.position)
        what = (
            "file is not valid UTF-8"
            if isinstance(exc.character, bytes) or "utf-8" in str(exc.reason).lower()
            or "octet" in str(exc.reason).lower()
            else f"character U+{_code_point(exc.character):04X} is not allowed"
        )
        if exc.character in ("\x00", 0):
            what = "NUL byte is not allowed"
        raise CatalogError(name, f"{what} (byte {exc.position})", line=line, col=col) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or "invalid YAML"
        if "another document" in problem:
            problem = "the file must hold a single document, but found another ('---')"
        if mark is None:
            raise CatalogError(name, f"invalid YAML: {problem}") from None
        if 0 <= mark.index < len(data) and data[_byte_index(data, mark)] == 0x09:
            problem = "tab character is not allowed for indentation; use spaces"
        raise CatalogError(
            name, f"invalid YAML: {problem}", line=mark.line + 1, col=mark.column + 1
        ) from None
    except yaml.YAMLError as exc:
        raise CatalogError(name, f"invalid YAML: {exc}") from None
    except RecursionError:
        raise CatalogError(name, f"nesting is deeper than {MAX_DEPTH} levels") from None
    finally:
        loader.dispose()
    if root is None:
        raise CatalogError(name, f"file is empty: expected {expect}")
    _check_tree(root, name)
    return root, loader


def _code_point(character: object) -> int:
    # The C loader reports an int, the pure one a one-character str.
    return character if isinstance(character, int) else ord(str(character)[:1] or "\0")


def _byte_index(data: bytes, mark: yaml.Mark) -> int:
    # Marks count characters; find the byte at (line, column) instead.
    start = 0
    for _ in range(mark.line):
        start = data.find(b"\n", start) + 1
        if start == 0:
            return len(data)
    prefix = data[start:].decode("utf-8", "replace")[: mark.column]
    return min(start + len(prefix.encode("utf-8")), len(data) - 1)


def _check_tree(root: yaml.Node, name: str) -> None:
    """Reject aliases, duplicate keys and deep nesting before constructing anything."""
    seen: set[int] = set()
    stack: list[tuple[yaml.Node, int]] = [(root, 0)]
    while stack:
        node, depth = stack.pop()
        if id(node) in seen:
            raise _at(name, node, "anchors and aliases (&, *) are not allowed")
        seen.add(id(node))
        if isinstance(node, yaml.ScalarNode):
            if node.tag == _T + "str" and not node.style and _NUMBER_12.fullmatch(node.value):
                node.tag = _T + ("float" if any(c in node.value for c in ".eE") else "int")
            continue
        if depth >= MAX_DEPTH:
            raise _at(name, node, f"nesting is deeper than {MAX_DEPTH} levels")
        if isinstance(node, yaml.MappingNode):
            keys: dict[tuple[str, str], yaml.Node] = {}
            for k, v in node.value:
                if isinstance(k, yaml.ScalarNode):
                    first = keys.setdefault((k.tag, k.value), k)
                    if first is not k:
                        raise _at(
                            name,
                            k,
                            f"duplicate key '{k.value}' (first at line {first.start_mark.line + 1})",
                        )
                stack.append((v, depth + 1))
                stack.append((k, depth + 1))
        else:
            stack.extend((child, depth + 1) for child in reversed(node.value))


_LONG_QUOTE = re.compile(r"'([^']{57})[^']{4,}'")


def _at(name: str, node: yaml.Node, message: str) -> CatalogError:
    m = node.start_mark
    # A quoted value from the file is shown, but never more than a short prefix of it.
    message = _LONG_QUOTE.sub(lambda q: f"'{q.group(1)}...'", message)
    return CatalogError(name, message, line=m.line + 1, col=m.column + 1)


# --- typed reading of nodes ---------------------------------------------------------


class _Reader:
    """Typed accessors over the node tree; every failure is a positioned CatalogError."""

    def __init__(self, name: str, loader: Any) -> None:
        self.name = name
        self.loader = loader

    def fail(self, node: yaml.Node, message: str) -> CatalogError:
        return _at(self.name, node, message)

    def kind(self, node: yaml.Node) -> str:
        if isinstance(node, yaml.ScalarNode) and node.tag == _T + "str":
            return "a string"
        return _TAG_NAMES.get(node.tag, f"a value tagged {node.tag}")

    def mapping(
        self,
        node: yaml.Node,
        what: str,
        *,
        required: tuple[str, ...] = (),
        optional: tuple[str, ...] = (),
    ) -> dict[str, yaml.Node]:
        if not isinstance(node, yaml.MappingNode) or node.tag != _T + "map":
            raise self.fail(node, f"{what} must be a mapping, not {self.kind(node)}")
        out: dict[str, yaml.Node] = {}
        allowed = required + optional
        for k, v in node.value:
            key = self.string(k, f"a key in {what}")
            if allowed and key not in allowed:
                raise self.fail(
                    k, f"unknown key '{key}' in {what}; expected one of: {', '.join(allowed)}"
                )
            out[key] = v
        for key in required:
            if key not in out:
                raise self.fail(node, f"{what} is missing '{key}'")
        return out

    def seq(self, node: yaml.Node, what: str) -> list[yaml.Node]:
        if not isinstance(node, yaml.SequenceNode) or node.tag != _T + "seq":
            raise self.fail(node, f"{what} must be a list, not {self.kind(node)}")
        return list(node.value)

    def is_null(self, node: yaml.Node) -> bool:
        return isinstance(node, yaml.ScalarNode) and node.tag == _T + "null"

    def string(self, node: yaml.Node, what: str) -> str:
        if not isinstance(node, yaml.ScalarNode) or node.tag != _T + "str":
            hint = "; quote it" if isinstance(node, yaml.ScalarNode) else ""
            value = str(node.value) if isinstance(node, yaml.ScalarNode) else ""
            shown = f" {value[:57]}..." if len(value) > 60 else f" {value}" if value else ""
            raise self.fail(node, f"{what} must be a string, not {self.kind(node)}{shown}{hint}")
        value = str(node.value)
        if not value.strip():
            raise self.fail(node, f"{what} must not be empty")
        return value

    def opt_string(self, node: yaml.Node | None, what: str) -> str | None:
        if node is None or self.is_null(node):
            return None
        return self.string(node, what)

    def choice(self, node: yaml.Node, what: str, choices: tuple[str, ...]) -> str:
        value = self.string(node, what)
        if value not in choices:
            raise self.fail(node, f"{what} '{value}' is not one of: {', '.join(choices)}")
        return value

    def _scalar_number(self, node: yaml.Node, what: str) -> float:
        # Digits are counted before constructing: int() refuses 4,300+ digits with a
        # ValueError, and anything past float range overflows later in arithmetic.
        if sum(ch.isdigit() for ch in node.value) > MAX_DIGITS:
            raise self.fail(node, f"{what} has more than {MAX_DIGITS} digits")
        value = self.loader.construct_object(node)
        try:
            as_float = float(value)
        except OverflowError:
            raise self.fail(node, f"{what} is beyond the range of numbers") from None
        if not math.isfinite(as_float):
            raise self.fail(node, f"{what} must be a finite number")
        return normal(value)  # type: ignore[no-any-return]

    def number(self, node: yaml.Node, what: str, *, minimum: float = 0,
               maximum: float = MAX_FIGURE) -> float:
        if not isinstance(node, yaml.ScalarNode) or node.tag not in (_T + "int", _T + "float"):
            raise self.fail(node, f"{what} must be a number, not {self.kind(node)}")
        value = self._scalar_number(node, what)
        if value < minimum:
            raise self.fail(node, f"{what} must be a number >= {minimum:g}")
        if value > maximum:
            raise self.fail(node, f"{what} must be at most {maximum:,.0f}")
        return value

    def opt_number(self, node: yaml.Node | None, what: str) -> float | None:
        if node is None or self.is_null(node):
            return None
        return self.number(node, what)

    def integer(self, node: yaml.Node, what: str, *, minimum: int = 0) -> int:
        if not isinstance(node, yaml.ScalarNode) or node.tag != _T + "int":
            raise self.fail(node, f"{what} must be an integer, not {self.kind(node)}")
        value = int(self._scalar_number(node, what))
        if value < minimum:
            raise self.fail(node, f"{what} must be an integer >= {minimum}")
        return value

    def opt_year(self, node: yaml.Node | None, what: str) -> int | None:
        if node is None or self.is_null(node):
            return None
        year = self.integer(node, what)
        if not 1900 <= year <= 2200:
            raise self.fail(node, f"{what} {year} is not a plausible year")
        return year

    def boolean(self, node: yaml.Node | None, what: str, default: bool) -> bool:
        if node is None:
            return default
        if not isinstance(node, yaml.ScalarNode) or node.tag != _T + "bool":
            raise self.fail(node, f"{what} must be true or false, not {self.kind(node)}")
        return bool(self.loader.construct_object(node))

    def date(self, node: yaml.Node, what: str) -> str:
        if isinstance(node, yaml.ScalarNode) and node.tag == _T + "timestamp":
            value = self.loader.construct_object(node)
            if isinstance(value, _dt.datetime):
                value = value.date()
            return str(value.isoformat())
        text = self.string(node, what)
        try:
            return _dt.date.fromisoformat(text).isoformat()
        except ValueError:
            raise self.fail(node, f"{what} must be a date YYYY-MM-DD, not '{text}'") from None

    def string_list(self, node: yaml.Node, what: str) -> list[tuple[str, yaml.Node]]:
        out = [(self.string(item, f"each of {what}"), item) for item in self.seq(node, what)]
        seen: set[str] = set()
        for value, item in out:
            if value in seen:
                raise self.fail(item, f"'{value}' appears twice in {what}")
            seen.add(value)
        return out


# --- the catalogue ---------------------------------------------------------------------

_PROFILE_KEYS = ("background", "holds", "assume", "asserts", "experience", "constraints", "goal")
_TOP_KEYS = ("schema_version", "skills", "backgrounds", "credentials")
_CRED_REQUIRED = (
    "id", "name", "provider", "type", "level", "delivery", "roles", "skills", "status", "evidence",
)
_CRED_OPTIONAL = (
    "subtype", "recognition", "duration", "cost", "entry", "counts_as", "recommends", "renewal",
    "successor", "url", "recalled_fields", "notes",
)
_REPLACED_STATUSES = ("retiring", "retired", "renamed", "archived")
_RECALLABLE = tuple(k for k in _CRED_REQUIRED + _CRED_OPTIONAL if k not in ("id", "evidence"))


def validate_catalog(data: bytes, shown: str, sha256: str) -> Catalog:
    """Parse and validate catalogue bytes (YAML or JSON) into a :class:`Catalog`.

    Raises
    ------
    CatalogError
        One line naming the file and, where known, ``line:col``.
    CycleError
        A credential that can only be earned through itself.
    """
    root, loader = parse_yaml(data, shown)
    with _gc_paused():
        return _build(root, loader, shown, sha256)


def _build(root: yaml.Node, loader: Any, name: str, sha256: str) -> Catalog:
    r = _Reader(name, loader)
    if not isinstance(root, yaml.MappingNode):
        raise r.fail(root, f"the top level must be a mapping: expected {_EXPECT_CATALOG}, "
                           f"not {r.kind(root)}")
    if not any(isinstance(k, yaml.ScalarNode) and k.value in _TOP_KEYS for k, _ in root.value):
        # Some other file: say what was expected, never echo what it holds.
        raise r.fail(root, f"this is not {_EXPECT_CATALOG}")
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
            if not _is_kebab(kid):
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
        if not _is_kebab(bid):  # --role could never select it
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
        cred = _credential(
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


def _keyed(r: _Reader, node: yaml.Node, what: str) -> list[tuple[str, yaml.Node]]:
    """A mapping's (key, value node) pairs, keys checked as strings; the value node for errors."""
    r.mapping(node, what)
    return [(str(k.value), v) for k, v in node.value]


def _signature(
    r: _Reader, node: yaml.Node, where: str,
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


def _resolve_backgrounds(r: _Reader, raw: dict[str, dict[str, Any]]) -> dict[str, Background]:
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
    r: _Reader, by_id: dict[str, Credential], classes: dict[str, CredentialClass],
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


def _credential(
    r: _Reader,
    node: yaml.Node,
    skills: dict[str, str],
    backgrounds: dict[str, Background],
    pending_refs: list[tuple[str, yaml.Node, str]],
    pending_classes: list[tuple[str, yaml.Node, str]],
    pending_either: list[tuple[str, yaml.Node, str]],
    entry_nodes: dict[str, yaml.Node],
    pending_successors: list[tuple[str, str, yaml.Node]],
) -> Credential:
    if isinstance(node, yaml.MappingNode):
        id_node = next((v for k, v in node.value if k.value == "id"), None)
        cid = r.string(id_node, "id") if id_node is not None else "?"
    else:
        cid = "?"
    where = f"credential {cid}"
    f = r.mapping(node, where, required=_CRED_REQUIRED, optional=_CRED_OPTIONAL)
    if not _is_kebab(cid):
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
        entry = _condition(r, f["entry"], where, pending_refs, pending_classes)
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
    )


def _is_kebab(value: str) -> bool:
    parts = value.split("-")
    return all(p and p.isascii() and p.isalnum() and p == p.lower() for p in parts)


def _evidence(r: _Reader, node: yaml.Node, where: str) -> Evidence:
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


def _duration(r: _Reader, node: yaml.Node | None, where: str) -> Duration | None:
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


def _cost(r: _Reader, node: yaml.Node | None, where: str) -> Cost | None:
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


def _renewal(r: _Reader, node: yaml.Node | None, where: str) -> Renewal | None:
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


_ROUTE_KEYS = ("label", "open_from", "open_until")
_CONDITION_KEYS = ("all", "any", "n_of", "class", "experience", "text")


def _condition(
    r: _Reader, node: yaml.Node, where: str, pending: list[tuple[str, yaml.Node, str]],
    pending_classes: list[tuple[str, yaml.Node, str]],
) -> Condition:
    what = f"{where}: entry"

    def sub(items: list[yaml.Node]) -> tuple[Condition, ...]:
        return tuple(_condition(r, i, where, pending, pending_classes) for i in items)

    if isinstance(node, yaml.ScalarNode):
        ref = r.string(node, f"{what} (a credential id)")
        pending.append((ref, node, f"{where}: entry needs"))
        return Ref(ref)
    if isinstance(node, yaml.SequenceNode):
        items = r.seq(node, what)
        if not items:
            raise r.fail(node, f"{what}: an empty list is not a condition; omit 'entry'")
        return All(sub(items))
    m = r.mapping(node, what)
    kinds = [k for k in m if k not in (*_ROUTE_KEYS, "must_hold")]
    if len(kinds) != 1:
        raise r.fail(
            node,
            f"{what}: a condition has exactly one of {', '.join(_CONDITION_KEYS)} "
            f"(plus optional {', '.join(_ROUTE_KEYS)})",
        )
    meta = _route_meta(r, m, what)
    key = kinds[0]
    value = m[key]
    if "must_hold" in m and key != "text":
        raise r.fail(m["must_hold"], f"{what}: must_hold goes only with a text rule")
    if key in ("all", "any"):
        items = r.seq(value, f"{what}: {key}")
        if not items:
            raise r.fail(value, f"{what}: '{key}' needs at least one condition")
        conds = sub(items)
        return All(conds, **meta) if key == "all" else AnyOf(conds, **meta)
    if key == "n_of":
        n = r.mapping(value, f"{what}: n_of", required=("n", "of"))
        items = r.seq(n["of"], f"{what}: n_of.of")
        count = r.integer(n["n"], f"{what}: n_of.n", minimum=1)
        if count > len(items):
            raise r.fail(
                n["n"], f"{what}: n_of.n is {count} but only {len(items)} conditions are listed"
            )
        return NOf(count, sub(items), **meta)
    if key == "class":
        name = r.string(value, f"{what}: class")
        pending_classes.append((name, value, f"{where}: entry names the class"))
        return ClassOf(name, **meta)
    if key == "experience":
        return _experience(r, value, f"{what}: experience", meta)
    if key == "text":
        must = r.boolean(m.get("must_hold"), f"{what}: must_hold", default=False)
        return Text(r.string(value, f"{what}: text"), must_hold=must, **meta)
    raise r.fail(
        node,
        f"{what}: unknown condition '{key}'; expected one of: {', '.join(_CONDITION_KEYS)}",
    )


_HOURS_PER_YEAR = 24 * 365.25


def _experience(r: _Reader, node: yaml.Node, what: str, meta: dict[str, str]) -> Experience:
    """``{field, years}`` or ``{field, hours}``, either with an optional ``within_years``."""
    e = r.mapping(node, what, required=("field",), optional=("years", "hours", "within_years"))
    if ("years" in e) == ("hours" in e):
        raise r.fail(node, f"{what} states exactly one of years or hours"
                           + (", not both" if "years" in e else ""))
    years = hours = within = None
    if "years" in e:
        years = r.number(e["years"], f"{what} years")
    else:
        hours = r.number(e["hours"], f"{what} hours")
        if hours == 0:
            raise r.fail(e["hours"], f"{what} hours must be above 0 (omit a rule that asks none)")
    if "within_years" in e:
        within = r.number(e["within_years"], f"{what} within_years")
        if within == 0:
            raise r.fail(e["within_years"], f"{what} within_years must be above 0")
        if years is not None and years > within:
            raise r.fail(e["within_years"],
                         f"{what}: {years:g} years cannot fall within the last {within:g} years")
        if hours is not None and hours > within * _HOURS_PER_YEAR:
            raise r.fail(e["hours"], f"{what}: {hours:,g} h cannot fit within {within:g} years "
                                     f"({within * _HOURS_PER_YEAR:,.0f} h)")
    return Experience(years, r.string(e["field"], f"{what} field"), hours=hours,
                      within_years=within, **meta)


def _route_meta(r: _Reader, m: dict[str, yaml.Node], what: str) -> dict[str, str]:
    meta = {}
    if "label" in m:
        meta["label"] = r.string(m["label"], f"{what}: label")
    for key in ("open_from", "open_until"):
        if key in m:
            meta[key] = r.date(m[key], f"{what}: {key}")
    if "open_from" in meta and "open_until" in meta and meta["open_until"] < meta["open_from"]:
        raise r.fail(
            m["open_until"],
            f"{what}: open_until {meta['open_until']} is before open_from {meta['open_from']}",
        )
    return meta


# --- earnability (AND-cycles) ---------------------------------------------------------------


def _check_cycles(r: _Reader, catalog: Catalog, entry_nodes: dict[str, Any]) -> None:
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


# --- profiles (SPEC §6) -----------------------------------------------------------------------


@dataclass(frozen=True)
class Profile:
    """What a user says about themselves in ``--profile me.yaml``."""

    path: str
    background: str | None = None
    holds: tuple[str, ...] = ()
    # Whether the background's preset holdings are assumed too. A profile that lists
    # `holds` describes what the person holds, so by default it replaces the preset.
    assume: bool = True
    asserts: tuple[str, ...] = ()
    asserts_at: tuple[tuple[int, int], ...] = ()  # line, column of each assert in the file
    # (credential id, date as written: 2023, 2023-05 or 2023-05-01) for holdings that say.
    earned: tuple[tuple[str, str], ...] = ()
    experience: tuple[ProfileExperience, ...] = ()
    experience_at: tuple[tuple[int, int], ...] = ()  # line, column of each experience's field
    max_cost: float | None = None
    max_months: float | None = None
    hours_per_week: float | None = None
    goal: str | None = None


def load_profile(
    path: str | os.PathLike[str], catalog: Catalog, *, today: _dt.date | None = None
) -> Profile:
    """Load and check a profile against ``catalog``.

    Raises
    ------
    ProfileError
        One line naming the file and position (exit 1).
    """
    name = str(path)
    try:
        root, loader = parse_yaml_file(
            path, shown=name, max_bytes=PROFILE_MAX_BYTES, what="profile file",
            hint=" (a profile is a few lines of YAML)", expect=_EXPECT_PROFILE,
        )
        return _profile(_Reader(name, loader), root, catalog, today or _dt.date.today())
    except ProfileError:
        raise
    except CatalogError as exc:
        raise ProfileError(
            exc.path, exc.problem, line=exc.line, col=exc.col, credential=exc.credential,
            field=exc.field,
        ) from None


def _profile(r: _Reader, root: yaml.Node, catalog: Catalog, today: _dt.date) -> Profile:
    # An unknown key is named (it is usually a typo of one of these); its value never is.
    p = r.mapping(root, "the profile", optional=_PROFILE_KEYS)
    background = None
    if "background" in p:
        background = r.string(p["background"], "background")
        key = "-".join(background.strip().lower().replace("_", " ").split())
        if key not in catalog.backgrounds:
            raise r.fail(
                p["background"],
                f"background '{background}' is not one of: {', '.join(catalog.backgrounds)}",
            )
        background = key
    holds: list[str] = []
    earned: list[tuple[str, str]] = []
    for item in r.seq(p["holds"], "holds") if "holds" in p else []:
        if isinstance(item, yaml.MappingNode):
            h = r.mapping(item, "a holding", required=("id",), optional=("earned",))
            cid, where = r.string(h["id"], "holding id"), h["id"]
            if "earned" in h and not r.is_null(h["earned"]):
                when = _earned(r, h["earned"])
                if when > today.isoformat()[: len(when)]:
                    raise r.fail(h["earned"], f"earned {when} is after today ({today})")
                if cid not in dict(earned):
                    earned.append((cid, when))
        else:
            cid, where = r.string(item, "holding id"), item
        if cid not in catalog.by_id:
            raise r.fail(where, f"holds '{cid}', which is not a credential id in the catalogue")
        if cid not in holds:
            holds.append(cid)
    assume = r.boolean(p.get("assume"), "assume", default="holds" not in p)
    said = r.string_list(p["asserts"], "asserts") if "asserts" in p else []
    asserts = [a for a, _ in said]
    asserts_at = [(n.start_mark.line + 1, n.start_mark.column + 1) for _, n in said]
    experience = []
    experience_at = []
    for item in r.seq(p["experience"], "experience") if "experience" in p else []:
        said, at = _profile_experience(r, item)
        experience.append(said)
        experience_at.append((at.line + 1, at.column + 1))
    limits: dict[str, float | None] = {"max_cost": None, "max_months": None, "hours_per_week": None}
    if "constraints" in p:
        c = r.mapping(p["constraints"], "constraints", optional=tuple(limits))
        for key, node in c.items():
            value = limits[key] = r.opt_number(node, f"constraints.{key}")
            problem = None if value is None else check_range(value, key)
            if problem is not None:
                raise r.fail(node, f"constraints.{key}: {problem}")
    goal = None
    if "goal" in p and not r.is_null(p["goal"]):
        goal = r.string(p["goal"], "goal")
        if goal not in catalog.by_id:
            raise r.fail(p["goal"], f"goal '{goal}' is not a credential id in the catalogue")
    return Profile(
        path=r.name,
        background=background,
        holds=tuple(holds),
        assume=assume,
        asserts=tuple(asserts),
        asserts_at=tuple(asserts_at),
        earned=tuple(earned),
        experience=tuple(experience),
        experience_at=tuple(experience_at),
        max_cost=limits["max_cost"],
        max_months=limits["max_months"],
        hours_per_week=limits["hours_per_week"],
        goal=goal,
    )


_PROFILE_EXPERIENCE_KEYS = ("years", "hours", "within_years", "hours_per_week")


def _profile_experience(r: _Reader, node: yaml.Node) -> tuple[ProfileExperience, yaml.Mark]:
    """``{field, years | hours, within_years?, hours_per_week?}`` (see README, profiles), and
    where its field is written."""
    e = r.mapping(node, "an experience", required=("field",), optional=_PROFILE_EXPERIENCE_KEYS)
    if not any(k in e for k in ("years", "hours", "hours_per_week")):
        raise r.fail(node, "an experience states years, hours or hours_per_week "
                           "(e.g. {field: informatics-nursing, hours: 1200})")
    got: dict[str, float | None] = {}
    for key in _PROFILE_EXPERIENCE_KEYS:
        got[key] = None if key not in e else r.number(e[key], f"experience {key}")
    if got["within_years"] == 0:
        raise r.fail(e["within_years"], "experience within_years must be above 0")
    if got["hours_per_week"] is not None:
        problem = check_range(got["hours_per_week"], "hours_per_week")
        if problem is not None:
            raise r.fail(e["hours_per_week"], f"experience hours_per_week: {problem}")
    years, within = got["years"], got["within_years"]
    if years is not None and within is not None and years > within:
        raise r.fail(e["within_years"],
                     f"experience: {years:g} years cannot fall within the last {within:g} years")
    said = ProfileExperience(r.string(e["field"], "experience field"), **got)
    return said, e["field"].start_mark


def unmatched_asserts(profile: Profile, catalog: Catalog) -> list[str]:
    """``file:line:col: ...`` for each assert no rule has, naming the closest rule text, and
    for each experience field no rule asks (a typo there would count for nothing).

    An assert that reads like a credential's name or id is pointed at ``holds`` instead.
    """
    import difflib

    from .models import rule_key, rule_texts

    rules = rule_texts(catalog)
    # What an assert may be close to, rules first (the first of equally close ones wins).
    hints = [(k, f"closest rule: '{text}'") for k, text in rules.items()]
    names = {rule_key(n): c.id for c in catalog.credentials for n in (c.name, c.id)}
    hints += [(k, f"it reads like the credential {cid}: list that under holds")
              for k, cid in names.items()]
    out = []
    for text, (line, col) in zip(profile.asserts, profile.asserts_at, strict=True):
        key = rule_key(text)
        if key in rules:
            continue
        best: tuple[float, str] = (0.0, "no rule is close: an assert repeats a 'check:' line of aipath show ID")
        for cand, hint in hints:
            ratio = difflib.SequenceMatcher(None, key, cand).ratio()
            if ratio >= 0.6 and ratio > best[0]:
                best = (ratio, hint)
        out.append(f"{profile.path}:{line}:{col}: asserts '{text}', which matches no rule "
                   f"in the catalogue, so it settles nothing; {best[1]}")
    return out + _unmatched_fields(profile, catalog)


def _unmatched_fields(profile: Profile, catalog: Catalog) -> list[str]:
    """``file:line:col: ...`` for each experience field no rule asks, naming the closest."""
    import difflib

    from .models import walk

    fields = list(dict.fromkeys(
        cond.field for c in catalog.credentials for _, cond in walk(c.entry)
        if isinstance(cond, Experience)
    ))
    out = []
    for said, (line, col) in zip(profile.experience, profile.experience_at, strict=True):
        if said.field in fields:
            continue
        close = difflib.get_close_matches(said.field, fields, n=1, cutoff=0.6)
        hint = f"closest: '{close[0]}'" if close else "aipath show ID names each rule's field"
        out.append(f"{profile.path}:{line}:{col}: experience field '{said.field}' is asked by "
                   f"no rule in the catalogue, so it counts for nothing; {hint}")
    return out


def _earned(r: _Reader, node: yaml.Node) -> str:
    if isinstance(node, yaml.ScalarNode) and node.tag == _T + "timestamp":
        return r.date(node, "earned")
    if isinstance(node, yaml.ScalarNode) and node.tag == _T + "int" and node.value.isdigit():
        text = node.value  # a bare year: earned: 2021
    else:
        text = r.string(node, "earned")
    parts = text.split("-")
    ok = 1 <= len(parts) <= 3 and all(x.isdigit() for x in parts) and len(parts[0]) == 4
    if ok and len(parts) == 3:
        try:
            text = _dt.date.fromisoformat(text).isoformat()
        except ValueError:
            ok = False
    elif ok and len(parts) == 2:
        ok = len(parts[1]) == 2 and 1 <= int(parts[1]) <= 12
    if not ok:
        raise r.fail(node, f"earned must be a date like 2023, 2023-05 or 2023-05-01, not '{text}'")
    return text
