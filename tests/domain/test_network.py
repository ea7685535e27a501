"""The hall tree (区、镇、村三级): its shape, scopes and where a matter is approved."""

from __future__ import annotations

import pytest

from server.domain.network import (
    ApprovedAt,
    BadHallTree,
    HallLevel,
    HallNode,
    HallTree,
    NoApprovingHall,
    OutsideYourHalls,
    scope_of,
)

D, T, V = HallLevel.DISTRICT, HallLevel.TOWN, HallLevel.VILLAGE
NETWORK = [
    HallNode("district", D),
    HallNode("xiaoxi", T, "district"),
    HallNode("dongshan", T, "district"),
    HallNode("qiaotou", V, "xiaoxi"),
    HallNode("shangcun", V, "xiaoxi"),
    HallNode("linjia", V, "dongshan"),
]


@pytest.fixture
def tree() -> HallTree:
    return HallTree(NETWORK)


def test_the_subtree_of_a_hall_is_itself_and_everything_below_in_order(tree: HallTree) -> None:
    assert [n.id for n in tree.subtree("xiaoxi")] == ["xiaoxi", "qiaotou",
                                                      "shangcun"]  # fmt: skip
    assert len(tree.subtree("district")) == 6
    assert [n.id for n in tree.ancestors("linjia")] == ["linjia", "dongshan",
                                                                "district"]  # fmt: skip
    assert tree.within("xiaoxi", "qiaotou") and not tree.within("xiaoxi", "dongshan")


@pytest.mark.parametrize(
    ("nodes", "reason"),
    [
        ([HallNode("t", T)], "parent_required"),
        ([HallNode("d", D), HallNode("v", V, "d")], "parent_level"),
        ([HallNode("d", D, "x")], "district_has_no_parent"),
        ([HallNode("t", T, "nowhere")], "unknown_parent"),
    ],
)
def test_a_tree_with_a_hall_out_of_place_is_refused_naming_it(
    nodes: list[HallNode], reason: str
) -> None:
    with pytest.raises(BadHallTree) as refused:
        HallTree(nodes)
    assert refused.value.params["reason"] == reason


def test_halls_written_before_the_network_stay_islands() -> None:
    islands = HallTree([HallNode("a", D), HallNode("b", D)])
    assert scope_of(islands, "manager", "a").reads == {"a"}
    assert scope_of(islands, "supervisor", "a").reads == {"a"}


def test_a_matter_is_approved_by_the_nearest_hall_of_its_level(tree: HallTree) -> None:
    assert tree.approving_hall("qiaotou", ApprovedAt.TOWN).id == "xiaoxi"
    assert tree.approving_hall("qiaotou", ApprovedAt.DISTRICT).id == "district"
    assert tree.approving_hall("dongshan", ApprovedAt.ACCEPTING).id == "dongshan"
    assert tree.route("qiaotou", ApprovedAt.DISTRICT) == ["qiaotou", "xiaoxi",
                                                                 "district"]  # fmt: skip
    with pytest.raises(NoApprovingHall):
        tree.approving_hall("district", ApprovedAt.TOWN)  # nothing above the district is a town


def test_scopes_follow_the_tree(tree: HallTree) -> None:
    supervisor = scope_of(tree, "supervisor", "district")
    assert supervisor.reads == frozenset(tree.nodes) and not supervisor.changes
    supervisor.ensure_reads("linjia")
    with pytest.raises(OutsideYourHalls):
        supervisor.ensure_changes("linjia")
    town_manager = scope_of(tree, "manager", "xiaoxi")
    town_manager.ensure_changes("xiaoxi")
    with pytest.raises(OutsideYourHalls):
        town_manager.ensure_reads("dongshan")  # a sibling town
    assert scope_of(tree, "admin", None).changes == frozenset(tree.nodes)
    assert scope_of(tree, "proxy", "qiaotou").changes == {"qiaotou"}
    assert scope_of(tree, "clerk", "gone").reads == frozenset()
