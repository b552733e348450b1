"""Validation with ``file:line:col``: typed reading of the checked node tree.

:class:`Reader` turns YAML nodes into strings, numbers, dates, choices and mappings with
known keys; whatever does not fit fails as a :class:`~aipath.errors.CatalogError` that names
the file, line and column of the offending node and says what was expected. The catalogue
(:mod:`.catalogue`, :mod:`.credentials`, :mod:`.conditions`) and profiles (:mod:`.profile`)
are read through it.
"""

from __future__ import annotations

import datetime as _dt
import math
from typing import Any

import yaml

from .._numbers import MAX_DIGITS, normal
from ..errors import CatalogError
from .reading import TAG, error_at

__all__ = ["MAX_FIGURE", "Reader"]

# No price, duration or count in a catalogue comes near this; sums of them stay finite.
MAX_FIGURE = 1e12

_TAG_NAMES = {
    TAG + "str": "a string",
    TAG + "int": "an integer",
    TAG + "float": "a number",
    TAG + "bool": "a boolean",
    TAG + "null": "null",
    TAG + "timestamp": "a date",
    TAG + "map": "a mapping",
    TAG + "seq": "a list",
}


class Reader:
    """Typed accessors over the node tree; every failure is a positioned CatalogError."""

    def __init__(self, name: str, loader: Any) -> None:
        self.name = name
        self.loader = loader

    def fail(self, node: yaml.Node, message: str) -> CatalogError:
        return error_at(self.name, node, message)

    def kind(self, node: yaml.Node) -> str:
        if isinstance(node, yaml.ScalarNode) and node.tag == TAG + "str":
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
        if not isinstance(node, yaml.MappingNode) or node.tag != TAG + "map":
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
        if not isinstance(node, yaml.SequenceNode) or node.tag != TAG + "seq":
            raise self.fail(node, f"{what} must be a list, not {self.kind(node)}")
        return list(node.value)

    def is_null(self, node: yaml.Node) -> bool:
        return isinstance(node, yaml.ScalarNode) and node.tag == TAG + "null"

    def string(self, node: yaml.Node, what: str) -> str:
        if not isinstance(node, yaml.ScalarNode) or node.tag != TAG + "str":
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
        if not isinstance(node, yaml.ScalarNode) or node.tag not in (TAG + "int", TAG + "float"):
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
        if not isinstance(node, yaml.ScalarNode) or node.tag != TAG + "int":
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
        if not isinstance(node, yaml.ScalarNode) or node.tag != TAG + "bool":
            raise self.fail(node, f"{what} must be true or false, not {self.kind(node)}")
        return bool(self.loader.construct_object(node))

    def date(self, node: yaml.Node, what: str) -> str:
        if isinstance(node, yaml.ScalarNode) and node.tag == TAG + "timestamp":
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


