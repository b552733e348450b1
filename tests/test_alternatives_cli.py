"""``plan --alternatives K`` as a user sees it: JSON keys, the table at 80 columns, the page,
bad input, and the words saying how each plan differs (issue 17)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from aipath.cli import app
from aipath.graph import build_graph
from aipath.models import (
    All,
    AnyOf,
    Background,
    Catalog,
    Cost,
    Credential,
    CredentialClass,
    Duration,
    Evidence,
    Experience,
    Ref,
    Signature,
)
from aipath.planner import PlanRequest
from aipath.planner.alternatives import ranked_plans

from .test_plan_cli import PLAN_KEYS

TODAY = "2026-12-01"
ALTERNATIVE_KEYS = PLAN_KEYS - {"schema_version", "catalog", "query", "alternatives",
                                "have_from"} | {
    "rank", "differs"}


def _json(runner: CliRunner, *args: str) -> dict:
    r = runner.invoke(app, ["plan", *args, "--today", TODAY, "--format", "json"])
    assert r.exit_code == 0, r.stderr
    return json.loads(r.stdout)


def test_json_alternatives_have_the_plan_shape_rank_and_differs(runner: CliRunner) -> None:
    doc = _json(runner, "--role", "nurse", "--alternatives", "3")
    assert doc["query"]["alternatives"] == 3
    alts = doc["alternatives"]
    assert [a["rank"] for a in alts] == [2, 3]
    for a in alts:
        assert set(a) == ALTERNATIVE_KEYS
        assert ": " in a["differs"]  # what is swapped, then what it makes
    # Distinct: another core degree or other certificates, never the same set reordered.
    def choice(p: dict) -> tuple:
        kept = ("degree", "licensure")
        return p["core"], frozenset(s["id"] for s in p["steps"] if s["type"] not in kept)

    assert len({choice(doc), *(choice(a) for a in alts)}) == 3
    # The first is the plan without the option, unchanged.
    plain = _json(runner, "--role", "nurse")
    assert {k: v for k, v in doc.items() if k not in ("query", "alternatives")} == {
        k: v for k, v in plain.items() if k not in ("query", "alternatives")}


def test_without_the_option_the_list_is_empty(runner: CliRunner) -> None:
    doc = _json(runner, "--role", "nurse")
    assert doc["alternatives"] == [] and doc["query"]["alternatives"] is None
    one = _json(runner, "--role", "nurse", "--alternatives", "1")
    assert one["alternatives"] == [] and one["query"]["alternatives"] == 1


def test_each_alternative_has_its_own_cost_to_keep(runner: CliRunner) -> None:
    doc = _json(runner, "--role", "data-scientist", "--alternatives", "3", "--horizon-years", "5")
    assert doc["upkeep"] is not None
    assert all(a["upkeep"]["horizon_years"] == 5 for a in doc["alternatives"])


@pytest.mark.parametrize("value", ["0", "11", "abc", "2.5", "-1"])
def test_bad_k_is_a_usage_error(runner: CliRunner, value: str) -> None:
    r = runner.invoke(app, ["plan", "--role", "nurse", "--alternatives", value])
    assert r.exit_code == 2 and r.stdout == ""
    assert len(r.stderr.strip().splitlines()) == 1 and "--alternatives" in r.stderr


@pytest.mark.parametrize("fmt", ["tree", "mermaid", "dot", "gantt", "ctdl"])
def test_formats_without_a_comparison_refuse_it(runner: CliRunner, fmt: str) -> None:
    r = runner.invoke(app, ["plan", "--role", "nurse", "--alternatives", "2", "--format", fmt])
    assert r.exit_code == 2 and r.stdout == ""
    assert r.stderr.strip() == (f"Error: invalid value for '--alternatives': it works with "
                                f"--format table, json or html, not {fmt}")


def test_no_plan_is_the_same_error_with_alternatives(runner: CliRunner) -> None:
    args = ["plan", "--role", "nurse", "--max-cost", "10", "--today", TODAY]
    plain, ranked = runner.invoke(app, args), runner.invoke(app, [*args, "--alternatives", "3"])
    assert ranked.exit_code == plain.exit_code == 3 and ranked.stderr == plain.stderr


def test_table_at_80_columns_shows_them_side_by_side(runner: CliRunner, monkeypatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    r = runner.invoke(app, ["plan", "--role", "nurse", "--alternatives", "3", "--today", TODAY])
    assert r.exit_code == 0, r.stderr
    section = r.stdout[r.stdout.index("Alternatives, ranked by --optimize balanced:"):]
    lines = section.splitlines()
    assert lines[2].split() == ["#", "plan", "cost", "months"]
    for rank in ("1.", "2.", "3."):
        row = next(x for x in lines if x.startswith(rank))
        assert "msn-nursing-informatics" in row and re.search(r"\$[\d,]+", row)
    assert "the plan above" in section and " instead of" in section
    # Nothing wider than 80 columns but an id too long to break (it stays whole).
    assert all(len(x) <= 80 or " " not in x.strip() for x in lines)


def test_table_narrower_stacks_each_plan(runner: CliRunner, monkeypatch) -> None:
    monkeypatch.setenv("COLUMNS", "50")
    r = runner.invoke(app, ["plan", "--role", "nurse", "--alternatives", "2", "--today", TODAY])
    section = r.stdout[r.stdout.index("Alternatives"):]
    assert "\n1. msn-nursing-informatics" in section and "\n2. msn-nursing-informatics" in section


def test_html_page_has_a_comparison_table(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "plan.html"
    r = runner.invoke(app, ["plan", "--role", "data-scientist", "--alternatives", "3",
                            "--horizon-years", "5", "--format", "html", "-o", str(out),
                            "--today", TODAY])
    assert r.exit_code == 0, r.stderr
    page = out.read_text(encoding="utf-8")
    section = page[page.index("<section id=alternatives>"):]
    section = section[:section.index("</section>")]
    assert [int(x) for x in re.findall(r"<tr id=alternative-(\d+)>", section)] == [1, 2, 3]
    assert "<th>to keep (5 years)</th>" in section and "how it differs" in section
    assert page.index("id=steps") < page.index("id=alternatives") < page.index("id=sources")


# --- the words: a small catalogue where the reasons are known -------------------------

EVIDENCE = (Evidence(kind="recalled", verified_on="2026-11-24"),)
SKILLS = ("s0", "s1")


def _cred(cid: str, ctype: str = "professional-certificate", *, usd: float | None = None,
          months: float = 1, skills: tuple[str, ...] = (), entry=None, level: str = "professional",
          rec: str = "professional-body", counts_as: tuple[str, ...] = ()) -> Credential:
    return Credential(
        id=cid, name=cid, provider="generic", type=ctype, level=level, delivery="online",
        roles=("nurse",), skills=skills, status="active", evidence=EVIDENCE, recognition=rec,
        entry=entry, counts_as=counts_as, cost=None if usd is None else Cost(usd, usd),
        duration=Duration(months, months, "months"),
    )


def _rank(creds: list[Credential], k: int, signature=(), classes=None, **request):
    role = Background("nurse", "Nurse", (), SKILLS, signature=tuple(signature))
    cat = Catalog(path="words", sha256="0" * 64, schema_version=1, skills={s: s for s in SKILLS},
                  backgrounds={"nurse": role}, credentials=tuple(creds), classes=classes or {})
    return ranked_plans(cat, build_graph(cat), PlanRequest(role=role, holdings=(),
                                                           today="2026-11-24", **request), k)


def test_differs_names_the_swap_the_cost_the_months_and_the_option_opened() -> None:
    # A board with a "graduate-programme option" (the NI master's) and a practice option
    # (two years' experience): the generic master's is cheaper but waits for the practice.
    board = AnyOf((All((Ref("ms-ni"),), label="graduate-programme option"),
                   All((Experience(years=2, field="work"),), label="practice option")))
    creds = [
        _cred("ms-generic", "degree", usd=20_000, months=12, skills=("s0",), level="graduate",
              rec="academic"),
        _cred("ms-ni", "degree", usd=24_100, months=12, skills=("s0",), level="graduate",
              rec="academic"),
        _cred("board", usd=300, months=1, skills=("s1",), entry=board),
    ]
    got = _rank(creds, 2, optimize="cost")
    assert got.best.core == "ms-generic"
    (alt,) = got.others
    assert alt.plan.core == "ms-ni"
    assert alt.differs == ("ms-ni instead of ms-generic: +$4,100, 12 months shorter, "
                           "opens board's graduate-programme option")


def test_an_unknown_price_is_named_never_counted_as_zero() -> None:
    creds = [
        _cred("priced", usd=500, skills=("s0", "s1")),
        _cred("unpriced", skills=("s0", "s1"), months=2),
        _cred("other", usd=900, skills=("s0", "s1"), months=3),
    ]
    got = _rank(creds, 3, certificates_only=True)
    words = {a.plan.steps[0].credential.id: a.differs for a in got.others}
    assert got.best.steps[0].credential.id == "priced"
    assert words["unpriced"].startswith("unpriced instead of priced: -$500 in published prices, "
                                        "and no published price for unpriced (est. $")
    assert words["other"] == "other instead of priced: +$400, 2 months longer"


def test_the_signature_member_found_by_an_alternative_is_now_the_plan() -> None:
    # Found on the shipped catalogue (data-scientist): the signature stage took the lightest
    # credential of the recognised class (a $10 course teaching nothing), and the plan then
    # needed a $500 certificate; the $505 member covering the skill ranked above the plan.
    # The stage now completes the plan for each of the class's lightest members.
    sig = Signature("dom", "domain training", "https://example.org", is_class=True)
    creds = [
        _cred("course", usd=10, rec="course-certificate", ctype="micro-credential",
              level="introductory", counts_as=("dom",)),
        _cred("member", usd=505, skills=("s0",), counts_as=("dom",)),
        _cred("cert", usd=500, skills=("s0",)),
    ]
    classes = {"dom": CredentialClass("dom", "domain training")}
    got = _rank(creds, 2, signature=[sig], classes=classes, certificates_only=True,
                target_skills=("s0",))
    assert {s.credential.id for s in got.best.steps} == {"member"}
    (alt,) = got.others
    assert {s.credential.id for s in alt.plan.steps} == {"course", "cert"}
    assert not any(w.startswith("ranks above the plan itself") for w in alt.plan.warnings)
    assert alt.differs.startswith("cert and course instead of member: +$5")
