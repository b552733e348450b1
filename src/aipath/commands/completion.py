"""``aipath completion SHELL``: print the shell's completion script (see ``aipath._complete``)."""

from __future__ import annotations

from .. import _complete as complete
from .output import write

__all__ = ["run"]


def run(*, shell: str) -> None:
    write(complete.script(shell), None)
