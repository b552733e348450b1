"""``aipath import ctdl PATH...``: registry records into a catalogue file, with a summary on
stderr of what was imported, skipped and not mapped (one line per kind)."""

from __future__ import annotations

import os

from .._io import write_atomic
from ..errors import OutputError, UsageError
from .common import READING, load, parse_today
from .output import say, write

__all__ = ["run"]

_FORMATS = {".yaml": "yaml", ".yml": "yaml", ".json": "json"}


def _format(output: str | None) -> str:
    if output is None or output == "-":
        return "yaml"
    ext = os.path.splitext(output)[1].lower()
    if ext not in _FORMATS:
        raise UsageError(f"{output}: a catalogue is written as .yaml, .yml or .json",
                         option="--output")
    return _FORMATS[ext]


def run(*, paths: list[str], output: str | None, role: list[str] | None, today: str | None,
        max_file_mib: float, catalog: list[str] | None, max_catalog_mib: float) -> None:
    from ..ctdl.importer import import_ctdl

    fmt = _format(output)
    if output not in (None, "-") and not os.path.isdir(os.path.dirname(os.path.abspath(output))):
        # Said before reading anything: an import can take a while.
        raise OutputError(f"cannot write {output}: folder {os.path.dirname(output)} does not exist")
    day = parse_today(today).isoformat()
    base = load(catalog, max_catalog_mib)
    roles = tuple(dict.fromkeys(r.strip() for item in role or () for r in item.split(",")
                                if r.strip())) or tuple(base.backgrounds)
    unknown = [r for r in roles if r not in base.backgrounds]
    if unknown:
        raise UsageError(f"'{unknown[0]}' is not a role of {base.path}; expected one of: "
                         f"{', '.join(base.backgrounds)}", option="--role")
    READING.extend(os.path.abspath(p) for p in paths)
    result = import_ctdl(paths, base, roles=roles, today=day,
                         max_bytes=int(max_file_mib * 1024 * 1024))
    from ..exports.catalogue_yaml import catalog_json_chunks, catalog_yaml_chunks

    header = (f"Imported by aipath import ctdl on {day} from {', '.join(paths)}.\n"
              "Credential Engine registry records; each credential's evidence names its record.")
    chunks = (catalog_json_chunks(result.data, release=True) if fmt == "json"
              else catalog_yaml_chunks(result.data, header, release=True))
    if output is None or output == "-":
        write("".join(chunks), None)
    else:
        write_atomic(output, chunks, protect=READING)
        say(f"wrote {output}")
    for line in result.tally.lines():
        say(line)
