"""``aipath lint``: a catalogue's warnings and data coverage."""

from __future__ import annotations

from .choices import TableJson
from .common import check_output, load, parse_today
from .output import write_json, write_rich

__all__ = ["run"]


def run(*, strict: bool, stale_months: int, today: str | None, format_: TableJson,
        output: str | None, catalog: str | None, max_catalog_mib: float) -> int:
    """Print the report; the exit code: 1 under ``strict`` when there are warnings, else 0."""
    from ..lint import lint_catalog

    output = check_output(output, format_)
    day = parse_today(today)
    cat = load(catalog, max_catalog_mib)
    report = lint_catalog(cat, today=day, stale_months=stale_months)
    if format_ is TableJson.json:
        from ..render.json import lint_json

        write_json(lint_json(cat, report), output)
    else:
        from ..render.tables import lint_table

        write_rich(lambda width: lint_table(report, width=width), output)
    return 1 if strict and report.warnings else 0
