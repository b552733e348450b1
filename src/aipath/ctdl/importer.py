"""``aipath import ctdl``: registry records (CTDL JSON-LD) into a catalogue that loads alone.

One pass over the input (:mod:`.reading`) maps each credential node to a catalogue entry and
notes every organisation's name and every record's @id and CTID; a second pass over the
entries, dict lookups only, names the providers and resolves the credentials that entry rules
name. Linear in the input. What each record becomes:

- ``id``: the id in an ``urn:aipath:credential:`` @id (aipath's own export reads back with its
  ids), else the name in kebab-case (the CTID's first 8 digits added when taken);
- ``type``, ``subtype``, ``level``, ``recognition``: from the class (:data:`.registry.
  REGISTRY_CLASSES`; aipath's own records through the writer's table), the level from
  ``audienceLevelType`` where stated, ``delivery`` from ``learningDeliveryType``;
- ``cost``, ``duration``, ``renewal.every_years`` (:mod:`.figures`), ``entry`` (:mod:`.entry`);
- ``ctid`` and the registry URL as evidence: kind ``third-party`` (the registry is an
  aggregator of what owners publish, CONTRIBUTING), ``verified_on`` the registry's last
  update of the record where the input carries it, else the import date (the note says which);
- what the registry does not hold: ``roles`` (the ones asked for, default every background of
  the base catalogue) and ``skills`` (a keyword that is one of the base's skill tags; none
  else, counted).

The base catalogue's skills, classes and backgrounds (labels and target skills; not what they
hold, which names its credentials) are declared so the file loads alone. Records that are not
credentials, placeholders and duplicates are skipped with their reason (:class:`.tally.Tally`).
Stdlib only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ..models import Catalog
from .entry import Target, read_entry, resolve
from .figures import MAX_TEXT, clean, cost, duration, renewal_years, text, texts
from .reading import Document, documents, input_files
from .record import (
    as_list,
    ctid_in,
    keys,
    node_class,
    own_class,
    read_counts_as,
    read_ctid,
    read_date,
    read_delivery,
    read_level,
    read_owners,
    read_status,
    read_url,
    slug,
)
from .registry import NOT_PLANNED, RECORD, REGISTRY_CLASSES, is_credential_class
from .tally import Tally
from .vocabulary import CREDENTIAL, ORGANIZATION, credential_id

__all__ = ["REGISTRY", "ImportResult", "import_ctdl", "is_placeholder"]

REGISTRY = "https://credentialengineregistry.org/resources/"
_REGISTRY_HOSTS = ("https://credentialengineregistry.org/", "https://sandbox.credentialengineregistry.org/")
# Names publishers give records that stand for nothing (tests of their publishing tools).
_PLACEHOLDER = re.compile(
    r"\b(do not use|lorem ipsum|placeholder|dummy)\b"
    r"|^\W*(test|testing|sample|example)\b[\s_:-]*(credential|record|certificate|certification"
    r"|degree|badge|licen[cs]e|program|programme|data|publish\w*)?[\s_:#-]*\d*\W*$"
    r"|^\W*(tbd|xxx+|n/?a|none|todo)\W*$",
    re.IGNORECASE,
)


def is_placeholder(name: str) -> bool:
    """A name that stands for no real credential ("Test credential", "DO NOT USE", "TBD")."""
    return _PLACEHOLDER.search(name) is not None


@dataclass(frozen=True)
class ImportResult:
    data: dict[str, Any]  # the catalogue, in its file format
    tally: Tally


def import_ctdl(paths: list[str], base: Catalog, *, roles: tuple[str, ...], today: str,
                max_bytes: int) -> ImportResult:
    """Read the registry files at ``paths`` into a catalogue declaring ``base``'s skills,
    classes and backgrounds; ``today`` (ISO) dates evidence the input leaves undated."""
    tally = Tally()
    run = _Run(base, roles, today, tally)
    for path in input_files(paths):
        tally.files += 1
        for doc in documents(path, max_bytes):
            run.document(doc)
    return ImportResult(run.finish(), tally)


class _Run:
    """The state of one import: entries so far and the indexes the second pass resolves with."""

    def __init__(self, base: Catalog, roles: tuple[str, ...], today: str, tally: Tally) -> None:
        self.base = base
        self.roles = roles
        self.role_list = list(roles)  # one list every entry shares
        self.today = today
        self.tally = tally
        self.skills = frozenset(base.skills)
        self.classes = frozenset(base.classes)
        self.entries: list[dict[str, Any]] = []
        self.keys: dict[str, str] = {}  # @id, registry URL or CTID -> imported id
        self.orgs: dict[str, str] = {}  # organisation @id or CTID -> its name
        self.ids: set[str] = set()
        self.plain = 0  # records whose skills matched no tag

    # --- first pass -------------------------------------------------------------------------

    def document(self, doc: Document) -> None:
        for node in doc.nodes:
            self.tally.nodes += 1
            if not isinstance(node, dict):
                self.tally.skip("not a JSON-LD node", "a " + type(node).__name__)
                continue
            cls = node_class(node.get("@type"))
            if cls is None:
                self.tally.skip("without a @type")
                continue
            if not is_credential_class(cls):  # an organisation names providers
                self._organization(node)
                self.tally.skip("not a credential class", cls)
                continue
            self._credential(node, cls, doc.updated)

    def _organization(self, node: dict[str, Any]) -> None:
        name = texts(node.get(ORGANIZATION["name"]))
        if not name:
            return
        for key in keys(node):
            self.orgs.setdefault(key, clean(name[0], 200))

    def _credential(self, node: dict[str, Any], cls: str, updated: str | None) -> None:
        t = self.tally
        own_id = credential_id(node.get("@id", "")) if isinstance(node.get("@id"), str) else None
        own = own_id is not None
        if cls in NOT_PLANNED:
            t.skip("credential class not on a path into healthcare AI", cls)
            return
        reading = own_class(cls) if own else REGISTRY_CLASSES.get(cls)
        if reading is None:
            t.skip("unknown credential class", cls)
            return
        name = text(node.get(CREDENTIAL["name"]), t, 200)
        if not name:
            t.skip("without a name")
            return
        if is_placeholder(name):
            t.skip("test placeholder")
            return
        ctid = read_ctid(node, t)
        its_keys = keys(node)
        if any(k in self.keys for k in its_keys):
            t.skip("duplicate of an earlier record (same @id or CTID)")
            return
        cid = self._new_id(own_id, name, ctid)
        type_, subtype, level, recognition = reading
        level = read_level(node) or level
        if recognition == "academic" and not node.get(RECORD["accredited_by"]):
            recognition = None
        date = updated or read_date(node.get(RECORD["date_modified"]))
        year = int(date[:4]) if date else None
        entry = read_entry([*as_list(node.get(CREDENTIAL["entry"])),
                            *as_list(node.get(RECORD["entry_condition"]))],
                           own=own, classes=self.classes, tally=t)
        data: dict[str, Any] = {
            "id": cid, "name": name, "provider": read_owners(node), "type": type_,
            "subtype": subtype, "recognition": recognition, "level": level,
            "delivery": read_delivery(node), "roles": self.role_list,
            "skills": self._skills(node),
            "duration": duration(node[CREDENTIAL["duration"]], t)
            if CREDENTIAL["duration"] in node else None,
            "cost": cost(node[CREDENTIAL["cost"]], year, t)
            if CREDENTIAL["cost"] in node else None,
            "entry": entry,
            "counts_as": read_counts_as(node, self.classes) if own else None,
            "renewal": None, "status": read_status(node, t), "ctid": ctid,
            "aliases": [a for a in texts(node.get(RECORD["aliases"])) if a != name][:20] or None,
            "url": read_url(node.get(CREDENTIAL["url"])),
            "evidence": [self._evidence(node, ctid, updated, date, own)],
            "notes": text(node.get(CREDENTIAL["description"]), t, MAX_TEXT),
        }
        if CREDENTIAL["renewal"] in node:
            years = renewal_years(node[CREDENTIAL["renewal"]], t)
            if years:
                data["renewal"] = {"every_years": years}
        self.entries.append(data)
        for key in its_keys:
            self.keys[key] = cid
        t.imported += 1

    def _new_id(self, own_id: str | None, name: str, ctid: str | None) -> str:
        if own_id is not None and own_id not in self.ids:
            cid = own_id
        else:
            words = slug(name)
            cid = words if words not in self.ids else f"{words}-{(ctid or '')[3:11] or len(self.ids)}"
            n = 2
            while cid in self.ids:  # a CTID prefix taken too (or none): number it
                cid, n = f"{words}-{n}", n + 1
        self.ids.add(cid)
        return cid

    def _skills(self, node: dict[str, Any]) -> list[str]:
        words = [w.lower() for w in texts(node.get(CREDENTIAL["skills"]))]
        tags = [w for w in dict.fromkeys(words) if w in self.skills]
        if not tags:
            self.plain += 1
        return tags

    def _evidence(self, node: dict[str, Any], ctid: str | None, updated: str | None,
                  date: str | None, own: bool) -> dict[str, Any]:
        node_id = node.get("@id")
        if isinstance(node_id, str) and node_id.startswith(_REGISTRY_HOSTS) and "/resources/" in node_id:
            url: str | None = node_id
        elif ctid is not None:
            url = REGISTRY + ctid
        else:
            url = read_url(node.get(CREDENTIAL["url"]))
        when = ("verified_on is the registry's last update of the record (envelope updated_at)"
                if updated else "verified_on is the record's dateModified" if date
                else "the record is not dated: verified_on is the import date")
        what = ("read back from an aipath CTDL export" if own
                else f"Credential Engine registry record {ctid}" if ctid
                else f"a registry record without a CTID (@id {node_id})")
        evidence: dict[str, Any] = {"url": url, "kind": "third-party" if url else "recalled",
                                    "verified_on": date or self.today, "note": f"{what}; {when}"}
        if url is None:
            del evidence["url"]
        return evidence

    # --- second pass ------------------------------------------------------------------------

    def finish(self) -> dict[str, Any]:
        t = self.tally
        unnamed = ownerless = outside = 0

        def lookup(key: str) -> str | None:
            return self.keys.get(key) or self.keys.get(ctid_in(key) or "")

        def name_of(target: Target) -> str:
            nonlocal outside
            outside += 1
            return target.name or f"the credential {target.key}"

        for e in self.entries:
            owner = e["provider"]
            if isinstance(owner, list):
                e["provider"] = next((self.orgs[k] for k in owner if k in self.orgs), None) or \
                    next((self.orgs[c] for k in owner if (c := ctid_in(k)) in self.orgs), None)
                if e["provider"] is None and owner:
                    unnamed += 1
                    e["provider"] = f"organisation {ctid_in(owner[0]) or owner[0]}"
                elif e["provider"] is None:
                    ownerless += 1
                    e["provider"] = "not stated"
            if e["entry"] is not None:
                e["entry"] = resolve(e["entry"], lookup, name_of)
            if e.get("counts_as"):  # a credential outside the import is dropped, not guessed
                e["counts_as"] = [x for x in (lookup(t.key) if isinstance(t, Target) else t
                                              for t in e["counts_as"]) if x] or None
        if unnamed:
            t.unmap("providers not in the input (named by their registry id)", unnamed)
        if ownerless:
            t.unmap("records naming no owner (provider: not stated)", ownerless)
        if outside:
            t.unmap("targetCredentials outside the import (kept as must-hold rules)", outside)
        if self.plain:
            t.unmap("credentials with no keyword that is a skill tag (skills: [])", self.plain)
        t.supplied.append(f"roles {', '.join(self.roles)}")
        return _catalogue(self.base, [_drop_none(e) for e in self.entries])


def _drop_none(e: dict[str, Any]) -> dict[str, Any]:
    keep = {"duration", "cost", "url"}
    return {k: v for k, v in e.items() if v is not None or k in keep}


def _catalogue(base: Catalog, credentials: list[dict[str, Any]]) -> dict[str, Any]:
    from ..models import catalog_to_data

    whole = catalog_to_data(base)
    backgrounds = {
        bid: {k: v for k, v in b.items() if k in ("label", "based_on", "target_skills")}
        for bid, b in whole["backgrounds"].items()
    }
    data: dict[str, Any] = {"schema_version": whole["schema_version"], "skills": whole["skills"]}
    if "classes" in whole:
        data["classes"] = whole["classes"]
    data["backgrounds"] = backgrounds
    data["credentials"] = credentials
    return data
