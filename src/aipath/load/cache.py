"""The cache of validated catalogues: a catalogue that passed validation, kept as JSON.

Validation (:mod:`.catalogue`) is the slow part of every command. Its result is cached by the
SHA-256 of the file's bytes and the digest of the validating code, so the same bytes always get
the same verdict; only catalogues that pass are cached. ``AIPATH_NO_CACHE=1`` turns the cache
off; ``AIPATH_CACHE_DIR`` moves it. It imports no yaml, so a start that finds its entry never
loads yaml.

An entry is two lines: a JSON header {format, sha256, code, body} and the body, the
catalogue as JSON. ``sha256`` is the source file's, ``code`` the digest of the validating
source files' bytes, ``body`` the digest of the body line. Any mismatch, any damage, any
exception while rebuilding, a folder or file not owned by this user or writable by others:
the entry is ignored and the file is validated in full. Only the newest entries are kept.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import time
from pathlib import Path

from ..errors import AipathError
from ..models import Catalog, catalog_from_data, catalog_to_data

__all__ = ["CACHE_KEEP", "cache_dir", "cache_get", "cache_put"]

_HERE = Path(__file__).parent.parent  # the aipath package

_CACHE_FORMAT = 2
CACHE_KEEP = 8
# The validator's source: every module of the load package, and the modules it builds on.
_VALIDATOR_FILES = ("_numbers.py", "_io.py", "models.py", "catalog.py", "errors.py")
_code_digest: str | None = None


def cache_dir() -> Path | None:
    """Where validated catalogues are cached, or None when caching is off.

    ``AIPATH_CACHE_DIR``, else ``$XDG_CACHE_HOME/aipath``, else ``~/.cache/aipath``; None with
    ``AIPATH_NO_CACHE=1`` or when there is no home directory to put it in.
    """
    if os.environ.get("AIPATH_NO_CACHE"):
        return None
    base = os.environ.get("AIPATH_CACHE_DIR")
    if base:
        return Path(base)
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    if os.path.isabs(xdg):  # the XDG spec: a relative value is to be ignored
        return Path(xdg) / "aipath"
    home = _home()
    return None if home is None else Path(home) / ".cache" / "aipath"


def _home() -> str | None:
    # Not os.path.expanduser: without HOME and a passwd entry it returns "~" itself.
    home = os.environ.get("HOME")
    if not home:
        try:
            import pwd

            home = pwd.getpwuid(os.getuid()).pw_dir
        except (ImportError, AttributeError, KeyError, OSError):  # no pwd, no getuid (Windows)
            return None
    return home if os.path.isabs(home) else None


def _validator_digest() -> str:
    # Bytes, not mtimes: a reinstall with the same code keeps the cache, any edit drops it.
    global _code_digest
    if _code_digest is None:
        h = hashlib.sha256()
        package = sorted(f"load/{n}" for n in os.listdir(_HERE / "load") if n.endswith(".py"))
        for name in (*package, *_VALIDATOR_FILES):
            h.update(name.encode() + b"\0" + (_HERE / name).read_bytes() + b"\0")
        _code_digest = h.hexdigest()
    return _code_digest


def _owned(path: Path) -> bool:
    """Ours alone: owned by this user and not writable by group or others."""
    st = os.stat(path)
    if hasattr(os, "getuid") and st.st_uid != os.getuid():
        return False
    return not st.st_mode & 0o022


def _cache_file(sha256: str) -> Path | None:
    folder = cache_dir()
    if folder is None:
        return None
    return folder / f"catalog-{sha256[:32]}-{_validator_digest()[:16]}.json"


def cache_get(sha256: str, shown: str, size: int) -> Catalog | None:
    try:
        file = _cache_file(sha256)
        if file is None or not file.parent.is_dir() or not _owned(file.parent):
            return None
        from .._io import read_bounded

        raw = read_bounded(file, str(file), 4 * size + (1 << 20))
        head, _, body = raw.partition(b"\n")
        meta = json.loads(head)
        expected = {"format": _CACHE_FORMAT, "sha256": sha256, "code": _validator_digest(),
                    "body": hashlib.sha256(body).hexdigest()}
        if meta != expected or not _owned(file):
            return None
        catalog = catalog_from_data(json.loads(body), path=shown, sha256=sha256)
    except Exception:  # noqa: BLE001 - any doubt about an entry only costs a full validation
        return None
    with contextlib.suppress(OSError):
        os.utime(file)  # recently used: pruned last
    return catalog


def cache_put(catalog: Catalog) -> None:
    try:
        file = _cache_file(catalog.sha256)
        if file is None:
            return
        file.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not _owned(file.parent):
            return
        from .._io import write_atomic

        body = json.dumps(catalog_to_data(catalog), ensure_ascii=False).encode("utf-8")
        head = json.dumps({"format": _CACHE_FORMAT, "sha256": catalog.sha256,
                           "code": _validator_digest(), "body": hashlib.sha256(body).hexdigest()})
        write_atomic(str(file), head.encode() + b"\n" + body, new_mode=0o600)
        _prune(file.parent)
    except (OSError, AipathError):
        pass  # a read-only or foreign cache folder just means no cache


def _prune(folder: Path) -> None:
    """Keep the newest CACHE_KEEP entries; drop temporary files a killed process left."""
    entries = []
    for p in folder.iterdir():
        try:
            st = p.lstat()
        except OSError:
            continue
        if p.name.startswith("catalog-") and p.name.endswith(".json"):
            entries.append((st.st_mtime_ns, p))
        elif p.name.startswith(".aipath-") and p.name.endswith(".tmp") and \
                time.time() - st.st_mtime > 3600:
            entries.append((-1, p))  # always dropped
    entries.sort(reverse=True)
    keep = {p for m, p in entries[:CACHE_KEEP] if m >= 0}
    for _, p in entries:
        if p not in keep:
            with contextlib.suppress(OSError):
                p.unlink()
