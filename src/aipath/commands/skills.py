"""``aipath skills``: the skill tags and how many credentials teach each."""

from __future__ import annotations

from .choices import TableJson
from .common import check_output, load
from .output import write_json, write_rich

__all__ = ["run"]


def run(*, role: str | None, format_: TableJson, output: str | None, catalog: str | None,
        max_catalog_mib: float) -> None:
    from ..query import resolve_role

    output = check_output(output, format_)
    cat = load(catalog, max_catalog_mib)
    role_id = resolve_role(cat, role).id if role is not None else None
    if format_ is TableJson.json:
        from ..render.json import skills_json

        write_json(skills_json(cat, role_id), output)
    else:
        from ..render.tables import skills_table

        write_rich(lambda width: skills_table(cat, role_id, width=width), output)
