"""Shell completion: the scripts ``aipath completion SHELL`` prints, and the value completers.

Nothing here runs at normal start-up: the completers are called only when the shell asks
(``_AIPATH_COMPLETE`` is set), and they load the catalogue then, through its cache.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .models import Catalog

PROG = "aipath"
COMPLETE_VAR = "_AIPATH_COMPLETE"
SHELLS = ("bash", "zsh", "fish", "powershell")

def enable() -> None:
    """Register the shells' completion classes (typer does this only with add_completion)."""
    from typer._completion_classes import completion_init

    completion_init()


def script(shell: str) -> str:
    """The completion script for ``shell``."""
    from typer._completion_shared import get_completion_script

    return get_completion_script(prog_name=PROG, complete_var=COMPLETE_VAR, shell=shell) + "\n"


def _catalog(ctx: Any) -> Catalog | None:
    from .catalog import load_catalogs
    from .errors import AipathError

    paths = ctx.params.get("catalog")
    try:
        return load_catalogs(list(paths or [None]))
    except AipathError:  # a bad --catalog: no suggestions, never a traceback mid-typing
        return None


def _listed(incomplete: str, candidates: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Candidates for the last item of a comma-separated value, the earlier items kept."""
    head, _, last = incomplete.rpartition(",")
    prefix = f"{head}," if head else ""
    done = set(head.split(",")) if head else set()
    return [(prefix + v, h) for v, h in candidates if v.startswith(last) and v not in done]


def credential_ids(ctx: Any, incomplete: str) -> list[tuple[str, str]]:
    cat = _catalog(ctx)
    if cat is None:
        return []
    return _listed(incomplete, [(c.id, c.name) for c in cat.credentials])


def roles(ctx: Any, incomplete: str) -> list[tuple[str, str]]:
    cat = _catalog(ctx)
    if cat is None:
        return []
    return [(b.id, b.label) for b in cat.backgrounds.values() if b.id.startswith(incomplete)]


def skills(ctx: Any, incomplete: str) -> list[tuple[str, str]]:
    cat = _catalog(ctx)
    if cat is None:
        return []
    return _listed(incomplete, list(cat.skills.items()))


def types(incomplete: str) -> list[tuple[str, str]]:
    from .models import CREDENTIAL_TYPES, TYPE_FAMILIES

    fams = [(f, "family: " + ", ".join(ts)) for f, ts in TYPE_FAMILIES.items()]
    return _listed(incomplete, [*fams, *((t, "") for t in CREDENTIAL_TYPES)])


def recognitions(incomplete: str) -> list[tuple[str, str]]:
    from .models import RECOGNITIONS

    return [(k, v) for k, v in [("board", "either kind of board"), *RECOGNITIONS.items()]
            if k.startswith(incomplete)]


def choices(name: str) -> Any:
    """A completer over one of the models' value lists (DELIVERIES, LEVELS, STATUSES)."""

    def complete(incomplete: str) -> list[str]:
        from . import models

        return [v for v in getattr(models, name) if v.startswith(incomplete)]

    return complete
