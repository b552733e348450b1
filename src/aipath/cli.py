"""The ``aipath`` command line, only the wiring: each command's options (Typer), one call to
its module in ``aipath.commands``, and errors mapped to one line on stderr and an exit code.

A command's module (and with it yaml, networkx, rich) is imported only when the command runs,
so that ``aipath --help`` stays fast (SPEC §9). What is printed is in ``aipath.render``.
"""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable
from typing import Annotated, Any, NoReturn

import typer
from typer._click.exceptions import UsageError as ClickUsageError  # typer 0.28 vendors click

from . import _complete as complete
from .commands import choices
from .errors import AipathError, CatalogError, UsageError

__all__ = ["app", "main"]

class _Group(typer.core.TyperGroup):
    """Usage errors as one line on stderr (exit 2), as aipath's own errors are, not click's block."""

    def make_context(self, *args: Any, **kwargs: Any) -> Any:
        try:
            return super().make_context(*args, **kwargs)
        except ClickUsageError as exc:
            _usage_error(exc)

    def invoke(self, ctx: Any) -> Any:
        words = [*getattr(ctx, "_protected_args", ()), *ctx.args]
        name = words[0] if words and words[0] in self.commands else None
        try:
            return super().invoke(ctx)
        except ClickUsageError as exc:
            _usage_error(exc, f"{ctx.command_path} {name}" if name else None)


def _usage_error(exc: Any, command: str | None = None) -> NoReturn:
    if type(exc).__name__ == "NoArgsIsHelpError":  # bare `aipath`: the help is the message
        exc.show()
        raise typer.Exit(exc.exit_code)

    where = command or (exc.ctx.command_path if exc.ctx is not None else "aipath")
    _say(f"Error: {exc.format_message().rstrip('.')} (see {where} --help)")
    raise typer.Exit(exc.exit_code)


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


CatalogOpt = Annotated[
    str | None,
    typer.Option(
        "--catalog",
        metavar="PATH",
        help="Catalogue file (YAML or JSON). Default: the one shipped with aipath.",
    ),
]


def _in_range(name: str) -> Any:
    """The one check for numeric options: finite and inside ``_numbers.RANGES[name]`` (exit 2)."""

    def check(param: typer.CallbackParam, value: Any) -> Any:
        if value is not None:
            from ._numbers import check_range

            problem = check_range(value, name)
            if problem is not None:
                raise typer.BadParameter(problem, param=param)
        return value

    return check


MaxMibOpt = Annotated[
    float,
    typer.Option("--max-catalog-mib", metavar="MIB", callback=_in_range("max_catalog_mib"),
                 help="Refuse catalogue files larger than this."),
]
OutputOpt = Annotated[
    str | None,
    typer.Option("--output", "-o", metavar="FILE", help="Write to FILE (atomically) instead of stdout; '-' is stdout. A known extension must match --format (.svg needs --format dot)."),
]


# --- errors: one line on stderr and an exit code ----------------------------------------


def _command(fn: Callable[..., None]) -> Callable[..., None]:
    """Every command: user errors (AipathError) become one line on stderr and their exit code."""

    @functools.wraps(fn)
    def run(*args: Any, **kwargs: Any) -> None:
        from .commands.common import READING

        READING.clear()  # the files this command reads, which --output must never replace
        try:
            fn(*args, **kwargs)
        except AipathError as exc:
            _fail(exc)

    return run


def _fail(exc: AipathError) -> NoReturn:
    if isinstance(exc, CatalogError):
        line = str(exc)
    elif isinstance(exc, UsageError) and exc.option:
        line = f"Error: invalid value for '{exc.option}': {exc}"
    else:
        line = f"Error: {exc}"
    _say(line)
    raise typer.Exit(exc.exit_code)


def _say(line: str) -> None:
    from .commands.output import say

    say(line)


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
    role: Annotated[str | None, typer.Option(metavar="ROLE", autocompletion=complete.roles, help="physician, nurse, informaticist, data-scientist (or any background the catalogue defines).")] = None,
    have: Annotated[list[str] | None, typer.Option(metavar="ID[,ID...]", autocompletion=complete.credential_ids, help="Credentials you already hold; repeatable.")] = None,
    no_assume: Annotated[bool, typer.Option("--no-assume", help="Do not assume the role's usual holdings.")] = False,
    profile: Annotated[str | None, typer.Option(metavar="FILE", help="A profile YAML (background, holds, asserts, experience, constraints, goal).")] = None,
    goal: Annotated[str | None, typer.Option(metavar="ID", autocompletion=complete.credential_ids, help="A credential that must be in the plan.")] = None,
    skills: Annotated[list[str] | None, typer.Option(metavar="TAG[,TAG...]", autocompletion=complete.skills, help="Target skills instead of the role's.")] = None,
    certificates_only: Annotated[bool, typer.Option("--certificates-only", help="No core degree.")] = False,
    max_cost: Annotated[float | None, typer.Option(metavar="USD", callback=_in_range("max_cost"), help="Cap on the plan's known minimum cost.")] = None,
    max_months: Annotated[float | None, typer.Option(metavar="N", callback=_in_range("max_months"), help="Cap on months along the critical path.")] = None,
    optimize: Annotated[choices.Optimize, typer.Option(help="What to minimise when choosing.")] = choices.Optimize.balanced,
    stale_months: Annotated[int, typer.Option(metavar="N", callback=_in_range("stale_months"), help="Facts older than N months are flagged stale.")] = 18,
    today: Annotated[str | None, typer.Option(metavar="YYYY-MM-DD", help="Judge staleness against this date.")] = None,
    hours_per_week: Annotated[float | None, typer.Option(metavar="H", callback=_in_range("hours_per_week"), help="Study hours a week for effort-based durations (default 10).")] = None,
    horizon_years: Annotated[float | None, typer.Option(metavar="N", callback=_in_range("horizon_years"), help="Add the renewal fees and CE hours of planned and held credentials over N years (0 < N <= 50).")] = None,
    format_: Annotated[choices.PlanFormat, typer.Option("--format", "-f", help="table (default), json, tree, mermaid, dot, gantt (a Mermaid timeline), ctdl (JSON-LD) or html (a self-contained page to share).")] = choices.PlanFormat.table,
    start: Annotated[str | None, typer.Option(metavar="YYYY-MM", help="The month the timeline (--format gantt) starts in (default: the month of --today).")] = None,
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
    )


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
