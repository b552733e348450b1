"""``aipath list --format csv``: one row per credential, for a spreadsheet. Stdlib only."""

from __future__ import annotations

import csv
import io
from typing import TYPE_CHECKING

from .._text import csv_cell
from .formatting import _num

if TYPE_CHECKING:
    from ..models import Credential

__all__ = ["CSV_COLUMNS", "credentials_csv"]

CSV_COLUMNS = (
    "id", "name", "provider", "type", "recognition", "level", "delivery", "status", "roles", "skills",
    "cost_usd_min", "cost_usd_max", "cost_year", "duration_min", "duration_max", "duration_unit",
    "prerequisites", "url", "verified_on",
)


def credentials_csv(creds: tuple[Credential, ...]) -> str:
    """``aipath list --format csv``: one row per credential, lists joined with ``;``."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(CSV_COLUMNS)  # cells pass csv_cell: no formulas, no control characters
    for c in creds:
        row = (
            c.id, c.name, c.provider, c.type, c.recognition or "", c.level, c.delivery, c.status,
            ";".join(c.roles), ";".join(c.skills),
            "" if c.cost is None else _num(c.cost.usd_min).replace(",", ""),
            "" if c.cost is None else _num(c.cost.usd_max).replace(",", ""),
            "" if c.cost is None or c.cost.year is None else c.cost.year,
            "" if c.duration is None else f"{c.duration.min:g}",
            "" if c.duration is None else f"{c.duration.max:g}",
            "" if c.duration is None else c.duration.unit,
            ";".join(c.prerequisites), c.url or "", c.verified_on or "",
        )
        w.writerow([csv_cell(x) for x in row])
    return buf.getvalue()
