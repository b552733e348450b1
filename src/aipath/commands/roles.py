"""``aipath roles``: the backgrounds a plan can start from."""

from __future__ import annotations

from .choices import TableJson
from .common import check_output, load
from .output import write_json, write_rich

__all__ = ["run"]


def run(*, format_: TableJson, output: str | None, catalog: str | None,
        max_catalog_mib: float) -> None:
    output = check_output(output, format_)
    cat = load(catalog, max_catalog_mib)
    if format_ is TableJson.json:
        from ..render.json import roles_json

        write_json(roles_json(cat), output)
    else:
        from ..render.tables import roles_table

        write_rich(lambda width: roles_table(cat, width=width), output)
