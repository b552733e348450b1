"""The cache of validated catalogues: a catalogue that passed validation, kept compiled.

Validation (:mod:`.catalogue`) is the slow part of every command. Its result is cached by the
SHA-256 of the file's bytes and the digest of the validating code, so the same bytes always get
the same verdict; only catalogues that pass are cached. ``AIPATH_NO_CACHE=1`` turns the cache
off; ``AIPATH_CACHE_DIR`` moves it. It imports no yaml, so a start that finds its entry never
loads yaml.

An entry is a JSON header line {format, sha256, code, body, meta}, then the compiled catalogue
(:mod:`.compiled`: a meta line of ``meta`` bytes, then a line per credential and the lines of
its lookups). ``sha256`` is the source file's, ``code`` the digest of the validating source
files' bytes, ``body`` the digest of everything after the header, checked in one streaming pass
when the entry is opened (the credentials themselves are read later, line by line, from the
same open file). Any mismatch, any damage, any exception while rebuilding, a folder or file not
owned by this user or writable by others: the entry is ignored and the file is validated in
full. Only the newest entries are kept.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import stat
import time
from pathlib import Path

from ..errors import AipathError
from ..models import Catalog

__all__ = ["CACHE_KEEP", "cache_dir", "cache_get", "cache_put"]

_HERE = Path(__file__).parent.parent  # the aipath package

_CACHE_FORMAT = 3
CACHE_KEEP = 8
_CHUNK = 1 << 20
# The validator's source: every module of the load package, and the modules it builds on or
# whose results the compiled catalogue keeps (the index, the figure groups).
_VALIDATOR_FILES = ("_numbers.py", "_io.py", "models.py", "catalog.py", "errors.py", "index.py",
                    "estimates.py")
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


def cache_get(sha256: str, shown: str, size: int,
              files: list[tuple[str, str]] | None = None) -> Catalog | None:
    """The cached catalogue of these bytes, or None; ``files`` names a merged catalogue's files
    and their digests (``sha256`` is then :func:`.merge.merged_digest` of them)."""
    fd = -1
    try:
        file = _cache_file(sha256)
        if file is None or not file.parent.is_dir() or not _owned(file.parent):
            return None
        fd = os.open(file, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode) or st.st_size > 8 * size + (1 << 20) or not _owned(file):
            return None
        first = os.read(fd, 4096)
        head, newline, _ = first.partition(b"\n")
        meta_at = len(head) + 1
        digest = hashlib.sha256()
        os.lseek(fd, meta_at, os.SEEK_SET)
        while chunk := os.read(fd, _CHUNK):
            digest.update(chunk)
        header = json.loads(head)
        expected = {"format": _CACHE_FORMAT, "sha256": sha256, "code": _validator_digest(),
                    "body": digest.hexdigest(), "meta": header.get("meta")}
        if not newline or header != expected:
            return None
        from .compiled import read
        from .lines import pread

        meta_len = int(header["meta"])
        meta = json.loads(pread(fd, meta_len, meta_at))
        catalog = read(fd, meta_at + meta_len + 1, meta, file=str(file), path=shown,
                       sha256=sha256, files=files)
        fd = -1  # the catalogue reads from it from now on, and closes it
    except Exception:  # noqa: BLE001 - any doubt about an entry only costs a full validation
        return None
    finally:
        if fd >= 0:
            os.close(fd)
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
        from .compiled import compile_catalog

        meta, rest = compile_catalog(catalog)
        body = meta + b"\n" + rest
        head = json.dumps({"format": _CACHE_FORMAT, "sha256": catalog.sha256,
                           "code": _validator_digest(), "body": hashlib.sha256(body).hexdigest(),
                           "meta": len(meta)})
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
