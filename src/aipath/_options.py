"""The options several commands declare, declared once (Typer), and ``compare``'s two sides.

``plan`` and ``compare`` take the same request options, so their names, metavars, help and
range checks live here; ``cli`` only lists them. :class:`Versus` is the command class that
reads ``compare``'s ``--vs``: the words before it are side A, those after it side B, which
keeps side A's options and replaces only the ones given again (``ctx.meta[VS]``).

Imports typer only (the CLI's own dependency); nothing heavy.
"""

from __future__ import annotations

from typing import Annotated, Any

import typer
from typer._click.core import ParameterSource  # typer 0.28 vendors click
from typer._click.exceptions import UsageError as ClickUsageError

from . import _complete as complete
from .cli_common import _in_range as in_range
from .commands import choices

__all__ = ["VS", "Versus", "in_range"]


# --- what a plan is asked: plan's options, and each side of compare ---------------------

RoleOpt = Annotated[str | None, typer.Option(metavar="ROLE", autocompletion=complete.roles, help="physician, nurse, informaticist, data-scientist (or any background the catalogue defines).")]
HaveOpt = Annotated[list[str] | None, typer.Option(metavar="ID[,ID...]", autocompletion=complete.credential_ids, help="Credentials you already hold; repeatable.")]
NoAssumeOpt = Annotated[bool, typer.Option("--no-assume", help="Do not assume the role's usual holdings.")]
ProfileOpt = Annotated[str | None, typer.Option(metavar="FILE", help="A profile YAML (background, holds, asserts, experience, constraints, goal).")]
GoalOpt = Annotated[str | None, typer.Option(metavar="ID", autocompletion=complete.credential_ids, help="A credential that must be in the plan.")]
SkillsOpt = Annotated[list[str] | None, typer.Option(metavar="TAG[,TAG...]", autocompletion=complete.skills, help="Target skills instead of the role's.")]
CertificatesOnlyOpt = Annotated[bool, typer.Option("--certificates-only", help="No core degree.")]
MaxCostOpt = Annotated[float | None, typer.Option(metavar="USD", callback=in_range("max_cost"), help="Cap on the plan's known minimum cost.")]
MaxMonthsOpt = Annotated[float | None, typer.Option(metavar="N", callback=in_range("max_months"), help="Cap on months along the critical path.")]
OptimizeOpt = Annotated[choices.Optimize, typer.Option(help="What to minimise when choosing.")]
StaleMonthsOpt = Annotated[int, typer.Option(metavar="N", callback=in_range("stale_months"), help="Facts older than N months are flagged stale.")]
TodayOpt = Annotated[str | None, typer.Option(metavar="YYYY-MM-DD", help="Judge staleness against this date.")]
HaveFromOpt = Annotated[list[str] | None, typer.Option("--have-from", metavar="FILE", help="A wallet file (Open Badges 3.0 credential, a JSON list of them, a CLR 2.0 ClrCredential, or a compact JWS); the achievements it matches to catalogue ids count as held, like --have. Signatures are not verified. Repeatable.")]
HoursPerWeekOpt = Annotated[float | None, typer.Option(metavar="H", callback=in_range("hours_per_week"), help="Study hours a week for effort-based durations (default 10).")]
# compare's side B may switch a flag of side A off again.
NoAssumeEitherOpt = Annotated[bool, typer.Option("--no-assume/--assume", help="Do not assume the role's usual holdings (--assume: do, after --vs).")]
CertificatesOnlyEitherOpt = Annotated[bool, typer.Option("--certificates-only/--with-degree", help="No core degree (--with-degree: allow one again, after --vs).")]
VsOpt = Annotated[bool, typer.Option("--vs", help="Everything after --vs is side B: side A's options, with those given after --vs in their place.")]

# --- compare's --vs ---------------------------------------------------------------------

VS = "aipath.vs"  # ctx.meta key: side B's options given after --vs, or None without --vs
SHARED = ("format_", "output", "max_catalog_mib")  # one for both sides: before --vs only
_B = "side B (after --vs)"


class Versus(typer.core.TyperCommand):
    """Reads ``A-OPTIONS --vs B-OPTIONS``: side A as usual, side B as the options it gives.

    ``ctx.meta[VS]`` is ``{parameter name: value}`` for each option given after ``--vs``
    (values as parsed: an enum's value, a tuple for a repeatable option). A usage error
    on either side names the side.
    """

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        if "--vs" not in args:
            ctx.meta[VS] = None
            return super().parse_args(ctx, args)
        if ctx.resilient_parsing:  # completing side B: offer the options side A already gave
            ctx.meta[VS] = None
            return super().parse_args(ctx, args[len(args) - args[::-1].index("--vs"):])
        cut = args.index("--vs")
        side_a, side_b = args[:cut], args[cut + 1:]
        try:
            rest = super().parse_args(ctx, [*side_a, "--vs"])
        except ClickUsageError as exc:
            raise ClickUsageError(f"side A (before --vs): {exc.format_message()}", ctx) from None
        ctx.meta[VS] = self._side_b(ctx, side_b)
        return rest

    def _side_b(self, ctx: Any, args: list[str]) -> dict[str, Any]:
        if not args:
            raise ClickUsageError("nothing after --vs: give the options side B changes "
                                  "(e.g. --vs --have msn-nursing-informatics)", ctx)
        if "--vs" in args:
            raise ClickUsageError("--vs is given twice: there are two sides", ctx)
        sub = self.context_class(self, info_name=ctx.info_name, parent=ctx.parent)
        try:
            with sub.scope(cleanup=False):
                super().parse_args(sub, list(args))
        except ClickUsageError as exc:
            raise ClickUsageError(f"{_B}: {exc.format_message()}", ctx) from None
        given = {p.name: p for p in self.params
                 if p.name and sub.get_parameter_source(p.name) is ParameterSource.COMMANDLINE}
        for name in SHARED:
            if name in given:
                raise ClickUsageError(f"{_B}: {given[name].opts[0]} is for both sides; give it "
                                      "before --vs", ctx)
        return {name: sub.params[name] for name in given}
