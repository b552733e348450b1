"""The prerequisite graph: condition groups are nodes; input never mutated; AND-cycles named."""

from __future__ import annotations

import networkx as nx
import pytest

from aipath.catalog import load_catalog
from aipath.errors import CycleError
from aipath.graph import build_graph, check_earnable, children, entry_node

from .conftest import SMALL


class TestBuildGraph:
    def test_groups_are_nodes(self) -> None:
        """bsn's entry is an 'any' node whose children are a text leaf and an 'all' group."""
        G = build_graph(load_catalog(SMALL))
        root = entry_node(G, "bsn")
        assert G.nodes[root]["kind"] == "any"
        kids = children(G, root)
        assert [G.nodes[k]["kind"] for k in kids] == ["text", "all"]
        assert children(G, kids[1]) == ["adn", "rn-licensure"]

    def test_single_id_entry_links_credentials_directly(self, make_catalog) -> None:
        """An entry that is one id makes that credential the entry node."""
        from .conftest import cred

        cat = make_catalog([cred("a"), cred("b", entry="a")])
        assert entry_node(build_graph(cat), "b") == "a"

    def test_or_cycle_is_earnable(self) -> None:
        """The bsn <-> rn-licensure OR-cycle passes the earnability check."""
        G = build_graph(load_catalog(SMALL))
        assert not nx.is_directed_acyclic_graph(G)
        check_earnable(G)

    def test_and_cycle_is_named(self) -> None:
        """A graph with an AND-cycle raises CycleError naming both credentials."""
        G = nx.DiGraph(catalog="t.yaml")
        for n in ("a", "b"):
            G.add_node(n, kind="credential")
        G.add_edge("a", "b", pos=0)
        G.add_edge("b", "a", pos=0)
        with pytest.raises(CycleError, match=r"t\.yaml: .*(a -> b -> a|b -> a -> b)"):
            check_earnable(G)

    def test_functions_do_not_mutate(self) -> None:
        """check_earnable and the planner leave the graph as they found it."""
        from aipath.planner import Holding, PlanRequest, plan

        cat = load_catalog()
        G = build_graph(cat)
        before = (sorted(map(str, G.nodes)), sorted(map(str, G.edges)))
        check_earnable(G)
        nurse = cat.backgrounds["nurse"]
        plan(cat, G, PlanRequest(role=nurse, holdings=(Holding("bsn", "preset"),), today="2026-11-24"))
        assert (sorted(map(str, G.nodes)), sorted(map(str, G.edges))) == before
