"""Loading and validating catalogues: the shipped one, small ones, and a corpus of bad ones."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from aipath.catalog import BUILTIN_PATH, load_catalog
from aipath.errors import CatalogError, CycleError
from aipath.models import All, AnyOf, Experience, Ref, Text, catalog_to_data

from .conftest import DATA, SMALL

MALFORMED = DATA / "malformed"

# file -> (text the one-line message must contain, whether a line:col is expected)
EXPECTED = {
    "alias_bomb.yaml": ("aliases", True),
    "and_cycle.yaml": ("can never be earned", True),
    "bad_verified_on.yaml": ("must be a date", True),
    "comments_only.yaml": ("empty", False),
    "cost_max_below_min.yaml": ("below usd_min", True),
    "dangling_prereq.yaml": ("'adn-degree', which is not a credential id", True),
    "date_as_name.yaml": ("name must be a string, not a date", True),
    "duplicate_id.yaml": ("duplicate credential id 'governance-cert'", True),
    "duplicate_key.yaml": ("duplicate key 'cost'", True),
    "empty.yaml": ("empty", False),
    "id_octal.yaml": ("id must be a string, not an integer 007", True),
    "n_of_out_of_range.yaml": ("n_of.n is 3 but only 2", True),
    "nesting_100.yaml": ("deeper than 64", True),
    "non_utf8.yaml": ("not valid UTF-8", True),
    "nul_byte.yaml": ("NUL", True),
    "role_not_background.yaml": ("role 'pharmacist' is not a background", True),
    "roles_no.yaml": ("roles must be a list, not a boolean", True),
    "tab_indent.yaml": ("tab character is not allowed for indentation", True),
    "top_level_list.yaml": ("top level must be a mapping", True),
    "two_documents.yaml": ("single document", True),
    "undeclared_skill.yaml": ("'prompt-wizardry' is not declared", True),
    "unknown_key.yaml": ("unknown key 'provder'", True),
    "unknown_type.yaml": ("type 'nanodegree' is not one of", True),
    "wrong_schema_version.yaml": ("schema_version 2", True),
}


class TestShippedCatalogue:
    def test_loads_with_the_research_credentials(self) -> None:
        """The catalogue inside the package loads and holds at least the 67 researched credentials."""
        cat = load_catalog()
        assert cat.path == BUILTIN_PATH
        assert len(cat.credentials) >= 67
        assert set(cat.backgrounds) >= {"physician", "nurse", "informaticist", "data-scientist"}

    def test_every_credential_keeps_its_evidence(self) -> None:
        """Every credential has a dated source; non-recalled evidence has a URL."""
        for c in load_catalog().credentials:
            assert c.evidence, c.id
            for e in c.evidence:
                assert len(e.verified_on) == 10
                assert e.url or e.kind == "recalled", c.id

    def test_repo_data_file_is_the_shipped_file(self) -> None:
        """data/credentials.yaml at the repo root is the file that ships in the package."""
        root = Path(__file__).parent.parent / "data" / "credentials.yaml"
        if not root.exists():
            pytest.skip("not running from a source checkout")
        assert load_catalog(root).sha256 == load_catalog().sha256


class TestSmallCatalogue:
    def test_conditions_become_typed_objects(self) -> None:
        """Entry conditions are parsed into the closed grammar (any, all, refs, text, experience)."""
        cat = load_catalog(SMALL)
        bsn = cat.by_id["bsn"].entry
        assert isinstance(bsn, AnyOf)
        assert isinstance(bsn.items[0], Text)
        assert bsn.items[1] == All((Ref("adn"), Ref("rn-licensure")))
        msn = cat.by_id["msn-informatics"].entry
        assert isinstance(msn, All) and Experience(1, "nursing-practice") in msn.items

    def test_or_cycle_is_legal(self) -> None:
        """bsn needs rn-licensure on one route and rn-licensure needs bsn or adn: that loads."""
        cat = load_catalog(SMALL)
        assert "rn-licensure" in cat.by_id["bsn"].prerequisites
        assert "bsn" in cat.by_id["rn-licensure"].prerequisites

    def test_dates_and_shorthands_are_normalised(self) -> None:
        """verified_on becomes an ISO string; usd is min = max; a missing duration max equals min."""
        cat = load_catalog(SMALL)
        assert cat.by_id["bsn"].evidence[0].verified_on == "2026-11-24"
        assert cat.by_id["adn"].evidence[0].verified_on == "2026-11-24"
        rn = cat.by_id["rn-licensure"].cost
        assert rn is not None and rn.usd_min == rn.usd_max == 200
        d = cat.by_id["bsn"].duration
        assert d is not None and d.min == d.max == 4

    def test_unlocks(self) -> None:
        """unlocks lists the credentials whose entry mentions an id."""
        assert load_catalog(SMALL).unlocks("bsn") == ("rn-licensure", "msn-informatics")

    def test_json_round_trip_gives_the_same_catalogue(self, tmp_path: Path) -> None:
        """Exported JSON loads back through the same validation into an equal catalogue."""
        cat = load_catalog()
        path = tmp_path / "export.json"
        path.write_text(json.dumps(catalog_to_data(cat), indent=2), encoding="utf-8")
        again = load_catalog(path)
        assert again.credentials == cat.credentials
        assert again.backgrounds == cat.backgrounds
        assert again.skills == cat.skills


class TestMalformed:
    def test_corpus_is_complete(self) -> None:
        """Every file of the malformed corpus has an expectation, and there are at least 15."""
        files = {p.name for p in MALFORMED.glob("*.yaml")}
        assert files == set(EXPECTED)
        assert len(files) >= 15

    @pytest.mark.parametrize("name", sorted(EXPECTED))
    def test_each_gives_one_positioned_message(self, name: str) -> None:
        """Each malformed file raises a CatalogError with one line naming the file (and line:col)."""
        needle, positioned = EXPECTED[name]
        path = MALFORMED / name
        with pytest.raises(CatalogError) as info:
            load_catalog(path)
        message = str(info.value)
        assert "\n" not in message
        assert message.startswith(str(path) + ":")
        assert needle in message
        assert (info.value.line is not None) == positioned

    def test_cycle_names_the_cycle(self) -> None:
        """An AND-cycle is a CycleError naming every credential on it."""
        with pytest.raises(CycleError, match="governance-cert -> msn-informatics -> governance-cert"):
            load_catalog(MALFORMED / "and_cycle.yaml")

    def test_oversize_file(self, tmp_path: Path) -> None:
        """A file over the size cap is refused before it is read; the cap can be raised."""
        path = tmp_path / "big.yaml"
        path.write_bytes(SMALL.read_bytes() + b"#" * (25 * 1024 * 1024))
        with pytest.raises(CatalogError, match="over the limit"):
            load_catalog(path)
        assert load_catalog(path, max_bytes=30 * 1024 * 1024).credentials

    def test_missing_file(self, tmp_path: Path) -> None:
        """A missing file is a one-line CatalogError, not a traceback."""
        with pytest.raises(CatalogError, match="file not found"):
            load_catalog(tmp_path / "nope.yaml")

    def test_deep_nesting_beyond_libyaml(self, tmp_path: Path) -> None:
        """5,000 levels of nesting are refused cleanly (no RecursionError)."""
        path = tmp_path / "deep.yaml"
        path.write_text("x: " + "[" * 5000 + "]" * 5000 + "\n")
        with pytest.raises(CatalogError):
            load_catalog(path)

    @pytest.mark.parametrize(
        ("old", "new", "needle"),
        [
            ("    status: active\n    url: https://example.edu/msn\n", "    status: sleeping\n    url: https://example.edu/msn\n", "status 'sleeping'"),
            ("[nurse, physician]\n    skills: [ai-literacy]", "[nurse, physician]\n    skills: ai-literacy", "must be a list"),
            ("    delivery: hybrid\n", "    delivery: yes\n", "delivery must be a string, not a boolean"),
            ("{usd: 49, year: 2025}", "{usd: 49, year: 25}", "not a plausible year"),
            ("{usd: 49, year: 2025}", "{usd: -5, year: 2025}", "must be a number >= 0"),
            ("{usd: 49, year: 2025}", "{usd: 49, usd_min: 40, usd_max: 60}", "either usd or usd_min"),
            ("entry: {any: [bsn, adn]}", "entry: {maybe: [bsn, adn]}", "unknown condition 'maybe'"),
            ("holds: [md]", "holds: [dr]", "background holds 'dr'"),
            ("  - id: md\n", "  - id: Doctor_Of_Medicine\n", "kebab-case"),
            ("{url: \"https://example.org/ai\", kind: official, verified_on: 2026-11-24}", "{kind: official, verified_on: 2026-11-24}", "needs a url"),
        ],
    )
    def test_field_rules(self, write_catalog, small_text: str, old: str, new: str, needle: str) -> None:
        """Wrong types and values in single fields are each named with their position."""
        assert old in small_text
        path = write_catalog(small_text.replace(old, new, 1))
        with pytest.raises(CatalogError) as info:
            load_catalog(path)
        assert needle in str(info.value)
        assert info.value.line is not None



CTID = "ce-0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"


def test_ctid_and_aliases_load_and_survive_the_cache(make_catalog) -> None:
    from aipath.models import catalog_from_data, catalog_to_data

    from .conftest import cred

    cat = make_catalog([cred("a", ctid=CTID, aliases=["Old Name", "OLD-N"])])
    a = cat.by_id["a"]
    assert (a.ctid, a.aliases) == (CTID, ("Old Name", "OLD-N"))
    back = catalog_from_data(catalog_to_data(cat), path=cat.path, sha256=cat.sha256)
    assert back.by_id["a"] == a


@pytest.mark.parametrize(("creds", "message"), [
    ([{"ctid": "CE-0A1B2C3D-4E5F-4A6B-8C7D-9E0F1A2B3C4D"}], "is not a CTID"),
    ([{"ctid": "ce-123"}], "is not a CTID"),
    ([{"ctid": CTID}, {"ctid": CTID}], f"ctid {CTID} is already credential c0's"),
    ([{"aliases": [" "]}], "aliases must not be empty"),
    ([{"aliases": "Old Name"}], "aliases"),
])
def test_a_bad_ctid_or_alias_is_one_line_naming_the_place(make_catalog, creds, message) -> None:
    from aipath.errors import CatalogError

    from .conftest import cred

    with pytest.raises(CatalogError) as err:
        make_catalog([cred(f"c{i}", **fields) for i, fields in enumerate(creds)])
    assert message in str(err.value) and "\n" not in str(err.value)
    assert ".json:" in str(err.value)
