"""The values the options with a fixed set of choices take (``--format``, ``--optimize``, the
shell of ``completion``). Declared once, for the CLI's options and the commands' dispatch."""

from __future__ import annotations

from enum import Enum

__all__ = [
    "ExportFormat", "ListFormat", "Optimize", "PlanFormat", "Shell", "ShowFormat", "TableJson",
]


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
    gantt = "gantt"
    ctdl = "ctdl"
    html = "html"


class Optimize(str, Enum):
    balanced = "balanced"
    cost = "cost"
    time = "time"


class Shell(str, Enum):
    bash = "bash"
    zsh = "zsh"
    fish = "fish"
    powershell = "powershell"
