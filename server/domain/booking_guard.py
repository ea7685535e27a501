"""Guards of public booking against slots filled with generated people (防刷号).

ID numbers with a valid check digit and unverified phone numbers cost nothing to make up, so
the rules below watch what is costly to fake: the client address, the phone's history, time
spent and, where the hall has an SMS gateway, the phone itself.

- Per client address (an IPv6 address counts by its /64 network, what one line gets): at most
  `bookings_per_address_per_day` bookings a day, and at most `address_slot_share` of one
  slot's places (at least one place), so four requests no longer empty a slot.
- After `challenge_after_per_address` bookings from one address in a day, each further booking
  carries a proof of work: a nonce such that SHA-256 of "<challenge>:<nonce>" begins with
  `challenge_bits` zero bits. The challenge is stateless (signed with the server's key, bound
  to the hall and the address, valid CHALLENGE_SECONDS) and single-use (spent by the booking
  that uses it).
- Per phone: repeated no-shows block booking as they do per ID number (the same
  [appointments] no_show_limit, no_show_window_days and block_days).
- Optionally, an SMS code sent to the phone (off by default): six digits kept only as a keyed
  hash, valid `sms_code_minutes`, CODE_ATTEMPTS tries, one code per phone and
  RESEND_SECONDS, `sms_per_phone_per_day` codes a day.
Pure: time, keys and randomness are passed in.
"""

from __future__ import annotations

import base64
import hashlib
import ipaddress
import math
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

CHALLENGE_SECONDS = 300  # a challenge is solved and used within five minutes
MAX_CHALLENGE_BITS = 24
CODE_ATTEMPTS = 5  # tries of one SMS code
RESEND_SECONDS = 60  # one SMS code per phone and minute
SMS_SCHEMES = ("none", "log", "record")  # built-in senders; gateways are plug-ins
SMS_PLUGIN_GROUP = "onewindow.sms"  # entry points: scheme = factory(url) -> sender

Sign = Callable[[str], str]  # the server's keyed hash (hex): ctx.hash_id


def address_subject(address: str) -> str:
    """The part of a client address that one subscriber holds: an IPv4 address, an IPv6 /64."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address[:64]
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.IPv6Network(f"{ip}/64", strict=False))
    return str(ip)


def slot_share(capacity: int, share: float) -> int:
    """Places of one slot one address may hold: `share` of them, at least one."""
    return max(1, math.floor(capacity * share + 1e-9))


def needs_proof(made_today: int, after: int, bits: int) -> bool:
    """Whether the booking counted `made_today` from its address must carry a proof of work."""
    return bits > 0 and made_today > after


@dataclass(frozen=True)
class Proof:
    """What a booking sends back: the challenge it was given and the nonce that solves it."""

    challenge: str
    nonce: str


@dataclass(frozen=True)
class Challenge:
    token: str  # "<expiry hex>.<bits>.<salt>.<mac>": what the client hashes, with ":<nonce>"
    bits: int
    expires_at: datetime


@dataclass(frozen=True)
class Spent:
    """A valid proof: its salt and expiry, to be marked spent until then."""

    salt: str
    expires_at: datetime

    @property
    def index(self) -> int:
        return int(self.expires_at.timestamp())


def _mac(sign: Sign, scope: str, body: str) -> str:
    return sign(f"pow|{scope}|{body}")[:20]


def make_challenge(sign: Sign, scope: str, now: datetime, bits: int,
                   salt: str | None = None) -> Challenge:  # fmt: skip
    """A new challenge for this scope (hall and address), signed, valid CHALLENGE_SECONDS."""
    expires = int(now.timestamp()) + CHALLENGE_SECONDS
    salt = salt or base64.urlsafe_b64encode(secrets.token_bytes(9)).decode()
    body = f"{expires:x}.{bits}.{salt}"
    return Challenge(f"{body}.{_mac(sign, scope, body)}", bits,
                     datetime.fromtimestamp(expires, UTC))  # fmt: skip


def leading_zero_bits(digest: bytes) -> int:
    value = int.from_bytes(digest, "big")
    return len(digest) * 8 - value.bit_length()


def check_proof(sign: Sign, scope: str, token: str, nonce: str, now: datetime,
                min_bits: int) -> Spent | None:  # fmt: skip
    """The proof's salt if the challenge is ours, for this scope, unexpired, at least as hard
    as the hall asks now, and the nonce solves it; None otherwise."""
    parts = token.split(".")
    if len(parts) != 4 or not (0 < len(nonce) <= 20 and nonce.isascii() and nonce.isdigit()):
        return None
    expiry, bits, salt, mac = parts
    body = f"{expiry}.{bits}.{salt}"
    if not secrets.compare_digest(mac, _mac(sign, scope, body)):
        return None
    expires_at = datetime.fromtimestamp(int(expiry, 16), UTC)
    if expires_at <= now or expires_at > now + timedelta(seconds=CHALLENGE_SECONDS):
        return None
    needed = int(bits)
    work = hashlib.sha256(f"{token}:{nonce}".encode()).digest()
    if needed < min_bits or leading_zero_bits(work) < needed:
        return None
    return Spent(salt, expires_at)


def new_sms_code() -> str:
    return f"{secrets.randbelow(1_000_000):06d}"


def sms_code_subject(hall_id: str, phone_hash: str, code: str) -> str:
    """What is hashed with the server's key to keep a code: never the code itself."""
    return f"sms|{hall_id}|{phone_hash}|{code}"
