"""What a wallet file says the user holds, matched to catalogue ids (``plan --have-from``).

Contract: :func:`read_and_match` reads each file (:mod:`aipath.load.wallet`) and gives every
achievement in it one :class:`Match`: a catalogue id and how it was found, or the reason there
is none and the closest catalogue name. The order of trust, first hit wins:

1. ``ctid``: the achievement's own id is a Credential Registry resource whose CTID a catalogue
   entry records (``ctid:``);
2. ``alignment``: an alignment of ``targetType`` ``CTDL`` or ``ceterms:...`` names such a CTID;
3. ``name``: its name equals a catalogue name (with or without the parenthesised part), after
   normalising case, accents, punctuation and spacing only, so a "certificate" never becomes a
   "certification";
4. ``alias``: its name equals one of the entry's ``aliases:`` (other names the body publishes);
5. ``acronym``: its name is the single acronym a certification's name gives in parentheses
   ("CHDA"), for a badge typed Certification or License or untyped.

Every hit must also fit the achievement's ``achievementType`` (a Certificate is never a board
certification, a Course never a degree); a name, alias or acronym hit must come from the
credential's provider when the badge names its issuer, and an expired credential (``validUntil``
before today) holds nothing. No match is better than a wrong one: a name two entries share with
no issuer to tell them apart is reported as ambiguous. Nothing is verified (no signature, proof
or revocation check): the file is the user's own claim, like ``--have``. Stdlib only.
"""

from __future__ import annotations

import datetime as _dt
import difflib
import os
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from .load.wallet import Achievement, read_wallet
from .models import Catalog, Credential

__all__ = ["Match", "WalletReport", "match_achievements", "read_and_match"]

_DEGREES = frozenset({"degree"})
_CERTIFICATES = frozenset({"academic-certificate", "micro-credential", "executive-education",
                           "professional-certificate", "fellowship"})
# OB 3.0 achievementType -> the catalogue types it may be; absent from here (Achievement, an
# ext: type, none given): any type. An empty set: not a credential the catalogue plans.
_FITS: dict[str, frozenset[str]] = {
    **{t: _DEGREES for t in ("Degree", "AssociateDegree", "BachelorDegree", "MasterDegree",
                             "DoctoralDegree", "ProfessionalDoctorate", "ResearchDoctorate")},
    "Diploma": frozenset({"degree", "academic-certificate"}),
    "Certification": frozenset({"board-certification", "professional-certificate"}),
    "License": frozenset({"licensure"}),
    **{t: _CERTIFICATES for t in ("Certificate", "MasterCertificate", "CertificateOfCompletion",
                                  "MicroCredential", "Badge")},
    **{t: frozenset({"micro-credential", "executive-education", "academic-certificate",
                     "fellowship"}) for t in ("Course", "LearningProgram", "Fieldwork")},
    **{t: frozenset() for t in (
        "Assessment", "Assignment", "Award", "CoCurricular", "CommunityService", "Competency",
        "GeneralEducationDevelopment", "Membership", "QualityAssuranceCredential",
        "SecondarySchoolDiploma", "ApprenticeshipCertificate", "JourneymanCertificate")},
}
_FITS_LOWER = {k.lower(): v for k, v in _FITS.items()}  # issuers do not all mind the case
_ACRONYM_TYPES = frozenset({"board-certification", "professional-certificate", "licensure"})
_ACRONYM = re.compile(r"[A-Z][A-Za-z0-9/&-]*[A-Z0-9]")
_PARENS = re.compile(r"\s*\([^()]*\)")
_STOP = {"of", "and", "the", "for", "in", "at", "on", "a", "an"}


@dataclass(frozen=True)
class Match:
    """One achievement and what it became: ``id`` and ``how``, or None and the reason."""

    achievement: Achievement
    id: str | None
    how: str | None  # ctid | alignment | name | alias | acronym; None when not matched
    detail: str  # the catalogue name, alias or CTID that matched; or why nothing did
    closest: str | None = None  # for an unmatched one: the nearest catalogue id by name


@dataclass(frozen=True)
class WalletReport:
    files: tuple[str, ...]
    matches: tuple[Match, ...]

    @property
    def ids(self) -> list[str]:
        """The matched catalogue ids, each once, in file order: what joins ``--have``."""
        return list(dict.fromkeys(m.id for m in self.matches if m.id is not None))

    def lines(self) -> list[str]:
        """One stderr line per achievement."""
        out = []
        for m in self.matches:
            a = m.achievement
            head = f"have-from {a.file}: {_shown(a.name)}"
            if m.id is not None:
                what = f"alignment to {m.detail}" if m.how == "alignment" else \
                    f"ctid {m.detail}" if m.how == "ctid" else str(m.how)
                out.append(f"{head} matched {m.id} by {what}")
            else:
                tail = f"; closest: {m.closest}" if m.closest else ""
                out.append(f"{head} not matched: {m.detail}{tail}")
        return out

    def to_json(self) -> dict[str, Any]:
        def common(m: Match) -> dict[str, Any]:
            a = m.achievement
            return {"file": a.file, "credential": a.where, "name": a.name,
                    "achievement_type": a.achievement_type}

        return {
            "files": list(self.files),
            "matched": [{**common(m), "id": m.id, "how": m.how, "detail": m.detail}
                        for m in self.matches if m.id is not None],
            "unmatched": [{**common(m), "reason": m.detail, "closest": m.closest}
                          for m in self.matches if m.id is None],
        }


def read_and_match(catalog: Catalog, paths: Sequence[str | os.PathLike[str]], *,
                   max_bytes: int, today: _dt.date) -> WalletReport:
    """Read every file (all of them before any matching: one bad file fails the lot)."""
    found = [a for p in paths for a in read_wallet(p, max_bytes)]
    return WalletReport(tuple(str(p) for p in paths),
                        tuple(match_achievements(catalog, found, today=today)))


def match_achievements(catalog: Catalog, achievements: Iterable[Achievement], *,
                       today: _dt.date) -> list[Match]:
    index = _Index(catalog)
    return [index.match(a, today.isoformat()) for a in achievements]


# --- normalising --------------------------------------------------------------------------


def norm(text: str) -> str:
    """Case, accents, apostrophes, punctuation and spacing away; the words stay as written."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    text = re.sub(r"['\u2019`]", "", text.replace("&", " and "))
    return " ".join(re.sub(r"[^0-9a-z]+", " ", text).split())


def _shown(name: str) -> str:
    return '"' + (name if len(name) <= 70 else name[:67] + "...") + '"'


def _marks(org: str) -> set[str]:
    """Ways an organisation is written: its parts (split at commas, parentheses, 'with', 'via')
    and each part's initials ("American Health Information Management Association" -> ahima)."""
    parts = re.split(r"[,;/+()]| with | via | and the ", org)
    out: set[str] = set()
    for part in parts:
        words = norm(part).split()
        if not words:
            continue
        out.add(" ".join(words))
        initials = "".join(w[0] for w in words if w not in _STOP)
        if len(initials) >= 3:
            out.add(initials)
    return out


def _same_org(issuers: Sequence[str], provider: str) -> bool:
    theirs = {m for i in issuers for m in _marks(i)}
    ours = _marks(provider)
    if theirs & ours:
        return True
    # "University of Michigan" issues what "University of Michigan School of Information" gives.
    return any(len(a) >= 4 and f" {a} " in f" {b} " for a in theirs for b in ours) or \
        any(len(b) >= 4 and f" {b} " in f" {a} " for a in theirs for b in ours)


# --- matching -----------------------------------------------------------------------------


class _Index:
    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self.by_ctid = {c.ctid: c.id for c in catalog.credentials if c.ctid}
        self.keys: dict[str, dict[str, str]] = {}  # normalised key -> {id: how}
        for c in catalog.credentials:
            self._add(norm(c.name), c.id, "name")
            self._add(norm(_PARENS.sub("", c.name)), c.id, "name")
            for alias in c.aliases:
                self._add(norm(alias), c.id, "alias")
            acronym = _acronym(c)
            if acronym:
                self._add(norm(acronym), c.id, "acronym")

    def _add(self, key: str, cid: str, how: str) -> None:
        if key:
            self.keys.setdefault(key, {}).setdefault(cid, how)

    def match(self, a: Achievement, today: str) -> Match:
        fits = _FITS_LOWER.get((a.achievement_type or "").lower())
        if fits is not None and not fits:
            return Match(a, None, None, f"a {a.achievement_type} is not a kind of credential "
                                        "the catalogue plans")
        by_ctid = self._by_ctid(a, fits)
        found = by_ctid if isinstance(by_ctid, tuple) else self._by_name(a, fits)
        if isinstance(found, str):  # the reason nothing matched; a CTID's says the most
            return Match(a, None, None, by_ctid or found, self._closest(a.name, fits))
        cid, how, detail = found
        if a.valid_until is not None and a.valid_until < today:
            return Match(a, None, None, f"it expired on {a.valid_until} (validUntil); "
                                        f"it would be {cid}")
        return Match(a, cid, how, detail)

    def _by_ctid(self, a: Achievement,
                 fits: frozenset[str] | None) -> tuple[str, str, str] | str | None:
        tried = [("ctid", a.ctid)] if a.ctid else []
        tried += [("alignment", c) for c in a.aligned_ctids]
        misfit = None
        for how, ctid in tried:
            cid = self.by_ctid.get(ctid or "")
            if cid is None:
                continue
            if fits is not None and self.catalog.by_id[cid].type not in fits:
                misfit = misfit or self._misfit(a, cid)
                continue
            return cid, how, str(ctid)
        return misfit  # the name may still find the achievement itself

    def _by_name(self, a: Achievement, fits: frozenset[str] | None) -> tuple[str, str, str] | str:
        key = norm(a.name)
        hits = dict(self.keys.get(key, {}))
        stripped = norm(_PARENS.sub("", a.name))
        if not hits and stripped != key:
            hits = dict(self.keys.get(stripped, {}))
        hits = {cid: how for cid, how in hits.items()
                if how != "acronym"
                or (a.achievement_type or "certification").lower() in ("certification", "license")}
        ctids = [c for c in (a.ctid, *a.aligned_ctids) if c]
        if not hits:
            named = f"no catalogue name or alias is {_shown(a.name)}"
            return (f"no catalogue entry records its CTID {', '.join(ctids)}, and {named}"
                    if ctids else named)
        if fits is not None:
            fitting = {cid: how for cid, how in hits.items()
                       if self.catalog.by_id[cid].type in fits}
            if not fitting:
                return self._misfit(a, sorted(hits)[0])
            hits = fitting
        if a.issuers:
            same = {cid: how for cid, how in hits.items()
                    if _generic(self.catalog.by_id[cid])
                    or _same_org(a.issuers, self.catalog.by_id[cid].provider)}
            if not same:
                cid = sorted(hits)[0]
                return (f"its name is {cid}'s, but {cid} is from "
                        f"{self.catalog.by_id[cid].provider}, not {' / '.join(a.issuers)}")
            hits = same
        if len(hits) > 1:
            return f"its name fits {len(hits)} entries ({', '.join(sorted(hits))}); use --have"
        ((cid, how),) = hits.items()
        return cid, how, self._key_text(cid, how, key, stripped)

    def _misfit(self, a: Achievement, cid: str) -> str:
        return (f"it names {cid}, but {_a(a.achievement_type or '')} is not "
                f"{_a(self.catalog.by_id[cid].type)}")

    def _key_text(self, cid: str, how: str, *keys: str) -> str:
        """The catalogue's own text that matched (its name, an alias or the acronym)."""
        c = self.catalog.by_id[cid]
        texts = {"name": [c.name, _PARENS.sub("", c.name)], "alias": list(c.aliases),
                 "acronym": [_acronym(c) or ""]}[how]
        return next((t for t in texts if norm(t) in keys), texts[0])

    def _closest(self, name: str, fits: frozenset[str] | None) -> str | None:
        """The nearest name of an entry of a kind the achievement could be (a hint, not a match)."""
        keys = [k for k, ids in self.keys.items()
                if fits is None or any(self.catalog.by_id[i].type in fits for i in ids)]
        near = difflib.get_close_matches(norm(name), keys, n=1, cutoff=0.75)
        if not near:
            return None
        return sorted(i for i in self.keys[near[0]]
                      if fits is None or self.catalog.by_id[i].type in fits)[0]


def _acronym(c: Credential) -> str | None:
    """The body's acronym a certification's name gives alone in parentheses ("(CHDA)")."""
    if c.type not in _ACRONYM_TYPES:
        return None
    found = re.findall(r"\(([^()]*)\)", c.name)
    return found[0] if len(found) == 1 and _ACRONYM.fullmatch(found[0]) else None


def _generic(c: Credential) -> bool:
    return c.provider.startswith("generic")


def _a(word: str) -> str:
    return f"{'an' if word[:1].lower() in 'aeiou' else 'a'} {word}"
