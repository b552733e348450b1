"""``--have-from FILE``: the achievements a wallet file claims, read and checked (no yaml here).

A file holds one of (1EdTech Open Badges 3.0 and Comprehensive Learner Record 2.0):

- an ``OpenBadgeCredential`` or ``AchievementCredential`` (its ``credentialSubject.achievement``);
- a ``ClrCredential`` (each credential of ``credentialSubject.verifiableCredential``; the CLR's
  own ``achievement`` list describes the record and is not read as awarded);
- a ``VerifiablePresentation`` (each of its ``verifiableCredential``);
- a JSON list of any of these;
- a compact JWS (VC-JWT), as a whole file or as a string where a credential may stand. Its
  payload is decoded *without verifying the signature*: the credential is the ``vc`` claim
  (VC-JWT as in VC Data Model 1.1 and early OB 3.0) or else the payload itself (VC-JOSE-COSE).

Nothing is verified here or anywhere in aipath: not proofs, not signatures, not revocation. A
file is the user's own claim, like ``--have``. Limits, as for a catalogue: the size cap
(``--max-catalog-mib``, via :func:`aipath._io.read_bounded`), UTF-8, no duplicate keys,
nesting at most :data:`MAX_DEPTH` deep. Every error is one :class:`~aipath.errors.WalletError`
line naming the file and, where known, ``line:col`` or the JSON path.
"""

from __future__ import annotations

import base64
import binascii
import json
import os
import re
from dataclasses import dataclass
from typing import Any

from .._io import read_bounded
from ..errors import WalletError

__all__ = ["MAX_DEPTH", "Achievement", "read_wallet"]

MAX_DEPTH = 64  # as for catalogues; the 1EdTech complete sample is 9 deep
EXPECT = ("an Open Badges 3.0 OpenBadgeCredential or AchievementCredential, a CLR 2.0 "
          "ClrCredential, a VerifiablePresentation of them, a JSON list of them, or a compact "
          "JWS of one")
_BADGES = {"OpenBadgeCredential", "AchievementCredential"}
_JWS = re.compile(r"[A-Za-z0-9_-]+\.([A-Za-z0-9_-]+)\.[A-Za-z0-9_-]*")
# Credential Engine's CTID (as in load.credentials, which imports yaml) and where one shows.
_CTID = re.compile(r"ce-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_REGISTRY_URL = re.compile(
    r"https?://(?:[a-z0-9-]+\.)*(?:credentialengineregistry\.org|credentialfinder\.org)/"
    r"\S*?(ce-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})", re.I)
_CTDL_TARGETS = {"ctdl", "ceterms:credential"}


@dataclass(frozen=True)
class Achievement:
    """One awarded achievement as its file states it (nothing in it is verified)."""

    file: str
    where: str  # JSON path of its credential: "$", "$[1].credentialSubject.verifiableCredential[0]"
    name: str
    achievement_type: str | None = None
    ctid: str | None = None  # the achievement's own id is a Credential Registry resource
    aligned_ctids: tuple[str, ...] = ()  # CTDL / ceterms:Credential alignments
    issuers: tuple[str, ...] = ()  # names of the credential's issuer and the achievement's creator
    valid_until: str | None = None  # YYYY-MM-DD from validUntil / expirationDate, if given


def read_wallet(path: str | os.PathLike[str], max_bytes: int) -> list[Achievement]:
    """The achievements ``path`` claims, in file order.

    Raises
    ------
    WalletError
        One line naming the file (exit 1): missing, too big, not UTF-8, not JSON (with
        ``line:col``), too deep, or not one of the shapes above (with the JSON path).
    """
    name = str(path)
    data = read_bounded(path, name, max_bytes, error=WalletError, what="--have-from file",
                        hint=" (raise it with --max-catalog-mib)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line, col = _line_col(data, exc.start)
        raise WalletError(name, f"file is not valid UTF-8 (byte {exc.start})",
                          line=line, col=col) from None
    token = text.strip()
    if not token:
        raise WalletError(name, f"file is empty: expected {EXPECT}")
    if _JWS.fullmatch(token):
        doc = _jws_payload(token, name, "$")
    else:
        if "~" in token and _JWS.match(token):
            raise WalletError(name, "an SD-JWT (with ~ disclosures) is not read; "
                                    f"expected {EXPECT}")
        doc = _parse_json(text, name)
    found: list[Achievement] = []
    if isinstance(doc, list):
        if not doc:
            raise WalletError(name, f"the list is empty: expected {EXPECT}")
        for i, item in enumerate(doc):
            _credential(item, f"$[{i}]", name, found, top=True)
    else:
        _credential(doc, "$", name, found, top=True)
    return found


# --- bytes to JSON ------------------------------------------------------------------------


class _Duplicate(ValueError):
    pass


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:  # two values for one key: which one another reader sees is a guess
            raise _Duplicate(key)
        out[key] = value
    return out


def _no_constant(value: str) -> Any:
    raise ValueError(f"{value} is not a JSON number")


def _parse_json(text: str, name: str) -> Any:
    try:
        doc = json.loads(text, object_pairs_hook=_pairs, parse_constant=_no_constant)
    except json.JSONDecodeError as exc:
        raise WalletError(name, f"not JSON: {exc.msg}", line=exc.lineno, col=exc.colno) from None
    except _Duplicate as exc:
        raise WalletError(name, f"duplicate key {_quote(str(exc))} in one object") from None
    except RecursionError:
        doc = None  # far too deep: located below
    except ValueError as exc:  # e.g. an integer of more digits than Python converts
        raise WalletError(name, f"not JSON: {exc}") from None
    if doc is None or _depth(doc) > MAX_DEPTH:
        where = _too_deep_at(text)
        line, col = where if where else (None, None)
        raise WalletError(name, f"nesting is deeper than {MAX_DEPTH} levels", line=line, col=col)
    return doc


def _depth(doc: Any) -> int:
    deepest, stack = 0, [(doc, 1)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, (dict, list)):
            deepest = max(deepest, depth)
            if depth > MAX_DEPTH:
                return depth
            stack.extend((v, depth + 1) for v in (node.values() if isinstance(node, dict) else node))
    return deepest


_TOKENS = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]')


def _too_deep_at(text: str) -> tuple[int, int] | None:
    """Line and column of the bracket that opens level MAX_DEPTH + 1 (strings skipped)."""
    depth = 0
    for m in _TOKENS.finditer(text):
        c = m.group()
        if c in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                line = text.count("\n", 0, m.start()) + 1
                return line, m.start() - (text.rfind("\n", 0, m.start()) + 1) + 1
        elif c in "]}":
            depth -= 1
    return None


def _line_col(data: bytes, offset: int) -> tuple[int, int]:
    head = data[:offset]
    return head.count(b"\n") + 1, offset - (head.rfind(b"\n") + 1) + 1


def _jws_payload(token: str, name: str, where: str) -> Any:
    """The credential a compact JWS carries, decoded without checking its signature."""
    m = _JWS.fullmatch(token)
    assert m is not None
    part = m.group(1)
    try:
        raw = base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))
        payload = json.loads(raw.decode("utf-8"), object_pairs_hook=_pairs,
                             parse_constant=_no_constant)
    except (binascii.Error, UnicodeDecodeError, ValueError, RecursionError):
        raise WalletError(name, f"{where}: a compact JWS whose payload is not JSON") from None
    if not isinstance(payload, dict) or _depth(payload) > MAX_DEPTH:
        raise WalletError(name, f"{where}: a compact JWS whose payload is not a credential")
    vc = payload.get("vc")
    return vc if isinstance(vc, dict) else payload


# --- JSON to achievements -----------------------------------------------------------------


def _types(node: dict[str, Any]) -> set[str]:
    t = node.get("type", node.get("@type"))
    if isinstance(t, str):
        return {t}
    return {x for x in t if isinstance(x, str)} if isinstance(t, list) else set()


def _kind(value: Any) -> str:
    return {dict: "an object", list: "a list", str: "a string", bool: "true or false",
            type(None): "null"}.get(type(value), "a number")


def _credential(node: Any, where: str, name: str, found: list[Achievement], *,
                top: bool = False, inside_clr: bool = False) -> None:
    at = where
    if isinstance(node, str) and _JWS.fullmatch(node.strip()):
        node = _jws_payload(node.strip(), name, at)
    if not isinstance(node, dict):
        raise WalletError(name, f"{at}: {_kind(node)}, not a credential; expected {EXPECT}")
    types = _types(node)
    if types & _BADGES:
        _badge(node, where, name, found)
    elif "ClrCredential" in types and not inside_clr:
        subject = node.get("credentialSubject")
        vcs = subject.get("verifiableCredential") if isinstance(subject, dict) else None
        if isinstance(vcs, dict):
            vcs = [vcs]
        if not isinstance(vcs, list) or not vcs:
            raise WalletError(name, f"{at}: a ClrCredential with no credentialSubject."
                                    "verifiableCredential (no awarded achievement)")
        for i, vc in enumerate(vcs):
            _credential(vc, f"{where}.credentialSubject.verifiableCredential[{i}]", name, found,
                        inside_clr=True)
    elif "VerifiablePresentation" in types and top:
        vcs = node.get("verifiableCredential")
        vcs = [vcs] if isinstance(vcs, (dict, str)) else vcs
        if not isinstance(vcs, list) or not vcs:
            raise WalletError(name, f"{at}: a VerifiablePresentation with no verifiableCredential")
        for i, vc in enumerate(vcs):
            _credential(vc, f"{where}.verifiableCredential[{i}]", name, found)
    elif "Assertion" in types or "BadgeClass" in types:
        raise WalletError(name, f"{at}: an Open Badges 2.0 {sorted(types & {'Assertion', 'BadgeClass'})[0]}"
                                "; aipath reads Open Badges 3.0 and CLR 2.0")
    else:
        shown = ", ".join(sorted(types)[:4]) or "none"
        raise WalletError(name, f"{at}: type is {_quote(shown)}, not {EXPECT}")


def _badge(node: dict[str, Any], where: str, name: str, found: list[Achievement]) -> None:
    at = where
    subjects = node.get("credentialSubject")
    subjects = [subjects] if isinstance(subjects, dict) else subjects
    if not isinstance(subjects, list) or not subjects:
        raise WalletError(name, f"{at}: a credential with no credentialSubject (no achievement)")
    issuers = _names(node.get("issuer"))
    until = _date(node.get("validUntil", node.get("expirationDate")))
    for s, subject in enumerate(subjects):
        path = f"{where}.credentialSubject" + (f"[{s}]" if len(subjects) > 1 else "")
        ach = subject.get("achievement") if isinstance(subject, dict) else None
        if not isinstance(ach, dict):
            raise WalletError(name, f"{path}: no achievement object")
        title = _text(ach.get("name"))
        if not title:
            raise WalletError(name, f"{path}.achievement: no name")
        kind = ach.get("achievementType")
        found.append(Achievement(
            file=name, where=where, name=title,
            achievement_type=kind if isinstance(kind, str) and kind.strip() else None,
            ctid=_ctid_of(ach.get("id")),
            aligned_ctids=_aligned(ach.get("alignment")),
            issuers=tuple(dict.fromkeys(issuers + _names(ach.get("creator")))),
            valid_until=until,
        ))


def _text(value: Any) -> str | None:
    """A name: a string, a language value ``{"@value": ...}`` or the first of a list of them."""
    if isinstance(value, list):
        value = next((v for v in value if _text(v)), None)
    if isinstance(value, dict):
        value = value.get("@value")
    return value.strip() if isinstance(value, str) and value.strip() else None


def _names(profile: Any) -> tuple[str, ...]:
    name = _text(profile.get("name")) if isinstance(profile, dict) else None
    return (name,) if name else ()


def _date(value: Any) -> str | None:
    if isinstance(value, str) and re.match(r"\d{4}-\d{2}-\d{2}", value):
        return value[:10]
    return None


def _ctid_of(value: Any) -> str | None:
    """The CTID a string names: a bare CTID or a Credential Registry / Finder URL with one."""
    if not isinstance(value, str):
        return None
    value = value.strip()
    if _CTID.fullmatch(value.lower()):
        return value.lower()
    m = _REGISTRY_URL.match(value)
    return m.group(1).lower() if m else None


def _aligned(alignment: Any) -> tuple[str, ...]:
    """CTIDs of the alignments that name a CTDL credential (targetType CTDL or ceterms:...)."""
    items = [alignment] if isinstance(alignment, dict) else alignment
    out: list[str] = []
    for a in items if isinstance(items, list) else ():
        if not isinstance(a, dict):
            continue
        target = a.get("targetType")
        if not isinstance(target, str) or not (target.lower() in _CTDL_TARGETS
                                                or target.lower().startswith("ceterms:")):
            continue  # a competency (ceasn:) or a CASE item names no credential
        ctid = _ctid_of(a.get("targetCode")) or _ctid_of(a.get("targetUrl"))
        if ctid:
            out.append(ctid)
    return tuple(dict.fromkeys(out))


def _quote(text: str) -> str:
    return "'" + (text if len(text) <= 60 else text[:57] + "...") + "'"
