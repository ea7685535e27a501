"""The HTTP status of every domain error (issue 14): the API contract, frozen code by code.

Domain errors carry a code, their parameters and a kind in the domain's words; the web layer
alone turns a kind into an HTTP status (server/web/status.py). Every DomainError subclass in
the code base is found by walking the subclasses after importing every module, so a new error
without a status fails here, and a change of any code's status does too.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask

import console
import server
from server.domain.errors import DomainError, Kind
from server.services.face_check_in import FacePhotoRefused
from server.web.errors import install_error_handlers
from server.web.ratelimit import install_limit_errors
from server.web.status import STATUS_OF_KIND, status_of

# The contract as it stood before the statuses left the domain: code -> HTTP status.
EXPECTED = {
    "domain_error": 409,
    # the state does not allow the move now (409)
    "already_rated": 409,
    "already_waiting": 409,
    "booking_not_open": 409,
    "booking_not_today": 409,
    "concurrent_update": 409,
    "daily_cap_reached": 409,
    "double_booking": 409,
    "followup_closed": 409,
    "hall_closed": 409,
    "illegal_case_move": 409,
    "case_not_at_this_hall": 409,
    "no_approving_hall": 409,
    "illegal_move": 409,
    "not_rateable": 409,
    "own_account": 409,
    "prefix_taken": 409,
    "queue_empty": 409,
    "rating_expired": 409,
    "recall_limit_reached": 409,
    "rejoin_not_allowed": 409,
    "service_exists": 409,
    "service_in_use": 409,
    "service_not_served_here": 409,
    "slot_full": 409,
    "slot_share_reached": 409,
    "slot_unavailable": 409,
    "ticket_not_waiting": 409,
    "username_taken": 409,
    "window_busy": 409,
    "window_not_open": 409,
    "window_number_taken": 409,
    "window_taken": 409,
    # no such thing (404)
    "face_not_recognised": 404,
    "not_found": 404,
    "phone_verification_off": 404,
    "unknown_booking": 404,
    "unknown_case": 404,
    "unknown_device": 404,
    "unknown_followup": 404,
    "unknown_service": 404,
    "unknown_ticket": 404,
    "unknown_user": 404,
    "unknown_window": 404,
    # a malformed value (400)
    "invalid_value": 400,
    "bad_hall_tree": 400,
    # what the request carries is not accepted (422)
    "case_number_required": 422,
    "face_consent_required": 422,
    "face_photo_refused": 422,
    "id_number_required": 422,
    "idempotency_key_reused": 422,
    "invalid_id_number": 422,
    "phone_code_required": 422,
    "phone_code_wrong": 422,
    # not this actor's to do (403)
    "booking_blocked": 403,
    "not_your_hall": 403,
    "not_your_window": 403,
    "outside_your_halls": 403,
    "role_not_allowed": 403,
    # too many or too soon (429)
    "address_booking_limit_reached": 429,
    "booking_limit_reached": 429,
    "call_too_soon": 429,
    "face_attempts_exceeded": 429,
    "kiosk_rate_limited": 429,
    "login_locked": 429,
    "phone_booking_limit_reached": 429,
    "phone_code_attempts_exceeded": 429,
    "phone_code_limit_reached": 429,
    "phone_code_too_soon": 429,
    "ticket_limit_reached": 429,
    "too_many_requests": 429,
    # solve the challenge first (428)
    "challenge_required": 428,
    # a part the hall relies on is out of reach; nothing was kept (503)
    "face_unavailable": 503,
    "sms_unavailable": 503,
    "storage_busy": 503,
}
# Codes an instance picks at run time, and the status each answers with.
PHOTO_CODES = {f"face_{why}": 422 for why in FacePhotoRefused.REASONS}


def _subclasses(cls: type[DomainError]) -> Iterator[type[DomainError]]:
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def every_domain_error() -> list[type[DomainError]]:
    """DomainError and every subclass of it anywhere in server/ and console/."""
    for package in (server, console):
        for module in pkgutil.walk_packages(package.__path__, f"{package.__name__}."):
            importlib.import_module(module.name)
    return sorted({DomainError, *_subclasses(DomainError)}, key=lambda cls: cls.code)


def _instance(cls: type[DomainError], **params: Any) -> DomainError:
    return cls("many_faces", **params) if cls is FacePhotoRefused else cls(**params)


ERRORS = every_domain_error()


def test_every_domain_error_has_a_frozen_status() -> None:
    codes = [cls.code for cls in ERRORS]
    assert len(codes) == len(set(codes)), "two error classes share a code"
    assert set(codes) == set(EXPECTED), "add the new code to EXPECTED (and to the mapping)"
    assert {cls.code: status_of(cls) for cls in ERRORS} == EXPECTED


def test_every_kind_has_one_status_and_the_domain_speaks_no_http() -> None:
    assert set(STATUS_OF_KIND) == set(Kind)
    assert not [cls for cls in ERRORS if "status" in vars(cls)], "set a kind, not a status"


@pytest.fixture(scope="module")
def edge() -> Any:
    """A bare app with the real error mapping, raising the error its path names."""
    app = Flask(__name__)
    install_error_handlers(app)
    install_limit_errors(app)
    by_code = {cls.code: cls for cls in ERRORS}

    @app.get("/raise/<code>")
    def _raise(code: str) -> Any:
        raise _instance(by_code[code], retry_after=7)

    return app.test_client()


@pytest.mark.parametrize("cls", ERRORS, ids=lambda cls: cls.code)
def test_the_web_answers_each_error_with_its_status(edge: Any, cls: type[DomainError]) -> None:
    answer = edge.get(f"/raise/{cls.code}")
    code = _instance(cls).code
    assert answer.status_code == {**EXPECTED, **PHOTO_CODES}[code]
    assert answer.json["error"]["code"] == code


def test_the_per_code_headers_stay_at_the_edge(edge: Any) -> None:
    assert edge.get("/raise/storage_busy").headers["Retry-After"] == "1"
    assert edge.get("/raise/kiosk_rate_limited").headers["Retry-After"] == "7"
    assert "Retry-After" not in edge.get("/raise/window_busy").headers
