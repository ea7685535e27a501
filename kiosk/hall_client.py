"""The hall server as the kiosk sees it: JSON over HTTP with the device token, typed errors.

Every call has a timeout. A connection failure, a timeout or a 5xx answer becomes
`ServerUnreachable`; a refusal (4xx) becomes `ServerRefused` carrying the server's own
zh/en words; the functions issue 7 adds (appointment check-in, case look-up) answer 404
`not_found` until then, which becomes `NotAvailableYet`. Nothing here invents a number.
"""

from __future__ import annotations

import logging
from typing import Any

import requests

from kiosk.errors import NotAvailableYet, ServerRefused, ServerUnreachable

log = logging.getLogger(__name__)

CONNECT_TIMEOUT = 2.0


class HallClient:
    """One kiosk's conversation with its hall server."""

    def __init__(self, server_url: str, hall: str, token: str, timeout: float = 5.0) -> None:
        self.server_url = server_url.rstrip("/")
        self.hall = hall
        self.timeout = (min(CONNECT_TIMEOUT, timeout), timeout)
        self._http = requests.Session()
        self._http.headers["Authorization"] = f"Bearer {token}"
        self._http.headers["Accept"] = "application/json"

    def close(self) -> None:
        self._http.close()

    # Reads.

    def catalogue(self) -> dict[str, Any]:
        """Return the hall's services (code, names, prefix, category ...) and windows."""
        return self._call("GET", f"/halls/{self.hall}/catalogue")

    def queues(self) -> dict[str, Any]:
        """Return the waiting counts and estimated waits per service."""
        return self._call("GET", f"/halls/{self.hall}/queues")

    # Actions.

    def issue_ticket(
        self,
        service: str,
        request_key: str,
        *,
        priority: str | None = None,
        id_number: str | None = None,
        name: str | None = None,
    ) -> dict[str, Any]:
        """Take a number; the same `request_key` never makes a second ticket."""
        body: dict[str, Any] = {"service": service}
        if priority:
            body["priority"] = priority
        if id_number:
            body["id_number"] = id_number
        if name:
            body["name"] = name
        return self._call(
            "POST", f"/halls/{self.hall}/tickets", body, {"Idempotency-Key": request_key}
        )

    def check_in(
        self, request_key: str, *, booking_code: str | None = None, id_number: str | None = None
    ) -> dict[str, Any]:
        """Check an appointment in by its booking code or the holder's ID number (issue 7)."""
        body = {k: v for k, v in (("booking_code", booking_code), ("id_number", id_number)) if v}
        path = f"/halls/{self.hall}/appointments/check-in"
        return self._call("POST", path, body, {"Idempotency-Key": request_key}, future=True)

    def face_check_in(self, request_key: str, embedding: list[float]) -> dict[str, Any]:
        """Check an appointment in by the live face's embedding (never the picture)."""
        return self._call(
            "POST",
            "/devices/me/face-check-in",
            {"embedding": embedding},
            {"Idempotency-Key": request_key},
        )

    def ask_for_help(
        self, reason: str, *, service: str | None = None, ticket_token: str | None = None
    ) -> dict[str, Any]:
        """Call staff to the kiosk (a failed person-ID check) or mark a ticket's manual check."""
        body = {"reason": reason, "service": service, "ticket_token": ticket_token}
        return self._call("POST", "/devices/me/help", {k: v for k, v in body.items() if v})

    def look_up_cases(
        self, *, case_number: str | None = None, id_number: str | None = None
    ) -> dict[str, Any]:
        """Find cases by case number and/or the applicant's ID number (issue 7)."""
        body = {k: v for k, v in (("case_number", case_number), ("id_number", id_number)) if v}
        return self._call("POST", f"/halls/{self.hall}/cases/lookup", body, future=True)

    def send_status(self, status: dict[str, Any]) -> dict[str, Any]:
        """Report this kiosk's device states (the heartbeat)."""
        return self._call("POST", "/devices/me/status", status, future=True)

    # The wire.

    def _call(
        self,
        method: str,
        path: str,
        body: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
        *,
        future: bool = False,
    ) -> dict[str, Any]:
        url = f"{self.server_url}/api/v1{path}"
        try:
            response = self._http.request(
                method, url, json=body, headers=headers, timeout=self.timeout
            )
        except requests.RequestException as exc:
            log.warning("%s %s: %s", method, path, type(exc).__name__)
            raise ServerUnreachable(f"{method} {path}: {type(exc).__name__}") from exc
        if response.status_code >= 500:
            log.warning("%s %s answered %s", method, path, response.status_code)
            raise ServerUnreachable(f"{method} {path}: HTTP {response.status_code}")
        data = _json(response)
        if response.status_code >= 400:
            raise _refusal(response.status_code, data, future, f"{method} {path}")
        return data


def _json(response: requests.Response) -> dict[str, Any]:
    try:
        data = response.json()
    except ValueError:
        data = None
    if not isinstance(data, dict):
        if response.status_code < 400:
            raise ServerUnreachable(f"not JSON from {response.url} ({response.status_code})")
        return {}
    return data


def _refusal(status: int, data: dict[str, Any], future: bool, what: str) -> Exception:
    raw_error = data.get("error")
    error: dict[str, Any] = raw_error if isinstance(raw_error, dict) else {}
    code = str(error.get("code") or f"http_{status}")
    if future and status == 404 and code == "not_found":
        return NotAvailableYet(what)
    raw_message = error.get("message")
    message: dict[str, Any] = raw_message if isinstance(raw_message, dict) else {}
    zh = str(message.get("zh") or f"服务器拒绝了请求（{status}）")
    en = str(message.get("en") or f"The server refused the request ({status})")
    return ServerRefused(status, code, zh, en, what)
