"""The booking guards' and idempotent requests' rules, one test per rule (pure: no database)."""

from __future__ import annotations

import hashlib
import hmac
import itertools
from datetime import UTC, datetime, timedelta

import pytest

from server.domain import booking_guard as rules
from server.domain.errors import IdempotencyKeyReused
from server.domain.idempotency import caller_scope, ensure_same_request, fingerprint, scoped_key

NOW = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)


def sign(text: str) -> str:
    return hmac.new(b"k" * 32, text.encode(), hashlib.sha256).hexdigest()


def solve(token: str, bits: int) -> str:
    for n in itertools.count():
        if rules.leading_zero_bits(hashlib.sha256(f"{token}:{n}".encode()).digest()) >= bits:
            return str(n)
    raise AssertionError("unreachable")


def test_an_address_holds_a_share_of_a_slot_and_at_least_one_place() -> None:
    assert rules.slot_share(4, 0.5) == 2
    assert rules.slot_share(5, 0.5) == 2
    assert rules.slot_share(1, 0.5) == 1
    assert rules.slot_share(4, 1.0) == 4
    assert rules.slot_share(10, 0.3) == 3


def test_an_ipv6_subscriber_is_its_64_network() -> None:
    assert rules.address_subject("203.0.113.7") == "203.0.113.7"
    assert rules.address_subject("2001:db8:5:7::1") == rules.address_subject("2001:db8:5:7:ff::2")
    assert rules.address_subject("2001:db8:5:7::1") != rules.address_subject("2001:db8:5:8::1")
    assert rules.address_subject("::ffff:203.0.113.7") == "203.0.113.7"
    assert rules.address_subject("unknown") == "unknown"


def test_a_proof_is_needed_past_the_free_bookings_unless_off() -> None:
    assert not rules.needs_proof(3, after=3, bits=17)
    assert rules.needs_proof(4, after=3, bits=17)
    assert rules.needs_proof(1, after=0, bits=17)
    assert not rules.needs_proof(50, after=3, bits=0)


def test_a_solved_challenge_is_accepted_for_its_scope_until_it_expires() -> None:
    c = rules.make_challenge(sign, "hall|addr", NOW, 8)
    assert c.expires_at == NOW + timedelta(seconds=rules.CHALLENGE_SECONDS)
    assert len(f"{c.token}:123456789") <= 55, "one SHA-256 block: fast on a phone"
    nonce = solve(c.token, 8)
    spent = rules.check_proof(sign, "hall|addr", c.token, nonce, NOW, 8)
    assert spent is not None and spent.expires_at == c.expires_at
    assert rules.check_proof(sign, "hall|other", c.token, nonce, NOW, 8) is None, "scope"
    assert rules.check_proof(sign, "hall|addr", c.token, nonce, c.expires_at, 8) is None
    assert rules.check_proof(sign, "hall|addr", c.token, nonce, NOW, 9) is None, "too easy now"
    assert rules.check_proof(sign, "hall|addr", c.token, "x1", NOW, 8) is None, "digits only"


def test_a_tampered_or_unsolved_challenge_is_refused() -> None:
    c = rules.make_challenge(sign, "s", NOW, 8)
    expiry, bits, salt, mac = c.token.split(".")
    easier = f"{expiry}.1.{salt}.{mac}"
    assert rules.check_proof(sign, "s", easier, solve(easier, 1), NOW, 0) is None
    later = f"{int(expiry, 16) + 3600:x}.{bits}.{salt}.{mac}"
    assert rules.check_proof(sign, "s", later, solve(later, 8), NOW, 8) is None
    unsolved = next(str(n) for n in itertools.count()
                    if hashlib.sha256(f"{c.token}:{n}".encode()).digest()[0] != 0)  # fmt: skip
    assert rules.check_proof(sign, "s", c.token, unsolved, NOW, 8) is None
    assert rules.check_proof(sign, "s", "not.a.token", "1", NOW, 8) is None


def test_an_sms_code_has_six_digits() -> None:
    codes = {rules.new_sms_code() for _ in range(50)}
    assert all(len(c) == 6 and c.isdigit() for c in codes) and len(codes) > 1


def test_a_key_belongs_to_the_device_else_the_user_else_the_address() -> None:
    assert caller_scope(7, 3, "10.0.0.1") == "device:7"
    assert caller_scope(None, 3, "10.0.0.1") == "user:3"
    assert caller_scope(None, None, "10.0.0.1") == "address:10.0.0.1"
    assert scoped_key("device:7", "k") != scoped_key("device:8", "k")
    assert len(scoped_key("device:7", "k" * 80)) == 64, "fits tickets.request_key"


def test_a_retry_must_ask_the_same_thing() -> None:
    first = fingerprint("ticket", "household", "normal", None, None)
    ensure_same_request(first, first)
    ensure_same_request(None, first)  # kept before digests were: taken as the same
    with pytest.raises(IdempotencyKeyReused):
        ensure_same_request(first, fingerprint("ticket", "civil_affairs", "normal", None, None))
