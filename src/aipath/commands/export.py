"""``aipath export``: the whole validated catalogue as JSON, CTDL or a picture."""

from __future__ import annotations

from .choices import ExportFormat
from .common import check_output, load
from .output import draw, write_json

__all__ = ["run"]


def run(*, format_: ExportFormat, output: str | None, catalog: str | None,
        max_catalog_mib: float) -> None:
    output = check_output(output, format_)
    cat = load(catalog, max_catalog_mib)
    if format_ is ExportFormat.json:
        from ..render.json import catalog_json

        write_json(catalog_json(cat), output)
    elif format_ is ExportFormat.ctdl:
        from ..exports import catalog_ctdl

        write_json(catalog_ctdl(cat), output)
    else:
        from ..exports import catalog_figure

        draw(catalog_figure(cat), format_ is ExportFormat.mermaid, output)
