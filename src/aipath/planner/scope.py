"""What a request can use: the role's candidates and everything their entry rules need.

Contract
--------
A plan (:mod:`.stack`) is the goal, the signature credentials, a core degree and certificates
that teach a target skill, with what their entries need. The *scope* of a request is

- the candidates: what is held, the goal, every option of a signature (the id, or the
  members of the class), the credentials the request allows (:mod:`.context`) that teach a
  target skill, the graduate degrees it allows that list the role (the core degrees, when the
  plan may have one: not with ``--certificates-only`` or a graduate degree held), and the
  allowed certificates that carry a degree or licence teaching a target skill (one whose
  entry names it, directly or through other degrees and licences: such a teacher enters a
  plan of certificates only as a certificate's prerequisite);
- their prerequisite closure: every credential an entry of a scope credential names, directly,
  as a member of a named class or as one that counts as a named id, except under a name that
  what is held already meets (a rule met at month 0 is met by the held credential, which is in
  the scope; no other route of it is ever lighter), and, of a class with many members, those
  that can be among its lightest routes, the cheapest alternatives named or the earliest
  finish (:mod:`.members`; the goal's own prerequisites are all kept, for the reasons a goal
  out of reach gives). What is held is never earned again: its entry is not read.

The scope is closed under what entries name, so every route of a scope credential lies inside
it and the route tables, timelines and bounds over the scope's graph are those of the whole
catalogue's graph restricted to it. A credential outside is neither a candidate nor needed by
one: it teaches no target skill and carries none that a certificate could not bring alone, so
a plan without it keeps its value, costs no more, finishes no later and has fewer
credentials; the best plan is inside. The one stage that reaches
beyond is the fallback of a plan whose certificate teaches no target skill ("the lightest
certificate open to you"): it raises :class:`Wider`, and the request is planned over the whole
catalogue.

One pass: each scope credential's entry is read once, through the catalogue's index
(:mod:`aipath.index`) for the candidates; O(S + R) for S scope credentials and the R ids and
class members their rules name (and the rules naming a teaching degree or licence), nothing
for the rest of the catalogue.
"""

from __future__ import annotations

from collections.abc import Callable

from ..index import Index, catalog_index
from ..models import INACTIVE_STATUSES, Catalog, ClassOf, Ref, walk
from .context import replaced
from .members import MembersFilter
from .objective import NOT_CERTIFICATES
from .types import PlanRequest

__all__ = ["Wider", "request_scope"]


class Wider(Exception):
    """A stage needs credentials outside the scope: plan over the whole catalogue."""


def request_scope(catalog: Catalog, req: PlanRequest) -> tuple[str, ...]:
    """The request's scope, in catalogue order."""
    cat, index = catalog, catalog_index(catalog)
    held = frozenset(h.id for h in req.holdings)
    met = cat.closure(held)
    role = req.role.id
    targets = req.target_skills if req.target_skills is not None else req.role.target_skills

    def allowed(cid: str) -> bool:
        c = cat.by_id[cid]
        return (cid not in held and c.status not in INACTIVE_STATUSES and cat.open_to(c, role)
                and not replaced(cat, c))

    seeds: list[str] = [*held]
    if req.goal is not None:
        seeds.append(req.goal)
    for sig in req.role.signature:
        seeds.extend(cat.members(sig.ref) if sig.is_class else (sig.ref,))
    teachers = [x for tag in dict.fromkeys(targets) for x in index.teaching(tag) if allowed(x)]
    seeds.extend(teachers)
    seeds.extend(_carriers(cat, index, teachers, met, allowed))
    if not req.certificates_only and not any(_core(cat, h, role) for h in held):
        for r in cat.role_chain(role):  # a plan needs a core degree: any of them can be it
            seeds.extend(x for x in index.graduate(r) if allowed(x))
    found: set[str] = set()
    expanded: set[tuple[str, bool]] = set()  # each name's members are walked once
    big = MembersFilter(cat, index, req, met, held)

    def close(start: list[str], cut: bool) -> None:
        stack = list(start)
        while stack:
            cid = stack.pop()
            if cid in found:
                continue
            found.add(cid)
            if cid in held:
                continue  # never earned again: what its entry names is never used
            for _, cond in walk(cat.by_id[cid].entry):
                if isinstance(cond, Ref):
                    name, is_id = cond.id, True
                elif isinstance(cond, ClassOf):
                    name, is_id = cond.name, False
                else:
                    continue
                if name in met or (name, is_id) in expanded:
                    continue
                expanded.add((name, is_id))
                members = big.members_that_matter(name) if cut else cat.members(name)
                stack.extend((name, *members) if is_id else members)

    if req.goal is not None:
        close([req.goal], cut=False)  # why a goal is out of reach reads every route to it
    close(seeds, cut=True)
    return tuple(sorted(found, key=index.position))


def _core(cat: Catalog, cid: str, role: str) -> bool:
    c = cat.by_id[cid]
    return c.type == "degree" and c.level == "graduate" and cat.open_to(c, role)


def _carriers(cat: Catalog, index: Index, teachers: list[str], met: frozenset[str],
              allowed: Callable[[str], bool]) -> list[str]:
    """The certificates through which a degree or licence that teaches a target skill enters a
    plan: certificates are planned with their routes, and such a teacher is never an option
    of its own (nor a core degree, unless graduate, whose routes the certificates exclude).
    Those whose entry names it, or a name it counts as that is not met, through other degrees
    and licences that do."""
    def walks(x: str) -> bool:
        c = cat.by_id[x]
        return c.type in NOT_CERTIFICATES and not (c.type == "degree" and c.level == "graduate")

    stack = [t for t in dict.fromkeys(teachers) if walks(t)]
    seen, found = set(stack), []
    while stack:
        t = stack.pop()
        for name in cat.implies(t):
            if name in met:
                continue  # met by what is held: no route goes through t there
            for owner in index.named_by(name):
                if owner in seen or not allowed(owner):
                    continue
                seen.add(owner)
                if cat.by_id[owner].type not in NOT_CERTIFICATES:
                    found.append(owner)
                elif walks(owner):
                    stack.append(owner)
    return found
