"""Use cases and steps of the public booking page's guards (防刷号): places per client address,
the proof of work, the SMS code. The rules are in server/domain/booking_guard.py; counts live
in rate_counters (atomic, shared by every server process) inside the booking's transaction,
so a refused booking counts nothing.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from server.domain import booking_guard as rules
from server.domain.appointments import AppointmentPolicy, Slot, mask_phone, valid_phone
from server.domain.booking_guard import Proof
from server.domain.errors import (
    ChallengeRequired,
    PhoneCodeAttemptsExceeded,
    PhoneCodeRequired,
    PhoneCodeWrong,
    PhoneVerificationOff,
    SlotShareReached,
    invalid,
)
from server.domain.hall import Hall
from server.domain.limits import (
    AddressBookingLimitReached,
    PhoneCodeLimitReached,
    PhoneCodeTooSoon,
    Window,
    day_window,
    ensure_within,
    window_of,
)
from server.services import views
from server.services.booking_results import PhoneCodeSent, PhoneCodeTry
from server.services.booking_stores import SenderOf
from server.services.context import Context
from server.services.unit_of_work import UnitOfWork


@dataclass(frozen=True)
class SendPhoneCode:
    hall_id: str
    phone: str
    address: str | None = None  # the public caller's address (None: staff or a kiosk)


@dataclass(frozen=True)
class TryPhoneCode:
    hall_id: str
    phone: str


def phone_digits(phone: str) -> str:
    return "".join(c for c in phone if c.isascii() and c.isdigit())


def phone_hash(phone: str, ctx: Context) -> str:
    """The phone number as stored and counted: a keyed hash, never the number."""
    return ctx.hash_id(f"phone:{phone_digits(phone)}")


def address_hash(address: str, ctx: Context) -> str:
    return ctx.hash_id(f"address:{rules.address_subject(address)}")


# -- places per address and the proof of work (inside the booking's transaction)


def _slot_window(hall: Hall, slot: Slot, now: datetime) -> tuple[str, Window]:
    day = day_window(slot.day, hall.timezone)
    return "address_slot", Window(day.index, now, day.ends_at)  # kept until the slot's day ends


def _slot_subject(hall: Hall, service_code: str, slot: Slot, address: str) -> str:
    return f"{hall.id}:{service_code}:{slot.key}:{address[:32]}"


def take_slot_share(hall: Hall, policy: AppointmentPolicy, service_code: str, slot: Slot,
                    address: str, uow: UnitOfWork, ctx: Context) -> None:  # fmt: skip
    """Count one place of the slot for the address; past its share: SlotShareReached."""
    share = rules.slot_share(policy.capacity, uow.limits.of_hall(hall.id).address_slot_share)
    scope, window = _slot_window(hall, slot, ctx.now)
    held = uow.limits.hit(scope, _slot_subject(hall, service_code, slot, address), window)
    if held > share:
        raise SlotShareReached(limit=share)


def give_slot_share(hall: Hall, service_code: str, slot: Slot, address: str | None,
                    uow: UnitOfWork, ctx: Context) -> None:  # fmt: skip
    """A booking left its slot (cancelled or moved): its address gets the place back."""
    if address is not None:
        scope, window = _slot_window(hall, slot, ctx.now)
        uow.limits.refund(scope, _slot_subject(hall, service_code, slot, address), window)


def count_public_booking(hall: Hall, address: str, proof: Proof | None, uow: UnitOfWork,
                         ctx: Context) -> None:  # fmt: skip
    """Count a booking from this address today: refused past the daily cap; past the free
    ones, only with a valid, unspent proof of work (else a new challenge is the answer)."""
    limits = uow.limits.of_hall(hall.id)
    today = day_window(hall.service_day(ctx.now), hall.timezone)
    made = uow.limits.hit("address_day", f"{hall.id}:{address}", today)
    ensure_within(made, limits.bookings_per_address_per_day, AddressBookingLimitReached,
                  retry_after=today.seconds_left(ctx.now))  # fmt: skip
    if not rules.needs_proof(made, limits.challenge_after_per_address, limits.challenge_bits):
        return
    scope = f"{hall.id}|{address}"
    if proof is not None:
        spent = rules.check_proof(ctx.hash_id, scope, proof.challenge, proof.nonce, ctx.now,
                                  limits.challenge_bits)  # fmt: skip
        if spent is not None:
            window = Window(spent.index, ctx.now, spent.expires_at)
            if uow.limits.hit("challenge", f"{hall.id}:{spent.salt}", window) == 1:
                return  # first use: spent from now on (a refused booking gives it back)
    fresh = rules.make_challenge(ctx.hash_id, scope, ctx.now, limits.challenge_bits)
    raise ChallengeRequired(challenge=fresh.token, bits=fresh.bits,
                            expires_at=views.iso(fresh.expires_at))  # fmt: skip


# -- the SMS code


def send_phone_code(cmd: SendPhoneCode, sender_of: SenderOf, uow: UnitOfWork,
                    ctx: Context) -> PhoneCodeSent:  # fmt: skip
    """Send a six-digit code to the phone (one a minute, `sms_per_phone_per_day` a day, and
    no more from one address than it may book); only its keyed hash is kept."""
    hall = uow.halls.get(cmd.hall_id)
    policy = uow.appointments.policy(hall.id)
    if not policy.phone_verification:
        raise PhoneVerificationOff()
    if not valid_phone(cmd.phone):
        raise invalid("phone", "an 11-digit mobile number", "请填写11位手机号码")
    phone = phone_hash(cmd.phone, ctx)
    minute = window_of(ctx.now, rules.RESEND_SECONDS)
    sent = uow.limits.hit("sms_phone", f"{hall.id}:{phone}", minute)
    ensure_within(sent, 1, PhoneCodeTooSoon, retry_after=minute.seconds_left(ctx.now))
    today = day_window(hall.service_day(ctx.now), hall.timezone)
    wait = today.seconds_left(ctx.now)
    sent = uow.limits.hit("sms_phone_day", f"{hall.id}:{phone}", today)
    ensure_within(sent, policy.sms_per_phone_per_day, PhoneCodeLimitReached, retry_after=wait)
    if cmd.address is not None:
        per_address = uow.limits.of_hall(hall.id).bookings_per_address_per_day
        sent = uow.limits.hit("sms_address_day", f"{hall.id}:{address_hash(cmd.address, ctx)}",
                              today)  # fmt: skip
        ensure_within(sent, per_address, PhoneCodeLimitReached, retry_after=wait)
    code = rules.new_sms_code()
    expires = ctx.now + timedelta(minutes=policy.sms_code_minutes)
    uow.phone_codes.forget_before(hall.id, ctx.now - timedelta(days=1))
    uow.phone_codes.add(hall.id, phone, ctx.hash_id(rules.sms_code_subject(hall.id, phone, code)),
                        ctx.now, expires)  # fmt: skip
    sender_of(policy.sms_url).send_code(phone_digits(cmd.phone), code, policy.sms_code_minutes,
                                        hall.name_zh)  # fmt: skip
    return PhoneCodeSent(True, mask_phone(cmd.phone), expires.isoformat(), policy.sms_code_minutes,
                         rules.RESEND_SECONDS)  # fmt: skip


def count_phone_code_try(cmd: TryPhoneCode, uow: UnitOfWork, ctx: Context) -> PhoneCodeTry:
    """Before a booking with a code: count the try (committed on its own, so wrong codes
    count too); a code tried CODE_ATTEMPTS times is refused."""
    code = uow.phone_codes.live(cmd.hall_id, phone_hash(cmd.phone, ctx), ctx.now)
    if code is None:
        return PhoneCodeTry(0)
    if code.attempts >= rules.CODE_ATTEMPTS:
        raise PhoneCodeAttemptsExceeded(limit=rules.CODE_ATTEMPTS)
    uow.phone_codes.tried(code.id)
    return PhoneCodeTry(code.attempts + 1)


def use_phone_code(hall: Hall, phone: str, given: str | None, uow: UnitOfWork,
                   ctx: Context) -> None:  # fmt: skip
    """The booking's code must be the phone's live one (then it is used up)."""
    if not given:
        raise PhoneCodeRequired()
    code = uow.phone_codes.live(hall.id, phone, ctx.now)
    if code is None:
        raise PhoneCodeWrong()
    if code.attempts > rules.CODE_ATTEMPTS:
        raise PhoneCodeAttemptsExceeded(limit=rules.CODE_ATTEMPTS)
    mine = ctx.hash_id(rules.sms_code_subject(hall.id, phone, given.strip()))
    if not secrets.compare_digest(mine, code.code_hash):
        raise PhoneCodeWrong()
    uow.phone_codes.used(code.id, ctx.now)
