"""The district's network of halls (区、镇、村三级): a tree, and who may see and act where.

A district centre is the root; town (street) centres hang under it; village (community)
service points under a town. One server (or one cluster) hosts the whole tree. The tree
decides three things, each here once:
- scope: which halls a signed-in role may read, and which it may change;
- routing of a case (下放清单): the hall that approves a matter accepted at a given hall is the
  nearest hall at or above it whose level approves that matter;
- the way back: a case returns to the hall that accepted it for the result (统一出件).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from server.domain.errors import DomainError, Kind


class HallLevel(StrEnum):
    DISTRICT = "district"  # 区政务服务中心
    TOWN = "town"  # 镇（街道）便民服务中心
    VILLAGE = "village"  # 村（社区）便民服务站

    @property
    def rank(self) -> int:
        """0 for the district, 1 for a town, 2 for a village point."""
        return list(HallLevel).index(self)


PARENT_LEVEL = {HallLevel.TOWN: HallLevel.DISTRICT, HallLevel.VILLAGE: HallLevel.TOWN}


class ApprovedAt(StrEnum):
    """Where a matter is approved (the 下放清单): in the hall that accepts it (即办 or its own
    back office), or at the town or district level above it."""

    ACCEPTING = "accepting"
    TOWN = "town"
    DISTRICT = "district"


class BadHallTree(DomainError):
    """A hall's place in the tree is wrong: no parent where one is needed, a parent of the
    wrong level, an unknown parent, or a loop."""

    code = "bad_hall_tree"
    kind = Kind.INVALID


class OutsideYourHalls(DomainError):
    """The hall is not among those the caller's role may read or change."""

    code = "outside_your_halls"
    kind = Kind.NOT_ALLOWED


class NoApprovingHall(DomainError):
    """No hall at or above the accepting one approves this matter at the level it needs."""

    code = "no_approving_hall"


@dataclass(frozen=True, slots=True)
class HallNode:
    id: str
    level: HallLevel
    parent_id: str | None = None


class HallTree:
    """The halls of one deployment. Halls without a level (files written before the network)
    are district-level roots of their own: each stays an island, as before."""

    def __init__(self, nodes: Iterable[HallNode]) -> None:
        self.nodes: Mapping[str, HallNode] = {n.id: n for n in nodes}
        for node in self.nodes.values():
            self._check(node)

    def _check(self, node: HallNode) -> None:
        needed = PARENT_LEVEL.get(node.level)
        if needed is None:
            if node.parent_id is not None:
                raise BadHallTree(hall=node.id, reason="district_has_no_parent")
            return
        if node.parent_id is None:
            raise BadHallTree(hall=node.id, reason="parent_required", level=needed.value)
        parent = self.nodes.get(node.parent_id)
        if parent is None:
            raise BadHallTree(hall=node.id, reason="unknown_parent", parent=node.parent_id)
        if parent.level is not needed:
            raise BadHallTree(hall=node.id, reason="parent_level", level=needed.value,
                              parent=parent.id)  # fmt: skip

    def node(self, hall_id: str) -> HallNode:
        found = self.nodes.get(hall_id)
        if found is None:
            raise OutsideYourHalls(hall=hall_id)
        return found

    def ancestors(self, hall_id: str) -> list[HallNode]:
        """The hall and every hall above it, nearest first (levels make loops impossible)."""
        chain = [self.node(hall_id)]
        while chain[-1].parent_id is not None:
            chain.append(self.nodes[chain[-1].parent_id])
        return chain

    def children(self, hall_id: str) -> list[HallNode]:
        return sorted((n for n in self.nodes.values() if n.parent_id == hall_id),
                      key=lambda n: n.id)  # fmt: skip

    def subtree(self, hall_id: str) -> list[HallNode]:
        """The hall and every hall below it, depth first, children by id."""
        out: list[HallNode] = []
        stack = [self.node(hall_id)]
        while stack:
            node = stack.pop()
            out.append(node)
            stack.extend(reversed(self.children(node.id)))
        return out

    def within(self, scope_id: str, hall_id: str) -> bool:
        """Whether `hall_id` is `scope_id` or below it."""
        return hall_id in self.nodes and any(n.id == scope_id for n in self.ancestors(hall_id))

    def approving_hall(self, accepting_id: str, approved_at: ApprovedAt) -> HallNode:
        """The hall whose back office approves a matter accepted at `accepting_id`."""
        if approved_at is ApprovedAt.ACCEPTING:
            return self.node(accepting_id)
        level = HallLevel(approved_at.value)
        for node in self.ancestors(accepting_id):
            if node.level is level:
                return node
        raise NoApprovingHall(hall=accepting_id, level=level.value)

    def route(self, accepting_id: str, approved_at: ApprovedAt) -> list[str]:
        """The halls a case passes on its way up, from the accepting hall to the approving
        one (both included): a village's case for the district goes through its town."""
        target = self.approving_hall(accepting_id, approved_at)
        path: list[str] = []
        for node in self.ancestors(accepting_id):
            path.append(node.id)
            if node.id == target.id:
                return path
        raise NoApprovingHall(hall=accepting_id, level=target.level.value)  # pragma: no cover


# -- who may see and act where
SUPERVISING_ROLES = frozenset({"supervisor"})  # read every hall below, change no queue
NETWORK_ROLES = frozenset({"admin"})  # the deployment's administrator: every hall


@dataclass(frozen=True, slots=True)
class Scope:
    """The halls a principal reads and the halls it changes."""

    reads: frozenset[str]
    changes: frozenset[str]

    def ensure_reads(self, hall_id: str) -> None:
        if hall_id not in self.reads:
            raise OutsideYourHalls(hall=hall_id)

    def ensure_changes(self, hall_id: str) -> None:
        if hall_id not in self.changes:
            raise OutsideYourHalls(hall=hall_id)


def scope_of(tree: HallTree, role: str, home_hall: str | None) -> Scope:
    """An admin reads and changes every hall; a supervisor reads its hall and every hall
    below and changes none; everyone else (manager, clerk, reviewer, village proxy, devices)
    reads and changes its own hall only."""
    if role in NETWORK_ROLES:
        every = frozenset(tree.nodes)
        return Scope(every, every)
    if home_hall is None or home_hall not in tree.nodes:
        return Scope(frozenset(), frozenset())
    if role in SUPERVISING_ROLES:
        return Scope(frozenset(n.id for n in tree.subtree(home_hall)), frozenset())
    own = frozenset({home_hall})
    return Scope(own, own)
