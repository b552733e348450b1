"""Lookups that would otherwise scan the whole catalogue: who teaches a skill, which graduate
degrees list a role, whose entry names an id or class, where a credential stands in the file.

:func:`catalog_index` builds them in one pass on first use and keeps them with the
catalogue. A catalogue read from the compiled cache (:mod:`aipath.load.compiled`) brings its
own, read from the cache line by line, so a plan over a registry reads the records it uses
and no others. Stdlib only.
"""

from __future__ import annotations

from typing import Protocol

from .models import Catalog, condition_classes, condition_refs

__all__ = ["CatalogIndex", "Index", "Row", "catalog_index", "figure_row"]

# :meth:`Index.member_rows`' row: id, cost rank, months, months change with weekly hours,
# type, level, roles, status, successor
Row = tuple[str, float, float, bool, str, str, tuple[str, ...], str, "str | None"]


class Index(Protocol):
    def position(self, cid: str) -> int:
        """The credential's place in the catalogue's order (0 first)."""

    def teaching(self, tag: str) -> tuple[str, ...]:
        """Every credential whose skills name ``tag``, in catalogue order."""

    def graduate(self, role: str) -> tuple[str, ...]:
        """Every graduate degree whose roles name ``role``, in catalogue order."""

    def named_by(self, name: str) -> tuple[str, ...]:
        """Every credential whose entry names the id or class ``name``, in catalogue order."""

    def member_rows(self, name: str) -> list[Row]:
        """For each of ``catalog.members(name)``: (id, cost it ranks at, months at the
        reference weekly hours, whether those months may change with the weekly hours, type,
        level, roles, status, successor); the figures are :class:`aipath.estimates.Figures`'
        (estimates included)."""


class CatalogIndex:
    """:class:`Index` of a catalogue held in memory, from one pass over its credentials."""

    def __init__(self, catalog: Catalog) -> None:
        self._catalog = catalog
        self._position: dict[str, int] = {}
        self._teaching: dict[str, list[str]] = {}
        self._graduate: dict[str, list[str]] = {}
        self._named: dict[str, list[str]] = {}
        for i, c in enumerate(catalog.credentials):
            self._position[c.id] = i
            for tag in dict.fromkeys(c.skills):
                self._teaching.setdefault(tag, []).append(c.id)
            if c.type == "degree" and c.level == "graduate":
                for role in dict.fromkeys(c.roles):
                    self._graduate.setdefault(role, []).append(c.id)
            for name in dict.fromkeys((*condition_refs(c.entry), *condition_classes(c.entry))):
                self._named.setdefault(name, []).append(c.id)

    def position(self, cid: str) -> int:
        return self._position[cid]

    def teaching(self, tag: str) -> tuple[str, ...]:
        return tuple(self._teaching.get(tag, ()))

    def graduate(self, role: str) -> tuple[str, ...]:
        return tuple(self._graduate.get(role, ()))

    def named_by(self, name: str) -> tuple[str, ...]:
        return tuple(self._named.get(name, ()))

    def member_rows(self, name: str) -> list[Row]:
        return [figure_row(self._catalog, cid) for cid in self._catalog.members(name)]

    def names(self) -> list[str]:
        """Every id and class some entry names (what :meth:`named_by` knows)."""
        return list(self._named)


def figure_row(catalog: Catalog, cid: str) -> Row:
    """:meth:`Index.member_rows`' row of one credential."""
    from .estimates import REFERENCE_HOURS_PER_WEEK, Figures

    figures: Figures | None = catalog.__dict__.get("_reference_figures")
    if figures is None:
        figures = catalog.__dict__["_reference_figures"] = Figures(catalog, REFERENCE_HOURS_PER_WEEK)
    c = catalog.by_id[cid]
    # An estimated length may come from study hours too: it may change with the weekly hours.
    hours = c.duration is None or c.duration.unit == "hours"
    return (cid, figures.cost(cid).rank, figures.months(cid).lo, hours, c.type, c.level,
            c.roles, c.status, c.successor)


def catalog_index(catalog: Catalog) -> Index:
    """The catalogue's :class:`Index`, built on first use and kept with it."""
    index: Index | None = catalog.__dict__.get("_index")
    if index is None:
        index = catalog.__dict__["_index"] = CatalogIndex(catalog)
    return index
