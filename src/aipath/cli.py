"""The ``aipath`` command line, only the wiring: each command's options (Typer), one call to
its module in ``aipath.commands``, and errors mapped to one line on stderr and an exit code.

A command's module (and with it yaml, networkx, rich) is imported only when the command runs,
so that ``aipath --help`` stays fast (SPEC §9). What is printed is in ``aipath.render``.
"""

from __future__ import annotations

import os
import sys
from typing import Annotated

import typer

from . import _complete as complete
from . import _options as opt
from .cli_common import (
    CatalogOpt,
    MaxMibOpt,
    OutputOpt,
    _command,
    _fail,
    _Group,
    _in_range,
)
from .cli_import import import_app
from .commands import choices
from .errors import AipathError

__all__ = ["app", "main"]

app = typer.Typer(
    name="aipath",
    cls=_Group,
    help=(
        "Plan which degree and certificates to stack to work in healthcare AI.\n\n"
        "Example: aipath plan --role nurse\n\n"
        "Exit codes: 0 success; 1 bad catalogue or profile file (one line naming it); "
        "2 bad option or value; 3 no plan meets the request."
    ),
    # Plain help: rich-formatted help panels cost ~6x python's own start-up (perf-baseline §3.1).
    rich_markup_mode=None,
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)
app.add_typer(import_app)


def _version(value: bool) -> None:
    if value:
        from importlib.metadata import version

        from .commands.output import write

        try:
            write(f"aipath {version('aipath')}\n", None)
        except AipathError as exc:
            _fail(exc)
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit."),
    ] = False,
) -> None:
    """Plan which degree and certificates to stack to work in healthcare AI.

    Example: aipath plan --role nurse
    """


# --- commands ---------------------------------------------------------------------------


@app.command()
@_command
def plan(
    role: opt.RoleOpt = None, have: opt.HaveOpt = None, no_assume: opt.NoAssumeOpt = False,
    profile: opt.ProfileOpt = None, goal: opt.GoalOpt = None, skills: opt.SkillsOpt = None,
    certificates_only: opt.CertificatesOnlyOpt = False, max_cost: opt.MaxCostOpt = None,
    max_months: opt.MaxMonthsOpt = None, optimize: opt.OptimizeOpt = choices.Optimize.balanced,
    stale_months: opt.StaleMonthsOpt = 18, today: opt.TodayOpt = None,
    hours_per_week: opt.HoursPerWeekOpt = None, have_from: opt.HaveFromOpt = None,
    horizon_years: Annotated[float | None, typer.Option(metavar="N", callback=_in_range("horizon_years"), help="Add the renewal fees and CE hours of planned and held credentials over N years (0 < N <= 50).")] = None,
    format_: Annotated[choices.PlanFormat, typer.Option("--format", "-f", help="table (default), json, tree, mermaid, dot, gantt (a Mermaid timeline), ctdl (JSON-LD) or html (a self-contained page to share).")] = choices.PlanFormat.table,
    timeline: Annotated[bool, typer.Option("--timeline", help="Add a month-by-month chart of the steps to the table (the HTML page always has one).")] = False,
    start: Annotated[str | None, typer.Option(metavar="YYYY-MM", help="The month the timeline (--timeline, --format gantt or html) starts in (default: the month of --today).")] = None,
    alternatives: Annotated[int | None, typer.Option(metavar="K", callback=_in_range("alternatives"), help="Up to K (1-10) distinct whole plans, ranked by --optimize, each with how it differs from the best (table, json and html).")] = None,
    output: OutputOpt = None,
    catalog: CatalogOpt = None,
    max_catalog_mib: MaxMibOpt = 25,
) -> None:
    """Plan the stack for a role: core degree, then certificates.

    Missing prerequisites come first; every step says why it is there.

    Example: aipath plan --role nurse --have amia-10x10-ohsu --max-cost 50000
    """
    from .commands import plan as command

    command.run(
        role=role, have=have, no_assume=no_assume, profile=profile, goal=goal, skills=skills,
        certificates_only=certificates_only, max_cost=max_cost, max_months=max_months,
        optimize=optimize, stale_months=stale_months, today=today, alternatives=alternatives,
        hours_per_week=hours_per_week, horizon_years=horizon_years, format_=format_,
        output=output, catalog=catalog, max_catalog_mib=max_catalog_mib, start=start,
        timeline=timeline, have_from=have_from,
    )


@app.command(cls=opt.Versus)
@_command
def compare(
    ctx: typer.Context,
    role: opt.RoleOpt = None, have: opt.HaveOpt = None, no_assume: opt.NoAssumeEitherOpt = False,
    profile: opt.ProfileOpt = None, goal: opt.GoalOpt = None, skills: opt.SkillsOpt = None,
    certificates_only: opt.CertificatesOnlyEitherOpt = False, max_cost: opt.MaxCostOpt = None,
    max_months: opt.MaxMonthsOpt = None, optimize: opt.OptimizeOpt = choices.Optimize.balanced,
    stale_months: opt.StaleMonthsOpt = 18, today: opt.TodayOpt = None,
    hours_per_week: opt.HoursPerWeekOpt = None, catalog: CatalogOpt = None,
    vs: opt.VsOpt = False,
    format_: Annotated[choices.TableJson, typer.Option("--format", "-f", help="table (default) or json; before --vs.")] = choices.TableJson.table,
    output: OutputOpt = None,
    max_catalog_mib: MaxMibOpt = 25,
) -> None:
    """What if: two plan requests and how their plans differ.

    Side A is the options before --vs; side B is side A with the options after --vs in
    their place (a repeated option such as --have is replaced, not added to). Shown: each
    side's totals, the steps B adds and drops, steps that move, the cost and months B adds
    or saves. Exit 2 when --vs is missing, empty or changes nothing.

    Example: aipath compare --role nurse --vs --role informaticist
    """
    from .commands import compare as command

    side_a = dict(
        role=role, have=have, no_assume=no_assume, profile=profile, goal=goal, skills=skills,
        certificates_only=certificates_only, max_cost=max_cost, max_months=max_months,
        optimize=optimize, stale_months=stale_months, today=today,
        hours_per_week=hours_per_week, catalog=catalog,
    )
    command.run(side_a=side_a, side_b=ctx.meta.get(opt.VS) if vs else None, format_=format_,
                output=output, max_catalog_mib=max_catalog_mib)


@app.command("list")
@_command
def list_(
    type_: Annotated[
        list[str] | None,
        typer.Option(
            "--type",
            metavar="TYPE",
            autocompletion=complete.types,
            help="Type or family (academic, professional, executive, micro, licensure); repeatable.",
        ),
    ] = None,
    role: Annotated[str | None, typer.Option(metavar="ROLE", autocompletion=complete.roles, help="Only credentials open to this role.")] = None,
    skill: Annotated[str | None, typer.Option(metavar="TAG", autocompletion=complete.skills, help="Only credentials teaching this skill tag.")] = None,
    provider: Annotated[str | None, typer.Option(metavar="TEXT", help="Provider name contains this text.")] = None,
    delivery: Annotated[str | None, typer.Option(metavar="MODE", autocompletion=complete.choices("DELIVERIES"), help="online, in-person, hybrid or unknown.")] = None,
    level: Annotated[str | None, typer.Option(metavar="LEVEL", autocompletion=complete.choices("LEVELS"), help="undergraduate, graduate, postgraduate, professional, introductory.")] = None,
    max_cost: Annotated[float | None, typer.Option(metavar="USD", callback=_in_range("max_cost"), help="Known minimum cost at most USD.")] = None,
    status: Annotated[str | None, typer.Option(metavar="STATUS", autocompletion=complete.choices("STATUSES"), help="active, new, retiring, retired, renamed, archived, unclear.")] = None,
    recognition: Annotated[
        list[str] | None,
        typer.Option(
            metavar="KIND",
            autocompletion=complete.recognitions,
            help="Recognition kind (abms-board, nursing-board, accredited-certification, ...; board = both boards); repeatable.",
        ),
    ] = None,
    format_: Annotated[choices.ListFormat, typer.Option("--format", "-f", help="table (default), json or csv.")] = choices.ListFormat.table,
    output: OutputOpt = None,
    catalog: CatalogOpt = None,
    max_catalog_mib: MaxMibOpt = 25,
) -> None:
    """Browse the catalogue of credentials.

    Example: aipath list --type academic --role nurse
    """
    from .commands import list as command

    command.run(
        type_=type_, role=role, skill=skill, provider=provider, delivery=delivery, level=level,
        max_cost=max_cost, status=status, recognition=recognition, format_=format_,
        output=output, catalog=catalog, max_catalog_mib=max_catalog_mib,
    )


@app.command()
@_command
def show(
    credential_id: Annotated[str, typer.Argument(metavar="ID", autocompletion=complete.credential_ids, help="A credential id (see aipath list).")],
    today: Annotated[str | None, typer.Option(metavar="YYYY-MM-DD", help="Mark routes open or closed as of this date (default today).")] = None,
    format_: Annotated[choices.ShowFormat, typer.Option("--format", "-f", help="table (default), json, mermaid or dot.")] = choices.ShowFormat.table,
    output: OutputOpt = None,
    catalog: CatalogOpt = None,
    max_catalog_mib: MaxMibOpt = 25,
) -> None:
    """One credential: facts, recognition, sources, prerequisites.

    Prerequisites are drawn as "all of" / "one of" trees, each route marked open or closed
    as of --today, with what the credential unlocks.

    Example: aipath show ancc-informatics-nursing
    """
    from .commands import show as command

    command.run(credential_id=credential_id, today=today, format_=format_, output=output,
                catalog=catalog, max_catalog_mib=max_catalog_mib)


@app.command()
@_command
def roles(
    format_: Annotated[choices.TableJson, typer.Option("--format", "-f", help="table (default) or json.")] = choices.TableJson.table,
    output: OutputOpt = None,
    catalog: CatalogOpt = None,
    max_catalog_mib: MaxMibOpt = 25,
) -> None:
    """The roles: assumed holdings and target skills.

    Example: aipath roles --format json
    """
    from .commands import roles as command

    command.run(format_=format_, output=output, catalog=catalog, max_catalog_mib=max_catalog_mib)


@app.command()
@_command
def skills(
    role: Annotated[str | None, typer.Option(metavar="ROLE", autocompletion=complete.roles, help="Count only credentials open to this role.")] = None,
    format_: Annotated[choices.TableJson, typer.Option("--format", "-f", help="table (default) or json.")] = choices.TableJson.table,
    output: OutputOpt = None,
    catalog: CatalogOpt = None,
    max_catalog_mib: MaxMibOpt = 25,
) -> None:
    """The skill tags: what each covers and how many credentials teach it.

    Example: aipath skills --role nurse
    """
    from .commands import skills as command

    command.run(role=role, format_=format_, output=output, catalog=catalog,
                max_catalog_mib=max_catalog_mib)


@app.command()
@_command
def lint(
    strict: Annotated[bool, typer.Option(help="Exit 1 when there are warnings; the report still goes to stdout (it is the result).")] = False,
    stale_months: Annotated[int, typer.Option(metavar="N", callback=_in_range("stale_months"), help="Evidence older than N months is stale.")] = 18,
    today: Annotated[str | None, typer.Option(metavar="YYYY-MM-DD", help="Judge staleness against this date.")] = None,
    format_: Annotated[choices.TableJson, typer.Option("--format", "-f", help="table (default) or json.")] = choices.TableJson.table,
    output: OutputOpt = None,
    catalog: CatalogOpt = None,
    max_catalog_mib: MaxMibOpt = 25,
) -> None:
    """Check a catalogue: warnings and data coverage.

    The report is the result, so it goes to stdout, also when --strict exits 1 for warnings
    (the one exit code other than 0 that comes with stdout). A catalogue that does not load
    is one line on stderr and exit 1, like every command.

    Example: aipath lint --catalog data/credentials.yaml --strict
    """
    from .commands import lint as command

    code = command.run(strict=strict, stale_months=stale_months, today=today, format_=format_,
                       output=output, catalog=catalog, max_catalog_mib=max_catalog_mib)
    if code:
        raise typer.Exit(code)


@app.command()
@_command
def export(
    format_: Annotated[choices.ExportFormat, typer.Option("--format", "-f", help="json (default, the catalogue format), ctdl, mermaid or dot.")] = choices.ExportFormat.json,
    output: OutputOpt = None,
    catalog: CatalogOpt = None,
    max_catalog_mib: MaxMibOpt = 25,
) -> None:
    """Export the whole validated catalogue.

    The JSON is in the catalogue format: --catalog reads it back.

    Example: aipath export --format json --output catalogue.json
    """
    from .commands import export as command

    command.run(format_=format_, output=output, catalog=catalog, max_catalog_mib=max_catalog_mib)


@app.command()
@_command
def completion(
    shell: Annotated[choices.Shell, typer.Argument(metavar="SHELL", help="bash, zsh, fish or powershell.")],
) -> None:
    """Print the shell completion script (ids, roles, skills and options complete).

    Install it once, for example:

      aipath completion bash > ~/.local/share/bash-completion/completions/aipath

      aipath completion zsh > ~/.zfunc/_aipath

      aipath completion fish > ~/.config/fish/completions/aipath.fish

    The script calls aipath only when you press Tab, so it adds nothing to start-up.

    Example: aipath completion bash > ~/.local/share/bash-completion/completions/aipath
    """
    from .commands import completion as command

    command.run(shell=shell.value)


def main() -> None:
    """Console-script entry point."""
    import gc

    if complete.COMPLETE_VAR in os.environ:  # the shell asks for completions
        complete.enable()

    # A short-lived process: the cyclic GC only slows start-up and loading (perf-baseline §4).
    gc.disable()
    for stream in (sys.stdout, sys.stderr):
        # PYTHONIOENCODING=ascii and friends: escape what cannot be encoded, never crash.
        if stream is not None and hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    app()
