"""Load a catalogue: the shipped one or ``--catalog PATH``, validated, with a result cache.

Validation (in :mod:`aipath._load`, the only yaml importer) is the slow part of every
command. Its result is cached by the SHA-256 of the file's bytes and the fingerprint of the
validating code, so the same bytes always get the same verdict; only catalogues that pass
are cached. ``AIPATH_NO_CACHE=1`` turns the cache off; ``AIPATH_CACHE_DIR`` moves it.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import CatalogError
from .models import Catalog, catalog_from_data, catalog_to_data

if TYPE_CHECKING:
    from ._load import Profile

__all__ = [
    "BUILTIN_PATH",
    "DEFAULT_MAX_BYTES",
    "builtin_catalog_file",
    "cache_dir",
    "load_catalog",
    "load_profile",
    "read_limited",
]

DEFAULT_MAX_BYTES = 25 * 1024 * 1024
BUILTIN_PATH = "aipath:data/credentials.yaml"
_HERE = Path(__file__).parent


def builtin_catalog_file() -> Path:
    """Path of the catalogue shipped inside the package."""
    return _HERE / "data" / "credentials.yaml"


def read_limited(path: str | os.PathLike[str], shown: str, max_bytes: int) -> bytes:
    """The file's bytes, refusing files over ``max_bytes`` before reading them."""
    try:
        size = os.stat(path).st_size
        if size > max_bytes:
            raise CatalogError(
                shown,
                f"file is {size:,} bytes, over the limit of {max_bytes:,} bytes "
                "(raise it with --max-catalog-mib)",
            )
        with open(path, "rb") as fh:
            return fh.read()
    except FileNotFoundError:
        raise CatalogError(shown, "file not found") from None
    except IsADirectoryError:
        raise CatalogError(shown, "is a directory, not a catalogue file") from None
    except OSError as exc:
        raise CatalogError(shown, f"cannot read: {exc.strerror or exc}") from None


def load_catalog(
    path: str | os.PathLike[str] | None = None, *, max_bytes: int = DEFAULT_MAX_BYTES
) -> Catalog:
    """Load, validate and return a catalogue; ``None`` loads the one shipped with aipath.

    A ``.json`` file (such as ``aipath export --format json``) goes through the same
    parser and validation: JSON is read as YAML flow syntax.

    Raises
    ------
    CatalogError
        One line naming the file and, where known, ``line:col``.
    CycleError
        A credential that can only be earned through itself.

    Examples
    --------
    >>> cat = load_catalog()
    >>> "nurse" in cat.backgrounds
    True
    """
    if path is None:
        real: str | os.PathLike[str] = builtin_catalog_file()
        shown = BUILTIN_PATH
    else:
        real = path
        shown = str(path)
    data = read_limited(real, shown, max_bytes)
    sha256 = hashlib.sha256(data).hexdigest()
    cached = _cache_get(sha256, shown)
    if cached is not None:
        return cached
    from ._load import validate_catalog

    catalog = validate_catalog(data, shown, sha256)
    _cache_put(catalog)
    return catalog


def load_profile(path: str | os.PathLike[str], catalog: Catalog) -> Profile:
    """Load and check a ``--profile`` file against ``catalog`` (see :mod:`aipath._load`)."""
    from ._load import load_profile as _load_profile

    return _load_profile(path, catalog)


# --- cache ------------------------------------------------------------------------------------


def cache_dir() -> Path | None:
    """Where validated catalogues are cached, or None when caching is off."""
    if os.environ.get("AIPATH_NO_CACHE"):
        return None
    base = os.environ.get("AIPATH_CACHE_DIR")
    if base:
        return Path(base)
    xdg = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(xdg) / "aipath"


def _fingerprint() -> str:
    # The validating code's files: a new aipath version means a new verdict.
    parts = []
    for name in ("_load.py", "models.py", "catalog.py"):
        st = os.stat(_HERE / name)
        parts.append(f"{name}:{st.st_size}:{st.st_mtime_ns}")
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:16]


def _cache_file(sha256: str) -> Path | None:
    folder = cache_dir()
    if folder is None:
        return None
    return folder / f"catalog-{sha256[:32]}-{_fingerprint()}.json"


def _cache_get(sha256: str, shown: str) -> Catalog | None:
    try:
        file = _cache_file(sha256)
        if file is None:
            return None
        with open(file, "rb") as fh:
            doc: dict[str, Any] = json.loads(fh.read())
        if doc.get("sha256") != sha256:
            return None
        return catalog_from_data(doc["catalog"], path=shown, sha256=sha256)
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None  # a missing or damaged cache entry only costs a full validation


def _cache_put(catalog: Catalog) -> None:
    try:
        file = _cache_file(catalog.sha256)
        if file is None:
            return
        file.parent.mkdir(parents=True, exist_ok=True)
        from ._io import write_atomic

        doc = {"sha256": catalog.sha256, "catalog": catalog_to_data(catalog)}
        write_atomic(str(file), json.dumps(doc, ensure_ascii=False))
    except OSError:
        pass  # a read-only home directory just means no cache
