"""The one bounded reader and the one atomic writer; every file aipath touches goes through them.

Reading: regular files only, at most ``max_bytes + 1`` bytes, opened without blocking, so
``/dev/zero``, a FIFO or a growing file can neither hang nor exhaust memory.

Writing: a temporary file in the target's folder, then a rename. The result gets the mode an
ordinary program would give it (an existing file keeps its mode; a new one gets
``0666 & ~umask``). A symlink is followed, like a shell's ``>``: the file it points to is
replaced and the link stays. Anything that is not a regular file (``/dev/null``, a device, a
FIFO) is refused, as are the files the command is reading. SIGTERM/SIGHUP during the write
remove the temporary file before the process dies of the signal.
"""

from __future__ import annotations

import contextlib
import errno
import os
import signal
import stat
import tempfile
import threading
from collections.abc import Iterable, Iterator

from .errors import CatalogError, OutputError

__all__ = ["digest_bounded", "read_bounded", "write_atomic"]

_CHUNK = 1 << 20


def read_bounded(
    path: str | os.PathLike[str],
    shown: str,
    max_bytes: int,
    *,
    error: type[CatalogError] = CatalogError,
    what: str = "catalogue file",
    hint: str = " (raise it with --max-catalog-mib)",
) -> bytes:
    """The bytes of the regular file ``path``; ``error(shown, ...)`` for anything else.

    Never reads more than ``max_bytes + 1`` bytes, and never blocks on opening.
    """
    return b"".join(_chunks(path, shown, max_bytes, error=error, what=what, hint=hint))


def digest_bounded(path: str | os.PathLike[str], shown: str, max_bytes: int) -> tuple[str, int]:
    """The SHA-256 (hex) and size of what :func:`read_bounded` would return, read a chunk
    at a time and never held whole."""
    import hashlib

    h, size = hashlib.sha256(), 0
    for chunk in _chunks(path, shown, max_bytes):
        h.update(chunk)
        size += len(chunk)
    return h.hexdigest(), size


def _chunks(
    path: str | os.PathLike[str],
    shown: str,
    max_bytes: int,
    *,
    error: type[CatalogError] = CatalogError,
    what: str = "catalogue file",
    hint: str = " (raise it with --max-catalog-mib)",
) -> Iterator[bytes]:
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        fd = os.open(path, flags | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise error(shown, "file not found") from None
    except IsADirectoryError:
        raise error(shown, f"is a directory, not a {what}") from None
    except OSError as exc:
        raise error(shown, f"cannot read: {exc.strerror or exc}") from None
    try:
        st = os.fstat(fd)
        if stat.S_ISDIR(st.st_mode):
            raise error(shown, f"is a directory, not a {what}")
        if not stat.S_ISREG(st.st_mode):
            raise error(shown, f"is not a regular file (a device, FIFO or socket); expected a {what}")
        too_big = f"file is over the limit of {max_bytes:,} bytes{hint}"
        if st.st_size > max_bytes:
            raise error(shown, f"file is {st.st_size:,} bytes, over the limit of {max_bytes:,} "
                               f"bytes{hint}")
        left = max_bytes + 1  # one more byte than allowed tells a file that grew
        while left > 0:
            chunk = os.read(fd, min(left, _CHUNK))
            if not chunk:
                break
            left -= len(chunk)
            if left <= 0:
                raise error(shown, too_big)
            yield chunk
    except OSError as exc:
        raise error(shown, f"cannot read: {exc.strerror or exc}") from None
    finally:
        os.close(fd)


def _same_file(a: os.stat_result, path: str) -> bool:
    try:
        b = os.stat(path)
    except OSError:
        return False
    return (a.st_dev, a.st_ino) == (b.st_dev, b.st_ino)


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


@contextlib.contextmanager
def _removed_on_signal(paths: list[str]) -> Iterator[None]:
    """Until the block ends, SIGTERM/SIGHUP remove ``paths`` and then kill the process as usual."""
    sigs = [s for s in (getattr(signal, "SIGTERM", None), getattr(signal, "SIGHUP", None)) if s]
    if threading.current_thread() is not threading.main_thread():
        yield  # only the main thread may set handlers; its own handlers stay in charge
        return

    def handler(signum: int, _frame: object) -> None:
        for p in paths:
            with contextlib.suppress(OSError):
                os.unlink(p)
        signal.signal(signum, signal.SIG_DFL)
        os.kill(os.getpid(), signum)  # die of the signal: the parent sees 128 + signum

    old = {s: signal.signal(s, handler) for s in sigs}
    try:
        yield
    finally:
        for s, h in old.items():
            signal.signal(s, h)


def write_atomic(path: str, text: str | bytes | Iterable[str], *, protect: Iterable[str] = (),
                 new_mode: int | None = None) -> None:
    """Replace ``path`` with ``text`` (UTF-8) all at once, or leave it untouched.

    ``text`` may be an iterable of strings, written as they come (a registry-sized catalogue
    is never held whole).

    ``protect`` names files that must not be overwritten (the catalogue or profile being read).
    ``new_mode`` replaces ``0666 & ~umask`` for a file that does not exist yet.

    Raises
    ------
    OutputError
        One line: a missing folder, a target that is not a regular file, a protected file, or
        the operating system's reason (permission, full disk).
    """
    target = os.path.realpath(path)  # follow symlinks: the link stays, its file is replaced
    folder = os.path.dirname(target)
    try:
        # stat the path as given: /dev/stdout on a pipe resolves to no real path, but is a FIFO.
        st: os.stat_result | None = os.stat(path)
    except FileNotFoundError:
        st = None
    except OSError as exc:
        raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from None
    if st is None and not os.path.isdir(folder):
        raise OutputError(f"cannot write {path}: folder {os.path.dirname(path) or folder} "
                          "does not exist")
    if st is not None:
        if stat.S_ISDIR(st.st_mode):
            raise OutputError(f"cannot write {path}: it is a directory")
        if not stat.S_ISREG(st.st_mode):
            raise OutputError(f"refusing to write {path}: it is not a regular file (a device or "
                              "FIFO); write to stdout and redirect instead")
        for p in protect:
            if _same_file(st, p):
                raise OutputError(f"refusing to write {path}: it is the file being read")
    if st is not None:
        mode = stat.S_IMODE(st.st_mode)
    else:
        mode = new_mode if new_mode is not None else 0o666 & ~_umask()
    chunks = [text.encode("utf-8")] if isinstance(text, str) else [text] if isinstance(
        text, bytes) else (t.encode("utf-8") for t in text)
    temps: list[str] = []  # the handlers are in place before the temporary file exists
    with _removed_on_signal(temps):
        try:
            fd, tmp = tempfile.mkstemp(prefix=".aipath-", suffix=".tmp", dir=folder)
        except OSError as exc:
            raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from None
        temps.append(tmp)
        try:
            with os.fdopen(fd, "wb") as fh:
                for data in chunks:
                    fh.write(data)
                fh.flush()
                os.fchmod(fh.fileno(), mode)
                os.fsync(fh.fileno())
            os.replace(tmp, target)
        except BaseException as exc:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)
            if isinstance(exc, OSError):
                reason = "no space left on device" if exc.errno == errno.ENOSPC else (
                    exc.strerror or str(exc))
                raise OutputError(f"cannot write {path}: {reason}") from None
            raise
