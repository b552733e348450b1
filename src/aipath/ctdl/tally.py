"""What an import did, counted by kind: records skipped and why, facts not mapped, records read
with care, defaults supplied. Nothing is dropped without being counted here, and each kind is
summed up in one line (:meth:`Tally.lines`). Stdlib only.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

__all__ = ["Tally"]

_SHOWN = 4  # details named per reason; the rest are counted


@dataclass
class Tally:
    imported: int = 0
    files: int = 0
    nodes: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    unmapped: Counter[str] = field(default_factory=Counter)
    warned: Counter[str] = field(default_factory=Counter)
    supplied: list[str] = field(default_factory=list)
    # reason -> the classes (or other details) it was given for, first seen first
    details: dict[str, Counter[str]] = field(default_factory=dict)

    def skip(self, reason: str, detail: str | None = None) -> None:
        self.skipped[reason] += 1
        if detail is not None:
            self.details.setdefault(reason, Counter())[detail] += 1

    def unmap(self, kind: str, n: int = 1) -> None:
        self.unmapped[kind] += n

    def warn(self, kind: str, n: int = 1) -> None:
        self.warned[kind] += n

    def as_dict(self) -> dict[str, object]:
        return {
            "files": self.files, "nodes": self.nodes, "imported": self.imported,
            "skipped": dict(self.skipped), "unmapped": dict(self.unmapped),
            "warnings": dict(self.warned),
        }

    def lines(self) -> list[str]:
        """One line per kind: imported, skipped, unmapped, read with warnings, defaults."""
        out = [(f"imported {self.imported} credential{'s' * (self.imported != 1)} from "
                f"{self.nodes} node{'s' * (self.nodes != 1)} in {self.files} "
                f"file{'s' * (self.files != 1)}")]
        if self.skipped:
            total = sum(self.skipped.values())
            out.append(f"skipped {total} record{'s' * (total != 1)}: " + ", ".join(
                f"{n} {reason}{self._detail(reason)}" for reason, n in _ordered(self.skipped)))
        if self.unmapped:
            out.append("unmapped: " + ", ".join(f"{n} {k}" for k, n in _ordered(self.unmapped)))
        if self.warned:
            out.append("read with warnings: " + ", ".join(
                f"{n} {k}" for k, n in _ordered(self.warned)))
        if self.supplied:
            out.append("supplied: " + "; ".join(self.supplied))
        return out

    def _detail(self, reason: str) -> str:
        seen = self.details.get(reason)
        if not seen:
            return ""
        names = [name for name, _ in _ordered(seen)]
        more = f", {len(names) - _SHOWN} more" if len(names) > _SHOWN else ""
        return f" ({', '.join(names[:_SHOWN])}{more})"


def _ordered(counts: Counter[str]) -> list[tuple[str, int]]:
    """Largest first, then by name: the same input always gives the same line."""
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
