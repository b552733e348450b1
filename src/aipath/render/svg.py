"""Graphviz's SVG made safe to inline in a page: rebuilt from an allowlist of elements and
attributes, so a label (catalogue text) cannot become a tag and nothing refers outside the
page. Stdlib only.
"""

from __future__ import annotations

import re
from html import escape
from typing import TYPE_CHECKING

from .._text import terminal

if TYPE_CHECKING:
    from xml.etree.ElementTree import Element

__all__ = ["safe_svg"]


_SVG_NS = "{http://www.w3.org/2000/svg}"
# What Graphviz's SVG for a plan uses; anything else (script, foreignObject, image, use, a,
# style, event handlers, href) is dropped rather than inlined.
_SVG_TAGS = frozenset({
    "svg", "g", "title", "desc", "polygon", "polyline", "path", "ellipse", "circle", "rect",
    "line", "text", "tspan",
})
_SVG_ATTRS = frozenset({
    "width", "height", "viewBox", "transform", "class", "fill", "fill-opacity", "stroke",
    "stroke-width", "stroke-dasharray", "stroke-opacity", "stroke-linecap", "stroke-linejoin",
    "points", "d", "cx", "cy", "r", "rx", "ry", "x", "y", "x1", "y1", "x2", "y2", "dx", "dy",
    "text-anchor", "font-family", "font-size", "font-weight", "font-style", "text-decoration",
    "opacity", "preserveAspectRatio",
})
_TRANSFORM = re.compile(r"[a-z0-9 ().,+\-eE]*")


def _svg_attr_ok(name: str, value: str) -> bool:
    if name not in _SVG_ATTRS:
        return False
    if name == "transform":
        return _TRANSFORM.fullmatch(value) is not None
    # No url(...), no javascript:, no expression(): the values Graphviz writes are plain.
    return "(" not in value and ":" not in value


def _svg_out(el: Element, parts: list[str]) -> None:
    tag = el.tag[len(_SVG_NS):] if isinstance(el.tag, str) and el.tag.startswith(_SVG_NS) else None
    if tag in _SVG_TAGS:
        attrs = "".join(
            f' {name}="{escape(value, quote=True)}"'
            for name, value in el.attrib.items() if _svg_attr_ok(name, value)
        )
        parts.append(f"<{tag}{attrs}>")
        parts.append(escape(terminal(el.text or "", newlines=True), quote=False))
        for child in el:
            _svg_out(child, parts)
        parts.append(f"</{tag}>")
    # A dropped element keeps nothing, but what follows it in its parent stays.
    parts.append(escape(terminal(el.tail or "", newlines=True), quote=False))


def safe_svg(svg_text: str) -> str:
    """Graphviz's SVG as inline markup: no prolog or doctype, only drawing elements.

    The SVG is parsed and written out again from an allowlist of elements and attributes, so
    a label (catalogue text) cannot become a tag, and nothing in it refers outside the page.
    ValueError if it is not an SVG document.
    """
    from xml.etree.ElementTree import ParseError, fromstring

    start = svg_text.find("<svg")
    if start < 0:
        raise ValueError("not an SVG document: no <svg> element")
    try:
        # From <svg on: the XML declaration, doctype (and any entities it declares) are gone.
        root = fromstring(svg_text[start:])
    except ParseError as exc:
        raise ValueError(f"not an SVG document: {exc}") from None
    if root.tag != _SVG_NS + "svg":
        raise ValueError("not an SVG document: the root is not <svg>")
    root.tail = None
    parts: list[str] = []
    _svg_out(root, parts)
    return "".join(parts)
