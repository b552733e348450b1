"""Reading a catalogue or profile file: bytes in, a checked YAML node tree out.

The only way aipath reads YAML (or JSON, read as YAML flow syntax). Before anything is
constructed it enforces the limits: a file-size cap (via :func:`aipath._io.read_bounded`),
UTF-8 only, no tabs as indentation, a single document, no anchors or aliases, no duplicate
keys, nesting at most :data:`MAX_DEPTH` deep (SPEC §3, perf-baseline §5). Every error names
``file:line:col`` where a position is known (:func:`error_at`).

What the tree means is read by :mod:`.nodes` (typed values), :mod:`.catalogue` and
:mod:`.profile`.
"""

from __future__ import annotations

import gc
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import yaml

from .._io import read_bounded
from ..errors import CatalogError

__all__ = ["EXPECT_CATALOG", "MAX_DEPTH", "TAG", "error_at", "gc_paused", "parse_yaml",
           "parse_yaml_file"]

MAX_DEPTH = 64
# JSON / YAML 1.2 numbers that PyYAML's YAML 1.1 resolver leaves as strings (1e-05, 4.6e4).
_NUMBER_12 = re.compile(r"-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?")

TAG = "tag:yaml.org,2002:"
_Loader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
EXPECT_CATALOG = "an aipath catalogue (a mapping with schema_version, skills, backgrounds, credentials)"


@contextmanager
def gc_paused() -> Iterator[None]:
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
    expect: str = EXPECT_CATALOG,
) -> tuple[yaml.Node, Any]:
    """Read ``path`` (refusing files over ``max_bytes``) and compose it with :func:`parse_yaml`."""
    name = shown or str(path)
    return parse_yaml(read_bounded(path, name, max_bytes, what=what, hint=hint), name, expect)


def parse_yaml(data: bytes, name: str, expect: str = EXPECT_CATALOG) -> tuple[yaml.Node, Any]:
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
        with gc_paused():
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
            raise error_at(name, node, "anchors and aliases (&, *) are not allowed")
        seen.add(id(node))
        if isinstance(node, yaml.ScalarNode):
            if node.tag == TAG + "str" and not node.style and _NUMBER_12.fullmatch(node.value):
                node.tag = TAG + ("float" if any(c in node.value for c in ".eE") else "int")
            continue
        if depth >= MAX_DEPTH:
            raise error_at(name, node, f"nesting is deeper than {MAX_DEPTH} levels")
        if isinstance(node, yaml.MappingNode):
            keys: dict[tuple[str, str], yaml.Node] = {}
            for k, v in node.value:
                if isinstance(k, yaml.ScalarNode):
                    first = keys.setdefault((k.tag, k.value), k)
                    if first is not k:
                        raise error_at(
                            name,
                            k,
                            f"duplicate key '{k.value}' (first at line {first.start_mark.line + 1})",
                        )
                stack.append((v, depth + 1))
                stack.append((k, depth + 1))
        else:
            stack.extend((child, depth + 1) for child in reversed(node.value))


_LONG_QUOTE = re.compile(r"'([^']{57})[^']{4,}'")


def error_at(name: str, node: yaml.Node, message: str) -> CatalogError:
    """``name:line:col: message`` at where ``node`` starts in the file."""
    m = node.start_mark
    # A quoted value from the file is shown, but never more than a short prefix of it.
    message = _LONG_QUOTE.sub(lambda q: f"'{q.group(1)}...'", message)
    return CatalogError(name, message, line=m.line + 1, col=m.column + 1)


