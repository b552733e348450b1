"""Refresh the example output in README.md from real runs.

Every fenced block that follows a line ``<!-- run: aipath ... -->`` is replaced by
``$ aipath ...`` and that command's actual output (80 columns, the width every command is
laid out for first; no colour); a block after ``<!-- mermaid: aipath ... -->`` gets the
command's Mermaid output alone, for GitHub to draw.
Usage: python scripts/update_readme.py
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

README = Path(__file__).resolve().parent.parent / "README.md"
BLOCK = re.compile(r"(<!-- run: (?P<cmd>.+?) -->\n)```text\n.*?```\n", re.S)
MERMAID = re.compile(r"(<!-- mermaid: (?P<cmd>.+?) -->\n)```mermaid\n.*?```\n", re.S)


def _run(cmd: str) -> str:
    args = shlex.split(cmd)
    exe = Path(sys.executable).parent / args[0]
    env = {**os.environ, "COLUMNS": "80", "NO_COLOR": "1", "TERM": "dumb"}
    proc = subprocess.run([str(exe), *args[1:]], capture_output=True, text=True, env=env)
    out = proc.stdout + proc.stderr
    return "\n".join(line.rstrip() for line in out.rstrip("\n").splitlines())


def main() -> None:
    text = README.read_text(encoding="utf-8")

    def fill(m: re.Match[str]) -> str:
        cmd = m.group("cmd")
        return f"{m.group(1)}```text\n$ {cmd}\n{_run(cmd)}\n```\n"

    def fill_mermaid(m: re.Match[str]) -> str:
        return f"{m.group(1)}```mermaid\n{_run(m.group('cmd'))}\n```\n"

    text = MERMAID.sub(fill_mermaid, BLOCK.sub(fill, text))
    README.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
