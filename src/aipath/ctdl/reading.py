"""Reading registry files for an import: paths in, JSON-LD documents out, one at a time.

What Credential Engine's registry publishes, and what a dump of it holds:

- an ``@graph`` document (``{"@context", "@graph": [nodes]}``), the registry's /graph/ form;
- a registry envelope, whose ``decoded_resource`` is the document (``updated_at`` says when
  the registry last changed it);
- a bare node (``{"@type": ..., ...}``) or a list of any of these;
- JSON lines (``.jsonl``/``.ndjson``, or a ``.json`` that turns out to hold one document a
  line), read line by line so a dump of any length is never held whole;
- a folder of such files (``.json``, ``.jsonld``, ``.jsonl``, ``.ndjson``), in name order.

Every problem with a file is one :class:`~aipath.errors.CatalogError` line naming it (and
``line:col`` for invalid JSON); a wrong shape is named, never echoed. Stdlib only.
"""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from .._io import read_bounded
from ..errors import CatalogError

__all__ = ["DEFAULT_MAX_MIB", "EXPECT", "Document", "documents", "input_files"]

DEFAULT_MAX_MIB = 512.0
EXPECT = ("CTDL JSON-LD: an @graph document, a registry envelope (decoded_resource), "
          "a record with @type, or JSON lines of them")
_JSON = (".json", ".jsonld")
_LINES = (".jsonl", ".ndjson")
_HINT = " (raise it with --max-file-mib)"


@dataclass(frozen=True)
class Document:
    """One document read: its top-level nodes, where it came from, and the registry's date."""

    where: str  # the file, or file:line for JSON lines
    nodes: list[Any]
    updated: str | None  # the envelope's updated_at (YYYY-MM-DD), when it has one


def input_files(paths: list[str]) -> list[str]:
    """The files to read: each path given, or the registry files in a folder (name order)."""
    out: list[str] = []
    for path in paths:
        try:
            st = os.stat(path)
        except FileNotFoundError:
            raise CatalogError(path, "file not found") from None
        except OSError as exc:
            raise CatalogError(path, f"cannot read: {exc.strerror or exc}") from None
        if not stat.S_ISDIR(st.st_mode):
            out.append(path)
            continue
        found = sorted(
            os.path.join(root, name)
            for root, _, names in os.walk(path)
            for name in names
            if name.lower().endswith(_JSON + _LINES)
        )
        if not found:
            raise CatalogError(path, "the folder holds no .json, .jsonld, .jsonl or .ndjson file")
        out.extend(found)
    return out


def documents(path: str, max_bytes: int) -> Iterator[Document]:
    """The documents in one file, in order; JSON lines one line at a time."""
    if path.lower().endswith(_LINES):
        yield from _lines(path, max_bytes)
        return
    data = read_bounded(path, path, max_bytes, what="CTDL file", hint=_HINT)
    text = _text(data, path)
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        if exc.msg == "Extra data" and text[exc.pos - 1:exc.pos] == "\n":
            yield from _lines(path, max_bytes)  # a .json file of JSON lines
            return
        raise CatalogError(path, f"invalid JSON: {exc.msg}", line=exc.lineno, col=exc.colno) from None
    yield from _unwrap(doc, path, None)


def _text(data: bytes, where: str, line: int | None = None) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CatalogError(where, f"file is not valid UTF-8 (byte {exc.start})", line=line,
                           col=None if line is None else exc.start + 1) from None


def _lines(path: str, max_bytes: int) -> Iterator[Document]:
    try:
        size = os.stat(path).st_size
        handle = open(path, "rb")  # noqa: SIM115 - closed below, read as it streams
    except OSError as exc:
        raise CatalogError(path, f"cannot read: {exc.strerror or exc}") from None
    if size > max_bytes:
        handle.close()
        raise CatalogError(path, f"file is {size:,} bytes, over the limit of {max_bytes:,} "
                                 f"bytes{_HINT}")
    with handle:
        for number, raw in enumerate(handle, 1):
            if not raw.strip():
                continue
            text = _text(raw, path, number)
            try:
                doc = json.loads(text)
            except json.JSONDecodeError as exc:
                raise CatalogError(path, f"invalid JSON: {exc.msg}", line=number,
                                   col=exc.colno) from None
            yield from _unwrap(doc, f"{path}:{number}", None)


def _unwrap(doc: Any, where: str, updated: str | None) -> Iterator[Document]:
    if isinstance(doc, list):
        for item in doc:
            if isinstance(item, (dict, list)):
                yield from _unwrap(item, where, updated)
            else:  # a stray value among records: counted as skipped, not fatal
                yield Document(where, [item], updated)
        return
    if not isinstance(doc, dict):
        raise _shape(where, doc)
    if "decoded_resource" in doc:
        stamp = doc.get("updated_at")
        date = stamp[:10] if isinstance(stamp, str) and _is_date(stamp[:10]) else None
        yield from _unwrap(doc["decoded_resource"], where, date or updated)
    elif "@graph" in doc:
        graph = doc["@graph"]
        if not isinstance(graph, list):
            raise CatalogError(where, f"@graph must be a list of nodes, not {_kind(graph)}")
        yield Document(where, graph, updated)
    elif "@type" in doc:
        yield Document(where, [doc], updated)
    else:
        raise _shape(where, doc)


def _shape(where: str, doc: Any) -> CatalogError:
    path, _, line = where.rpartition(":") if where.rpartition(":")[2].isdigit() else (where, "", "")
    return CatalogError(path, f"this is not {EXPECT}; found {_kind(doc)}",
                        line=int(line) if line else None)


def _kind(value: Any) -> str:
    if isinstance(value, dict):
        return "an object without @graph, @type or decoded_resource"
    return {list: "a list", str: "a string", bool: "true/false", type(None): "null"}.get(
        type(value), "a number")


def _is_date(text: str) -> bool:
    import datetime as _dt

    try:
        _dt.date.fromisoformat(text)
    except ValueError:
        return False
    return True
