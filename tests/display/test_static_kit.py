"""The shared static kit (display/static/kit: i18n, api, live, status, toast, dom, token, base
styles) used by the display, the consoles and the kiosk.

In Chromium, through a real page (the console sign-in page of the real app): the API client's
one error contract against the real server and against answers Playwright makes up (no answer,
no answer in time, a proxy's page, the kiosk program's shape), the one text lookup and the one
language switch. Without a browser: the kit is the only copy (one `.bi` rule, one Socket.IO
connector, one fetch wrapper) and its scripts hold no page text.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from tests.server.conftest import HALL

ROOT = Path(__file__).resolve().parents[2]
KIT = ROOT / "display" / "static" / "kit"
STATIC = [ROOT / "display" / "static", ROOT / "console" / "static", ROOT / "kiosk" / "static"]
CJK = re.compile(r"[\u4e00-\u9fff]")
WAIT = 10_000

# One call through a client: the kit's own (createApi with `options`) or the consoles' (the
# configured one every console page imports); what it resolved with, or its ApiError's fields.
CALL = """async ({ client, options, method, path, body }) => {
  const { ApiError, createApi } = await import("/display/static/kit/api.js");
  let unauthorized = null;
  const words = (code) => ({
    network: { zh: "无应答", en: "no answer" },
    unknown: { zh: "未知", en: "unknown" },
    mine: { zh: "页面自己的话", en: "the page's own words" },
  })[code] ?? null;
  const api = client === "console"
    ? (await import("/console/static/common/client.js")).client
    : createApi({ ...options, words, onUnauthorized: (e) => { unauthorized = e.code; } });
  try {
    return { resolved: true, data: await api.request(method, path, body) };
  } catch (e) {
    return { resolved: false, isApiError: e instanceof ApiError, status: e.status, code: e.code,
             zh: e.zh, en: e.en, field: e.field, params: e.params, retry: e.retry, unauthorized };
  }
}"""


def call(page: Any, method: str, path: str, body: Any = None, client: str = "kit",
         **options: Any) -> dict[str, Any]:  # fmt: skip
    args = {"client": client, "options": {"base": "/api/v1", "csrf": True, **options},
            "method": method, "path": path, "body": body}  # fmt: skip
    if body is None:
        del args["body"]
    return page.evaluate(CALL, args)  # type: ignore[no-any-return]


def of(result: dict[str, Any], *keys: str) -> tuple[Any, ...]:
    return tuple(result[k] for k in keys)


def open_login(page: Any, live: Any) -> None:
    page.goto(live.url("/login"))
    page.wait_for_selector("#login-form", state="attached", timeout=WAIT)


def test_a_refusal_of_the_server_is_one_typed_error_in_both_languages(live, page):
    open_login(page, live)
    assert call(page, "GET", "/auth/csrf")["data"]["csrf_token"]
    wrong = call(page, "POST", "/auth/login", {"username": "clerk1", "password": "wrong"})
    assert wrong["isApiError"] and of(wrong, "status", "code") == (401, "login_failed")
    assert CJK.search(wrong["zh"]) and wrong["en"] and not CJK.search(wrong["en"])
    assert wrong["unauthorized"] == "login_failed", "a 401 reaches the page's hook"
    assert wrong["field"] is None and wrong["retry"] is False
    # the CSRF token is the page's meta tag's: without it the same change is refused
    wrong_password = {"username": "clerk1", "password": "wrong"}
    bare = call(page, "POST", "/auth/login", wrong_password, csrf=False)
    assert of(bare, "status", "code") == (403, "csrf_failed")
    # the field a refusal is about: named by the request guard, or by the parser's detail
    control = call(page, "POST", "/auth/login", {"username": "a\u0001b", "password": "x"})
    assert of(control, "status", "code", "field") == (400, "invalid_value", "username")
    assert control["zh"] and control["en"] and control["zh"] != control["en"]
    missing = call(page, "POST", "/auth/login", {})
    assert of(missing, "code", "field") == ("bad_request", "username")
    # the consoles' configured client: the same error, its words the page's or the server's
    board = call(page, "GET", f"/halls/{HALL}/board", client="console")
    assert of(board, "status", "code") == (401, "unauthorized") and CJK.search(board["zh"])


def test_no_answer_a_late_one_a_proxy_page_and_the_kiosk_shape_are_typed_too(live, page):
    seen: list[dict[str, str]] = []

    def answer(route: Any) -> None:
        request = route.request
        seen.append({"path": request.url.rsplit("/kit-test", 1)[1], "method": request.method,
                     "csrf": request.headers.get("x-csrf-token", "")})  # fmt: skip
        name = request.url.rsplit("/", 1)[1]
        if name == "down":
            return route.abort()
        if name == "slow":
            return None  # never answered: the client gives up
        status, body, headers = MADE_UP[name]
        text = body if isinstance(body, str) else json.dumps(body)
        kind = "text/html" if isinstance(body, str) else "application/json"
        route.fulfill(status=status, body=text, content_type=kind, headers=headers)

    page.route("**/kit-test/**", answer)
    page.route("**/api/v1/kit-test-down", lambda route: route.abort())
    open_login(page, live)
    meta = page.get_attribute('meta[name="csrf-token"]', "content")

    def made_up(name: str, method: str = "GET") -> dict[str, Any]:
        body = {} if method == "POST" else None
        return call(page, method, f"/{name}", body, base="/kit-test", timeoutMs=800)

    typed = ("status", "code", "zh", "retry")
    assert of(made_up("down"), *typed) == (0, "network", "无应答", True)
    assert of(made_up("slow"), *typed) == (0, "timeout", "无应答", True)
    assert of(made_up("proxy"), *typed) == (502, "bad_response", "未知", True)
    kiosk = made_up("kiosk", "POST")
    assert of(kiosk, *typed) == (409, "no_person", "请先将身份证放在读卡区", False)
    assert kiosk["en"] == "Place your ID card on the reader first"
    assert made_up("kiosk_retry", "POST")["retry"] is True
    field = made_up("field", "POST")
    assert of(field, "code", "field", "zh") == ("invalid_value", "phone", "手机号不对")
    assert field["params"] == {"field": "phone", "reason": "too short"}
    assert made_up("untranslated")["zh"] == "未知", "a message that is only its key is no message"
    busy = made_up("busy", "POST")
    assert of(busy, "code", "retry") == ("storage_busy", True), "Retry-After: may be retried"
    assert made_up("mine")["zh"] == "页面自己的话", "the page's own words come first"
    assert made_up("empty", "POST") == {"resolved": True, "data": None}
    assert made_up("created", "POST") == {"resolved": True, "data": {"id": 7}}
    # a change carries the page's CSRF token, a read does not need it
    posts = [s for s in seen if s["method"] == "POST"]
    assert posts and all(s["csrf"] == meta for s in posts)
    assert all(s["csrf"] == "" for s in seen if s["method"] == "GET")
    # through the consoles' client: no answer reads as the console catalogue's network words
    lost = call(page, "GET", "/kit-test-down", client="console")
    assert of(lost, "code", "zh") == ("network", "网络连接失败，请稍后重试")


MADE_UP: dict[str, tuple[int, Any, dict[str, str]]] = {
    "proxy": (502, "<html><body>Bad Gateway</body></html>", {}),
    "kiosk": (409, {"error": {"code": "no_person", "zh": "请先将身份证放在读卡区",
                              "en": "Place your ID card on the reader first"}, "retry": False}, {}),
    "kiosk_retry": (503, {"error": {"code": "server_unreachable", "zh": "暂时无法连接服务器",
                                    "en": "Cannot reach the server"}, "retry": True}, {}),
    "field": (400, {"error": {"code": "invalid_value",
                              "params": {"field": "phone", "reason": "too short"},
                              "message": {"zh": "手机号不对", "en": "Wrong phone"}}}, {}),
    "untranslated": (400, {"error": {"code": "weird", "params": {},
                                     "message": {"zh": "error.weird", "en": "error.weird"}}}, {}),
    "busy": (503, {"error": {"code": "storage_busy", "params": {},
                             "message": {"zh": "系统繁忙", "en": "Busy"}}}, {"Retry-After": "1"}),
    "mine": (409, {"error": {"code": "mine", "params": {},
                             "message": {"zh": "服务器的话", "en": "the server's words"}}}, {}),
    "empty": (204, "", {}),
    "created": (201, {"id": 7}, {}),
}  # fmt: skip


LOOKUP = """async () => {
  const { has, scoped, t } = await import("/display/static/kit/i18n.js");
  return {
    minutes: t("common.minutes", { m: 5 }),
    paired: t("common.error.rating_expired", { number: "A001", minutes: { zh: "十", en: "ten" } }),
    unknown: t("no.such.key"),
    has: [has("login.title"), has("manage.title")],
    scoped: scoped("login.").t("submit"),
    plain: t("login.submit"),
  };
}"""


def test_one_lookup_and_one_language_switch(live, page):
    open_login(page, live)
    found = page.evaluate(LOOKUP)
    assert found["minutes"] == {"zh": "5分钟", "en": "5 min"}
    assert found["paired"]["zh"] == "A001号办结已超过十分钟，不能再评价"
    assert "ten" in found["paired"]["en"] and "{" not in found["paired"]["en"]
    assert found["unknown"] == {"zh": "no.such.key", "en": "no.such.key"}, "shows as itself"
    assert found["has"] == [True, False], "a page holds its own screens' texts only"
    assert found["scoped"] == found["plain"]

    heading = page.locator(".login h2 .bi")

    def shown() -> tuple[str, bool, bool]:
        lang = page.get_attribute("html", "data-lang")
        return lang, heading.locator(".zh").is_visible(), heading.locator(".en").is_visible()

    assert shown() == ("both", True, True)
    page.click("#lang")
    assert shown() == ("zh", True, False)
    page.click("#lang")
    assert shown() == ("en", False, True)
    assert page.get_attribute("html", "lang") == "en"
    page.reload()  # the choice is kept per browser
    page.wait_for_selector("html[data-lang=en]", state="attached", timeout=WAIT)
    assert shown() == ("en", False, True)
    page.click("#lang")
    assert shown() == ("both", True, True)


def _files(suffix: str) -> list[Path]:
    found = (p for base in STATIC for p in base.rglob(f"*{suffix}"))
    return sorted(p for p in found if "node_modules" not in p.parts)


def test_the_bilingual_class_is_defined_once_in_the_kit():
    """`.bi` was defined four times (display, console, manager, kiosk): now in kit/base.css."""
    rule = re.compile(r"(?:^|[},])\s*\.bi\s*\{", re.M)
    defining = []
    for path in _files(".css"):
        sheet = re.sub(r"/\*.*?\*/", "", path.read_text(encoding="utf-8"), flags=re.S)
        if rule.search(sheet):
            defining.append(path.relative_to(ROOT).as_posix())
    assert defining == ["display/static/kit/base.css"]


def test_one_connector_and_one_api_client():
    """Pages connect through kit/live.js and call APIs through kit/api.js, never a copy."""
    sockets, fetches = [], []
    for path in _files(".js"):
        source = path.read_text(encoding="utf-8")
        name = path.relative_to(ROOT).as_posix()
        if re.search(r"\bio\(\s*[\"']/live", source):
            sockets.append(name)
        if re.search(r"\bfetch\(", source):
            fetches.append(name)
    assert sockets == ["display/static/kit/live.js"]
    audio = {"display/static/js/announcer.js", "kiosk/static/js/voice.js"}  # WAV, not JSON
    assert set(fetches) - audio == {"display/static/kit/api.js"}


def test_the_kit_holds_no_page_text_and_every_app_loads_it():
    for path in KIT.glob("*.js"):
        lines = path.read_text(encoding="utf-8").splitlines()
        code = "\n".join(line.split("//")[0] for line in lines)
        assert not CJK.search(re.sub(r"/\*.*?\*/", "", code, flags=re.S)), path.name

    def read(*parts: str) -> str:
        return ROOT.joinpath(*parts).read_text(encoding="utf-8")

    assert "filename='kit/base.css'" in read("display", "templates", "display", "_base.html")
    console = read("console", "static", "common", "base.css")
    assert '@import url("/display/static/kit/base.css")' in console
    assert 'href="/kit/base.css"' in read("kiosk", "templates", "kiosk", "index.html")
