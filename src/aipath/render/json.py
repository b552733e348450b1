"""The JSON documents ``--format json`` prints, one builder per command.

Every document opens with the schema version and the catalogue it came from (``envelope``);
``dumps`` writes it deterministically. Stdlib only: JSON output never pays for rich.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from .._text import json_safe
from ..models import (
    RECOGNITIONS,
    Catalog,
    Credential,
    catalog_to_data,
    condition_to_data,
    credential_to_data,
    is_open,
    named_routes,
)
from .formatting import _figures, _skill_rows, entry_open

if TYPE_CHECKING:
    from ..lint import LintReport
    from ..planner import Plan, PlanStep

__all__ = [
    "JSON_SCHEMA_VERSION",
    "catalog_json",
    "credentials_json",
    "dumps",
    "envelope",
    "lint_json",
    "plan_json",
    "roles_json",
    "show_json",
    "skills_json",
]

JSON_SCHEMA_VERSION = 2  # 2: plan totals keep known and estimated figures apart


def dumps(doc: Any, *, ascii_only: bool = False) -> str:
    """Deterministic, human-readable JSON with a trailing newline; no raw control characters.

    ``ascii_only`` escapes every non-ASCII character, for a stdout that cannot encode them.
    """
    text = json.dumps(doc, indent=2, ensure_ascii=ascii_only, allow_nan=False)
    return json_safe(text) + "\n"


def envelope(catalog: Catalog, **body: Any) -> dict[str, Any]:
    """Every JSON document starts with the schema version and the catalogue it came from."""
    return {
        "schema_version": JSON_SCHEMA_VERSION,
        "catalog": {
            "path": catalog.path,
            "sha256": catalog.sha256,
            "credentials": len(catalog.credentials),
            # each --catalog file; one for a catalogue read from one file
            "files": [{"path": p, "sha256": h, "credentials": n}
                      for p, h, n in catalog.files or
                      ((catalog.path, catalog.sha256, len(catalog.credentials)),)],
        },
        **body,
    }


def _cred_json(c: Credential) -> dict[str, Any]:
    data = credential_to_data(c)
    data["verified_on"] = c.verified_on
    return data


def _range(lo: float | None, hi: float | None, digits: int = 2) -> dict[str, float] | None:
    if lo is None or hi is None:
        return None
    return {"min": round(lo, digits), "max": round(hi, digits)}


def credentials_json(
    catalog: Catalog, creds: tuple[Credential, ...], query: dict[str, Any]
) -> dict[str, Any]:
    """``aipath list --format json``."""
    return envelope(
        catalog, query=query, count=len(creds), credentials=[_cred_json(c) for c in creds]
    )


def show_json(catalog: Catalog, c: Credential, *, today: str) -> dict[str, Any]:
    """``aipath show ID --format json``: routes are judged open or closed on ``today``."""
    return envelope(
        catalog,
        today=today,
        credential=_cred_json(c),
        recognition=None if c.recognition is None else {
            "kind": c.recognition, "description": RECOGNITIONS[c.recognition],
        },
        prerequisites=None if c.entry is None else condition_to_data(c.entry),
        entry_open=entry_open(c, today),
        routes=[
            {
                "path": list(path),
                "label": cond.label,
                "open_from": cond.open_from,
                "open_until": cond.open_until,
                "open": is_open(cond, today),
            }
            for path, cond in named_routes(c.entry)
        ],
        unlocks=list(catalog.unlocks(c.id)),
        # where the credential or each figure came from when not the first --catalog file
        origins=dict(catalog.origins.get(c.id, {})),
        **_estimates_json(catalog, c),
    )


def _estimates_json(catalog: Catalog, c: Credential) -> dict[str, Any]:
    """Keyed like a plan step's: the estimates and the credentials each came from."""
    cost, months = _figures(catalog, c)
    return {
        "cost_estimate": None if cost is None else _range(cost.lo, cost.hi, digits=0),
        "months_estimate": None if months is None else _range(months.lo, months.hi),
        "estimate_from": {
            "cost": None if cost is None else list(cost.source),
            "duration": None if months is None else list(months.source),
        },
    }


def roles_json(catalog: Catalog) -> dict[str, Any]:
    """``aipath roles --format json``."""
    return envelope(
        catalog,
        roles=[
            {
                "id": b.id,
                "label": b.label,
                "holds": [{"id": h, "name": catalog.by_id[h].name} for h in b.holds],
                "target_skills": [
                    {"tag": t, "description": catalog.skills[t]} for t in b.target_skills
                ],
                "based_on": b.based_on,
                "signature": [
                    {
                        "ref": g.ref,
                        "kind": "class" if g.is_class else "credential",
                        "name": (
                            catalog.classes[g.ref].label if g.is_class
                            else catalog.by_id[g.ref].name
                        ),
                        "why": g.why,
                        "source": g.source,
                        "verified_on": g.verified_on,
                    }
                    for g in b.signature
                ],
                "note": b.note,
            }
            for b in catalog.backgrounds.values()
        ],
    )


def skills_json(catalog: Catalog, role: str | None) -> dict[str, Any]:
    """``aipath skills --format json``."""
    return envelope(catalog, role=role, skills=_skill_rows(catalog, role))


def _coverage_dict(report: LintReport) -> dict[str, Any]:
    cov = report.coverage
    return {
        "credentials": cov.credentials,
        "active": cov.active,
        "with_cost": cov.with_cost,
        "with_duration": cov.with_duration,
        "with_official_evidence": cov.with_official_evidence,
        "stale_evidence": cov.stale_evidence,
        "share_cost": round(cov.share(cov.with_cost), 4),
        "share_duration": round(cov.share(cov.with_duration), 4),
        "share_official_evidence": round(cov.share(cov.with_official_evidence), 4),
        "share_stale_evidence": round(cov.share(cov.stale_evidence), 4),
        "with_recognition": cov.with_recognition,
        "share_recognition": round(cov.share(cov.with_recognition), 4),
        "recognition": dict(cov.by_recognition),
    }


def lint_json(catalog: Catalog, report: LintReport) -> dict[str, Any]:
    """``aipath lint --format json``."""
    return envelope(
        catalog,
        today=report.today,
        stale_months=report.stale_months,
        warnings=[
            {"code": w.code, "credential": w.credential, "message": w.message}
            for w in report.warnings
        ],
        coverage=_coverage_dict(report),
    )


def catalog_json(catalog: Catalog) -> dict[str, Any]:
    """``aipath export --format json``: the catalogue in its own file format."""
    return catalog_to_data(catalog)


def _step_json(s: PlanStep) -> dict[str, Any]:
    c = s.credential
    cost = None
    if c.cost is not None:
        cost = {
            "usd_min": c.cost.usd_min,
            "usd_max": c.cost.usd_max,
            "year": c.cost.year,
            "basis": c.cost.basis,
            "approximate": c.cost.approximate,
        }
    duration = None
    if c.duration is not None and s.months is not None:
        duration = {
            "min": c.duration.min,
            "max": c.duration.max,
            "unit": c.duration.unit,
            "months_min": round(s.months[0], 2),
            "months_max": round(s.months[1], 2),
        }
    return {
        "order": s.order,
        "id": c.id,
        "name": c.name,
        "type": c.type,
        "recognition": c.recognition,
        "part": s.part,
        "reason": s.reason,
        "satisfies": [{"step": x.step, "requirement": x.requirement} for x in s.satisfies],
        "alternatives": [
            {"option": a.option, "reason": a.reason,
             "adds_usd": None if a.cost_usd is None else round(a.cost_usd, 2),
             "adds_months": None if a.months is None else round(a.months, 2)}
            for a in s.alternatives
        ],
        "cost": cost,
        "cost_estimate": None if s.cost_estimate is None else _range(*s.cost_estimate, digits=0),
        "duration": duration,
        "months_estimate": None if s.months_estimate is None else _range(*s.months_estimate),
        "imputed": list(s.imputed),
        "estimate_from": {
            "cost": None if s.cost_figure is None else list(s.cost_figure.source),
            "duration": None if s.months_figure is None else list(s.months_figure.source),
        },
        "manual_checks": list(s.manual_checks),
        "start_month": s.start_month,
        "finish_month": s.finish_month,
        "wait_months": s.wait_months,
        "verified_on": c.verified_on,
        "stale": s.stale,
        "warnings": list(s.warnings),
        "after": list(s.after),
        "url": c.url,
    }


def plan_json(catalog: Catalog, plan: Plan, query: dict[str, Any],
              upkeep: Any = None, have_from: dict[str, Any] | None = None,
              ranking: Any = None, kept_others: Any = ()) -> dict[str, Any]:
    """``aipath plan --format json``: known and estimated figures apart, null where none.

    ``upkeep`` is a :class:`~aipath.planner.upkeep.Upkeep` (``--horizon-years``) or None;
    ``have_from`` what ``--have-from`` matched (:meth:`aipath.wallet.WalletReport.to_json`).
    ``ranking`` (``--alternatives``, a :class:`~aipath.planner.alternatives.Ranking`) fills
    ``alternatives``: each the plan's own keys (from ``holdings`` on) plus ``rank`` and
    ``differs``, with its cost to keep from ``kept_others``. Without it the list is empty.
    """
    others = ranking.others if ranking is not None else ()
    kept = tuple(kept_others) or (None,) * len(others)
    return envelope(
        catalog,
        query=query,
        **_plan_body(catalog, plan, upkeep),
        have_from=have_from,
        alternatives=[{"rank": r.rank, "differs": r.differs, **_plan_body(catalog, r.plan, u)}
                      for r, u in zip(others, kept)],
    )


def _plan_body(catalog: Catalog, plan: Plan, upkeep: Any) -> dict[str, Any]:
    """A plan's keys from ``holdings`` to ``upkeep``: the main plan's and each alternative's."""
    from .upkeep import upkeep_json

    t = plan.totals
    n = len(plan.steps)
    known_cost = n - t.unknown_cost_steps
    known_months = n - t.unknown_duration_steps
    return dict(
        holdings=[
            {"id": h.id, "name": catalog.by_id[h.id].name, "source": h.source,
             "earned": h.earned}
            for h in plan.holdings
        ],
        renewals=[
            {"id": r.id, "earned": r.earned, "every_years": r.every_years,
             "first_due": r.first_due, "next_due": r.next_due,
             "overdue_cycles": r.overdue_cycles, "due_soon": r.due_soon,
             "cannot_renew": r.cannot_renew, "successor": r.successor}
            for r in plan.renewals
        ],
        core=plan.core,
        steps=[_step_json(s) for s in plan.steps],
        totals={
            "steps": n,
            "cost": {
                "known": _range(t.cost_usd_min, t.cost_usd_max) if known_cost else None,
                "estimated": (
                    _range(t.estimated_cost_min, t.estimated_cost_max, 0)
                    if t.unknown_cost_steps else None
                ),
                "unknown_steps": t.unknown_cost_steps,
            },
            "months": {
                "timeline": _range(t.months_min, t.months_max),
                "known_only": (
                    _range(t.known_months_min, t.known_months_max) if known_months else None
                ),
                "experience_wait": round(t.wait_months, 2),
                "unknown_steps": t.unknown_duration_steps,
            },
        },
        skills={
            "target": list(plan.target_skills),
            "covered": list(plan.covered),
            "missing": list(plan.missing),
        },
        notes=list(plan.notes),
        approximate=plan.approximate,
        optimality_gap=round(plan.optimality_gap, 4),
        warnings=list(plan.warnings),
        upkeep=upkeep_json(upkeep),
    )


