"""``aipath import``: the sub-commands that read other formats into a catalogue file (Typer
wiring only; the work is in :mod:`aipath.commands.import_ctdl`)."""

from __future__ import annotations

from typing import Annotated

import typer

from . import _complete as complete
from .cli_common import CatalogOpt, MaxMibOpt, _command, _Group, _in_range

__all__ = ["import_app"]

import_app = typer.Typer(
    name="import",
    cls=_Group,
    help=(
        "Read credentials from another format into a catalogue file.\n\n"
        "Example: aipath import ctdl registry-dump/ -o registry.yaml"
    ),
    rich_markup_mode=None,
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


@import_app.command("ctdl")
@_command
def ctdl(
    paths: Annotated[list[str], typer.Argument(metavar="PATH...", help="CTDL JSON-LD files (an @graph document, registry envelopes, JSON lines) or folders of them.")],
    output: Annotated[str | None, typer.Option("--output", "-o", metavar="FILE", help="The catalogue to write: .yaml/.yml or .json (atomically); '-' or none is YAML on stdout.")] = None,
    role: Annotated[list[str] | None, typer.Option(metavar="ROLE", autocompletion=complete.roles, help="Roles the imported credentials are open to; repeatable (default: every background of the base catalogue).")] = None,
    today: Annotated[str | None, typer.Option(metavar="YYYY-MM-DD", help="The import date, given to evidence the input leaves undated (default today).")] = None,
    max_file_mib: Annotated[float, typer.Option("--max-file-mib", metavar="MIB", callback=_in_range("max_file_mib"), help="Refuse input files larger than this.")] = 512,
    catalog: CatalogOpt = None,
    max_catalog_mib: MaxMibOpt = 25,
) -> None:
    """Import Credential Engine registry records (CTDL JSON-LD) as a catalogue file.

    Credential classes become types, estimatedCost and estimatedDuration figures (with the
    registry URL and date as evidence), requires/alternativeCondition entry rules. A summary
    on stderr names what was skipped and what was not mapped. --catalog is the base whose
    roles, skills and classes the file declares (default: the shipped catalogue).

    Example: aipath import ctdl registry-dump/ -o registry.yaml
    """
    from .commands import import_ctdl as command

    command.run(paths=paths, output=output, role=role, today=today, max_file_mib=max_file_mib,
                catalog=catalog, max_catalog_mib=max_catalog_mib)
