"""``aipath show ID``: one credential, as a page of facts, JSON or a picture."""

from __future__ import annotations

from .choices import ShowFormat
from .common import check_output, load, parse_today
from .output import draw, write_json, write_rich

__all__ = ["run"]


def run(
    *, credential_id: str, today: str | None, format_: ShowFormat, output: str | None,
    catalog: str | None, max_catalog_mib: float,
) -> None:
    from ..query import get_credential

    output = check_output(output, format_)
    day = parse_today(today).isoformat()
    cat = load(catalog, max_catalog_mib)
    cred = get_credential(cat, credential_id)
    if format_ is ShowFormat.json:
        from ..render.json import show_json

        write_json(show_json(cat, cred, today=day), output)
    elif format_ in (ShowFormat.mermaid, ShowFormat.dot):
        from ..exports import credential_figure

        draw(credential_figure(cat, cred.id), format_ is ShowFormat.mermaid, output)
    else:
        from ..render.show import show_renderable

        write_rich(lambda width: show_renderable(cat, cred, today=day, width=width), output)
