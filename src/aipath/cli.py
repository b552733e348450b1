"""The ``aipath`` command line: parse options, call one library function, render, map errors.

Heavy modules (yaml, networkx, rich tables) are imported inside the commands so that
``aipath --help`` stays fast (SPEC §9).
"""

from __future__ import annotations

import contextlib
import functools
import io
import os
import re
import sys
from collections.abc import Callable
from enum import Enum
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer
from typer._click.exceptions import UsageError as ClickUsageError  # typer 0.28 vendors click

from . import _complete as complete
from .errors import AipathError, CatalogError, StdoutError, UsageError

if TYPE_CHECKING:
    import datetime as _dt

    from .models import Catalog

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


class TableJson(str, Enum):
    table = "table"
    json = "json"


class ListFormat(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"


class ExportFormat(str, Enum):
    json = "json"
    ctdl = "ctdl"
    mermaid = "mermaid"
    dot = "dot"


class ShowFormat(str, Enum):
    table = "table"
    json = "json"
    mermaid = "mermaid"
    dot = "dot"


class PlanFormat(str, Enum):
    table = "table"
    json = "json"
    tree = "tree"
    mermaid = "mermaid"
    dot = "dot"
    ctdl = "ctdl"
    html = "html"


class Optimize(str, Enum):
    balanced = "balanced"
    cost = "cost"
    time = "time"


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


# --- plumbing ---------------------------------------------------------------------------

# Files the running command reads; --output must never replace them. Reset per command.
_READING: list[str] = []


def _command(fn: Callable[..., None]) -> Callable[..., None]:
    """Every command: user errors (AipathError) become one line on stderr and their exit code."""

    @functools.wraps(fn)
    def run(*args: Any, **kwargs: Any) -> None:
        _READING.clear()
        try:
            fn(*args, **kwargs)
        except AipathError as exc:
            _fail(exc)

    return run


# What each file extension holds; -o and --format must agree when the extension is known.
_EXTENSIONS = {
    ".json": ("json", "ctdl"), ".jsonld": ("ctdl",), ".csv": ("csv",), ".svg": ("dot",),
    ".dot": ("dot",), ".gv": ("dot",), ".mmd": ("mermaid",), ".mermaid": ("mermaid",),
    ".txt": ("table", "tree"), ".text": ("table", "tree"),
    ".html": ("html",), ".htm": ("html",),
    ".png": (), ".pdf": (), ".jpg": (), ".jpeg": (),
}


def _output(output: str | None, fmt: Enum) -> str | None:
    """``-o`` checked against ``--format``: ``-`` is stdout; a known extension must match."""
    if output is None or output == "-":
        return None
    ext = os.path.splitext(output)[1].lower()
    if ext in _EXTENSIONS and fmt.value not in _EXTENSIONS[ext]:
        # Only formats this command has: `list -o x.html` must not suggest --format html.
        allowed = [f for f in _EXTENSIONS[ext] if f in {m.value for m in type(fmt)}]
        hint = (
            f"use --format {' or '.join(allowed)}" if allowed
            else f"this command writes no {ext} files" if _EXTENSIONS[ext]
            else "aipath writes .svg pictures (--format dot -o FILE.svg), .html pages "
                 "(plan --format html) and text formats"
        )
        raise UsageError(f"{output} is a {ext} file but --format is {fmt.value}; {hint}",
                         option="--output")
    return output


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
    """One message line on stderr, made safe for the terminal (errors, warnings, notes)."""
    from ._text import terminal

    with contextlib.suppress(OSError, ValueError, AttributeError):  # stderr itself may be gone
        sys.stderr.write(terminal(line) + "\n")
        sys.stderr.flush()


def _load(path: str | None, max_mib: float) -> Catalog:
    from .catalog import builtin_catalog_file, load_catalog

    _READING.append(str(path) if path is not None else str(builtin_catalog_file()))
    return load_catalog(path, max_bytes=int(max_mib * 1024 * 1024))


def _stdout_lost(exc: BaseException | None) -> NoReturn:
    # Point fd 1 at /dev/null so the interpreter's exit-time flush cannot fail a second time.
    with contextlib.suppress(OSError, ValueError, AttributeError, io.UnsupportedOperation):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    if exc is None:
        reason = "it is closed"
    elif isinstance(exc, BrokenPipeError):
        reason = "the pipe was closed"
    else:
        reason = getattr(exc, "strerror", None) or str(exc)
    raise StdoutError(f"cannot write the result to stdout: {reason}")


def _write(text: str, output: str | None) -> None:
    if output is None:
        if sys.stdout is None:
            _stdout_lost(None)
        try:
            sys.stdout.write(text)
            sys.stdout.flush()
        except OSError as exc:
            _stdout_lost(exc)
        return
    from ._io import write_atomic

    write_atomic(output, text, protect=_READING)
    _say(f"wrote {output}")


def _draw(fig: Any, mermaid: bool, output: str | None) -> None:
    """Write a figure as Mermaid or DOT, or as SVG through Graphviz when --output ends in .svg."""
    from .render.pictures import picture_text

    svg_file = output is not None and output.lower().endswith(".svg")
    _write(picture_text(fig, mermaid=mermaid, svg_file=svg_file), output)


def _html(cat: Any, result: Any, output: str | None) -> None:
    """The plan as a page; its picture only where Graphviz can draw it (a note says when not)."""
    import shutil

    from .errors import OutputError
    from .render.html import plan_html
    from .render.pictures import plan_svg

    picture = None
    if shutil.which("dot") is None:
        _say("note: Graphviz 'dot' not found; the report has no picture")
    else:
        try:
            picture = plan_svg(cat, result)
        except OutputError as exc:  # the page is still worth having without it
            _say(f"note: {exc}; the report has no picture")
    try:
        page = plan_html(cat, result, picture_svg=picture)
    except ValueError as exc:  # dot wrote something that is not SVG: keep the page, say so
        _say(f"note: {exc}; the report has no picture")
        page = plan_html(cat, result, picture_svg=None)
    if output is None and not _stdout_utf8():  # character references read the same in a browser
        page = page.encode("ascii", "xmlcharrefreplace").decode("ascii")
    _write(page, output)


def _json(doc: Any, output: str | None) -> None:
    from .render.json import dumps

    # A stdout that is not UTF-8 (PYTHONIOENCODING=ascii) gets \u escapes, which stay JSON.
    _write(dumps(doc, ascii_only=output is None and not _stdout_utf8()), output)


def _stdout_utf8() -> bool:
    encoding = (getattr(sys.stdout, "encoding", None) or "utf-8").lower().replace("-", "")
    return encoding == "utf8"


def _width() -> int | None:
    """COLUMNS if it is a sane width; rich would take COLUMNS=0 literally and draw nothing."""
    raw = os.environ.get("COLUMNS", "").strip()
    if not raw:
        return None
    return int(raw) if raw.isdigit() and 20 <= int(raw) <= 1000 else 80


_PADDING = re.compile(r"(?:[ ]|\x1b\[[0-9;]*m)+$", re.M)  # a line's tail of spaces and styles
_STYLE = re.compile(r"\x1b\[[0-9;]*m")


def _trim(text: str) -> str:
    """Each line without the trailing spaces rich pads tables and wrapped text with."""
    return _PADDING.sub(lambda m: "".join(_STYLE.findall(m.group())), text)


def _rich(layout: Callable[[int], Any], output: str | None) -> None:
    """Print ``layout(width)``: the renderable laid out for the width it is printed at."""
    from rich.console import Console

    if output is None:
        if sys.stdout is None:
            _stdout_lost(None)
        import shutil

        tty = sys.stdout.isatty()
        width = _width() or (shutil.get_terminal_size().columns if tty else 80)
        buf = io.StringIO()
        # Rendered to text first so trailing padding can go; colours only on a terminal.
        # crop=False: a URL longer than the width stays whole (the layout gives it its own line).
        Console(highlight=False, file=buf, width=width, force_terminal=tty,
                color_system="auto" if tty else None).print(layout(width), crop=False)
        text = _trim(buf.getvalue())
        if not (tty and _page(text)):
            _write(text, None)
        return
    console = Console(record=True, width=100, file=io.StringIO(), highlight=False)
    console.print(layout(100), crop=False)
    _write(_trim(console.export_text()), output)


def _pager() -> list[str] | None:
    """The pager command: AIPATH_PAGER, then PAGER, then ``less`` if installed; '' or 'cat' is none."""
    import shlex
    import shutil

    for var in ("AIPATH_PAGER", "PAGER"):
        if var in os.environ:
            cmd = os.environ[var].strip()
            if cmd in ("", "cat"):
                return None
            try:
                return shlex.split(cmd)
            except ValueError:
                return None
    return ["less"] if shutil.which("less") else None


def _page(text: str) -> bool:
    """Show ``text`` through the pager when it is taller than the terminal, as gh and git do.

    Returns False when no pager applies, so the caller writes to stdout itself.
    """
    import shutil
    import subprocess

    cmd = _pager()
    if cmd is None or text.count("\n") < shutil.get_terminal_size().lines:
        return False
    # -F quits at once on a short page, -R passes colours, -X keeps the text on screen after.
    env = {**os.environ, "LESS": os.environ.get("LESS", "FRX")}
    try:
        proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, env=env,
                                encoding=sys.stdout.encoding or "utf-8", errors="backslashreplace")
    except OSError:
        return False  # a PAGER that does not run: the text goes to stdout instead
    try:
        assert proc.stdin is not None
        proc.stdin.write(text)
        proc.stdin.close()
    except (BrokenPipeError, OSError):
        pass  # the reader quit the pager before the end: that is not an error
    while True:
        try:
            proc.wait()
            return True
        except KeyboardInterrupt:  # Ctrl-C belongs to the pager while it runs
            continue


def _parse_today(value: str | None) -> _dt.date:
    import datetime as _dt

    if value is None:
        return _dt.date.today()
    try:
        return _dt.date.fromisoformat(value)
    except ValueError:
        raise UsageError(f"'{value}' is not a date YYYY-MM-DD", option="--today") from None


def _version(value: bool) -> None:
    if value:
        from importlib.metadata import version

        try:
            _write(f"aipath {version('aipath')}\n", None)
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
    optimize: Annotated[Optimize, typer.Option(help="What to minimise when choosing.")] = Optimize.balanced,
    stale_months: Annotated[int, typer.Option(metavar="N", callback=_in_range("stale_months"), help="Facts older than N months are flagged stale.")] = 18,
    today: Annotated[str | None, typer.Option(metavar="YYYY-MM-DD", help="Judge staleness against this date.")] = None,
    hours_per_week: Annotated[float | None, typer.Option(metavar="H", callback=_in_range("hours_per_week"), help="Study hours a week for effort-based durations (default 10).")] = None,
    format_: Annotated[PlanFormat, typer.Option("--format", "-f", help="table (default), json, tree, mermaid, dot, ctdl (JSON-LD) or html (a self-contained page to share).")] = PlanFormat.table,
    output: OutputOpt = None,
    catalog: CatalogOpt = None,
    max_catalog_mib: MaxMibOpt = 25,
) -> None:
    """Plan the stack for a role: core degree, then certificates.

    Missing prerequisites come first; every step says why it is there.

    Example: aipath plan --role nurse --have amia-10x10-ohsu --max-cost 50000
    """
    from .catalog import load_profile, unmatched_asserts
    from .graph import build_graph
    from .planner import build_request
    from .planner import plan as make_plan

    output = _output(output, format_)
    day = _parse_today(today)
    cat = _load(catalog, max_catalog_mib)
    if profile is not None:
        _READING.append(profile)
    prof = load_profile(profile, cat, today=day) if profile is not None else None
    for line in unmatched_asserts(prof, cat) if prof is not None else ():
        _say(f"warning: {line}")
    req = build_request(
        cat, role=role, have=have or (), no_assume=no_assume, profile=prof, goal=goal,
        skills=skills, certificates_only=certificates_only, max_cost=max_cost,
        max_months=max_months, optimize=optimize.value, stale_months=stale_months,
        today=day, hours_per_week=hours_per_week,
    )
    result = make_plan(cat, build_graph(cat), req)
    held = {h.id: h.source for h in req.holdings}
    if req.goal in held:  # the plan has nothing to add for it: say so rather than drop it
        _say(f"note: goal {req.goal} is already held ({held[req.goal]}); the plan does not add it")

    _render_plan(cat, result, req, format_, output, profile=profile, no_assume=no_assume,
                 certificates_only=certificates_only, stale_months=stale_months)


def _render_plan(cat: Any, result: Any, req: Any, format_: PlanFormat, output: str | None,
                 **query: Any) -> None:

    if format_ is PlanFormat.json:
        doc = {
            "role": req.role.id,
            "have": [h.id for h in req.holdings if h.source == "have"],
            "no_assume": query["no_assume"],
            "profile": query["profile"],
            "goal": req.goal,
            "skills": list(req.target_skills) if req.target_skills is not None else None,
            "certificates_only": query["certificates_only"],
            "max_cost": req.max_cost,
            "max_months": req.max_months,
            "optimize": req.optimize,
            "stale_months": query["stale_months"],
            "today": req.today,
            "hours_per_week": req.hours_per_week,
        }
        from .render.json import plan_json

        _json(plan_json(cat, result, doc), output)
    elif format_ is PlanFormat.tree:
        from .render.tree import plan_tree

        _rich(lambda _width: plan_tree(cat, result), output)
    elif format_ in (PlanFormat.mermaid, PlanFormat.dot):
        from .exports import plan_figure

        _draw(plan_figure(cat, result), format_ is PlanFormat.mermaid, output)
    elif format_ is PlanFormat.ctdl:
        from .exports import plan_ctdl

        _json(plan_ctdl(cat, result), output)
    elif format_ is PlanFormat.html:
        _html(cat, result, output)
    else:
        from .render.plan_table import plan_table

        _rich(lambda width: plan_table(cat, result, width=width), output)


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
    format_: Annotated[ListFormat, typer.Option("--format", "-f", help="table (default), json or csv.")] = ListFormat.table,
    output: OutputOpt = None,
    catalog: CatalogOpt = None,
    max_catalog_mib: MaxMibOpt = 25,
) -> None:
    """Browse the catalogue of credentials.

    Example: aipath list --type academic --role nurse
    """
    from . import models
    from .query import (
        Filters,
        filter_credentials,
        resolve_recognitions,
        resolve_role,
        resolve_types,
    )

    output = _output(output, format_)
    for value, option, valid in (
        (delivery, "--delivery", models.DELIVERIES),
        (level, "--level", models.LEVELS),
        (status, "--status", models.STATUSES),
    ):
        if value is not None and value not in valid:
            raise UsageError(f"'{value}' is not one of: {', '.join(valid)}", option=option)
    types = None
    if type_:
        types = resolve_types([t for v in type_ for t in v.split(",") if t.strip()])
    kinds = resolve_recognitions(recognition) if recognition else None
    cat = _load(catalog, max_catalog_mib)
    role_id = resolve_role(cat, role).id if role is not None else None
    filters = Filters(
        types=types, role=role_id, skill=skill, provider=provider, delivery=delivery,
        level=level, max_cost=max_cost, status=status, recognition=kinds,
    )
    creds = filter_credentials(cat, filters)
    query = {
        "type": sorted(types) if types is not None else None,
        "role": role_id, "skill": skill, "provider": provider, "delivery": delivery,
        "level": level, "max_cost": max_cost, "status": status,
        "recognition": sorted(kinds) if kinds is not None else None,
    }

    if format_ is ListFormat.json:
        from .render.json import credentials_json

        _json(credentials_json(cat, creds, query), output)
    elif format_ is ListFormat.csv:
        from .render.csv import credentials_csv

        _write(credentials_csv(creds), output)
    else:
        title = f"{len(creds)} of {len(cat.credentials)} credentials"
        from .render.tables import credentials_table

        _rich(lambda width: credentials_table(creds, title, width=width), output)


@app.command()
@_command
def show(
    credential_id: Annotated[str, typer.Argument(metavar="ID", autocompletion=complete.credential_ids, help="A credential id (see aipath list).")],
    today: Annotated[str | None, typer.Option(metavar="YYYY-MM-DD", help="Mark routes open or closed as of this date (default today).")] = None,
    format_: Annotated[ShowFormat, typer.Option("--format", "-f", help="table (default), json, mermaid or dot.")] = ShowFormat.table,
    output: OutputOpt = None,
    catalog: CatalogOpt = None,
    max_catalog_mib: MaxMibOpt = 25,
) -> None:
    """One credential: facts, recognition, sources, prerequisites.

    Prerequisites are drawn as "all of" / "one of" trees, each route marked open or closed
    as of --today, with what the credential unlocks.

    Example: aipath show ancc-informatics-nursing
    """
    from .query import get_credential

    output = _output(output, format_)
    day = _parse_today(today).isoformat()
    cat = _load(catalog, max_catalog_mib)
    cred = get_credential(cat, credential_id)

    if format_ is ShowFormat.json:
        from .render.json import show_json

        _json(show_json(cat, cred, today=day), output)
    elif format_ in (ShowFormat.mermaid, ShowFormat.dot):
        from .exports import credential_figure

        _draw(credential_figure(cat, cred.id), format_ is ShowFormat.mermaid, output)
    else:
        from .render.show import show_renderable

        _rich(lambda width: show_renderable(cat, cred, today=day, width=width), output)


@app.command()
@_command
def roles(
    format_: Annotated[TableJson, typer.Option("--format", "-f", help="table (default) or json.")] = TableJson.table,
    output: OutputOpt = None,
    catalog: CatalogOpt = None,
    max_catalog_mib: MaxMibOpt = 25,
) -> None:
    """The roles: assumed holdings and target skills.

    Example: aipath roles --format json
    """
    output = _output(output, format_)
    cat = _load(catalog, max_catalog_mib)

    if format_ is TableJson.json:
        from .render.json import roles_json

        _json(roles_json(cat), output)
    else:
        from .render.tables import roles_table

        _rich(lambda width: roles_table(cat, width=width), output)


@app.command()
@_command
def skills(
    role: Annotated[str | None, typer.Option(metavar="ROLE", autocompletion=complete.roles, help="Count only credentials open to this role.")] = None,
    format_: Annotated[TableJson, typer.Option("--format", "-f", help="table (default) or json.")] = TableJson.table,
    output: OutputOpt = None,
    catalog: CatalogOpt = None,
    max_catalog_mib: MaxMibOpt = 25,
) -> None:
    """The skill tags: what each covers and how many credentials teach it.

    Example: aipath skills --role nurse
    """
    from .query import resolve_role

    output = _output(output, format_)
    cat = _load(catalog, max_catalog_mib)
    role_id = resolve_role(cat, role).id if role is not None else None

    if format_ is TableJson.json:
        from .render.json import skills_json

        _json(skills_json(cat, role_id), output)
    else:
        from .render.tables import skills_table

        _rich(lambda width: skills_table(cat, role_id, width=width), output)


@app.command()
@_command
def lint(
    strict: Annotated[bool, typer.Option(help="Exit 1 when there are warnings; the report still goes to stdout (it is the result).")] = False,
    stale_months: Annotated[int, typer.Option(metavar="N", callback=_in_range("stale_months"), help="Evidence older than N months is stale.")] = 18,
    today: Annotated[str | None, typer.Option(metavar="YYYY-MM-DD", help="Judge staleness against this date.")] = None,
    format_: Annotated[TableJson, typer.Option("--format", "-f", help="table (default) or json.")] = TableJson.table,
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
    from .lint import lint_catalog

    output = _output(output, format_)
    day = _parse_today(today)
    cat = _load(catalog, max_catalog_mib)
    report = lint_catalog(cat, today=day, stale_months=stale_months)

    if format_ is TableJson.json:
        from .render.json import lint_json

        _json(lint_json(cat, report), output)
    else:
        from .render.tables import lint_table

        _rich(lambda width: lint_table(report, width=width), output)
    if strict and report.warnings:
        raise typer.Exit(1)


@app.command()
@_command
def export(
    format_: Annotated[ExportFormat, typer.Option("--format", "-f", help="json (default, the catalogue format), ctdl, mermaid or dot.")] = ExportFormat.json,
    output: OutputOpt = None,
    catalog: CatalogOpt = None,
    max_catalog_mib: MaxMibOpt = 25,
) -> None:
    """Export the whole validated catalogue.

    The JSON is in the catalogue format: --catalog reads it back.

    Example: aipath export --format json --output catalogue.json
    """
    output = _output(output, format_)
    cat = _load(catalog, max_catalog_mib)

    if format_ is ExportFormat.json:
        from .render.json import catalog_json

        _json(catalog_json(cat), output)
    elif format_ is ExportFormat.ctdl:
        from .exports import catalog_ctdl

        _json(catalog_ctdl(cat), output)
    else:
        from .exports import catalog_figure

        _draw(catalog_figure(cat), format_ is ExportFormat.mermaid, output)


class Shell(str, Enum):
    bash = "bash"
    zsh = "zsh"
    fish = "fish"
    powershell = "powershell"


@app.command()
@_command
def completion(
    shell: Annotated[Shell, typer.Argument(metavar="SHELL", help="bash, zsh, fish or powershell.")],
) -> None:
    """Print the shell completion script (ids, roles, skills and options complete).

    Install it once, for example:

      aipath completion bash > ~/.local/share/bash-completion/completions/aipath

      aipath completion zsh > ~/.zfunc/_aipath

      aipath completion fish > ~/.config/fish/completions/aipath.fish

    The script calls aipath only when you press Tab, so it adds nothing to start-up.

    Example: aipath completion bash > ~/.local/share/bash-completion/completions/aipath
    """
    _write(complete.script(shell.value), None)


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
