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
from .figures import MAX_TEXT, clean, concepts, cost, duration, renewal_years, text, texts
from .reading import Document, documents, input_files
from .registry import NOT_PLANNED, RECORD, REGISTRY_CLASSES, is_credential_class
from .tally import Tally
from .vocabulary import (
    CREDENTIAL,
    DELIVERY,
    LEVEL,
    ORGANIZATION,
    STATUS,
    credential_id,
    credential_type,
)

__all__ = ["REGISTRY", "ImportResult", "import_ctdl", "is_placeholder"]

REGISTRY = "https://credentialengineregistry.org/resources/"
_REGISTRY_HOSTS = ("https://credentialengineregistry.org/", "https://sandbox.credentialengineregistry.org/")
_CTID = re.compile(r"ce-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
# Names publishers give records that stand for nothing (tests of their publishing tools).
_PLACEHOLDER = re.compile(
    r"\b(do not use|lorem ipsum|placeholder|dummy)\b"
    r"|^\W*(test|testing|sample|example)\b[\s_:-]*(credential|record|certificate|certification"
    r"|degree|badge|licen[cs]e|program|programme|data|publish\w*)?[\s_:#-]*\d*\W*$"
    r"|^\W*(tbd|xxx+|n/?a|none|todo)\W*$",
    re.I,
)
_SLUG_MAX = 48


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
            cls = _class(node.get("@type"))
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
        for key in _keys(node):
            self.orgs.setdefault(key, clean(name[0], 200))

    def _credential(self, node: dict[str, Any], cls: str, updated: str | None) -> None:
        t = self.tally
        own_id = credential_id(node.get("@id", "")) if isinstance(node.get("@id"), str) else None
        own = own_id is not None
        if cls in NOT_PLANNED:
            t.skip("credential class not on a path into healthcare AI", cls)
            return
        reading = _own_class(cls) if own else REGISTRY_CLASSES.get(cls)
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
        ctid = _ctid(node, t)
        keys = _keys(node)
        if any(k in self.keys for k in keys):
            t.skip("duplicate of an earlier record (same @id or CTID)")
            return
        cid = self._new_id(own_id, name, ctid)
        type_, subtype, level, recognition = reading
        level = _read_level(node) or level
        if recognition == "academic" and not node.get(RECORD["accredited_by"]):
            recognition = None
        date = updated or _date(node.get(RECORD["date_modified"]))
        year = int(date[:4]) if date else None
        entry = read_entry([*_list(node.get(CREDENTIAL["entry"])),
                            *_list(node.get(RECORD["entry_condition"]))],
                           own=own, classes=self.classes, tally=t)
        data: dict[str, Any] = {
            "id": cid, "name": name, "provider": _owner(node), "type": type_,
            "subtype": subtype, "recognition": recognition, "level": level,
            "delivery": _delivery(node), "roles": list(self.roles),
            "skills": self._skills(node),
            "duration": duration(node[CREDENTIAL["duration"]], t)
            if CREDENTIAL["duration"] in node else None,
            "cost": cost(node[CREDENTIAL["cost"]], year, t)
            if CREDENTIAL["cost"] in node else None,
            "entry": entry,
            "renewal": None, "status": _status(node, t), "ctid": ctid,
            "aliases": [a for a in texts(node.get(RECORD["aliases"])) if a != name][:20] or None,
            "url": _url(node.get(CREDENTIAL["url"])),
            "evidence": [self._evidence(node, ctid, updated, date, own)],
            "notes": text(node.get(CREDENTIAL["description"]), t, MAX_TEXT),
        }
        if CREDENTIAL["renewal"] in node:
            years = renewal_years(node[CREDENTIAL["renewal"]], t)
            if years:
                data["renewal"] = {"every_years": years}
        self.entries.append(data)
        for key in keys:
            self.keys[key] = cid
        t.imported += 1

    def _new_id(self, own_id: str | None, name: str, ctid: str | None) -> str:
        if own_id is not None and own_id not in self.ids:
            cid = own_id
        else:
            slug = _slug(name)
            cid = slug if slug not in self.ids else f"{slug}-{(ctid or '')[3:11] or len(self.ids)}"
            n = 2
            while cid in self.ids:  # a CTID prefix taken too (or none): number it
                cid, n = f"{slug}-{n}", n + 1
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
            url = _url(node.get(CREDENTIAL["url"]))
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
            return self.keys.get(key) or self.keys.get(_ctid_in(key) or "")

        def name_of(target: Target) -> str:
            nonlocal outside
            outside += 1
            return target.name or f"the credential {target.key}"

        for e in self.entries:
            owner = e["provider"]
            if isinstance(owner, list):
                e["provider"] = next((self.orgs[k] for k in owner if k in self.orgs), None) or \
                    next((self.orgs[c] for k in owner if (c := _ctid_in(k)) in self.orgs), None)
                if e["provider"] is None and owner:
                    unnamed += 1
                    e["provider"] = f"organisation {_ctid_in(owner[0]) or owner[0]}"
                elif e["provider"] is None:
                    ownerless += 1
                    e["provider"] = "not stated"
            if e["entry"] is not None:
                e["entry"] = resolve(e["entry"], lookup, name_of)
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


# --- one record's fields ----------------------------------------------------------------------


def _class(value: Any) -> str | None:
    values = value if isinstance(value, list) else [value]
    names = [v for v in values if isinstance(v, str)]
    return next((v for v in names if v in REGISTRY_CLASSES or v in NOT_PLANNED),
                names[0] if names else None)


def _own_class(cls: str) -> tuple[str, str | None, str, str | None] | None:
    """How aipath's own export reads back: the writer's table, the level from the alignment."""
    type_ = credential_type(cls)
    if type_ is None:
        return None
    return (type_, None, "professional", None)


def _list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _keys(node: dict[str, Any]) -> list[str]:
    keys = []
    node_id = node.get("@id")
    if isinstance(node_id, str) and node_id:
        keys.append(node_id)
        found = _ctid_in(node_id)
        if found:
            keys.append(found)
    ctid = node.get(RECORD["ctid"])
    if isinstance(ctid, str) and ctid.strip():
        keys.append(ctid.strip().lower())
    return list(dict.fromkeys(keys))


def _ctid_in(key: str) -> str | None:
    m = _CTID.search(key.lower())
    return m.group() if m else None


def _ctid(node: dict[str, Any], tally: Tally) -> str | None:
    raw = node.get(RECORD["ctid"])
    if raw is None:
        return None
    ctid = raw.strip().lower() if isinstance(raw, str) else ""
    if not _CTID.fullmatch(ctid):
        tally.warn("CTIDs not of the form ce-UUID (not kept)")
        return None
    return ctid


def _slug(name: str) -> str:
    words = re.sub(r"[^a-z0-9]+", " ", name.lower().replace("'", "")).split()
    slug = ""
    for w in words:
        if slug and len(slug) + 1 + len(w) > _SLUG_MAX:
            break
        slug = f"{slug}-{w}" if slug else w[:_SLUG_MAX]
    return slug or "credential"


def _read_level(node: dict[str, Any]) -> str | None:
    found = [lv for c in concepts(node.get(CREDENTIAL["level"])) if (lv := LEVEL.read(c))]
    return found[0] if found else None


def _delivery(node: dict[str, Any]) -> str:
    kinds = {d for c in concepts(node.get(CREDENTIAL["delivery"])) if (d := DELIVERY.read(c))}
    if not kinds:
        return "unknown"
    return kinds.pop() if len(kinds) == 1 else "hybrid"


def _status(node: dict[str, Any], tally: Tally) -> str:
    found = concepts(node.get(CREDENTIAL["status"]))
    if not found:
        tally.warn("records without credentialStatusType (read as unclear)")
        return "unclear"
    status = STATUS.read(found[0])
    if status is None:
        tally.warn(f"statuses aipath does not know (read as unclear: {found[0]})")
        return "unclear"
    return status


def _owner(node: dict[str, Any]) -> list[str]:
    owners = [*_list(node.get(CREDENTIAL["provider"])), *_list(node.get(RECORD["offered_by"]))]
    return [o if isinstance(o, str) else o.get("@id", "") for o in owners
            if isinstance(o, (str, dict))]


def _url(value: Any) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    return value if isinstance(value, str) and value.startswith(("https://", "http://")) else None


def _date(value: Any) -> str | None:
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value[:10]):
        return value[:10]
    return None


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
