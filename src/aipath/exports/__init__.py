"""Exports, one module per format; this package names them all in one place.

- :mod:`.figure`: a plan, a credential or the catalogue as a :class:`Figure` (what is drawn);
- :mod:`.mermaid` (``-f mermaid``) and :mod:`.dot` (``-f dot``, and SVG through Graphviz)
  draw a Figure, in the colours of :mod:`.palette`;
- CTDL JSON-LD (``-f ctdl``) is :mod:`aipath.ctdl.export`, beside the CTDL vocabulary;
- the catalogue format itself (``export -f json``, which ``--catalog`` reads back) is
  :func:`aipath.models.catalog_to_data`, shared with the cache.

Everything here is stdlib only; the CLI imports it only for the formats that need it.
"""

from __future__ import annotations

from ..ctdl.export import CTDL_CONTEXT, CTDL_NOTICE, catalog_ctdl, plan_ctdl
from .dot import svg, to_dot
from .figure import Figure, catalog_figure, credential_figure, plan_figure
from .mermaid import to_mermaid

__all__ = [
    "CTDL_CONTEXT",
    "CTDL_NOTICE",
    "Figure",
    "catalog_ctdl",
    "catalog_figure",
    "credential_figure",
    "plan_ctdl",
    "plan_figure",
    "svg",
    "to_dot",
    "to_mermaid",
]
