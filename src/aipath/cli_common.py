"""What every command of the command line shares: the one-line usage errors, the options
every command takes (``--catalog``, ``--output``, ``--max-catalog-mib``), the range check of
numeric options, and the wrapper that turns a user error into one line and its exit code.

Used by :mod:`aipath.cli` and the sub-apps (:mod:`aipath.cli_import`). Typer only.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Annotated, Any, NoReturn

import typer
from typer._click.exceptions import UsageError as ClickUsageError  # typer 0.28 vendors click

from .errors import AipathError, CatalogError, UsageError

__all__ = ["CatalogOpt", "MaxMibOpt", "OutputOpt", "_Group", "_command", "_fail", "_in_range",
           "_say"]


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


CatalogOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--catalog",
        metavar="PATH",
        help="Catalogue file (YAML or JSON); repeat to plan over several (the first declares "
             "roles and skills; a registry import fills the figures it lacks). "
             "Default: the one shipped with aipath.",
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
                 help="Refuse catalogue files (and plan's --have-from files) larger than this."),
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
