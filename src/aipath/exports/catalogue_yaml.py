"""A catalogue (in its file format, :func:`aipath.models.catalog_to_data`) as YAML text.

Written without yaml: the top levels in block style, each value a JSON scalar or flow
collection, which is YAML too (every string double-quoted, so ``no`` or ``007`` stays a
string). Linear and fast at registry size, and it loads through the strict loader.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

__all__ = ["catalog_json_chunks", "catalog_yaml", "catalog_yaml_chunks"]

_PLAIN_KEY = re.compile(r"[a-z][a-z0-9_-]*")


def _key(k: str) -> str:
    return k if _PLAIN_KEY.fullmatch(k) and k not in ("yes", "no", "on", "off", "null", "true",
                                                       "false", "y", "n") else _flow(k)


def _flow(value: Any) -> str:
    # YAML reads NEL and the Unicode line separators as line breaks even inside quotes: escape.
    text = _ENCODE(value)
    return text.translate(_BREAKS) if _HAS_BREAK.search(text) else text


# One encoder for every value: json.dumps with options builds a new one per call.
_ENCODE = json.JSONEncoder(ensure_ascii=False, allow_nan=False).encode
_BREAKS = {0x85: "\\u0085", 0x2028: "\\u2028", 0x2029: "\\u2029"}
_HAS_BREAK = re.compile("[\x85\u2028\u2029]")


def catalog_yaml(data: dict[str, Any], header: str | None = None) -> str:
    """The catalogue as YAML: ``header`` (comment lines) first, then each top-level key."""
    return "".join(catalog_yaml_chunks(data, header))


def catalog_yaml_chunks(data: dict[str, Any], header: str | None = None,
                        *, release: bool = False) -> Iterator[str]:
    """:func:`catalog_yaml` in pieces, one a credential. ``release``: each credential's slot in
    ``data["credentials"]`` is emptied once written, so memory goes down as text goes out."""
    head = [f"# {line}" for line in (header or "").splitlines()]
    for key, value in data.items():
        if isinstance(value, dict) and value:
            head.append(f"{key}:")
            for k, v in value.items():
                if isinstance(v, dict) and v:
                    head.append(f"  {_key(k)}:")
                    head.extend(f"    {_key(kk)}: {_flow(vv)}" for kk, vv in v.items())
                else:
                    head.append(f"  {_key(k)}: {_flow(v)}")
        elif isinstance(value, list) and value:
            head.append(f"{key}:")
            yield "\n".join(head) + "\n"
            head = []
            for i, item in enumerate(value):
                yield _item(item)
                if release:
                    value[i] = None
        else:
            head.append(f"{key}: {_flow(value)}")
    if head:
        yield "\n".join(head) + "\n"


def _item(item: Any) -> str:
    if not isinstance(item, dict) or not item:
        return f"  - {_flow(item)}\n"
    lines = [f"{'  - ' if i == 0 else '    '}{_key(k)}: {_flow(v)}"
             for i, (k, v) in enumerate(item.items())]
    return "\n".join(lines) + "\n"


def catalog_json_chunks(data: dict[str, Any], *, release: bool = False) -> Iterator[str]:
    """The catalogue as JSON, in pieces (one a credential), as :func:`catalog_yaml_chunks`."""
    items = list(data.items())
    yield "{\n"
    for n, (key, value) in enumerate(items):
        comma = "," if n < len(items) - 1 else ""
        if key == "credentials" and isinstance(value, list):
            yield '  "credentials": [\n'
            for i, item in enumerate(value):
                yield "    " + _flow(item) + (",\n" if i < len(value) - 1 else "\n")
                if release:
                    value[i] = None
            yield f"  ]{comma}\n"
        else:
            yield f"  {_flow(key)}: {_flow(value)}{comma}\n"
    yield "}\n"
