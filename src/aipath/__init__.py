"""aipath: plan which credentials to stack to work in healthcare AI.

The library API: load a catalogue, look at its credentials, plan a path::

    from aipath import load_catalog, build_graph, build_request, plan
    cat = load_catalog()
    result = plan(cat, build_graph(cat), build_request(cat, role="nurse"))

Names are resolved lazily so that ``import aipath`` (and ``aipath --help``) stays cheap.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

__all__ = [
    "AipathError",
    "Background",
    "Catalog",
    "CatalogError",
    "Credential",
    "CycleError",
    "NoPlanError",
    "Plan",
    "ProfileError",
    "UsageError",
    "__version__",
    "build_graph",
    "build_request",
    "lint_catalog",
    "load_catalog",
    "plan",
]

_WHERE = {
    "AipathError": "errors",
    "CatalogError": "errors",
    "CycleError": "errors",
    "NoPlanError": "errors",
    "ProfileError": "errors",
    "UsageError": "errors",
    "Background": "models",
    "Catalog": "models",
    "Credential": "models",
    "load_catalog": "catalog",
    "build_graph": "graph",
    "Plan": "planner",
    "build_request": "planner",
    "plan": "planner",
    "lint_catalog": "lint",
}


def __getattr__(name: str) -> Any:
    if name == "__version__":
        from importlib.metadata import version

        return version("aipath")
    if name in _WHERE:
        return getattr(import_module(f".{_WHERE[name]}", __name__), name)
    raise AttributeError(f"module 'aipath' has no attribute {name!r}")
