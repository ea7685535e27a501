"""The base of the settings-file models (pydantic v2), the field types the files share, and
the one translation of a refused value into ConfigError: the dotted key, words in en and zh.

A model does a file's shape and bounds: every key known, every value of its type and range.
Rules of the hall itself (a service's thresholds, the services a window may serve) belong to
the domain; the server checks them when it builds the hall (server/adapters/hall_file.py).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from datetime import time
from pathlib import Path
from typing import Annotated, TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
)
from pydantic_core import ErrorDetails, PydanticCustomError

from config.errors import ConfigError
from config.reader import load_toml

M = TypeVar("M", bound=BaseModel)
BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
CODE = re.compile(r"[a-z][a-z0-9_]{0,39}")
SPAN = re.compile(r"(\d{2}:\d{2})-(\d{2}:\d{2})")


class FileModel(BaseModel):
    """A table of a settings file: unknown keys refused, each value of exactly its type (an
    integer is a float too, a boolean is no number), numbers finite, the result read-only."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True, allow_inf_nan=False)


def problem(en: str, zh: str, key: str = "") -> PydanticCustomError:
    """A validator's refusal in both languages; `key` names a field below the one checked."""
    return PydanticCustomError("config_problem", "{en}", {"en": en, "zh": zh, "key": key})


def read_file(model: type[M], path: str | Path) -> M:
    """Read a TOML file into its model; ConfigError names the first bad key."""
    data = load_toml(path)
    try:
        return model.model_validate(data)
    except ValidationError as e:
        raise refusal(str(path), e.errors(include_url=False)[0]) from None


def refusal(source: str, error: ErrorDetails) -> ConfigError:
    ctx = error.get("ctx") or {}
    key = dotted(error["loc"])
    if error["type"] == "config_problem" and ctx.get("key"):
        key = f"{key}.{ctx['key']}" if key != "-" else str(ctx["key"])
    en, zh = _words(error["type"], ctx, error.get("input"), error["msg"])
    return ConfigError(source, key, en, zh)


def dotted(loc: Sequence[int | str]) -> str:
    """A pydantic location as the file names it: services[2].daily_cap ("-": the file)."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
            continue
        name = part if BARE_KEY.fullmatch(part) else json.dumps(part, ensure_ascii=False)
        out += f".{name}" if out else name
    return out or "-"


TYPES = {"int_type": "int", "float_type": "float", "bool_type": "bool", "string_type": "str",
         "list_type": "list", "tuple_type": "list"}  # fmt: skip
BOUNDS = {
    "greater_than_equal": ("ge", "must be at least {}", "不能小于 {}"),
    "greater_than": ("gt", "must be more than {}", "须大于 {}"),
    "less_than_equal": ("le", "must be at most {}", "不能大于 {}"),
    "less_than": ("lt", "must be less than {}", "须小于 {}"),
}


def _words(kind: str, ctx: Mapping[str, object], value: object, msg: str) -> tuple[str, str]:
    if kind == "config_problem":
        return str(ctx["en"]), str(ctx["zh"])
    if kind in TYPES:
        return must_be(TYPES[kind], value)
    if kind in BOUNDS:
        name, en, zh = BOUNDS[kind]
        bound = ctx[name]  # 1, not 1.0: the file may write either
        if isinstance(bound, float) and bound.is_integer():
            bound = int(bound)
        return en.format(bound), zh.format(bound)
    fixed = {
        "missing": ("is required", "缺少必填项"),
        "extra_forbidden": ("unknown key", "未知配置项"),
        "model_type": ("must be a table", "必须是表"),
        "model_attributes_type": ("must be a table", "必须是表"),
        "dict_type": ("must be a table", "必须是表"),
        "finite_number": ("must be a finite number", "须为有限数值"),
        "too_short": ("at least one is required", "至少需要一项"),
    }
    if kind in fixed:
        return fixed[kind]
    if kind == "literal_error":  # expected: "'red', 'yellow' or 'off'"
        allowed = re.findall(r"'([^']*)'", str(ctx["expected"]))
        return f"must be one of {allowed}", f"只能是 {allowed} 之一"
    return msg, "值无效"


def must_be(kind: str, value: object) -> tuple[str, str]:
    return f"must be {kind}, got {value!r}", f"类型应为 {kind}"


# Field types the files share


def _strings(value: object) -> tuple[str, ...]:
    if not isinstance(value, list | tuple):
        raise problem(*must_be("list", value))
    if not all(isinstance(v, str) for v in value):
        raise problem("must be a list of strings", "须为字符串列表")
    return tuple(value)


def _code(value: str) -> str:
    if not CODE.fullmatch(value):
        raise problem("use lower-case letters, digits and _", "只能用小写字母、数字和下划线")
    return value


def _zone(value: str) -> str:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise problem(f"unknown time zone {value!r}", "未知时区") from None
    return value


def _periods(value: object) -> tuple[tuple[time, time], ...]:
    """A day's opening periods: ["08:30-12:00", "13:30-17:30"]."""
    return tuple(_span(text) for text in _strings(value))


def _span(text: str) -> tuple[time, time]:
    m = SPAN.fullmatch(text)
    try:
        start, end = (time.fromisoformat(g) for g in m.groups()) if m else (None, None)
    except ValueError:
        start = end = None
    if start is None or end is None or start >= end:
        raise problem(f"bad period {text!r}, use 'HH:MM-HH:MM'", "时段格式应为 HH:MM-HH:MM")
    return start, end


# A list of strings, refused as a whole (the key names the list, not one item of it)
Strings = Annotated[tuple[str, ...], BeforeValidator(_strings)]
# A code: lower-case letters, digits and _, starting with a letter (at most 40)
Code = Annotated[str, AfterValidator(_code)]
# An IANA time zone name the system knows (Asia/Shanghai)
TimeZone = Annotated[str, AfterValidator(_zone)]
# A day's opening periods, each "HH:MM-HH:MM" with the start before the end
Periods = Annotated[tuple[tuple[time, time], ...], BeforeValidator(_periods)]
# Whole numbers of at least 0 and of at least 1; a number (an integer is one) of at least 0
Count = Annotated[int, Field(ge=0)]
Positive = Annotated[int, Field(ge=1)]
NonNegative = Annotated[float, Field(ge=0)]
