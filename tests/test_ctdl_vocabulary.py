"""The CTDL vocabulary: every term the writer uses comes from one module, whose tables read back
what was written (the ground an import of registry records stands on)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from aipath.catalog import load_catalog
from aipath.ctdl import vocabulary as v
from aipath.ctdl.export import catalog_ctdl, ctdl_class, plan_ctdl
from aipath.graph import build_graph
from aipath.models import CREDENTIAL_TYPES, DELIVERIES, DURATION_UNITS, LEVELS, STATUSES
from aipath.planner import build_request, plan


def _nodes(doc: Any) -> Iterator[dict[str, Any]]:
    if isinstance(doc, dict):
        yield doc
        for value in doc.values():
            yield from _nodes(value)
    elif isinstance(doc, list):
        for value in doc:
            yield from _nodes(value)


def _documents() -> list[dict[str, Any]]:
    cat = load_catalog()
    graph = build_graph(cat)
    docs = [catalog_ctdl(cat)]
    for role in cat.backgrounds:
        docs.append(plan_ctdl(cat, plan(cat, graph, build_request(cat, role=role))))
    return docs


def test_every_term_the_writer_uses_is_in_the_vocabulary() -> None:
    """No ``ceterms:`` property, class or status is written that the tables do not map."""
    properties = {theirs for table in v.TABLES for _, theirs in table}
    classes = {*v.NODE_TYPES.ctdl_terms(), *v.TYPE_CLASSES.ctdl_terms(), v.DEGREE_DEFAULT,
               *(cls for cls, _, _ in v.DEGREE_CLASSES)}
    seen_properties: set[str] = set()
    for doc in _documents():
        assert doc["@context"] == v.CONTEXT
        for node in _nodes(doc):
            terms = {k for k in node if not k.startswith("@") and k != v.LANGUAGE}
            assert terms <= properties, terms - properties
            seen_properties |= terms
            if "@type" in node:
                assert node["@type"] in classes
            if node.get("@type") == v.NODE_TYPES["alignment"]:
                concept = node[v.ALIGNMENT["concept"]]
                read = v.STATUS.read(concept) or v.LEVEL.read(concept) or v.DELIVERY.read(concept)
                assert read in (*STATUSES, *LEVELS, *DELIVERIES), concept
    # The tables hold nothing the writer never writes (each term earns its place).
    assert seen_properties == properties


def test_every_type_and_status_has_a_ctdl_term() -> None:
    assert {t for t, _ in v.TYPE_CLASSES} | {"degree"} == set(CREDENTIAL_TYPES)
    assert {s for s, _ in v.STATUS} == set(STATUSES)
    assert {lv for lv, _ in v.LEVEL} == set(LEVELS)
    assert {d for d, _ in v.DELIVERY} | {"unknown"} == set(DELIVERIES)
    assert {u for u, _ in v.UNITS} == set(DURATION_UNITS)


def test_classes_and_statuses_read_back_as_written() -> None:
    """Each credential's class reads back as its type; each status term as a status written
    with that same term (several statuses share one: Active)."""
    cat = load_catalog()
    for c in cat.credentials:
        assert v.credential_type(ctdl_class(c)) == c.type, c.id
    for term in v.STATUS.ctdl_terms():
        assert v.STATUS[v.STATUS.read(term)] == term
    assert v.STATUS.read("credentialStat:Deprecated") == "retiring"
    assert v.credential_type("ceterms:DigitalBadge") is None  # not mapped: None, not a guess


@pytest.mark.parametrize("unit", DURATION_UNITS)
@pytest.mark.parametrize("value", [1, 2, 12, 40])
def test_whole_durations_read_back_as_written(unit: str, value: int) -> None:
    assert v.duration_from_iso(v.iso_duration(value, unit)) == (value, unit)


def test_durations_in_part_units_read_back_as_the_same_length() -> None:
    assert v.iso_duration(1.5, "years") == "P18M"
    assert v.duration_from_iso("P18M") == (18, "months")
    assert v.duration_from_iso(v.iso_duration(1.5, "hours")) == (1.5, "hours")
    for other in ("P1Y6M", "PT30M", "P1.5Y", "1 year", ""):
        assert v.duration_from_iso(other) is None, other


def test_language_maps_both_ways() -> None:
    assert v.text_of(v.lang("MBA")) == "MBA"
    assert v.text_of({"en": "MBA"}) == "MBA"  # as registry records often write it
    assert v.text_of({"fr": "Maîtrise", "en-GB": "Master"}) == "Master"
    assert v.text_of({"fr": "Maîtrise"}) == "Maîtrise"
    assert v.text_of("a plain string") == "a plain string"
    assert v.text_of({}) is None and v.text_of(None) is None and v.text_of({"en": ""}) is None


def test_ids_read_back() -> None:
    assert v.credential_id(v.credential_uri("msn")) == "msn"
    assert v.credential_id("https://credentialengineregistry.org/resources/ce-53bc") is None
    assert v.credential_id("urn:aipath:credential:") is None
    assert v.component_uri("nurse", "bsn") == "urn:aipath:pathway:nurse:component:bsn"


def test_a_term_is_mapped_once() -> None:
    with pytest.raises(ValueError, match="'a' is mapped twice"):
        v.Terms("example", [("a", "ceterms:A"), ("a", "ceterms:B")])
    table = v.Terms("example", [("a", "ceterms:A"), ("b", "ceterms:A")])
    assert table.read("ceterms:A") == "a" and table.read("ceterms:C") is None
