"""The compiled catalogue: a validated catalogue laid out so a command reads only what it uses.

The cache (:mod:`.cache`) stores it after its header line, as lines of JSON:

- the *meta* line: schema version, skills, classes and backgrounds, every credential id in
  catalogue order with the offset of its line, and where each other line is;
- one line per credential (:func:`aipath.models.credential_to_data`), in catalogue order,
  with its ``origins`` in a merged catalogue (:mod:`.merge`; each file by its number, so the
  names shown are those of the run);
- *posting* lines, each a JSON list of ids: the credentials teaching a skill (``teach``), the
  graduate degrees listing a role (``grad``), the members of a class or id (``members``,
  sorted, as :meth:`Catalog.members` gives them) with their figures (``rows``,
  :meth:`aipath.index.Index.member_rows`), those whose entry names an id or class (``named``);
- *figure* lines: the credentials publishing a cost or a duration, one line per group of
  like credentials (:class:`aipath.estimates.FigureSets`); the meta line holds each set's
  estimate, so a group's line is read only when an estimate names its sources.

:func:`read` builds a :class:`Catalog` from the meta line alone: its credentials, ``by_id``,
``implies`` and ``members``, its index (:mod:`aipath.index`) and its figure sets read a line
the first time one is asked for, and keep what they read. A plan over a registry of a
million records so reads a few thousand lines; ``list`` or ``lint`` read them all, in order.
Reading is O(n) in the ids and offsets, O(1) per credential until it is used.
"""

from __future__ import annotations

import json
import os
import weakref
from collections.abc import Iterator, Mapping
from typing import Any

from ..estimates import REFERENCE_HOURS_PER_WEEK, Facets, FigureSets
from ..index import CatalogIndex, Row
from ..models import Catalog, Duration, catalog_from_data, catalog_to_data
from .lines import ById, Credentials, Lines, Origins, Postings

__all__ = ["compile_catalog", "read"]


def compile_catalog(catalog: Catalog) -> tuple[bytes, bytes]:
    """The meta line and the lines after it (offsets in the meta line count from there)."""
    data = catalog_to_data(catalog)
    creds = data.pop("credentials")
    paths = [p for p, _, _ in catalog.files]
    for c in creds:  # a merged catalogue's origins, kept with each credential
        if c["id"] in catalog.origins:
            c["origins"] = {k: _file_token(v, paths) for k, v in catalog.origins[c["id"]].items()}
    chunks: list[bytes] = [json.dumps(c, ensure_ascii=False).encode("utf-8") for c in creds]
    index = CatalogIndex(catalog)
    sets = FigureSets(catalog)

    def line(items: list[Any]) -> int:
        chunks.append(json.dumps(items, ensure_ascii=False).encode("utf-8"))
        return len(chunks) - 1 - len(creds)

    postings: dict[str, dict[str, int]] = {
        "teach": {}, "grad": {}, "members": {}, "rows": {}, "named": {}}
    for tag in sorted({t for c in catalog.credentials for t in c.skills}):
        postings["teach"][tag] = line(list(index.teaching(tag)))
    for role in sorted({r for c in catalog.credentials for r in c.roles}):
        if index.graduate(role):
            postings["grad"][role] = line(list(index.graduate(role)))
    for name in sorted({n for c in catalog.credentials for n in catalog.implies(c.id)}):
        if catalog.members(name):
            postings["members"][name] = line(list(catalog.members(name)))
            postings["rows"][name] = line([list(row) for row in index.member_rows(name)])
    for name in sorted(index.names()):
        postings["named"][name] = line(list(index.named_by(name)))
    groups: dict[str, list[list[Any]]] = {"cost": [], "duration": []}
    for f, rows in sorted(sets.cost.items(), key=repr):
        groups["cost"].append([list(f), len(rows), line([list(r) for r in rows])])
    for f, rows in sorted(sets.duration.items(), key=repr):
        groups["duration"].append(
            [list(f), len(rows), line([[cid, d.min, d.max, d.unit] for cid, d in rows])])
    # Each set's estimate, at the reference weekly hours: a set with study hours among its
    # lengths is worked out again for other weekly hours.
    summaries: dict[str, list[list[Any]]] = {"cost": [], "duration": []}
    for figure in summaries:
        for key, members in sorted(sets.sets(figure).items()):
            fig = sets.estimate(figure, key, REFERENCE_HOURS_PER_WEEK)
            if fig is not None:
                hours = figure == "duration" and any(
                    d.unit == "hours" for f in members for _, d in sets.duration[f])
                summaries[figure].append([list(key), fig.lo, fig.hi, hours])
    marks, pos = [], 0
    for chunk in chunks:
        marks.append(pos)
        pos += len(chunk) + 1
    marks.append(pos)
    meta = {**data, "ids": [c["id"] for c in creds], "lines": marks, "postings": postings,
            "figures": groups, "estimates": summaries,
            "files": [[digest, n] for _, digest, n in catalog.files]}
    return json.dumps(meta, ensure_ascii=False).encode("utf-8"), b"".join(
        chunk + b"\n" for chunk in chunks)


def _file_token(text: str, paths: list[str]) -> str:
    """An origin ("FILE, registry record CTID") with its file as a number: the same bytes
    read under other names show those names."""
    for i, p in sorted(enumerate(paths), key=lambda x: -len(x[1])):
        if text == p or text.startswith((p + ",", p + " ")):
            return f"\x00{i}\x00{text[len(p):]}"
    return text


class _Implies(Mapping[str, frozenset[str]]):
    """Each credential id or class and what it counts as, worked out on first use."""

    def __init__(self, by_id: ById, classes: dict[str, Any]) -> None:
        self.by_id, self.classes = by_id, classes
        self._got: dict[str, frozenset[str]] = {}

    def _edges(self, name: str) -> tuple[str, ...]:
        if name in self.by_id:
            return self.by_id[name].counts_as
        k = self.classes.get(name)
        return k.counts_as if k is not None else ()

    def __getitem__(self, name: str) -> frozenset[str]:
        got = self._got.get(name)
        if got is None:
            if name not in self.by_id and name not in self.classes:
                raise KeyError(name)
            seen, stack = {name}, [name]
            while stack:
                for nxt in self._edges(stack.pop()):
                    if nxt not in seen:
                        seen.add(nxt)
                        stack.append(nxt)
            got = self._got[name] = frozenset(seen)
        return got

    def __contains__(self, name: object) -> bool:
        return name in self.by_id or name in self.classes

    def __iter__(self) -> Iterator[str]:
        yield from self.by_id
        yield from self.classes

    def __len__(self) -> int:
        return len(self.by_id) + len(self.classes)


class _Index:
    """:class:`aipath.index.Index` from posting lines."""

    def __init__(self, creds: Credentials, postings: dict[str, Postings]) -> None:
        self.creds = creds
        self.teach, self.grad, self.named = postings["teach"], postings["grad"], postings["named"]
        self.rows = postings["rows"]

    def position(self, cid: str) -> int:
        return self.creds.position[cid]

    def teaching(self, tag: str) -> tuple[str, ...]:
        return self.teach[tag] if tag in self.teach else ()

    def graduate(self, role: str) -> tuple[str, ...]:
        return self.grad[role] if role in self.grad else ()

    def named_by(self, name: str) -> tuple[str, ...]:
        return self.named[name] if name in self.named else ()

    def member_rows(self, name: str) -> list[Row]:
        if name not in self.rows:
            return []
        return self.rows.lines.extra(self.rows.where[name], lambda rows: [
            (*r[:6], tuple(r[6]), r[7], r[8]) for r in rows])


class _FigureSets(FigureSets):
    """:class:`aipath.estimates.FigureSets` with each set's estimate worked out when it was
    compiled, and its groups read from their lines only when their ids are asked for."""

    def __init__(self, lines: Lines, groups: dict[str, list[list[Any]]],
                 summaries: dict[str, list[list[Any]]]) -> None:  # noqa: D107
        self.lines = lines
        self._counts = {fig: {tuple(f): n for f, n, _ in rows} for fig, rows in groups.items()}
        self._where = {fig: {tuple(f): j for f, _, j in rows} for fig, rows in groups.items()}
        self._summaries = {fig: {tuple(k): (lo, hi, hours) for k, lo, hi, hours in rows}
                           for fig, rows in summaries.items()}
        self._by_key = {}

    def counts(self, figure: str) -> dict[Facets, int]:
        return self._counts[figure]  # type: ignore[return-value]

    def members(self, figure: str, f: Facets) -> list[Any]:
        j = self._where[figure].get(f)
        if j is None:
            return []
        if figure == "cost":
            return self.lines.extra(j, lambda rows: [(cid, lo, hi) for cid, lo, hi in rows])
        return self.lines.extra(
            j, lambda rows: [(cid, Duration(lo, hi, unit)) for cid, lo, hi, unit in rows])

    def ids(self, figure: str, f: Facets) -> list[str]:
        j = self._where[figure].get(f)
        return [] if j is None else self.lines.extra(j, lambda rows: [r[0] for r in rows])

    def summary(self, figure: str, key: tuple[str, ...], hours_per_week: float) -> tuple[float, float] | None:
        got = self._summaries[figure].get(key)
        if got is None or (got[2] and hours_per_week != REFERENCE_HOURS_PER_WEEK):
            return None
        return got[0], got[1]


def read(fd: int, start: int, meta: dict[str, Any], *, file: str, path: str, sha256: str,
         files: list[tuple[str, str]] | None = None) -> Catalog:
    """The catalogue of the compiled ``file``, open as ``fd``, whose meta line (parsed:
    ``meta``) ends at byte ``start``; once it returns, ``fd`` belongs to the catalogue (closed
    with it). ``files`` names a merged catalogue's files as this run gives them, with their
    digests: (shown, sha256) each."""
    lines = Lines(-1, start, meta, file, path)
    creds = Credentials(lines, meta["ids"])
    by_id = ById(creds)
    postings = meta["postings"]
    implies = _Implies(by_id, {})
    kept = [tuple(f) for f in meta["files"]]
    if [d for d, _ in kept] != [d for _, d in files or ()]:
        raise ValueError("not the files asked for")
    shown = [name for name, _ in files or ()]
    catalog = catalog_from_data(
        {**meta, "credentials": ()}, path=path, sha256=sha256, credentials=creds, by_id=by_id,
        _implies=implies, _members=Postings(lines, postings["members"]),
        files=tuple((name, d, int(n)) for name, (d, n) in zip(shown, kept)),
        origins=Origins(creds, shown))
    implies.classes = catalog.classes
    catalog.__dict__["_index"] = _Index(creds, {
        k: Postings(lines, postings[k]) for k in ("teach", "grad", "named", "rows")})
    catalog.__dict__["_figure_sets"] = _FigureSets(lines, meta["figures"], meta["estimates"])
    lines.fd = fd
    weakref.finalize(lines, os.close, fd)  # closed with the catalogue, or at exit
    return catalog
