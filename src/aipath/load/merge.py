"""Several catalogues planned as one (``--catalog A --catalog B``).

Rules (README, "Several catalogues"):

- The first file is the base: its skills, backgrounds and classes are the merged catalogue's.
  A later file may declare only names the first declares (what ``aipath import ctdl`` writes:
  the base's own), else one line naming the file and the name (exit 1).
- A later credential whose ``ctid`` is an earlier credential's is that credential: it fills the
  figures the earlier one lacks (cost, duration, renewal and its parts, url), its evidence is
  added, and other names it has join the aliases. Where both state a figure, the earlier one
  wins and the difference is noted. Rules that named it now name the earlier credential.
- Any other id already taken is an error naming both files: ids must be unique.
- ``origins`` says where each credential (``record``) and each filled figure came from: the
  file and the registry CTID, which ``aipath show`` prints.

Each file is validated and cached on its own (:mod:`.cache`); the merge is one pass over the
credentials with dict lookups, in memory, and its result is cached too, keyed by
:func:`merged_digest` of the files' digests (:func:`aipath.catalog.load_catalogs`). No yaml.
"""

from __future__ import annotations

import dataclasses
import hashlib

from ..errors import CatalogError
from ..models import (
    All,
    AnyOf,
    Catalog,
    Condition,
    Credential,
    NOf,
    Ref,
    Renewal,
)

__all__ = ["merge_catalogs", "merged_digest"]

_FIGURES = ("cost", "duration", "url")
_RENEWAL_PARTS = ("every_years", "ce_hours", "usd", "usd_max", "year", "note")


def merge_catalogs(parts: list[Catalog]) -> Catalog:
    base = parts[0]
    creds: list[Credential] = list(base.credentials)
    index = {c.id: i for i, c in enumerate(creds)}
    from_file = dict.fromkeys(index, base.path)
    by_ctid = {c.ctid: c.id for c in creds if c.ctid}
    origins: dict[str, dict[str, str]] = {}
    for part in parts[1:]:
        _check_names(base, part)
        renamed: dict[str, str] = {}
        added: list[Credential] = []
        for c in part.credentials:
            if c.ctid is not None and c.ctid in by_ctid:
                target = by_ctid[c.ctid]
                renamed[c.id] = target
                creds[index[target]] = _fill(creds[index[target]], c, part.path, origins)
            elif c.id in index:
                raise CatalogError(
                    part.path, f"credential {c.id} is also in {from_file[c.id]}: ids must be "
                    "unique across --catalog files (a record with the ctid of an earlier "
                    "credential fills that credential instead)")
            else:
                added.append(c)
                index[c.id] = -1  # taken; placed below
        for c in added:
            c = _renamed(c, renamed) if renamed else c
            index[c.id] = len(creds)
            creds.append(c)
            from_file[c.id] = part.path
            origins[c.id] = {"record": _source(part.path, c.ctid)}
            if c.ctid is not None:
                by_ctid[c.ctid] = c.id
    digest = merged_digest([p.sha256 for p in parts])
    return Catalog(
        path=" + ".join(p.path for p in parts), sha256=digest,
        schema_version=base.schema_version, skills=base.skills, backgrounds=base.backgrounds,
        credentials=tuple(creds), classes=base.classes,
        files=tuple((p.path, p.sha256, len(p.credentials)) for p in parts), origins=origins,
    )


def merged_digest(sums: list[str]) -> str:
    """The merged catalogue's digest: of its files' digests, in order (its cache key too)."""
    return hashlib.sha256("\n".join(sums).encode()).hexdigest()


def _check_names(base: Catalog, part: Catalog) -> None:
    for what, theirs, ours in (("skill", part.skills, base.skills),
                               ("background", part.backgrounds, base.backgrounds),
                               ("class", part.classes, base.classes)):
        extra = [name for name in theirs if name not in ours]
        if extra:
            raise CatalogError(
                part.path, f"{what} '{extra[0]}' is not declared in {base.path}: a later "
                f"--catalog may use only the first's skills, backgrounds and classes")


def _source(path: str, ctid: str | None) -> str:
    return f"{path}, registry record {ctid}" if ctid else path


def _fill(old: Credential, new: Credential, path: str, origins: dict[str, dict[str, str]]
          ) -> Credential:
    """``old`` with the figures it lacks taken from ``new`` (the same credential elsewhere)."""
    source = _source(path, new.ctid)
    said = origins.setdefault(old.id, {})
    changes: dict[str, object] = {}
    for name in _FIGURES:
        mine, theirs = getattr(old, name), getattr(new, name)
        if mine is None and theirs is not None:
            changes[name] = theirs
            said[name] = source
        elif mine is not None and theirs is not None and mine != theirs and name != "url":
            said.setdefault(f"{name} kept", f"{source} states it otherwise")
    renewal = _renewal(old.renewal, new.renewal)
    if renewal != old.renewal:
        changes["renewal"] = renewal
        said["renewal"] = source
    names = [a for a in (new.name, *new.aliases) if a != old.name and a not in old.aliases]
    if names:
        changes["aliases"] = (*old.aliases, *names)
    if changes:
        changes["evidence"] = (*old.evidence, *new.evidence)
    if not said:
        origins.pop(old.id)
    return dataclasses.replace(old, **changes) if changes else old  # type: ignore[arg-type]


def _renewal(mine: Renewal | None, theirs: Renewal | None) -> Renewal | None:
    if theirs is None:
        return mine
    if mine is None:
        return theirs
    fill = {k: getattr(theirs, k) for k in _RENEWAL_PARTS
            if getattr(mine, k) is None and getattr(theirs, k) is not None}
    if "usd_max" in fill and mine.usd is not None:
        del fill["usd_max"]  # a range only goes with its own low end
    return dataclasses.replace(mine, **fill) if fill else mine


def _renamed(c: Credential, renamed: dict[str, str]) -> Credential:
    """``c`` with every id that was merged into an earlier credential renamed to it."""
    def walk(cond: Condition) -> Condition:
        if isinstance(cond, Ref):
            return Ref(renamed.get(cond.id, cond.id))
        if isinstance(cond, (All, AnyOf, NOf)):
            return dataclasses.replace(cond, items=tuple(walk(x) for x in cond.items))
        return cond

    return dataclasses.replace(
        c,
        entry=None if c.entry is None else walk(c.entry),
        recommends=tuple(renamed.get(r, r) for r in c.recommends),
        counts_as=tuple(renamed.get(r, r) for r in c.counts_as),
        successor=None if c.successor is None else renamed.get(c.successor, c.successor),
    )
