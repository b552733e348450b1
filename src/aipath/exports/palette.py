"""The colours, and the legend's words, that the Mermaid and DOT pictures share."""

from __future__ import annotations

# Light fills with near-black text inside every box, so a node reads whatever is behind the
# picture; lines and the text outside boxes in a mid grey that reads on white and on
# GitHub's dark #0d1117 alike. Per kind: (fill, stroke, text).
PALETTE = {
    "held": ("#eaeef2", "#6e7781", "#1f2328"),
    "step": ("#ddf4ff", "#0969da", "#0a3069"),
    "core": ("#fff8c5", "#9a6700", "#3b2300"),
    "goal": ("#dafbe1", "#1a7f37", "#002d11"),
    "credential": ("#ffffff", "#57606a", "#1f2328"),
    "option": ("#f6f8fa", "#8c959f", "#57606a"),
    "all": ("#ffffff", "#57606a", "#1f2328"),
    "any": ("#ffebe9", "#cf222e", "#4c0009"),
    "n_of": ("#fbefff", "#8250df", "#2e1461"),
    "check": ("#fff1e5", "#bc4c00", "#3d1300"),
}
LINE = "#8c959f"  # mid grey: visible on white and on #0d1117
NEXT = "#4493f8"  # the plan's order: a mid blue, visible on both
OFF = "#8c959f"
BACKGROUND = "#f6f8fa"  # DOT: a solid light panel, so no text ever sits on a dark page
EDGE_LEGEND = {"needs": "needed for", "next": "next step", "off": "not taken"}
LEGEND = {
    "held": "held",
    "step": "planned step",
    "core": "core degree",
    "goal": "goal",
    "credential": "credential",
    "option": "branch not taken",
    "all": "all of",
    "any": "one of",
    "n_of": "N of",
    "check": "check by hand",
}
