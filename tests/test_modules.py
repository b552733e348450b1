"""The package's shape: modules a reader can take in, and no import circles.

Each module of ``aipath`` imports on its own in a fresh interpreter (a circle among imports
that run at import time fails there, whichever module comes first), the module-level imports
form no circle, and no module is over :data:`MOST_LINES` lines but the few named below.
"""

from __future__ import annotations

import ast
import graphlib
import subprocess
import sys
from pathlib import Path

import pytest

import aipath

PACKAGE = Path(aipath.__file__).parent
MOST_LINES = 400
# Over the limit before the rule was tested: split each, then take it off this list.
TOO_LONG = {"models.py"}


def _modules() -> dict[str, Path]:
    out = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        out[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return out


MODULES = _modules()


@pytest.mark.parametrize("name", [m for m in MODULES if m != "aipath.__main__"])
def test_each_module_imports_alone_in_a_fresh_interpreter(name: str) -> None:
    proc = subprocess.run([sys.executable, "-c", f"import {name}"], capture_output=True,
                          text=True, timeout=60, check=False)
    assert proc.returncode == 0, proc.stderr


def _imports_at_import_time(name: str, path: Path) -> set[str]:
    """The aipath modules ``name`` imports when it is imported (not inside functions, not
    under ``if TYPE_CHECKING``)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()

    def visit(body: list[ast.stmt]) -> None:
        for node in body:
            if isinstance(node, ast.If):
                if "TYPE_CHECKING" not in ast.unparse(node.test):
                    visit(node.body)
                visit(node.orelse)
            elif isinstance(node, ast.Try):
                visit(node.body + node.orelse + node.finalbody)
                for handler in node.handlers:
                    visit(handler.body)
            elif isinstance(node, ast.Import):
                found.update(a.name for a in node.names)
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    base = package.split(".")[: len(package.split(".")) - node.level + 1]
                    module = ".".join([*base, *([node.module] if node.module else [])])
                else:
                    module = node.module or ""
                for a in node.names:  # `from . import x` imports the module x
                    found.add(f"{module}.{a.name}" if f"{module}.{a.name}" in MODULES else module)

    visit(ast.parse(path.read_text(encoding="utf-8")).body)
    return {m for m in found if m in MODULES and m != name}


def test_no_import_circle_among_module_level_imports() -> None:
    deps = {name: _imports_at_import_time(name, path) for name, path in MODULES.items()}
    assert deps["aipath.render.html"] >= {"aipath.render.svg", "aipath._text"}  # the walk works
    try:
        graphlib.TopologicalSorter(deps).prepare()
    except graphlib.CycleError as exc:
        pytest.fail(f"import circle: {' -> '.join(exc.args[1])}")


def test_no_module_is_over_the_line_limit() -> None:
    sizes = {str(p.relative_to(PACKAGE)): len(p.read_text(encoding="utf-8").splitlines())
             for p in MODULES.values()}
    over = {f: n for f, n in sizes.items() if n > MOST_LINES and f not in TOO_LONG}
    assert over == {}, f"split these modules (at most {MOST_LINES} lines each): {over}"
    assert {f for f in TOO_LONG if sizes.get(f, 0) <= MOST_LINES} == set(), \
        "now short enough: take it off TOO_LONG"
