"""Shell completion: scripts for each shell, values from the catalogue, nothing at start-up."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from aipath.catalog import load_catalog
from tests.conftest import catalog_doc, cred

AIPATH = Path(sys.executable).with_name("aipath")


def complete(words: str, cword: int | None = None, **env: str) -> list[str]:
    """What bash completion gets back for ``words`` (click's protocol, as the script calls it)."""
    parts = words.split(" ")
    proc = subprocess.run(
        [str(AIPATH)], capture_output=True, text=True, timeout=60,
        env={**os.environ, "_AIPATH_COMPLETE": "complete_bash", "COMP_WORDS": words,
             "COMP_CWORD": str(len(parts) - 1 if cword is None else cword), **env},
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""
    return proc.stdout.split()


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish", "powershell"])
def test_completion_prints_a_script_for_each_shell(shell: str) -> None:
    proc = subprocess.run([str(AIPATH), "completion", shell], capture_output=True, text=True)
    assert proc.returncode == 0 and proc.stderr == ""
    assert "_AIPATH_COMPLETE" in proc.stdout and "aipath" in proc.stdout


def test_unknown_shell_is_a_usage_error() -> None:
    proc = subprocess.run([str(AIPATH), "completion", "tcsh"], capture_output=True, text=True)
    assert proc.returncode == 2 and proc.stdout == ""


def test_roles_ids_and_skills_complete_from_the_catalogue() -> None:
    cat = load_catalog()
    assert complete("aipath plan --role n") == [b for b in cat.backgrounds if b.startswith("n")]
    ids = complete("aipath show ancc")
    assert ids == [c.id for c in cat.credentials if c.id.startswith("ancc")] and ids
    tags = complete("aipath list --skill ethics")
    assert tags == [t for t in cat.skills if t.startswith("ethics")] and tags
    assert "plan" in complete("aipath p")


def test_comma_lists_complete_their_last_item() -> None:
    """--have a,b,<Tab> offers ids for the last item, keeps the earlier ones, skips repeats."""
    cat = load_catalog()
    got = complete("aipath plan --have rn-licensure,ms")
    want = [f"rn-licensure,{c.id}" for c in cat.credentials if c.id.startswith("ms")]
    assert got == want and got


def test_completion_follows_the_catalog_option(tmp_path: Path) -> None:
    """Ids come from the --catalog already on the line; a broken one offers nothing, quietly."""
    path = tmp_path / "mine.json"
    path.write_text(json.dumps(catalog_doc([cred("alpha-one"), cred("beta-two")])))
    cat = load_catalog(path)
    got = complete(f"aipath show --catalog {path} ")
    assert got == [c.id for c in cat.credentials]
    bad = tmp_path / "bad.yaml"
    bad.write_text("credentials: [\n")
    assert complete(f"aipath show --catalog {bad} a") == []


def test_the_bash_script_completes_in_bash() -> None:
    """Source the printed script in a real bash and press Tab (call its function)."""
    bash = shutil.which("bash")
    if bash is None:
        pytest.skip("bash not installed")
    script = subprocess.run([str(AIPATH), "completion", "bash"], capture_output=True,
                            text=True, check=True).stdout
    probe = (script + '\nCOMP_WORDS=(aipath plan --role nu); COMP_CWORD=3\n'
             '_aipath_completion aipath\nprintf "%s\\n" "${COMPREPLY[@]}"\n')
    env = {**os.environ, "PATH": f"{AIPATH.parent}{os.pathsep}{os.environ['PATH']}"}
    proc = subprocess.run([bash, "--norc", "-c", probe], capture_output=True, text=True,
                          env=env, timeout=60)
    assert proc.stdout.split() == ["nurse"], proc.stderr


PROBE = """
import contextlib, io, json, sys
import typer
before = set(sys.modules)
sys.argv = ["aipath", "list", "--help"]
from aipath.cli import main
with contextlib.redirect_stdout(io.StringIO()):
    try:
        main()
    except SystemExit:
        pass
from typer._click.shell_completion import _available_shells
print(json.dumps({"new": sorted(set(sys.modules) - before),
                  "shells": sorted(_available_shells)}))
"""


def test_normal_start_up_does_no_completion_work() -> None:
    """Beyond what importing typer costs anyway, start-up loads no completion module and
    registers no shell: that happens only when the shell sets _AIPATH_COMPLETE."""
    env = {k: v for k, v in os.environ.items() if k != "_AIPATH_COMPLETE"}
    proc = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True,
                          check=True, env=env)
    got = json.loads(proc.stdout)
    assert "aipath._complete" in got["new"]  # the probe did start aipath
    assert [m for m in got["new"] if "complet" in m or m in ("shellingham", "yaml")] \
        == ["aipath._complete"]
    assert got["shells"] == []
