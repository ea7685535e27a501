"""Use cases of appointments (预约): slots on offer, book, change, cancel, check in."""

from __future__ import annotations

from dataclasses import asdict, fields
from datetime import date, time, timedelta
from typing import Any

from server.domain import personal
from server.domain.appointments import (
    Appointment,
    AppointmentPolicy,
    Arrival,
    Slot,
    day_slots,
    ensure_bookable,
    find_slot,
    mask_phone,
    new_code,
    offered_days,
    valid_phone,
)
from server.domain.catalogue import Service
from server.domain.errors import (
    BookingNotToday,
    SlotUnavailable,
    UnknownBooking,
    UnknownService,
    invalid,
)
from server.domain.hall import Hall
from server.domain.idempotency import fingerprint
from server.domain.ticket import Priority
from server.i18n import both
from server.services import views
from server.services.booking_guards import (
    address_hash,
    count_public_booking,
    give_slot_share,
    phone_hash,
    take_slot_share,
    use_phone_code,
)
from server.services.booking_results import (
    BookableServices,
    BookingDay,
    BookingSlot,
    BookingView,
    CheckedInBooking,
    CheckedInOffWindow,
    CheckedInTicket,
    CheckInNotice,
    HallName,
    SlotsOnOffer,
)
from server.services.commands import Book, CancelBooking, ChangeBooking, CheckIn, IssueTicket
from server.services.context import Context
from server.services.events import AppointmentChanged
from server.services.limits import count_booking
from server.services.tickets import issue_ticket, issued_before
from server.services.unit_of_work import UnitOfWork


def policy_of(uow: UnitOfWork, hall: Hall) -> AppointmentPolicy:
    """The hall file's [appointments] settings (stored when the hall was installed)."""
    return uow.appointments.policy(hall.id)


def slot_counter(service_code: str, start: time) -> str:
    return f"appt:{service_code}:{start.strftime('%H:%M')}"


def appointment_view(a: Appointment, hall: Hall, service: views.ServiceRef) -> BookingView:
    """What the citizen and the staff see of a booking: masked personal data only."""
    return BookingView(
        code=a.code, service=service, date=a.day.isoformat(), start=a.start.strftime("%H:%M"),
        end=a.end.strftime("%H:%M"), starts_at=a.starts_at.isoformat(), status=a.status.value,
        arrival=a.arrival.value if a.arrival else None, name_masked=a.name_masked,
        id_masked=a.id_masked, phone_masked=a.phone_masked, hall=hall_name(hall),
    )  # fmt: skip


def hall_name(hall: Hall) -> HallName:
    return HallName(hall.id, hall.name_zh, hall.name_en)


def bookable_services(hall_id: str, uow: UnitOfWork, ctx: Context) -> BookableServices:
    """The hall and the services one may book, for the public booking page, and whether a
    booking needs the code sent to its phone (SMS)."""
    hall = uow.halls.get(hall_id)
    services = [views.service_ref(s, s.code) for s in uow.halls.services(hall_id).values()]
    return BookableServices(hall_name(hall), services, policy_of(uow, hall).phone_verification)


def list_slots(hall_id: str, service_code: str, uow: UnitOfWork, ctx: Context) -> SlotsOnOffer:
    """The working days on offer and each slot's places left (past and too-soon slots closed)."""
    hall, service = _hall_service(uow, hall_id, service_code)
    policy = policy_of(uow, hall)
    today = hall.service_day(ctx.now)
    days = []
    for day in offered_days(uow.calendar, today, policy):
        taken = uow.counters.day_values(hall.id, day, f"appt:{service_code}:")
        slots = []
        for slot in day_slots(hall.hours, uow.calendar, day, policy):
            left = policy.capacity - taken.get(slot_counter(service_code, slot.start), 0)
            soon = slot.starts_at(hall.timezone) - timedelta(minutes=policy.min_lead_minutes)
            slots.append(BookingSlot(slot.start.strftime("%H:%M"), slot.end.strftime("%H:%M"),
                                     max(left, 0) if soon >= ctx.now else 0))  # fmt: skip
        days.append(BookingDay(day.isoformat(), uow.calendar.is_makeup_day(day), slots))
    return SlotsOnOffer(views.service_ref(service, service_code), policy.capacity, days)


def book(cmd: Book, uow: UnitOfWork, ctx: Context) -> BookingView:
    hall, service = _hall_service(uow, cmd.hall_id, cmd.service_code)
    id_number = personal.normalise_id_number(cmd.id_number)
    name = cmd.name.strip()
    if not name:
        raise invalid("name", "required", "请填写姓名")
    if not valid_phone(cmd.phone):
        raise invalid("phone", "an 11-digit mobile number", "请填写11位手机号码")
    policy = policy_of(uow, hall)
    id_hash, phone = ctx.hash_id(id_number), phone_hash(cmd.phone, ctx)  # keyed hashes only
    slot = _slot(uow, hall, cmd.day, cmd.start, ctx)
    starts_at = slot.starts_at(hall.timezone)
    address = address_hash(cmd.address, ctx) if cmd.address is not None else None
    if address is not None:  # the public page: server/domain/booking_guard.py
        count_public_booking(hall, address, cmd.proof, uow, ctx)
        take_slot_share(hall, policy, service.code, slot, address, uow, ctx)
        if policy.phone_verification:
            use_phone_code(hall, phone, cmd.phone_code, uow, ctx)
    person = uow.appointments.of_person(hall.id, id_hash)
    taken = uow.counters.increment(hall.id, slot.day, slot_counter(service.code, slot.start))
    ensure_bookable(starts_at, slot.key, taken - 1, person, service.code, ctx.now, policy,
                    by_phone=uow.appointments.of_phone(hall.id, phone))  # fmt: skip
    count_booking(uow.limits, hall, ctx.now, phone)
    a = Appointment(
        id=None, hall_id=hall.id, code=new_code(), service_code=service.code, day=slot.day,
        start=slot.start, end=slot.end, starts_at=starts_at, id_hash=id_hash,
        id_masked=personal.mask_id_number(id_number), name_masked=personal.mask_name(name),
        phone_masked=mask_phone(cmd.phone), created_at=ctx.now,
        history=[{"action": "book", "at": ctx.now.isoformat()}], phone_hash=phone,
        address_hash=address,
    )  # fmt: skip
    uow.appointments.add(a)
    return _announce("booked", a, hall, service, uow)


def change(cmd: ChangeBooking, uow: UnitOfWork, ctx: Context) -> BookingView:
    """Move a booking to another slot of the same service; the code stays."""
    hall, a = _own_booking(uow, cmd.hall_id, cmd.code, cmd.id_number, ctx)
    _, service = _hall_service(uow, hall.id, a.service_code)
    slot = _slot(uow, hall, cmd.day, cmd.start, ctx)
    starts_at = slot.starts_at(hall.timezone)
    person = uow.appointments.of_person(hall.id, a.id_hash)
    mine = next(p for p in person if p.id == a.id)
    policy = policy_of(uow, hall)
    by_phone = uow.appointments.of_phone(hall.id, a.phone_hash) if a.phone_hash else []
    give_slot_share(hall, a.service_code, a.slot, a.address_hash, uow, ctx)
    if a.address_hash is not None:  # booked on the public page: its address's share of the slot
        take_slot_share(hall, policy, a.service_code, slot, a.address_hash, uow, ctx)
    taken = uow.counters.increment(hall.id, slot.day, slot_counter(a.service_code, slot.start))
    ensure_bookable(starts_at, slot.key, taken - 1, person, a.service_code, ctx.now, policy,
                    ignore=mine, by_phone=by_phone)  # fmt: skip
    uow.counters.add(hall.id, a.day, slot_counter(a.service_code, a.start), -1)
    a.move_to(slot, starts_at, ctx.now)
    uow.appointments.save(a)
    return _announce("changed", a, hall, service, uow)


def cancel(cmd: CancelBooking, uow: UnitOfWork, ctx: Context) -> BookingView:
    hall, a = _own_booking(uow, cmd.hall_id, cmd.code, cmd.id_number, ctx)
    a.cancel(ctx.now)
    uow.counters.add(hall.id, a.day, slot_counter(a.service_code, a.start), -1)
    give_slot_share(hall, a.service_code, a.slot, a.address_hash, uow, ctx)
    uow.appointments.save(a)
    return _announce("cancelled", a, hall, uow.halls.services(hall.id).get(a.service_code), uow)


def check_in(cmd: CheckIn, uow: UnitOfWork, ctx: Context) -> dict[str, Any]:
    """check_in_booking's answer as a wire dict (the old shape: no `appointment` key when
    none, no `notice` within the window). No product caller is left: goes once
    tests/services/test_fake_conformance.py calls check_in_booking."""
    out = asdict(check_in_booking(cmd, uow, ctx))
    if out["appointment"] is None:
        del out["appointment"]
    return out


def check_in_booking(cmd: CheckIn, uow: UnitOfWork, ctx: Context) -> CheckedInTicket:
    """At the kiosk: a priority ticket within the window, a walk-in ticket and a notice
    outside it. The ticket comes from the one issuing use case (numbering, caps, events)."""
    hall = uow.halls.get(cmd.hall_id)
    policy = policy_of(uow, hall)
    digest = None
    if cmd.request_key:  # a retry of a check-in that went through: the same ticket again
        digest = cmd.request_digest or ctx.hash_id(
            fingerprint("check_in", cmd.booking_code, cmd.id_number)
        )
        existing = issued_before(cmd.request_key, digest, hall.id, uow)
        if existing is not None and existing.id is not None:
            again = uow.appointments.by_ticket(existing.id)
            retry = IssueTicket(hall.id, existing.service_code, cmd.actor,
                                request_key=cmd.request_key, request_digest=digest)  # fmt: skip
            return _checked_in(issue_ticket(retry, uow, ctx), again, hall, policy)
    a = _todays_booking(cmd, hall, uow, ctx)
    arrival = a.check_in(ctx.now, policy)
    issue = IssueTicket(
        hall_id=hall.id,
        service_code=a.service_code,
        actor=cmd.actor,
        priority=Priority.APPOINTMENT if arrival is Arrival.ON_TIME else Priority.NORMAL,
        id_number=cmd.id_number,
        request_key=cmd.request_key,
        request_digest=digest,
    )
    ticket = issue_ticket(issue, uow, ctx)
    a.ticket_id = ticket.id
    uow.appointments.save(a)
    service = uow.halls.services(hall.id).get(a.service_code)
    _announce("checked_in", a, hall, service, uow)
    return _checked_in(ticket, a, hall, policy)


def _checked_in(ticket: views.IssuedTicket, a: Appointment | None, hall: Hall,
                policy: AppointmentPolicy) -> CheckedInTicket:  # fmt: skip
    issued = {f.name: getattr(ticket, f.name) for f in fields(views.IssuedTicket)}
    booking = None if a is None else CheckedInBooking(
        a.code, a.day.isoformat(), a.start.strftime("%H:%M"),
        a.arrival.value if a.arrival else None)  # fmt: skip
    if a is None or a.arrival is None or a.arrival is Arrival.ON_TIME:
        return CheckedInTicket(**issued, appointment=booking)
    opens = hall.local(a.starts_at - timedelta(minutes=policy.early_minutes))
    start = hall.local(a.starts_at).strftime("%H:%M")
    words = both(f"appointment.{a.arrival.value}", start=start, opens=f"{opens:%H:%M}")
    notice = CheckInNotice(words["zh"], words["en"])
    return CheckedInOffWindow(**issued, appointment=booking, notice=notice)


def _todays_booking(cmd: CheckIn, hall: Hall, uow: UnitOfWork, ctx: Context) -> Appointment:
    today = hall.service_day(ctx.now)
    if cmd.booking_code:
        a = uow.appointments.by_code(hall.id, cmd.booking_code)
        if cmd.id_number and ctx.hash_id(personal.normalise_id_number(cmd.id_number)) != a.id_hash:
            raise UnknownBooking()
    elif cmd.id_number:
        id_hash = ctx.hash_id(personal.normalise_id_number(cmd.id_number))
        mine = [p for p in uow.appointments.of_person(hall.id, id_hash) if p.status == "booked"]
        if not mine:
            raise UnknownBooking()
        todays = [p for p in mine if p.day == today]
        # Of today's bookings, the one whose start is nearest to now.
        a = min(todays or mine, key=lambda p: abs((p.starts_at - ctx.now).total_seconds()))
    else:
        raise invalid("booking_code", "give booking_code or id_number", "请提供预约码或身份证号")
    if a.day != today:
        raise BookingNotToday(day=a.day.isoformat())
    return a


def _hall_service(uow: UnitOfWork, hall_id: str, code: str) -> tuple[Hall, Service]:
    hall = uow.halls.get(hall_id)
    service = uow.halls.services(hall_id).get(code)
    if service is None:
        raise UnknownService(service=code)
    return hall, service


def _slot(uow: UnitOfWork, hall: Hall, day: date, start: time, ctx: Context) -> Slot:
    policy = policy_of(uow, hall)
    if day not in offered_days(uow.calendar, hall.service_day(ctx.now), policy):
        raise SlotUnavailable(day=day.isoformat(), start=start.strftime("%H:%M"))
    return find_slot(hall.hours, uow.calendar, day, start, policy)


def _own_booking(uow: UnitOfWork, hall_id: str, code: str, id_number: str,
                 ctx: Context) -> tuple[Hall, Appointment]:  # fmt: skip
    """The booking of this code, if the ID number is its holder's (else: unknown), while it
    may still be changed."""
    hall = uow.halls.get(hall_id)
    a = uow.appointments.by_code(hall.id, code)
    if ctx.hash_id(personal.normalise_id_number(id_number)) != a.id_hash:
        raise UnknownBooking()
    a.ensure_changeable(ctx.now, policy_of(uow, hall))
    return hall, a


def _announce(kind: str, a: Appointment, hall: Hall, service: Service | None,
              uow: UnitOfWork) -> BookingView:  # fmt: skip
    view = appointment_view(a, hall, views.service_ref(service, a.service_code))
    uow.collect(AppointmentChanged(kind, hall.id, view))
    return view
