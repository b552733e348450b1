"""Start-up stays cheap: heavy modules are imported only by the commands that need them."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

PROBE = """
import io, json, sys, contextlib
sys.argv = ["aipath", *json.loads(sys.argv[1])]
from aipath.cli import main
out = io.StringIO()
code = 0
with contextlib.redirect_stdout(out):
    try:
        main()
    except SystemExit as exc:
        code = exc.code or 0
mods = sorted(m for m in sys.modules if m.split(".")[0] in ("networkx", "yaml", "pydantic", "rich"))
print(json.dumps({"code": code, "modules": mods}))
"""


def loaded(*args: str, env: dict[str, str] | None = None) -> tuple[int, set[str]]:
    proc = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(args)],
        capture_output=True, text=True, check=True, env={**os.environ, **(env or {})},
    )
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    return result["code"], {m.split(".")[0] for m in result["modules"]}


@pytest.mark.parametrize("args", [("--help",), ("list", "--help"), ("--version",)])
def test_help_imports_nothing_heavy(args: tuple[str, ...]) -> None:
    """--help and --version import neither networkx, yaml, pydantic nor rich."""
    code, mods = loaded(*args)
    assert code == 0
    assert not mods & {"networkx", "yaml", "pydantic", "rich"}, mods


def test_list_json_skips_networkx_and_rich(tmp_path) -> None:
    """list --format json never imports networkx or rich; yaml only when it must validate."""
    env = {"AIPATH_CACHE_DIR": str(tmp_path)}
    code, cold = loaded("list", "--type", "academic", "--format", "json", env=env)
    assert code == 0
    assert "yaml" in cold
    assert not cold & {"networkx", "rich", "pydantic"}, cold
    code, warm = loaded("list", "--type", "academic", "--format", "json", env=env)
    assert code == 0
    assert not warm & {"networkx", "rich", "pydantic", "yaml"}, warm


def test_plan_json_skips_rich() -> None:
    """plan --format json needs networkx but not rich."""
    code, mods = loaded("plan", "--role", "nurse", "--format", "json")
    assert code == 0
    assert "networkx" in mods
    assert "rich" not in mods


def test_library_import_is_light() -> None:
    """import aipath pulls in none of the heavy modules."""
    proc = subprocess.run(
        [sys.executable, "-c", "import aipath, sys; print(sorted(m for m in sys.modules if m.split('.')[0] in ('networkx','yaml','rich','typer')))"],
        capture_output=True, text=True, check=True,
    )
    assert proc.stdout.strip() == "[]"


EXTRAS_PROBE = """
import contextlib, io, json, sys
watch = set(json.loads(sys.argv[1]))
sys.argv = ["aipath", "plan", "--role", "nurse", "--format", "json"]
from aipath.cli import main
with contextlib.redirect_stdout(io.StringIO()):
    try:
        main()
    except SystemExit:
        pass
print(json.dumps(sorted(m for m in sys.modules if m in watch)))
"""


def test_plan_json_leaves_the_extras_unimported() -> None:
    """What plan --format json does not use stays out of start-up: lint, statistics, the
    renewals (no dates given), the HTML report, the pictures and CTDL."""
    watch = ["aipath.lint", "statistics", "aipath.planner.renewals", "aipath.render.html",
             "aipath.exports", "aipath.ctdl.export"]
    proc = subprocess.run([sys.executable, "-c", EXTRAS_PROBE, json.dumps(watch)],
                          capture_output=True, text=True, check=True)
    assert json.loads(proc.stdout.strip().splitlines()[-1]) == []
