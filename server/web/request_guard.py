"""One guard over what every request carries, run before any view (issue 13).

Refused here, on every route (API and pages), as 400 `invalid_value` naming the place and
saying why in zh and en, so no view, use case or database ever sees it:
- the URL: a path or a query parameter that is not UTF-8 once percent-decoded (%ED%A0%80 is
  an encoded lone surrogate) or that holds a control character (C0 or DEL; %00 breaks
  PostgreSQL); a number in the path (`<int:...>`) not written in ASCII digits (werkzeug's
  int converter reads ٣ and ５ as 3 and 5);
- a header holding a control character other than tab;
- a JSON body (any Content-Type application/json or +json): larger than MAX_BODY (413);
  nested deeper than MAX_DEPTH; NaN, Infinity or a number too large for a float; a key holding
  a control character or a lone surrogate; a string holding a lone surrogate or a C0 control
  character other than tab, line feed and carriage return. Those three stay allowed in string
  values because free texts (notices, notes) may run over lines, and the guard cannot know
  which fields are single-line; the views' own checks (lengths, codes, patterns) still apply.
  Text that is not JSON stays a 400 `bad_request`, as before.
The parsed body is kept for the request, so `json_body()` (server/web/parsing.py) reads the
value checked here: one parser, one set of rules.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any
from urllib.parse import unquote_to_bytes

from flask import Flask, g, request

from server.web.api_error import ApiError

MAX_DEPTH = 32  # the deepest body a client sends is 2 levels (lists inside the object)
MAX_BODY = 12 * 1024 * 1024  # the largest: a selfie of up to 8 MB, base64 in JSON
TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff]")  # string values in a body
LINE = re.compile("[\x00-\x1f\x7f\ud800-\udfff]")  # keys, path and query: one line, no tab
HEADER = re.compile("[\x00-\x08\x0a-\x1f\x7f]")
ASCII_NUMBER = re.compile("[0-9]+")

BROKEN = ("holds a control character or a broken (surrogate) character",
          "含有控制字符或残缺字符（代理项）")  # fmt: skip
NOT_UTF8 = ("is not valid UTF-8", "不是有效的 UTF-8 编码")
DEEP = (f"is nested more than {MAX_DEPTH} levels deep", f"嵌套超过 {MAX_DEPTH} 层")
NOT_FINITE = ("holds NaN, Infinity or a number too large", "含有 NaN、Infinity 或过大的数")
NOT_ASCII = ("must be written with the digits 0-9", "须用半角数字 0-9 书写")
TOO_LARGE = (f"is larger than {MAX_BODY // 2**20} MB", f"超过 {MAX_BODY // 2**20} MB")
_UNSET = object()


def refusal(place: str, why: tuple[str, str], status: int = 400) -> ApiError:
    """The typed refusal of a malformed value: `place` names it, `why` says how (en, zh)."""
    return ApiError(status, "invalid_value", field=place, reason=why[0], reason_zh=why[1])


class _NotFinite(Exception):
    pass


def _finite(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise _NotFinite
    return value


def _no_constant(text: str) -> Any:
    raise _NotFinite


def parse_json(data: bytes) -> Any:
    """The body as a JSON value, every string and the nesting checked (see the module)."""
    try:
        value = json.loads(data, parse_float=_finite, parse_constant=_no_constant)
    except RecursionError:  # thousands deep: the decoder gave up before we could count
        raise refusal("body", DEEP) from None
    except _NotFinite:
        raise refusal("body", NOT_FINITE) from None
    except ValueError:  # also bytes that are not UTF-8, and integers of over 4300 digits
        raise ApiError(400, "bad_request", detail="the body is not valid JSON") from None
    check_value(value)
    return value


def check_value(value: Any) -> None:
    """Walk a parsed value without recursion; refuse deep nesting and broken strings."""
    stack: list[tuple[Any, str, int]] = [(value, "body", 1)]  # the body is level 1
    while stack:
        node, place, depth = stack.pop()
        if depth > MAX_DEPTH and isinstance(node, dict | list):
            raise refusal("body", DEEP)
        if isinstance(node, str):
            if TEXT.search(node):
                raise refusal(place, BROKEN)
        elif isinstance(node, dict):
            for key, item in node.items():
                name = key if place == "body" else f"{place}.{key}"
                if LINE.search(key):
                    raise refusal(name, BROKEN)
                stack.append((item, name, depth + 1))
        elif isinstance(node, list):
            stack.extend((item, f"{place}[{i}]", depth + 1) for i, item in enumerate(node))


def json_value() -> Any:
    """The request's JSON body as the guard parsed and checked it (parsed now if it did not)."""
    value = g.get("onewindow_json", _UNSET)
    if value is _UNSET:
        value = g.onewindow_json = parse_json(request.get_data(cache=True))
    return value


def _decoded(raw: bytes, place: str) -> str:
    """URL bytes as text: strict UTF-8, one line, or a refusal naming `place`."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise refusal(place, NOT_UTF8) from None
    if LINE.search(text):
        raise refusal(place, BROKEN)
    return text


def _check_url() -> None:
    path = request.environ.get("PATH_INFO", "")
    try:  # PEP 3333: the path's bytes, percent-decoded by the server, as latin-1 text
        _decoded(path.encode("latin-1"), "path")
    except UnicodeEncodeError:  # a server that handed over text instead
        if LINE.search(path):
            raise refusal("path", BROKEN) from None
    for pair in request.query_string.split(b"&"):
        name, _, value = pair.partition(b"=")
        text = _decoded(unquote_to_bytes(name.replace(b"+", b" ")), "query")
        _decoded(unquote_to_bytes(value.replace(b"+", b" ")), text or "query")
    rule = request.url_rule
    if rule is not None and "<int:" in rule.rule:
        for part, segment in zip(rule.rule.split("/"), request.path.split("/"), strict=False):
            if part.startswith("<int:") and not ASCII_NUMBER.fullmatch(segment):
                raise refusal(part[5:-1], NOT_ASCII)


def _check_headers() -> None:
    for name, value in request.headers.items():
        if HEADER.search(value) or HEADER.search(name):
            raise refusal(f"header {name}", BROKEN)


def guard_request() -> None:
    """A before_request function: refuse a malformed URL, header or JSON body."""
    _check_url()
    _check_headers()
    if not request.is_json:
        return  # views that want JSON refuse other bodies themselves (415)
    if (request.content_length or 0) > MAX_BODY:
        raise refusal("body", TOO_LARGE, 413)
    data = request.get_data(cache=True)
    if not request.content_length and len(data) >= MAX_BODY:
        raise refusal("body", TOO_LARGE, 413)  # sent in chunks: werkzeug cut it at the limit
    if data:
        json_value()


def install_request_guard(app: Flask) -> None:
    if app.config.get("MAX_CONTENT_LENGTH") is None:  # also reads a chunked body no further
        app.config["MAX_CONTENT_LENGTH"] = MAX_BODY
    app.before_request(guard_request)
