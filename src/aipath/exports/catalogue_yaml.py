"""A catalogue (in its file format, :func:`aipath.models.catalog_to_data`) as YAML text.

Written without yaml: the top levels in block style, each value a JSON scalar or flow
collection, which is YAML too (every string double-quoted, so ``no`` or ``007`` stays a
string). Linear and fast at registry size, and it loads through the strict loader.
"""

from __future__ import annotations

import json
import re
from typing import Any

__all__ = ["catalog_yaml"]

_PLAIN_KEY = re.compile(r"[a-z][a-z0-9_-]*")


def _key(k: str) -> str:
    return k if _PLAIN_KEY.fullmatch(k) and k not in ("yes", "no", "on", "off", "null", "true",
                                                       "false", "y", "n") else _flow(k)


def _flow(value: Any) -> str:
    # YAML reads NEL and the Unicode line separators as line breaks even inside quotes: escape.
    text = json.dumps(value, ensure_ascii=False, allow_nan=False)
    return text.translate(_BREAKS) if _HAS_BREAK.search(text) else text


_BREAKS = {0x85: "\\u0085", 0x2028: "\\u2028", 0x2029: "\\u2029"}
_HAS_BREAK = re.compile("[\x85\u2028\u2029]")


def catalog_yaml(data: dict[str, Any], header: str | None = None) -> str:
    """The catalogue as YAML: ``header`` (comment lines) first, then each top-level key."""
    out: list[str] = [f"# {line}" for line in (header or "").splitlines()]
    for key, value in data.items():
        if isinstance(value, dict) and value:
            out.append(f"{key}:")
            for k, v in value.items():
                if isinstance(v, dict) and v:
                    out.append(f"  {_key(k)}:")
                    out.extend(f"    {_key(kk)}: {_flow(vv)}" for kk, vv in v.items())
                else:
                    out.append(f"  {_key(k)}: {_flow(v)}")
        elif isinstance(value, list) and value:
            out.append(f"{key}:")
            for item in value:
                if isinstance(item, dict) and item:
                    first = True
                    for k, v in item.items():
                        out.append(f"{'  - ' if first else '    '}{_key(k)}: {_flow(v)}")
                        first = False
                else:
                    out.append(f"  - {_flow(item)}")
        else:
            out.append(f"{key}: {_flow(value)}")
    return "\n".join(out) + "\n"
