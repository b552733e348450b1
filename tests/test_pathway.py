"""The pathway model: recognition, classes (counts_as), dated routes, successors, signatures."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from aipath.catalog import load_catalog
from aipath.cli import app
from aipath.errors import CatalogError
from aipath.graph import build_graph
from aipath.lint import lint_catalog
from aipath.models import satisfied
from aipath.planner import build_request, plan

from .conftest import SMALL, catalog_doc, cred

TODAY = "2026-12-01"


def write(tmp_path: Path, doc: dict, name: str = "cat.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


def degree(cid: str, **kw: object) -> dict:
    return cred(cid, type="degree", level="graduate", recognition="academic", **kw)


# --- loading ----------------------------------------------------------------------------------


BAD = {
    "unknown recognition": (
        {"credentials": [cred("a", recognition="famous")]}, "recognition 'famous' is not one of"),
    "counts_as names nothing": (
        {"credentials": [cred("a", counts_as=["ghost"])]},
        "counts_as names 'ghost', which is neither a credential id nor a class"),
    "counts_as itself": (
        {"credentials": [cred("a", counts_as=["a"])]}, "counts_as names the credential itself"),
    "class not declared": (
        {"credentials": [cred("a", entry={"class": "ghost"})]},
        "'ghost', which is not a class under 'classes:'"),
    "class written as a bare id": (
        {"classes": {"kind": {"label": "a kind"}}, "credentials": [cred("a", entry="kind")]},
        "for the class, write {class: kind}"),
    "class id is a credential id": (
        {"classes": {"a": {"label": "A"}}, "credentials": [cred("a")]},
        "credential id 'a' is also a class id"),
    "dates reversed": (
        {"credentials": [cred("a", entry={"text": "x", "open_from": "2026-01-01",
                                          "open_until": "2025-01-01"})]},
        "open_until 2025-01-01 is before open_from 2026-01-01"),
    "date not a date": (
        {"credentials": [cred("a", entry={"text": "x", "open_until": "soon"})]},
        "open_until must be a date YYYY-MM-DD"),
    "two kinds in one condition": (
        {"credentials": [cred("a", entry={"text": "x", "class": "y"})]},
        "a condition has exactly one of"),
    "successor on an active credential": (
        {"credentials": [cred("a", successor="b"), cred("b")]},
        "successor is only for a credential whose status is one of"),
    "successor unknown": (
        {"credentials": [cred("a", status="retired", successor="ghost")]},
        "successor 'ghost' is not another credential id"),
    "counts_as loop": (
        {"credentials": [cred("a", counts_as=["b"]), cred("b", counts_as=["a"])]},
        "counts_as forms a loop"),
    "must_hold on a class": (
        {"classes": {"k": {"label": "K"}},
         "credentials": [cred("a", entry={"class": "k", "must_hold": True})]},
        "must_hold goes only with a text rule"),
    "must_hold not a boolean": (
        {"credentials": [cred("a", entry={"text": "active CISA", "must_hold": "yes"})]},
        "must_hold must be true or false"),
    "class counts_as unknown": (
        {"classes": {"k": {"label": "K", "counts_as": ["nope"]}}, "credentials": [cred("a")]},
        "'nope', which is not a class"),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_pathway_fields_give_one_positioned_line(
    runner: CliRunner, tmp_path: Path, case: str
) -> None:
    """Every new field is validated: exit 1, one line naming file:line:col, nothing on stdout."""
    parts, needle = BAD[case]
    doc = catalog_doc(parts["credentials"])
    if "classes" in parts:
        doc = {"schema_version": 1, "skills": doc["skills"], "classes": parts["classes"],
               "backgrounds": doc["backgrounds"], "credentials": doc["credentials"]}
    path = write(tmp_path, doc)
    r = runner.invoke(app, ["list", "--catalog", str(path)])
    assert r.exit_code == 1
    assert r.stdout == ""
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1, r.stderr
    assert lines[0].startswith(f"{path}:"), lines[0]
    assert lines[0].split(":")[1].isdigit(), lines[0]
    assert needle in lines[0], lines[0]


@pytest.mark.parametrize("bg, needle", [
    ({"a": {"label": "A", "based_on": "ghost"}}, "based_on 'ghost' is not another background"),
    ({"a": {"label": "A", "based_on": "b"}, "b": {"label": "B", "based_on": "a"}},
     "based_on forms a loop"),
    ({"a": {"label": "A", "signature": [{"id": "x", "class": "y", "why": "w",
                                         "source": "https://e.org"}]}},
     "names exactly one of 'id' or 'class'"),
    ({"a": {"label": "A", "signature": [{"id": "x", "why": "w", "source": "e.org"}]}},
     "source must be a URL"),
    ({"a": {"label": "A", "signature": [{"id": "ghost", "why": "w",
                                         "source": "https://e.org"}]}},
     "'ghost', which is not a credential id"),
])
def test_bad_backgrounds(tmp_path: Path, bg: dict, needle: str) -> None:
    """based_on and signature are checked with a position."""
    doc = catalog_doc([cred("x", roles=["a"])], backgrounds=bg)
    with pytest.raises(CatalogError) as exc:
        load_catalog(write(tmp_path, doc))
    assert needle in str(exc.value)
    assert exc.value.line is not None


def test_catalogue_without_new_fields_loads_unchanged() -> None:
    """An older catalogue (no recognition, classes, dates) still loads and plans."""
    cat = load_catalog(SMALL)
    assert not cat.classes
    assert all(c.recognition is None and not c.counts_as for c in cat.credentials)
    req = build_request(cat, role="nurse")
    assert plan(cat, build_graph(cat), req).steps


def test_export_round_trips_the_new_fields(runner: CliRunner, tmp_path: Path) -> None:
    """export JSON keeps classes, recognition, counts_as, dates, successors and signatures."""
    r = runner.invoke(app, ["export", "--format", "json"])
    path = tmp_path / "export.json"
    path.write_text(r.stdout, encoding="utf-8")
    again = load_catalog(path)
    cat = load_catalog()
    assert again.credentials == cat.credentials
    assert again.classes == cat.classes
    assert again.backgrounds == cat.backgrounds


# --- semantics --------------------------------------------------------------------------------


def test_counts_as_is_transitive_through_classes() -> None:
    """An RN-to-BSN counts as a BSN, so as a nursing degree and as a bachelor's."""
    cat = load_catalog()
    got = cat.closure(["rn-to-bsn"])
    assert {"bsn", "nursing-bachelors-or-higher", "bachelors-degree"} <= got
    assert "rn-to-bsn" in cat.members("bsn")
    # An informatics master's meets a bachelor's requirement too (graduate-degree -> bachelor's).
    assert "bachelors-degree" in cat.closure(["ms-health-informatics"])


@pytest.fixture
def class_catalog(tmp_path: Path):
    doc = catalog_doc([
        degree("ms-a", counts_as=["informatics-masters"]),
        degree("ms-b", counts_as=["informatics-masters"]),
        cred("bridge", counts_as=["ms-a"]),
        cred("cert", entry={"all": [{"class": "informatics-masters"}, "ms-a"]}),
    ])
    doc["classes"] = {"informatics-masters": {"label": "an informatics master's"}}
    return load_catalog(write(tmp_path, doc))


def test_class_and_counts_as_satisfy_rules(class_catalog) -> None:
    """A class rule is met by any member; a bare id by anything that counts as it."""
    cat = class_catalog
    entry = cat.by_id["cert"].entry
    assert satisfied(entry, cat.closure(["ms-a"]).__contains__)
    assert not satisfied(entry, cat.closure(["ms-b"]).__contains__)  # ms-a itself is named
    assert satisfied(entry, cat.closure(["bridge"]).__contains__)  # counts as ms-a
    assert cat.members("informatics-masters") == ("bridge", "ms-a", "ms-b")


def test_planner_uses_what_counts(class_catalog) -> None:
    """Holding a credential that counts as the named one means nothing more to plan."""
    cat = class_catalog
    req = build_request(cat, role="nurse", have=["bridge"], goal="cert", certificates_only=True)
    result = plan(cat, build_graph(cat), req)
    assert [s.credential.id for s in result.steps] == ["cert"]


def dated(tmp_path: Path):
    doc = catalog_doc([
        cred("slow", cost={"usd": 5000}, duration={"min": 24, "unit": "months"}),
        cred("goal", entry={"any": [
            {"text": "practice route", "label": "practice pathway", "open_until": "2025-12-31"},
            "slow",
        ]}),
    ])
    return load_catalog(write(tmp_path, doc))


@pytest.mark.parametrize("today, planned", [("2025-06-01", False), ("2026-01-01", True)])
def test_closed_route_is_never_planned(tmp_path: Path, today: str, planned: bool) -> None:
    """A route past its open_until is closed like a retired credential; before it, it is used."""
    import datetime as dt

    cat = dated(tmp_path)
    req = build_request(cat, role="nurse", goal="goal", certificates_only=True,
                        today=dt.date.fromisoformat(today))
    steps = [s.credential.id for s in plan(cat, build_graph(cat), req).steps]
    assert ("slow" in steps) is planned


def test_show_marks_routes_open_or_closed(runner: CliRunner) -> None:
    """show says which routes of the ABPM board are open on --today."""
    def routes(day: str) -> dict:
        r = runner.invoke(app, ["show", "abpm-clinical-informatics", "--today", day, "-f", "json"])
        assert r.exit_code == 0, r.stderr
        return {x["label"]: x["open"] for x in json.loads(r.stdout)["routes"]}

    # ABPath: "Practice Pathway (in effect until 2025)"; the fellowship route has no end.
    assert routes("2025-06-01") == {"fellowship pathway": True, "practice pathway": True}
    assert routes(TODAY) == {"fellowship pathway": True, "practice pathway": False}
    r = runner.invoke(app, ["show", "abpm-clinical-informatics", "--today", TODAY])
    assert "closed" in r.stdout and "abms-board" in r.stdout


def test_replaced_credential_is_not_planned() -> None:
    """AI-102 retired with AI-103 as its successor: no plan proposes it."""
    cat = load_catalog()
    assert cat.by_id["azure-ai-engineer-ai-102"].successor == "azure-ai-apps-agents-ai-103"
    for role in cat.backgrounds:
        req = build_request(cat, role=role)
        ids = {s.credential.id for s in plan(cat, build_graph(cat), req).steps}
        assert "azure-ai-engineer-ai-102" not in ids


# --- lint -------------------------------------------------------------------------------------


def lint_codes(tmp_path: Path, creds: list[dict], classes: dict | None = None) -> set:
    import datetime as dt

    doc = catalog_doc(creds)
    if classes:
        doc["classes"] = classes
    report = lint_catalog(load_catalog(write(tmp_path, doc)), today=dt.date(2026, 12, 1))
    return {(w.credential, w.code) for w in report.warnings}


def test_lint_flags_ids_where_a_class_exists(tmp_path: Path) -> None:
    """An any of class members, or a generic id standing for programmes, is flagged."""
    classes = {"kind": {"label": "a kind"}}
    creds = [
        degree("generic-ms", provider="generic", counts_as=["kind"]),
        degree("uni-ms", provider="A University", counts_as=["kind"]),
        cred("listing", entry={"any": ["generic-ms", "uni-ms"]}),
        cred("single", entry="generic-ms"),
        cred("fine", entry={"class": "kind"}),
    ]
    codes = lint_codes(tmp_path, creds, classes)
    assert ("listing", "names-member-of-class") in codes
    assert ("single", "names-member-of-class") in codes
    assert ("fine", "names-member-of-class") not in codes


def test_lint_flags_closed_only_route_board_and_successor(tmp_path: Path) -> None:
    """Closed-only entry, a board without board recognition, retiring without successor."""
    creds = [
        cred("closed", recognition="professional-body",
             entry={"text": "x", "open_until": "2025-12-31"}),
        cred("fake-board", type="board-certification", recognition="course-certificate"),
        cred("old", status="retiring", recognition="vendor-certification"),
        cred("unstated"),
    ]
    codes = lint_codes(tmp_path, creds)
    assert ("closed", "closed-only-route") in codes
    assert ("fake-board", "board-not-recognised") in codes
    assert ("old", "retiring-no-successor") in codes
    assert ("unstated", "no-recognition") in codes


def test_shipped_catalogue_states_recognition_for_every_credential() -> None:
    """Recognition coverage is complete, and board-certification is kept for real boards."""
    import datetime as dt

    cat = load_catalog()
    report = lint_catalog(cat, today=dt.date(2026, 12, 1))
    assert report.coverage.with_recognition == len(cat.credentials)
    boards = {c.id for c in cat.credentials if c.type == "board-certification"}
    assert boards == {"abpm-clinical-informatics", "ancc-informatics-nursing",
                      "residency-abms-primary-board"}
    assert cat.by_id["abaim-certification"].recognition == "course-certificate"
    assert cat.by_id["acgme-clinical-informatics-fellowship"].type == "fellowship"


def test_list_filters_by_recognition(runner: CliRunner) -> None:
    """list --recognition board shows the ABMS and nursing boards only; a bad value is exit 2."""
    r = runner.invoke(app, ["list", "--recognition", "board", "-f", "json"])
    assert r.exit_code == 0, r.stderr
    kinds = {c["recognition"] for c in json.loads(r.stdout)["credentials"]}
    assert kinds == {"abms-board", "nursing-board"}
    r = runner.invoke(app, ["list", "--recognition", "famous"])
    assert r.exit_code == 2 and r.stdout == "" and "--recognition" in r.stderr


# --- profiles ---------------------------------------------------------------------------------


def test_profile_holds_replace_the_preset(tmp_path: Path) -> None:
    """A resident's profile (md + licence) does not inherit the preset specialty board."""
    from aipath.catalog import load_profile

    cat = load_catalog()
    path = tmp_path / "me.yaml"
    path.write_text("background: physician\nholds: [md, us-medical-license]\n", encoding="utf-8")
    req = build_request(cat, role=None, profile=load_profile(path, cat))
    assert {h.id for h in req.holdings} == {"md", "us-medical-license"}
    path.write_text("background: physician\nholds: [md]\nassume: true\n", encoding="utf-8")
    req = build_request(cat, role=None, profile=load_profile(path, cat))
    assert "residency-abms-primary-board" in {h.id for h in req.holdings}


# --- personas, from the bodies' own guidance ----------------------------------------------------


def persona(runner: CliRunner, *args: str) -> dict:
    r = runner.invoke(app, ["plan", *args, "--today", TODAY, "-f", "json"])
    assert r.exit_code == 0, r.stderr
    return json.loads(r.stdout)


def checks(doc: dict, cid: str) -> str:
    step = next(s for s in doc["steps"] if s["id"] == cid)
    return " | ".join(step["manual_checks"])


def test_adn_nurse_takes_the_bridge(runner: CliRunner) -> None:
    """An ADN-prepared RN reaches NI-BC through an RN-to-BSN bridge, not a 4-year BSN.

    AACN: degree-completion programmes for ADN RNs (777 RN-to-BSN programmes, about 30
    credits); ANCC: a bachelor's or higher in nursing since 3 May 2024.
    """
    doc = persona(runner, "--role", "nurse", "--no-assume", "--have", "adn,rn-licensure",
                  "--goal", "ancc-informatics-nursing")
    ids = [s["id"] for s in doc["steps"]]
    assert "bsn" not in ids
    assert {"rn-to-bsn", "rn-to-msn"} & set(ids)
    assert "bachelor" not in checks(doc, "ancc-informatics-nursing").lower()


@pytest.mark.parametrize("degree_id", ["msn-nursing-informatics", "duke-msn-health-informatics"])
def test_msn_ni_nurse_uses_the_graduate_programme_option(runner: CliRunner, degree_id: str) -> None:
    """An NI master's opens NI-BC's graduate-programme option (>= 200 supervised hours), not the
    2,000-hour practice option (ANCC eligibility as quoted by topnursing.school)."""
    doc = persona(runner, "--role", "nurse", "--no-assume", "--have", f"{degree_id},rn-licensure",
                  "--goal", "ancc-informatics-nursing")
    text = checks(doc, "ancc-informatics-nursing")
    assert "200 supervised hours" in text
    assert "2,000 h" not in text


def test_a_nurse_planning_the_msn_ni_sits_ni_bc_through_it(runner: CliRunner) -> None:
    """The same option when the MSN-NI is a planned step, not held: the 2-year practice wait
    keeps NI-BC until the degree is done anyway, so the plan does not lean on a claim of
    2,000 informatics hours (ANCC eligibility as quoted by topnursing.school)."""
    doc = persona(runner, "--role", "nurse")
    ids = [s["id"] for s in doc["steps"]]
    assert ids.index("msn-nursing-informatics") < ids.index("ancc-informatics-nursing")
    text = checks(doc, "ancc-informatics-nursing")
    assert "200 supervised hours" in text and "2,000 h" not in text
    step = next(s for s in doc["steps"] if s["id"] == "ancc-informatics-nursing")
    assert "msn-nursing-informatics" in step["after"]


@pytest.mark.parametrize("role", ["physician", "physician-resident"])
def test_physicians_reach_the_board_through_the_fellowship(runner: CliRunner, role: str) -> None:
    """After 2025 the ABPM/ABPath board is reached through the 24-month ACGME fellowship
    (ABPath: practice pathway "in effect until 2025"); a resident first finishes residency."""
    doc = persona(runner, "--role", role)
    ids = [s["id"] for s in doc["steps"]]
    assert ids.index("acgme-clinical-informatics-fellowship") < ids.index("abpm-clinical-informatics")
    assert "practice" not in checks(doc, "abpm-clinical-informatics").lower()
    assert ids[0] != "abaim-certification"
    if role == "physician-resident":
        assert ids.index("residency-abms-primary-board") < ids.index(
            "acgme-clinical-informatics-fellowship")


def test_him_graduate_gets_rhia_then_chda_without_a_wait(runner: CliRunner) -> None:
    """A CAHIIM HIM graduate is RHIA-eligible on graduation (AHIMA routes, via open-exam-prep);
    with RHIA held, CHDA needs no further experience (AHIMA's RHIA route)."""
    doc = persona(runner, "--role", "informaticist")
    ids = [s["id"] for s in doc["steps"]]
    assert "ahima-rhia" in ids
    assert checks(doc, "ahima-rhia") == ""
    doc = persona(runner, "--role", "informaticist", "--have", "ahima-rhia")
    assert "ahima-chda" in [s["id"] for s in doc["steps"]]
    assert "healthcare-data" not in checks(doc, "ahima-chda")


def test_informatics_masters_holder_takes_ahic_track_1(runner: CliRunner) -> None:
    """An informatics master's opens AHIC Track 1 (4 of the last 6 years), not Track 3's 8-10
    years after a bachelor's (AMIA eligibility table, updated 22 June 2023)."""
    for degree_id in ("ms-health-informatics", "duke-mmci"):
        doc = persona(runner, "--role", "informaticist", "--have", degree_id,
                      "--goal", "amia-ahic")
        text = checks(doc, "amia-ahic")
        assert "4 years" in text and "8 years" not in text, text


def test_informaticist_is_not_asked_for_a_degree_she_lacks(runner: CliRunner) -> None:
    """With a bachelor's held, no admission check asks for a terminal degree."""
    doc = persona(runner, "--role", "informaticist")
    assert not any("terminal" in c for s in doc["steps"] for c in s["manual_checks"])


def test_every_default_plan_step_shows_recognition_and_routes(runner: CliRunner) -> None:
    """show tells, for every credential of each default plan, its recognition and open routes."""
    cat = load_catalog()
    for role in cat.backgrounds:
        doc = persona(runner, "--role", role)
        for s in doc["steps"]:
            assert s["recognition"], s["id"]
            r = runner.invoke(app, ["show", s["id"], "--today", TODAY, "-f", "json"])
            d = json.loads(r.stdout)
            assert d["recognition"]["kind"] == s["recognition"]
            assert d["entry_open"] is True, s["id"]


def test_signature_credentials_are_named_with_sources() -> None:
    """Each background names what its profession recognises, each with a why and a URL."""
    cat = load_catalog()
    for bid in ("physician", "nurse", "informaticist", "data-scientist", "physician-resident"):
        sig = cat.backgrounds[bid].signature
        assert sig, bid
        for g in sig:
            assert g.why and g.source.startswith("http")
            assert (g.ref in cat.classes) if g.is_class else (g.ref in cat.by_id)


# --- rules that need a credential from outside the catalogue ---------------------------------


def outside(tmp_path: Path) -> Path:
    """An audit certificate that needs an outside CISA, or else a course in the catalogue."""
    return write(tmp_path, catalog_doc([
        cred("course", skills=["audit"], cost={"usd": 900, "year": 2026}),
        cred("audit-ai", skills=["audit"], cost={"usd": 100, "year": 2026},
             entry={"any": [{"text": "active CISA", "must_hold": True}, "course"]}),
        cred("cisa-only", skills=["audit"], cost={"usd": 50, "year": 2026},
             entry={"text": "active CISA", "must_hold": True}),
    ]), "outside.json")


def test_a_credential_from_outside_is_never_assumed(tmp_path: Path) -> None:
    """The cheap certificate needing an outside CISA is not planned on a bare claim; the route
    through a credential the plan can add still is (not pruned by the claim's empty route)."""
    import datetime as dt

    from aipath.catalog import load_catalog

    cat = load_catalog(outside(tmp_path))
    req = build_request(cat, role="nurse", goal="audit-ai", certificates_only=True,
                        today=dt.date(2026, 12, 1))
    p = plan(cat, build_graph(cat), req)
    assert [s.credential.id for s in p.steps] == ["course", "audit-ai"]
    assert all("CISA" not in c for s in p.steps for c in s.manual_checks)
    assert any("needs you to hold active CISA already" in a.reason
               for s in p.steps for a in s.alternatives)


def test_an_outside_credential_asserted_in_a_profile_counts(runner: CliRunner, tmp_path: Path) -> None:
    path = outside(tmp_path)
    r = runner.invoke(app, ["plan", "--catalog", str(path), "--role", "nurse", "--goal",
                            "cisa-only", "--certificates-only", "--today", TODAY])
    assert r.exit_code == 3 and r.stdout == ""
    assert "you have not said you hold (active CISA)" in r.stderr
    assert "asserts in a profile" in r.stderr
    me = tmp_path / "me.yaml"
    me.write_text("background: nurse\ngoal: cisa-only\nasserts: [active CISA]\n")
    r = runner.invoke(app, ["plan", "--catalog", str(path), "--profile", str(me),
                            "--certificates-only", "--today", TODAY, "--format", "json"])
    assert r.exit_code == 0, r.stderr
    doc = json.loads(r.stdout)
    assert [s["id"] for s in doc["steps"]] == ["cisa-only"]
    assert doc["steps"][0]["manual_checks"] == []


def test_the_data_scientist_is_not_sent_to_an_audit_certificate_she_cannot_sit(
        runner: CliRunner) -> None:
    """ISACA's AAIA asks for an active CISA, CIA/CPA or CISM/CRISC/CGEIT first (ISACA AAIA
    eligibility, isaca.org); a data scientist holds none, so her plan leaves it out and
    `show` says what it needs."""
    doc = persona(runner, "--role", "data-scientist")
    assert "isaca-aaia" not in [s["id"] for s in doc["steps"]]
    r = runner.invoke(app, ["show", "isaca-aaia", "--today", TODAY])
    assert "must already hold: active CISA" in r.stdout
