"""A case's journey through the network (村代办、镇受理、区镇审批、镇出件): hops between halls,
each with its handover list (移交清单), timed and attributed at both ends.

The case's status says where its decision stands (server/domain/cases.py); the journey says
where the file is: which hall holds it, or which hop it is on. Rules, each here once:
- A case goes up, hop by hop along the tree, from the hall that accepted it to the hall that
  approves it (server/domain/network.py `HallTree.route`), and back down the same way to the
  accepting hall, which hands the result out (统一出件).
- A hop carries a handover list: each material with its pages and whether it is an original;
  who handed it over and when; who received it and when. Nothing is sent without a list, and
  only the hall a hop goes to can receive it.
- While a case is on a hop nobody else moves it; it is decided only at the approving hall and
  handed out only at the accepting hall.
- A hop not received within `handover_working_days` gets a card of its own (the one deadline
  card algorithm, server/domain/deadline_cards.py): the late hop is named, with both halls.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime
from enum import StrEnum

from server.domain.deadline_cards import Countdown, countdown
from server.domain.errors import DomainError, invalid
from server.domain.workdays import WorkingCalendar


class Direction(StrEnum):
    UP = "up"  # towards the approving hall (上报)
    DOWN = "down"  # back to the accepting hall (回传出件)


class NotAtThisHall(DomainError):
    """The case is not held here now (it is at another hall, or on its way)."""

    code = "case_not_at_this_hall"


@dataclass(frozen=True, slots=True)
class HandoverItem:
    """One material on a handover list: its name, pages, original (原件) or copy (复印件)."""

    name: str
    pages: int
    original: bool

    def __post_init__(self) -> None:
        if not self.name.strip():
            raise invalid("handover.name", "each material needs its name", "移交材料须写名称")
        if not 0 < self.pages <= 9999:
            raise invalid("handover.pages", "from 1 to 9999 pages", "页数须为 1 至 9999")


@dataclass(frozen=True, slots=True)
class Hop:
    """One leg of the journey between two neighbouring halls of the tree."""

    seq: int
    from_hall: str
    to_hall: str
    direction: Direction
    items: tuple[HandoverItem, ...]
    sent_at: datetime
    sent_on: date  # the sending hall's local day
    sent_by: int | None
    note: str = ""
    received_at: datetime | None = None
    received_by: int | None = None

    @property
    def open(self) -> bool:
        return self.received_at is None


def next_hall(route: list[str], holder: str, direction: Direction) -> str | None:
    """The neighbour of `holder` on the case's route (accepting → approving hall) in the
    direction of travel; None at the end of the route."""
    at = route.index(holder)
    step = at + 1 if direction is Direction.UP else at - 1
    return route[step] if 0 <= step < len(route) else None


def send(
    hops: list[Hop],
    route: list[str],
    holder: str,
    direction: Direction,
    items: tuple[HandoverItem, ...],
    now: datetime,
    on: date,
    actor_id: int | None,
    note: str = "",
) -> Hop:
    """Start the next hop from the holder; refused while a hop is open or at the route's end."""
    if hops and hops[-1].open:
        raise NotAtThisHall(hall=holder, on_hop=hops[-1].seq)
    if not items:
        raise invalid("handover", "a handover lists its materials", "移交清单不能为空")
    to_hall = next_hall(route, holder, direction)
    if to_hall is None:
        raise NotAtThisHall(hall=holder, direction=direction.value)
    hop = Hop(len(hops) + 1, holder, to_hall, direction, items, now, on, actor_id, note.strip())
    hops.append(hop)
    return hop


def receive(hops: list[Hop], hall_id: str, now: datetime, actor_id: int | None) -> Hop:
    """The hall the open hop goes to signs for it; the case is held there from now on."""
    if not hops or not hops[-1].open or hops[-1].to_hall != hall_id:
        raise NotAtThisHall(hall=hall_id)
    done = replace(hops[-1], received_at=now, received_by=actor_id)
    hops[-1] = done
    return done


def holder(hops: list[Hop], accepting_hall: str) -> str | None:
    """The hall holding the case now; None while it is on a hop."""
    if not hops:
        return accepting_hall
    last = hops[-1]
    return None if last.open else last.to_hall


def ensure_held_by(hops: list[Hop], accepting_hall: str, hall_id: str) -> None:
    if holder(hops, accepting_hall) != hall_id:
        raise NotAtThisHall(hall=hall_id)


def hop_countdown(
    hop: Hop, calendar: WorkingCalendar, today: date, handover_working_days: int
) -> Countdown | None:
    """The card of an open hop: due by the end of `handover_working_days` working days after
    the day it was sent (yellow on its last day, red once overdue); None once received."""
    if not hop.open:
        return None
    due = calendar.add_working_days(hop.sent_on, handover_working_days)
    return countdown(calendar, today, due, yellow_days=1, started=hop.sent_on)
