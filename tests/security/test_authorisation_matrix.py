"""Authorisation matrix: every /api/v1 route x every role, and the /live rooms each joins.

A route missing from ROUTES fails the test, so a new route must be classified here. For each
(route, role): a role outside the allowed set must get 401/403 (404 where the existence of
another hall's object is hidden); a role inside it must not get 401/403 (nor a 500).
Refused roles are tried first, so a mutating request meets the object still in its
original state (a refusal that only happens because the object is gone proves nothing).
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from server.adapters import tables
from server.adapters.accounts import add_user, issue_device_token
from server.adapters.catalogue_store import install_hall
from server.adapters.hall_file import load_hall
from server.web.extensions import socketio
from tests.server.conftest import HALL, Api, Hall, build_hall

ROOT = Path(__file__).resolve().parents[2]
TOWN = "xiaoxi"
WINDOW_A, WINDOW_B = 2, 3
PASSWORD = "matrix-pass-123"

ROLES = (
    "anonymous", "kiosk", "display", "rating_pad", "counter",
    "clerk_a", "clerk_b", "manager", "other_manager", "admin",
)  # fmt: skip
STAFF = {"clerk_a", "clerk_b", "manager", "admin"}
MANAGERS = {"manager", "admin"}
EVERYONE = set(ROLES)
SIGNED_IN = EVERYONE - {"anonymous"}
# The window's own clerk, or a manager of the hall.
WINDOW_STAFF = {"clerk_a", "manager", "admin"}
WINDOW_ACTIONS = ("sign-in", "sign-out", "call-next", "recall", "start", "finish", "no-show",
                  "transfer", "pause", "resume", "open", "close")  # fmt: skip


@dataclass(frozen=True)
class Case:
    """One route: who may call it and a concrete request that would succeed for them."""

    allowed: set[str]
    path: str
    body: Any = None
    fresh_client: bool = False  # login/logout: do not disturb the role's own session


def _extensions() -> list[Any]:
    """Modules tests/security/matrix_*.py: each has routes(ids) and may have prepare(hall, apis)."""
    here = Path(__file__).parent
    return [
        importlib.import_module(f"tests.security.{p.stem}")
        for p in sorted(here.glob("matrix_*.py"))
    ]


def routes(ids: dict[str, Any]) -> dict[tuple[str, str], Case]:
    table = _core_routes(ids)
    for extension in _extensions():
        table.update(extension.routes(ids))
    return table


def _core_routes(ids: dict[str, Any]) -> dict[tuple[str, str], Case]:
    t, fu, dev, user = ids["token"], ids["followup"], ids["device"], ids["user"]
    a = WINDOW_A
    h = f"/halls/{HALL}"
    return {
        ("POST", "/auth/login"): Case(
            EVERYONE, "/auth/login", {"username": "spare", "password": PASSWORD}, True
        ),
        ("POST", "/auth/logout"): Case(EVERYONE, "/auth/logout", None, True),
        ("GET", "/auth/me"): Case(SIGNED_IN, "/auth/me"),
        ("GET", "/openapi.json"): Case(EVERYONE, "/openapi.json"),
        # Hall readers: staff and the hall's devices, but not the rating pad.
        ("GET", "/halls/<hall_id>/catalogue"): Case(
            STAFF | {"kiosk", "display", "counter"}, f"{h}/catalogue"
        ),
        ("GET", "/halls/<hall_id>/queues"): Case(
            STAFF | {"kiosk", "display", "counter"}, f"{h}/queues"
        ),
        ("GET", "/halls/<hall_id>/snapshot"): Case(STAFF | {"display"}, f"{h}/snapshot"),
        ("POST", "/halls/<hall_id>/tickets"): Case(
            STAFF | {"kiosk"}, f"{h}/tickets", {"service": "household"}
        ),
        # Tickets: public by their unguessable token; cancel/rejoin by staff and kiosks.
        ("GET", "/tickets/<token>"): Case(EVERYONE, f"/tickets/{t}"),
        ("POST", "/tickets/<token>/rejoin"): Case(STAFF | {"kiosk"}, f"/tickets/{t}/rejoin"),
        ("POST", "/tickets/<token>/cancel"): Case(STAFF | {"kiosk"}, f"/tickets/{t}/cancel"),
        ("POST", "/tickets/<token>/rating"): Case(
            EVERYONE, f"/tickets/{ids['rated_token']}/rating", {"level": 5}
        ),
        # The counter.
        # Each counter action has its own route (and body in the document), all behind the
        # same staff check and the window's ownership; the matrix exercises them through
        # recall (it changes nothing the other cases rely on), and
        # test_every_window_action_route_refuses_strangers calls each route itself.
        **{
            ("POST", f"/windows/<int:window_id>/{action}"): Case(
                WINDOW_STAFF, f"/windows/{a}/recall"
            )
            for action in WINDOW_ACTIONS
        },
        ("GET", "/windows/<int:window_id>/snapshot"): Case(
            STAFF | {"counter"}, f"/windows/{a}/snapshot"
        ),
        ("GET", "/windows/<int:window_id>/console"): Case(WINDOW_STAFF, f"/windows/{a}/console"),
        ("GET", "/windows/<int:window_id>/rating"): Case({"rating_pad"}, f"/windows/{a}/rating"),
        ("POST", "/windows/<int:window_id>/rating"): Case(
            {"rating_pad"}, f"/windows/{a}/rating", {"ticket_id": ids["ticket_id"], "level": 5}
        ),
        # Manager console: this hall's manager or an admin.
        **{
            ("GET", f"/halls/<hall_id>/{name}"): Case(MANAGERS, f"{h}/{name}")
            for name in (
                "audit",
                "board",
                "devices",
                "services",
                "users",
                "waiting",
                "windows",
                "reports",
            )  # fmt: skip
        },
        ("GET", "/halls/<hall_id>/exports/<kind>"): Case(MANAGERS, f"{h}/exports/tickets"),
        ("PUT", "/halls/<hall_id>/notice"): Case(MANAGERS, f"{h}/notice", {"notice_zh": "通知"}),
        ("POST", "/halls/<hall_id>/tickets/<int:ticket_id>/reroute"): Case(
            MANAGERS, f"{h}/tickets/{ids['waiting_id']}/reroute", {"service": "household"}
        ),
        ("POST", "/followups/<int:followup_id>/close"): Case(
            MANAGERS, f"/followups/{fu}/close", {"note": "called the citizen back"}
        ),
        ("POST", "/halls/<hall_id>/services"): Case(
            MANAGERS, f"{h}/services", {"code": "matrix_svc"}
        ),
        ("PUT", "/halls/<hall_id>/services/<code>"): Case(
            MANAGERS, f"{h}/services/household", {"name_en": "Household registration"}
        ),
        ("POST", "/halls/<hall_id>/windows"): Case(
            MANAGERS,
            f"{h}/windows",
            {
                "number": 99,
                "name_zh": "窗口",
                "name_en": "W",
                "kind": "general",
                "services": ["household"],
            },
        ),  # fmt: skip
        ("PUT", "/windows/<int:window_id>"): Case(
            MANAGERS, "/windows/7", {"name_en": "Window seven"}
        ),
        ("PUT", "/windows/<int:window_id>/services"): Case(
            MANAGERS, "/windows/7", {"services": ["household", "social_security"]}
        ),
        ("POST", "/windows/<int:window_id>/assign"): Case(
            MANAGERS, "/windows/6/assign", {"user_id": None}
        ),
        ("POST", "/halls/<hall_id>/users"): Case(
            MANAGERS,
            f"{h}/users",
            {"username": "matrix_new", "password": PASSWORD, "role": "clerk"},
        ),  # fmt: skip
        ("PUT", "/users/<int:user_id>"): Case(MANAGERS, f"/users/{user}", {"name": "Spare"}),
        ("POST", "/halls/<hall_id>/devices"): Case(
            MANAGERS, f"{h}/devices", {"kind": "display", "name": "matrix display"}
        ),
        ("POST", "/devices/<int:device_id>/revoke"): Case(MANAGERS, f"/devices/{dev}/revoke"),
        ("POST", "/devices/me/status"): Case(
            {"kiosk"}, "/devices/me/status", {"printer": {"online": True, "paper": "ok"}}
        ),
        # Appointments and cases: booking and look-up are public (the citizen's phone).
        ("GET", "/halls/<hall_id>/appointments/services"): Case(
            EVERYONE, f"{h}/appointments/services"
        ),
        ("GET", "/halls/<hall_id>/appointments/slots"): Case(
            EVERYONE, f"{h}/appointments/slots?service=household"
        ),
        ("POST", "/halls/<hall_id>/appointments"): Case(
            EVERYONE, f"{h}/appointments", {"service": "household"}
        ),
        ("POST", "/halls/<hall_id>/appointments/phone-code"): Case(
            EVERYONE, f"{h}/appointments/phone-code", {"phone": "13812345678"}
        ),
        ("POST", "/halls/<hall_id>/appointments/<code>/change"): Case(
            EVERYONE, f"{h}/appointments/ABCD2345/change", {"id_number": "x"}
        ),
        ("POST", "/halls/<hall_id>/appointments/<code>/cancel"): Case(
            EVERYONE, f"{h}/appointments/ABCD2345/cancel", {"id_number": "x"}
        ),
        ("GET", "/halls/<hall_id>/appointments/<code>/qr.svg"): Case(
            EVERYONE, f"{h}/appointments/ABCD2345/qr.svg"
        ),
        ("POST", "/halls/<hall_id>/appointments/check-in"): Case(
            STAFF | {"kiosk"}, f"{h}/appointments/check-in", {"booking_code": "ABCD2345"}
        ),
        ("POST", "/halls/<hall_id>/cases/lookup"): Case(
            EVERYONE, f"{h}/cases/lookup", {"case_number": "X1"}
        ),
        ("GET", "/halls/<hall_id>/cases/late"): Case(STAFF, f"{h}/cases/late"),
        ("GET", "/halls/<hall_id>/cases/<number>"): Case(STAFF, f"{h}/cases/NOPE"),
        ("POST", "/halls/<hall_id>/cases/<number>/moves"): Case(
            STAFF, f"{h}/cases/NOPE/moves", {"action": "approve"}
        ),
    }


@dataclass
class World:
    hall: Hall
    apis: dict[str, Api]
    passwords: dict[str, str]
    ids: dict[str, Any]
    tokens: dict[str, str]


def _login(hall: Hall, username: str, password: str, window: int | None = None) -> Api:
    api = Api(hall.app.test_client())
    r = api.post("/auth/login", {"username": username, "password": password})
    assert r.status_code == 200, r.json
    if window is not None:
        assert api.post(f"/windows/{window}/sign-in").status_code == 200
    return api


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    hall = build_hall(f"sqlite:///{tmp_path_factory.mktemp('matrix') / 'hall.sqlite3'}")
    engine, now = hall.engine, hall.clock.now()
    install_hall(engine, load_hall(ROOT / "config" / "hall.town.example.toml"))
    add_user(engine, "admin", PASSWORD, "admin", None)
    add_user(engine, "town_manager", PASSWORD, "manager", TOWN)
    user = add_user(engine, "spare", PASSWORD, "clerk", HALL)
    tokens = {
        "kiosk": hall.accounts.kiosk_token,
        "display": hall.accounts.display_token,
        "rating_pad": issue_device_token(engine, HALL, "rating_pad", "pad A", now, WINDOW_A),
        "counter": issue_device_token(engine, HALL, "counter", "counter A", now, WINDOW_A),
    }
    issue_device_token(engine, HALL, "display", "to revoke", now)
    with engine.connect() as conn:
        d = tables.devices.c
        device = conn.execute(select(d.id).where(d.name == "to revoke")).scalar_one()
    apis: dict[str, Api] = {"anonymous": hall.anonymous()}
    apis |= {kind: Api(hall.app.test_client(), tok) for kind, tok in tokens.items()}
    apis["clerk_a"] = _login(hall, "clerk1", hall.password("clerk1"), WINDOW_A)
    apis["clerk_b"] = _login(hall, "clerk2", hall.password("clerk2"), WINDOW_B)
    apis["manager"] = _login(hall, "manager", hall.password("manager"))
    apis["other_manager"] = _login(hall, "town_manager", PASSWORD)
    apis["admin"] = _login(hall, "admin", PASSWORD)
    # A ticket served at window A and rated badly: a follow-up to close, a pad rating due.
    bad = hall.issue("household")
    assert apis["clerk_a"].post(f"/windows/{WINDOW_A}/call-next").status_code == 200
    assert apis["clerk_a"].post(f"/windows/{WINDOW_A}/finish").status_code == 200
    assert hall.anonymous().post(f"/tickets/{bad['token']}/rating", {"level": 1}).status_code == 201
    served = hall.issue("household")
    hall.clock.advance(minutes=2)  # past the call guard
    assert apis["clerk_a"].post(f"/windows/{WINDOW_A}/call-next").status_code == 200
    assert apis["clerk_a"].post(f"/windows/{WINDOW_A}/finish").status_code == 200
    with engine.connect() as conn:
        followup = conn.execute(select(tables.follow_ups.c.id)).scalar_one()
    ids = {
        "token": hall.issue("household")["token"],
        "waiting_id": hall.issue("household")["id"],
        "rated_token": served["token"],
        "ticket_id": served["id"],
        "followup": followup,
        "device": device,
        "user": user,
    }
    for extension in _extensions():
        if hasattr(extension, "prepare"):
            ids |= extension.prepare(hall, apis)
    passwords = {"clerk_a": hall.password("clerk1"), "clerk_b": hall.password("clerk2"),
                 "manager": hall.password("manager"), "other_manager": PASSWORD,
                 "admin": PASSWORD}  # fmt: skip
    yield World(hall, apis, passwords, ids, tokens)
    hall.engine.dispose()


def _api_rules(world: World) -> set[tuple[str, str]]:
    found = set()
    for rule in world.hall.app.url_map.iter_rules():
        if rule.rule.startswith("/api/v1/"):
            for method in (rule.methods or set()) - {"HEAD", "OPTIONS"}:
                found.add((method, rule.rule.removeprefix("/api/v1")))
    return found


def test_every_api_route_is_classified(world: World) -> None:
    table = routes(world.ids)
    unclassified = _api_rules(world) - set(table)
    stale = set(table) - _api_rules(world)
    assert not unclassified, f"classify these routes in ROUTES: {sorted(unclassified)}"
    assert not stale, f"routes in the table the app no longer has: {sorted(stale)}"


def test_every_window_action_route_refuses_strangers(world: World) -> None:
    """Each action's own route: anonymous callers get 401, devices and the other hall's
    manager 403 or 404, before anything is changed."""
    for action in WINDOW_ACTIONS:
        path = f"/windows/{WINDOW_A}/{action}"
        assert world.apis["anonymous"].post(path, {}).status_code == 401, action
        for role in ("kiosk", "display", "rating_pad", "other_manager"):
            status = world.apis[role].post(path, {}).status_code
            assert status in (403, 404), (action, role, status)


def _call(world: World, role: str, method: str, case: Case) -> Any:
    api = world.apis[role]
    if case.fresh_client:
        api = Api(world.hall.app.test_client(), world.tokens.get(role))
    if method == "GET":
        return api.get(case.path)
    if method == "PUT":
        return api.put(case.path, case.body)
    assert method == "POST", method
    return api.post(case.path, case.body)


def test_only_the_allowed_roles_succeed(world: World) -> None:
    table = routes(world.ids)
    holes, over_refused, checked = [], [], 0
    for (method, rule), case in sorted(table.items()):
        # Refused roles first: they meet the object in its original state.
        for role in sorted(ROLES, key=lambda r: r in case.allowed):
            r = _call(world, role, method, case)
            checked += 1
            assert r.status_code != 500, (method, rule, role, r.get_data(as_text=True))
            if role in case.allowed and r.status_code in (401, 403):
                over_refused.append((method, rule, role, r.status_code, r.get_json()))
            if role not in case.allowed and r.status_code not in (401, 403, 404):
                holes.append((method, rule, role, r.status_code))
    assert not holes, f"roles that succeeded where they must be refused: {holes}"
    assert not over_refused, f"roles refused where they are allowed: {over_refused}"
    assert checked == len(table) * len(ROLES)


def test_anonymous_refusals_are_401_and_wrong_roles_403_or_404(world: World) -> None:
    """The distinction matters to clients: 401 means "log in", 403/404 means "not you"."""
    for (method, rule), case in sorted(routes(world.ids).items()):
        if "anonymous" in case.allowed:
            continue
        r = _call(world, "anonymous", method, case)
        assert r.status_code == 401, (method, rule, r.status_code)


# -- Socket.IO /live: who joins which rooms, judged by what each receives after actions.


def _connect(world: World, role: str) -> Any:
    hall = world.hall
    if role in world.tokens:
        return socketio.test_client(hall.app, namespace="/live", auth={"token": world.tokens[role]})
    flask_client = world.apis[role].client
    # An admin (no hall of their own) names the hall to watch.
    auth = {"hall": HALL} if role == "admin" else None
    return socketio.test_client(
        hall.app, namespace="/live", auth=auth, flask_test_client=flask_client
    )


def _names(client: Any) -> set[str]:
    return {m["name"] for m in client.get_received("/live")}


def test_anonymous_and_hall_less_socket_connections_are_refused(world: World) -> None:
    hall = world.hall
    anon = socketio.test_client(hall.app, namespace="/live")
    assert not anon.is_connected("/live")
    bogus = socketio.test_client(hall.app, namespace="/live", auth={"token": "not-a-token"})
    assert not bogus.is_connected("/live")
    no_hall = socketio.test_client(
        hall.app, namespace="/live", flask_test_client=world.apis["admin"].client
    )
    assert not no_hall.is_connected("/live")
    unknown = socketio.test_client(hall.app, namespace="/live", auth={"ticket": "nope"})
    assert not unknown.is_connected("/live")


def test_socket_rooms_follow_the_role(world: World) -> None:
    hall = world.hall
    clerk = world.apis["clerk_a"]
    for _ in range(10):  # empty the lines, so the next ticket issued is the next called
        hall.clock.advance(minutes=2)
        if clerk.post(f"/windows/{WINDOW_A}/call-next").status_code != 200:
            break
        assert clerk.post(f"/windows/{WINDOW_A}/finish").status_code == 200
    socket_roles = [r for r in ROLES if r != "anonymous"]
    clients = {role: _connect(world, role) for role in socket_roles}
    for role, c in clients.items():
        assert c.is_connected("/live"), role
        _names(c)  # drop the snapshot
    ticket = hall.issue("household")
    citizen = socketio.test_client(hall.app, namespace="/live", auth={"ticket": ticket["token"]})
    assert citizen.is_connected("/live")
    _names(citizen)
    issued = {role: _names(c) for role, c in clients.items()}
    # A new ticket (with its personal fields) goes to staff only, not to public screens.
    for role in ("clerk_a", "clerk_b", "manager", "admin"):
        assert "ticket.issued" in issued[role], role
    for role in ("kiosk", "display", "rating_pad", "counter", "other_manager"):
        assert "ticket.issued" not in issued[role], (role, issued[role])

    # Window A calls: the hall, window A's devices and the ticket's holder hear of it.
    hall.clock.advance(minutes=2)
    r = world.apis["clerk_a"].post(f"/windows/{WINDOW_A}/call-next")
    assert r.status_code == 200, r.get_json()
    called = {role: _names(c) for role, c in clients.items()}
    for role in ("display", "kiosk", "clerk_a", "clerk_b", "manager", "admin", "counter",
                 "rating_pad"):  # fmt: skip
        assert called[role], (role, "heard nothing of a call")
    assert not called["other_manager"], called["other_manager"]
    assert "ticket.called" in _names(citizen)

    # Window B pauses: window A's devices hear only what the hall room carries.
    assert world.apis["clerk_b"].post(f"/windows/{WINDOW_B}/pause").status_code == 200
    paused = {role: _names(c) for role, c in clients.items()}
    assert not paused["other_manager"]
    assert "windows.status" in paused["clerk_a"] and "windows.status" in paused["display"]
    assert "window.status" not in paused["clerk_a"], "window B's own room only"
    for role in ("rating_pad", "counter"):  # window A's devices: not window B's business
        assert not {"window.status", "windows.status"} & paused[role], (role, paused[role])
    assert not _names(citizen), "a citizen's ticket room hears only about their own ticket"

    # A manager-only event (audit, user changes) reaches the manage room only.
    r = world.apis["manager"].put(f"/halls/{HALL}/notice", {"notice_zh": "午休"})
    assert r.status_code == 200
    noticed = {role: _names(c) for role, c in clients.items()}
    for role in ("clerk_a", "clerk_b", "kiosk", "display", "rating_pad", "counter"):
        assert "audit.recorded" not in noticed[role], role
    assert not noticed["other_manager"]
    for c in [*clients.values(), citizen]:
        c.disconnect("/live")


def test_a_manager_of_another_hall_cannot_watch_this_hall(world: World) -> None:
    c = socketio.test_client(
        world.hall.app,
        namespace="/live",
        auth={"hall": HALL},
        flask_test_client=world.apis["other_manager"].client,
    )
    assert c.is_connected("/live")
    received = c.get_received("/live")
    snapshots = [m["args"][0] for m in received if m["name"] == "snapshot"]
    assert snapshots and all(s.get("hall", {}).get("id", TOWN) != HALL for s in snapshots)
    c.disconnect("/live")


def test_unknown_socket_events_from_clients_are_ignored(world: World) -> None:
    c = _connect(world, "kiosk")
    _names(c)
    for event in ("call-next", "issue", "join", "snapshot"):
        c.emit(event, {"room": f"hall:{HALL}", "window_id": WINDOW_A}, namespace="/live")
    assert c.is_connected("/live")
    c.disconnect("/live")


def test_cross_window_and_cross_hall_requests(world: World) -> None:
    """The matrix aims at window A and this hall; here the same roles aim elsewhere."""
    apis = world.apis
    assert apis["clerk_a"].get(f"/windows/{WINDOW_B}/console").status_code == 403
    assert apis["clerk_a"].post(f"/windows/{WINDOW_B}/pause", {"reason": "x"}).status_code == 403
    assert apis["rating_pad"].get(f"/windows/{WINDOW_B}/rating").status_code == 403
    assert apis["rating_pad"].get(f"/windows/{WINDOW_B}/snapshot").status_code == 403
    # The other hall's manager is a working login: refused here only by the hall check.
    assert apis["other_manager"].get(f"/halls/{TOWN}/snapshot").status_code == 200
    assert apis["other_manager"].get(f"/halls/{HALL}/snapshot").status_code == 403
    # A device of this hall is refused in the other hall.
    assert apis["kiosk"].post(f"/halls/{TOWN}/tickets", {"service": "household"}).status_code == 403
    assert apis["display"].get(f"/halls/{TOWN}/snapshot").status_code == 403
    assert apis["admin"].get(f"/halls/{TOWN}/snapshot").status_code == 200
