"""Where a command's result goes: stdout or ``-o FILE``, laid out for the width, through the
pager on a terminal; and its messages, one line each on stderr.

Stdlib only at import; rich is imported by ``write_rich`` alone.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import sys
from collections.abc import Callable
from typing import Any, NoReturn

from ..errors import StdoutError
from .common import READING

__all__ = ["draw", "say", "stdout_utf8", "write", "write_json", "write_rich"]


def say(line: str) -> None:
    """One message line on stderr, made safe for the terminal (errors, warnings, notes)."""
    from .._text import terminal

    with contextlib.suppress(OSError, ValueError, AttributeError):  # stderr itself may be gone
        sys.stderr.write(terminal(line) + "\n")
        sys.stderr.flush()


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


def write(text: str, output: str | None) -> None:
    if output is None:
        if sys.stdout is None:
            _stdout_lost(None)
        try:
            sys.stdout.write(text)
            sys.stdout.flush()
        except OSError as exc:
            _stdout_lost(exc)
        return
    from .._io import write_atomic

    write_atomic(output, text, protect=READING)
    say(f"wrote {output}")


def write_json(doc: Any, output: str | None) -> None:
    from ..render.json import dumps

    # A stdout that is not UTF-8 (PYTHONIOENCODING=ascii) gets \u escapes, which stay JSON.
    write(dumps(doc, ascii_only=output is None and not stdout_utf8()), output)


def stdout_utf8() -> bool:
    encoding = (getattr(sys.stdout, "encoding", None) or "utf-8").lower().replace("-", "")
    return encoding == "utf8"


def draw(fig: Any, mermaid: bool, output: str | None) -> None:
    """Write a figure as Mermaid or DOT, or as SVG through Graphviz when --output ends in .svg."""
    from ..render.pictures import picture_text

    svg_file = output is not None and output.lower().endswith(".svg")
    write(picture_text(fig, mermaid=mermaid, svg_file=svg_file), output)


# --- tables and trees: laid out for the width, paged on a terminal ----------------------


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


def write_rich(layout: Callable[[int], Any], output: str | None) -> None:
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
            write(text, None)
        return
    console = Console(record=True, width=100, file=io.StringIO(), highlight=False)
    console.print(layout(100), crop=False)
    write(_trim(console.export_text()), output)


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
