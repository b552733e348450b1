"""The compiled catalogue's lines (:mod:`.compiled`), each read when first asked for.

:class:`Lines` reads one line with one positioned read of the open file; a line that cannot be
read (damage after the entry's digest was checked) removes the entry and is a one-line
:class:`~aipath.errors.CatalogError`. :class:`Credentials`, :class:`ById`, :class:`Origins` and
:class:`Postings` are the catalogue's lookups over them, each keeping what it read.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any

from ..errors import CatalogError
from ..models import Credential, credential_from_data

__all__ = ["ById", "Credentials", "Lines", "Origins", "Postings", "file_named", "pread"]


def file_named(text: str, shown: list[str]) -> str:
    if text.startswith("\x00"):
        i, _, rest = text[1:].partition("\x00")
        return shown[int(i)] + rest
    return text


class Lines:
    """The lines after the meta line, each read with one positioned read."""

    def __init__(self, fd: int, start: int, meta: dict[str, Any], file: str, shown: str) -> None:
        self.fd = fd
        self.start = start
        self.file, self.shown = file, shown
        self.marks: list[int] = meta["lines"]
        self.records = len(meta["ids"])

    def get(self, i: int, build: Callable[[Any], Any] = lambda x: x) -> Any:
        """Line ``i`` parsed and passed to ``build``; a line that cannot be read (an entry
        damaged after its digest was checked) removes the entry and is a one-line error."""
        try:
            start, end = self.marks[i], self.marks[i + 1]
            return build(json.loads(pread(self.fd, end - start - 1, self.start + start)))
        except Exception:  # noqa: BLE001 - whatever the damage, the same honest answer
            with contextlib.suppress(OSError):
                os.unlink(self.file)
            raise CatalogError(self.shown, "its cached copy is damaged and was removed; run the "
                                           "command again to validate the file afresh") from None

    def extra(self, j: int, build: Callable[[Any], Any] = lambda x: x) -> Any:
        return self.get(self.records + j, build)


def pread(fd: int, size: int, offset: int) -> bytes:
    """``size`` bytes of the open file ``fd`` from ``offset``."""
    if hasattr(os, "pread"):
        return os.pread(fd, size, offset)
    os.lseek(fd, offset, os.SEEK_SET)  # pragma: no cover - Windows
    return os.read(fd, size)  # pragma: no cover


class Credentials(Sequence[Credential]):
    """The catalogue's credentials, each read from its line on first use."""

    def __init__(self, lines: Lines, ids: list[str]) -> None:
        self.lines = lines
        self.ids = ids
        self.position = {cid: i for i, cid in enumerate(ids)}
        self._got: list[Credential | None] = [None] * len(ids)
        self.origins: dict[str, dict[str, str]] = {}  # of the credentials read so far
        self.read = 0  # records parsed so far (what tests count)

    def at(self, i: int) -> Credential:
        c = self._got[i]
        if c is None:
            c, origins = self.lines.get(i, _credential)
            self._got[i] = c
            if origins:
                self.origins[c.id] = origins
            self.read += 1
        return c

    def __len__(self) -> int:
        return len(self.ids)

    def __getitem__(self, i: Any) -> Any:
        if isinstance(i, slice):
            return tuple(self.at(k) for k in range(*i.indices(len(self.ids))))
        if i < 0:
            i += len(self.ids)
        if not 0 <= i < len(self.ids):
            raise IndexError(i)
        return self.at(i)

    def __iter__(self) -> Iterator[Credential]:
        return (self.at(i) for i in range(len(self.ids)))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, (tuple, Credentials)):
            return tuple(self) == tuple(other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(tuple(self))

    def __repr__(self) -> str:
        return f"<{len(self.ids)} credentials, {self.read} read>"


class ById(Mapping[str, Credential]):
    def __init__(self, creds: Credentials) -> None:
        self.creds = creds

    def __getitem__(self, cid: str) -> Credential:
        return self.creds.at(self.creds.position[cid])

    def __contains__(self, cid: object) -> bool:
        return cid in self.creds.position

    def __iter__(self) -> Iterator[str]:
        return iter(self.creds.ids)

    def __len__(self) -> int:
        return len(self.creds.ids)


def _credential(data: dict[str, Any]) -> tuple[Credential, dict[str, str] | None]:
    origins = data.get("origins")
    if origins is not None and not all(isinstance(v, str) for v in origins.values()):
        raise TypeError("origins are text")
    return credential_from_data(data), origins


class Origins(Mapping[str, dict[str, str]]):
    """A merged catalogue's ``origins``: each credential's, read with its record."""

    def __init__(self, creds: Credentials, shown: list[str]) -> None:
        self.creds, self.shown = creds, shown

    def __getitem__(self, cid: str) -> dict[str, str]:
        self.creds.at(self.creds.position[cid])  # KeyError: not a credential
        got = self.creds.origins.get(cid)
        if got is None:
            raise KeyError(cid)
        return {k: file_named(v, self.shown) for k, v in got.items()}

    def __iter__(self) -> Iterator[str]:
        return (cid for cid in self.creds.ids if cid in self)

    def __len__(self) -> int:
        return sum(1 for _ in self)


class Postings(Mapping[str, tuple[str, ...]]):
    """Lists of ids by name, each read from its line on first use."""

    def __init__(self, lines: Lines, where: dict[str, int]) -> None:
        self.lines, self.where = lines, where
        self._got: dict[str, tuple[str, ...]] = {}

    def __getitem__(self, name: str) -> tuple[str, ...]:
        got = self._got.get(name)
        if got is None:
            got = self._got[name] = self.lines.extra(self.where[name], _ids)
        return got

    def __contains__(self, name: object) -> bool:
        return name in self.where

    def __iter__(self) -> Iterator[str]:
        return iter(self.where)

    def __len__(self) -> int:
        return len(self.where)


def _ids(items: Any) -> tuple[str, ...]:
    if not all(isinstance(x, str) for x in items):
        raise TypeError("a list of ids")
    return tuple(items)
