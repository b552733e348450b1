"""aipath: plan which credentials to stack to work in healthcare AI.

The library API: load a catalogue, look at its credentials, plan a path.
"""

from __future__ import annotations

from typing import Any

from .errors import AipathError, CatalogError, CycleError, NoPlanError, ProfileError, UsageError
from .models import Background, Catalog, Credential

__all__ = [
    "AipathError",
    "Background",
    "Catalog",
    "CatalogError",
    "Credential",
    "CycleError",
    "NoPlanError",
    "ProfileError",
    "UsageError",
    "__version__",
    "load_catalog",
]


def __getattr__(name: str) -> Any:
    # Lazy: importing aipath must not import yaml or read package metadata.
    if name == "__version__":
        from importlib.metadata import version

        return version("aipath")
    if name == "load_catalog":
        from .catalog import load_catalog

        return load_catalog
    raise AttributeError(name)
