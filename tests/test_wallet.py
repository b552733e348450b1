"""Reading wallet files and matching their achievements (aipath.load.wallet, aipath.wallet).

What a user relies on: each achievement matched by the most trusted route that applies (CTID,
alignment, name, alias, acronym), a certificate never taken for a certification, a name that
could be two things or another body's never matched, and the reason said when nothing matches.
"""

from __future__ import annotations

import base64
import dataclasses
import datetime as dt
import json
from pathlib import Path

import pytest

from aipath.catalog import load_catalog
from aipath.load.wallet import read_wallet
from aipath.models import Catalog
from aipath.wallet import match_achievements, norm, read_and_match

DATA = Path(__file__).parent / "data" / "wallet"
TODAY = dt.date(2026, 12, 1)
CTID = "ce-00000000-0000-4000-8000-0000000000a1"  # a made-up CTID, set on a copy of the catalogue
MIB = 1024 * 1024


@pytest.fixture(scope="module")
def cat() -> Catalog:
    return load_catalog()


def with_ctid(cat: Catalog, cid: str, ctid: str = CTID) -> Catalog:
    creds = tuple(dataclasses.replace(c, ctid=ctid) if c.id == cid else c for c in cat.credentials)
    return dataclasses.replace(cat, credentials=creds, by_id={}, _implies={}, _members={})


def badge(name: str, atype: str | None = "Certification", issuer: str | None = None,
          **extra: object) -> dict:
    ach: dict = {"id": "https://issuer.example/a/1", "type": ["Achievement"], "name": name,
                 "criteria": {"narrative": "x"}}
    if atype is not None:
        ach["achievementType"] = atype
    ach.update(extra.pop("achievement", {}))  # type: ignore[arg-type]
    doc: dict = {"type": ["VerifiableCredential", "OpenBadgeCredential"],
                 "credentialSubject": {"type": ["AchievementSubject"], "achievement": ach}}
    if issuer is not None:
        doc["issuer"] = {"id": "https://issuer.example/", "type": ["Profile"], "name": issuer}
    doc.update(extra)
    return doc


def one(cat: Catalog, tmp_path: Path, doc: object):
    path = tmp_path / "w.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    (m,) = read_and_match(cat, [path], max_bytes=MIB, today=TODAY).matches
    return m


# --- the matching order -------------------------------------------------------------------


def test_alignment_ctid_wins_over_a_name_that_matches_something_else(cat: Catalog,
                                                                     tmp_path: Path) -> None:
    c = with_ctid(cat, "ancc-informatics-nursing")
    doc = badge("Registered Health Information Administrator (RHIA)", achievement={
        "alignment": [{"type": ["Alignment"], "targetType": "ceterms:Credential",
                       "targetCode": CTID, "targetName": "x"}]})
    m = one(c, tmp_path, doc)
    assert (m.id, m.how, m.detail) == ("ancc-informatics-nursing", "alignment", CTID)


def test_the_achievement_id_as_a_registry_resource_is_a_ctid_match(cat: Catalog,
                                                                   tmp_path: Path) -> None:
    c = with_ctid(cat, "ahima-rhia")
    doc = badge("HIM administrator", achievement={
        "id": f"https://credentialengineregistry.org/resources/{CTID}"})
    m = one(c, tmp_path, doc)
    assert (m.id, m.how) == ("ahima-rhia", "ctid")


def test_alignment_by_registry_url_under_targettype_ctdl(cat: Catalog) -> None:
    c = with_ctid(cat, "ancc-informatics-nursing")
    (m,) = read_and_match(c, [DATA / "nibc-ctid-alignment.json"], max_bytes=MIB,
                          today=TODAY).matches
    assert (m.id, m.how) == ("ancc-informatics-nursing", "alignment")


def test_a_competency_alignment_names_no_credential(cat: Catalog, tmp_path: Path) -> None:
    c = with_ctid(cat, "ancc-informatics-nursing")
    doc = badge("Something else", achievement={"alignment": [
        {"targetType": "ceasn:Competency", "targetCode": CTID, "targetName": "x"}]})
    assert one(c, tmp_path, doc).id is None


@pytest.mark.parametrize(("name", "how", "cid"), [
    ("Registered Health Information Administrator (RHIA)", "name", "ahima-rhia"),
    ("registered health-information administrator", "name", "ahima-rhia"),  # parentheses dropped
    ("Informatics Nursing Certification", "alias", "ancc-informatics-nursing"),
    ("NI-BC", "alias", "ancc-informatics-nursing"),
    ("ACHIP", "alias", "amia-ahic"),
    ("CHDA", "acronym", "ahima-chda"),  # the one acronym the catalogue name gives in parentheses
])
def test_names_aliases_and_acronyms(cat: Catalog, tmp_path: Path, name: str, how: str,
                                    cid: str) -> None:
    m = one(cat, tmp_path, badge(name))
    assert (m.id, m.how) == (cid, how)


def test_normalising_keeps_certificate_and_certification_apart() -> None:
    assert norm("Informatics  Nursing—Certification!") == "informatics nursing certification"
    assert norm("Informatics Nursing Certificate") != norm("Informatics Nursing Certification")
    assert norm("Master’s in Café & Data") == "masters in cafe and data"


# --- what must not match ------------------------------------------------------------------


def test_a_certificate_is_never_a_board_certification(cat: Catalog, tmp_path: Path) -> None:
    m = one(cat, tmp_path, badge("Informatics Nursing Certificate", "Certificate"))
    assert m.id is None
    # the exact alias, but typed as a certificate: the type decides
    m = one(cat, tmp_path, badge("Informatics Nursing Certification", "Certificate"))
    assert m.id is None
    assert "a Certificate is not a board-certification" in m.detail


def test_a_course_is_not_the_certification_it_prepares_for(cat: Catalog, tmp_path: Path) -> None:
    assert one(cat, tmp_path, badge("CHDA", "Course")).id is None
    c = with_ctid(cat, "ahima-rhia")
    doc = badge("RHIA exam prep", "Course", achievement={"alignment": [
        {"targetType": "CTDL", "targetUrl": f"https://credentialengineregistry.org/resources/{CTID}"}]})
    m = one(c, tmp_path, doc)
    assert m.id is None and "a Course is not a professional-certificate" in m.detail


def test_what_is_not_a_credential_is_said_so(cat: Catalog, tmp_path: Path) -> None:
    m = one(cat, tmp_path, badge("AHIMA", "Membership"))
    assert m.id is None and "a Membership is not a kind of credential" in m.detail


def test_another_bodys_credential_of_the_same_name_is_not_matched(cat: Catalog,
                                                                  tmp_path: Path) -> None:
    m = one(cat, tmp_path, badge("Registered Health Information Administrator", "Certification",
                                 issuer="Example Credentialing Board"))
    assert m.id is None and "ahima-rhia is from AHIMA" in m.detail
    for issuer in ("AHIMA", "American Health Information Management Association"):
        assert one(cat, tmp_path, badge("Registered Health Information Administrator",
                                        issuer=issuer)).id == "ahima-rhia"


def test_a_name_two_entries_share_is_ambiguous_unless_the_issuer_tells(cat: Catalog,
                                                                      tmp_path: Path) -> None:
    name = "Master of Science in Health Informatics"
    m = one(cat, tmp_path, badge(name, "MasterDegree"))
    assert m.id is None and "fits 3 entries" in m.detail
    m = one(cat, tmp_path, badge(name, "MasterDegree", issuer="Northeastern University"))
    assert m.id == "northeastern-ms-health-informatics"


def test_an_expired_credential_holds_nothing(cat: Catalog, tmp_path: Path) -> None:
    m = one(cat, tmp_path, badge("NI-BC", validUntil="2020-01-01T00:00:00Z"))
    assert m.id is None and "expired on 2020-01-01" in m.detail and "ancc-informatics-nursing" in m.detail


def test_no_match_says_why_and_suggests_only_a_fitting_kind(cat: Catalog, tmp_path: Path) -> None:
    m = one(cat, tmp_path, badge("Registered Health Information Administrater"))
    assert m.id is None and m.closest == "ahima-rhia"
    assert "no catalogue name or alias" in m.detail


# --- shapes -------------------------------------------------------------------------------


def test_clr_reads_its_credentials_not_its_achievement_list() -> None:
    found = read_wallet(DATA / "clr.json", MIB)
    assert [(a.name, a.where) for a in found] == [
        ("Registered Health Information Administrator (RHIA)",
         "$.credentialSubject.verifiableCredential[0]"),
        ("SQL for Health Data", "$.credentialSubject.verifiableCredential[1]"),
    ]  # the CLR's own achievement list also names CHDA, which was not awarded


@pytest.mark.parametrize("name", ["nibc.jwt", "rhia-jose.jwt"])
def test_a_compact_jws_is_decoded_without_verifying(name: str) -> None:
    (a,) = read_wallet(DATA / name, MIB)  # the signature is a placeholder
    assert a.name in ("Informatics Nursing Certification",
                      "Registered Health Information Administrator (RHIA)")


def test_a_list_a_presentation_and_jws_strings_inside_them(tmp_path: Path) -> None:
    jws = (DATA / "nibc.jwt").read_text().strip()
    vp = {"type": ["VerifiablePresentation"], "verifiableCredential": [badge("CHDA"), jws]}
    path = tmp_path / "w.json"
    path.write_text(json.dumps([vp, badge("RHIA")]), encoding="utf-8")
    assert [(a.name, a.where) for a in read_wallet(path, MIB)] == [
        ("CHDA", "$[0].verifiableCredential[0]"),
        ("Informatics Nursing Certification", "$[0].verifiableCredential[1]"),
        ("RHIA", "$[1]"),
    ]


def test_a_language_map_name_and_a_string_type(tmp_path: Path) -> None:
    doc = badge("x")
    doc["type"] = "OpenBadgeCredential"
    doc["credentialSubject"]["achievement"]["name"] = [{"@value": "CHDA", "@language": "en"}]
    path = tmp_path / "w.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    assert read_wallet(path, MIB)[0].name == "CHDA"


def test_the_1edtech_shape_a_degree_aligned_to_an_unknown_ctdl_resource(cat: Catalog) -> None:
    (m,) = read_and_match(cat, [DATA / "degree-ctdl.json"], max_bytes=MIB, today=TODAY).matches
    assert m.id is None
    assert m.detail.startswith("no catalogue entry records its CTID "
                               "ce-00000000-0000-4000-8000-0000000000b2")


def test_match_achievements_is_a_pure_function_of_its_input(cat: Catalog) -> None:
    found = read_wallet(DATA / "clr.json", MIB)
    assert match_achievements(cat, found, today=TODAY) == match_achievements(cat, found,
                                                                             today=TODAY)


def test_jws_payload_that_is_not_json(tmp_path: Path) -> None:
    from aipath.errors import WalletError

    bad = base64.urlsafe_b64encode(b"not json").decode().rstrip("=")
    path = tmp_path / "x.jwt"
    path.write_text(f"eyJhbGciOiJub25lIn0.{bad}.", encoding="utf-8")
    with pytest.raises(WalletError, match="payload is not JSON"):
        read_wallet(path, MIB)


def test_the_achievement_type_is_read_whatever_its_case(cat: Catalog, tmp_path: Path) -> None:
    assert one(cat, tmp_path, badge("Informatics Nursing Certification", "certificate")).id is None
    assert one(cat, tmp_path, badge("CHDA", "course")).id is None
    assert one(cat, tmp_path, badge("CHDA", "certification")).id == "ahima-chda"
