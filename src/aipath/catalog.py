"""Load a catalogue: the shipped one or ``--catalog PATH``, validated, with a result cache.

Validation (in :mod:`aipath.load`, the only yaml importer) is the slow part of every
command. Its result is cached by the SHA-256 of the file's bytes and the digest of the
validating code, so the same bytes always get the same verdict; only catalogues that pass
are cached, and an entry is believed only if it checks out (see :mod:`aipath.load.cache`).
``AIPATH_NO_CACHE=1`` turns the cache off; ``AIPATH_CACHE_DIR`` moves it.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import TYPE_CHECKING

from .load.cache import cache_dir, cache_get, cache_put
from .models import Catalog

if TYPE_CHECKING:
    import datetime as _dt

    from .load.profile import Profile

__all__ = [
    "BUILTIN_PATH",
    "DEFAULT_MAX_BYTES",
    "builtin_catalog_file",
    "cache_dir",
    "load_catalog",
    "load_catalogs",
    "load_profile",
    "unmatched_asserts",
    "read_limited",
]

DEFAULT_MAX_BYTES = 25 * 1024 * 1024
BUILTIN_PATH = "aipath:data/credentials.yaml"
_HERE = Path(__file__).parent


def builtin_catalog_file() -> Path:
    """Path of the catalogue shipped inside the package."""
    return _HERE / "data" / "credentials.yaml"


def read_limited(path: str | os.PathLike[str], shown: str, max_bytes: int) -> bytes:
    """The catalogue file's bytes (see :func:`aipath._io.read_bounded`)."""
    from ._io import read_bounded

    return read_bounded(path, shown, max_bytes)


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
    real, shown = _where(path)
    if cache_dir() is not None:
        # The file's digest, read a chunk at a time: a registry-sized file that has a cache
        # entry is never held in memory.
        from ._io import digest_bounded

        digest, size = digest_bounded(real, shown, max_bytes)
        cached = cache_get(digest, shown, size)
        if cached is not None:
            return cached
    data = read_limited(real, shown, max_bytes)
    sha256 = hashlib.sha256(data).hexdigest()
    from .load.catalogue import validate_catalog

    catalog = validate_catalog(data, shown, sha256)
    cache_put(catalog)
    return catalog


def _where(path: str | os.PathLike[str] | None) -> tuple[str | os.PathLike[str], str]:
    """The file to read and the name to show for it (the shipped one for None)."""
    if path is None:
        return builtin_catalog_file(), BUILTIN_PATH
    return path, str(path)


def load_catalogs(
    paths: list[str | os.PathLike[str] | None], *, max_bytes: int = DEFAULT_MAX_BYTES
) -> Catalog:
    """Several catalogues planned as one (:mod:`aipath.load.merge`); each file is validated
    and cached on its own, and the merged catalogue is cached too, by its files' digests, so
    planning over the shipped catalogue and a registry import reads only what it uses. One
    path is :func:`load_catalog`."""
    if len(paths) == 1:
        return load_catalog(paths[0], max_bytes=max_bytes)
    from .load.merge import merge_catalogs, merged_digest

    if cache_dir() is not None:
        from ._io import digest_bounded

        where = [_where(p) for p in paths]
        sums = [digest_bounded(real, shown, max_bytes) for real, shown in where]
        digest = merged_digest([d for d, _ in sums])
        cached = cache_get(digest, " + ".join(shown for _, shown in where), sum(n for _, n in sums),
                           files=[(shown, d) for (_, shown), (d, _) in zip(where, sums)])
        if cached is not None:
            return cached
    parts = [load_catalog(p, max_bytes=max_bytes) for p in paths]
    merged = merge_catalogs(parts)
    cache_put(merged)
    return merged


def load_profile(
    path: str | os.PathLike[str], catalog: Catalog, *, today: _dt.date | None = None
) -> Profile:
    """Load and check a ``--profile`` file against ``catalog`` (see :mod:`aipath.load.profile`).

    ``today`` (default: the date) is what an ``earned`` date may not be after.
    """
    from .load.profile import load_profile as _load_profile

    return _load_profile(path, catalog, today=today)


def unmatched_asserts(profile: Profile, catalog: Catalog) -> list[str]:
    """One line per ``asserts`` entry that matches no rule (with the closest rule text) and per
    experience field that no rule asks (with the closest field)."""
    from .load.profile import unmatched_asserts as _unmatched

    return _unmatched(profile, catalog)
