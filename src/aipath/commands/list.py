"""``aipath list``: the catalogue's credentials, filtered, as a table, JSON or CSV."""

from __future__ import annotations

from ..errors import UsageError
from .choices import ListFormat
from .common import check_output, load
from .output import write, write_json, write_rich

__all__ = ["run"]


def run(
    *, type_: list[str] | None, role: str | None, skill: str | None, provider: str | None,
    delivery: str | None, level: str | None, max_cost: float | None, status: str | None,
    recognition: list[str] | None, format_: ListFormat, output: str | None,
    catalog: str | None, max_catalog_mib: float,
) -> None:
    from .. import models
    from ..query import (
        Filters,
        filter_credentials,
        resolve_recognitions,
        resolve_role,
        resolve_types,
    )

    output = check_output(output, format_)
    for value, option, valid in (
        (delivery, "--delivery", models.DELIVERIES),
        (level, "--level", models.LEVELS),
        (status, "--status", models.STATUSES),
    ):
        if value is not None and value not in valid:
            raise UsageError(f"'{value}' is not one of: {', '.join(valid)}", option=option)
    types = None
    if type_:
        types = resolve_types([t for v in type_ for t in v.split(",") if t.strip()])
    kinds = resolve_recognitions(recognition) if recognition else None
    cat = load(catalog, max_catalog_mib)
    role_id = resolve_role(cat, role).id if role is not None else None
    filters = Filters(
        types=types, role=role_id, skill=skill, provider=provider, delivery=delivery,
        level=level, max_cost=max_cost, status=status, recognition=kinds,
    )
    creds = filter_credentials(cat, filters)
    query = {
        "type": sorted(types) if types is not None else None,
        "role": role_id, "skill": skill, "provider": provider, "delivery": delivery,
        "level": level, "max_cost": max_cost, "status": status,
        "recognition": sorted(kinds) if kinds is not None else None,
    }
    if format_ is ListFormat.json:
        from ..render.json import credentials_json

        write_json(credentials_json(cat, creds, query), output)
    elif format_ is ListFormat.csv:
        from ..render.csv import credentials_csv

        write(credentials_csv(creds), output)
    else:
        from ..render.tables import credentials_table

        title = f"{len(creds)} of {len(cat.credentials)} credentials"
        write_rich(lambda width: credentials_table(creds, title, width=width), output)
