"""Read typed values out of a parsed TOML table, naming the exact key on any error."""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from pathlib import Path
from typing import Any, TypeVar, overload

from config.errors import ConfigError

T = TypeVar("T")
D = TypeVar("D")  # the type of a getter's default, given when the key may be missing


def load_toml(path: str | Path) -> dict[str, Any]:
    p = Path(path)
    try:
        with p.open("rb") as f:
            return tomllib.load(f)
    except FileNotFoundError:
        raise ConfigError(str(p), "-", "file not found", "文件不存在") from None
    except UnicodeDecodeError:
        raise ConfigError(
            str(p), "-", "must be saved as UTF-8", "文件须以 UTF-8 编码保存"
        ) from None
    except OSError as e:
        raise ConfigError(str(p), "-", f"cannot be read ({e.strerror})", "文件无法读取") from None
    except tomllib.TOMLDecodeError as e:
        raise ConfigError(str(p), "-", f"not valid TOML ({e})", f"不是有效的 TOML ({e})") from None


class Table:
    """A TOML table being read: every key must be known, every value of the right type.

    A getter without `default` makes the key required; with one, a missing key gives it."""

    def __init__(self, data: object, source: str, path: str) -> None:
        if not isinstance(data, dict):
            raise ConfigError(source, path, "must be a table", "必须是表")
        self.data: dict[str, object] = data
        self.source, self.path = source, path
        self.read: set[str] = set()

    def key(self, name: str) -> str:
        return f"{self.path}.{name}" if self.path else name

    def error(self, name: str, en: str, zh: str) -> ConfigError:
        return ConfigError(self.source, self.key(name), en, zh)

    @overload
    def get(self, name: str, kind: type[T] | tuple[type[T], ...]) -> T: ...
    @overload
    def get(self, name: str, kind: type[T] | tuple[type[T], ...], default: D) -> T | D: ...
    def get(
        self,
        name: str,
        kind: type[T] | tuple[type[T], ...],
        default: object = ...,
    ) -> object:
        self.read.add(name)
        if name not in self.data:
            if default is ...:
                raise self.error(name, "is required", "缺少必填项")
            return default
        value = self.data[name]
        kinds = kind if isinstance(kind, tuple) else (kind,)
        if float in kinds and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if not isinstance(value, kinds) or (isinstance(value, bool) and bool not in kinds):
            names = "/".join(k.__name__ for k in kinds)
            raise self.error(name, f"must be {names}, got {value!r}", f"类型应为 {names}")
        return value

    @overload
    def number(self, name: str, *, minimum: float = 0) -> float: ...
    @overload
    def number(self, name: str, default: D, minimum: float = 0) -> float | D: ...
    def number(self, name: str, default: object = ..., minimum: float = 0) -> object:
        value = self.get(name, float, default)
        if isinstance(value, (int, float)) and value < minimum:
            raise self.error(name, f"must be at least {minimum}", f"不能小于 {minimum}")
        return value

    @overload
    def integer(self, name: str, *, minimum: int = 0) -> int: ...
    @overload
    def integer(self, name: str, default: D, minimum: int = 0) -> int | D: ...
    def integer(self, name: str, default: object = ..., minimum: int = 0) -> object:
        value = self.get(name, int, default)
        if isinstance(value, (int, float)) and value < minimum:
            raise self.error(name, f"must be at least {minimum}", f"不能小于 {minimum}")
        return value

    @overload
    def strings(self, name: str) -> list[str]: ...
    @overload
    def strings(self, name: str, default: D) -> list[str] | D: ...
    def strings(self, name: str, default: object = ...) -> object:
        value = self.get(name, list, default)
        if isinstance(value, list) and not all(isinstance(v, str) for v in value):
            raise self.error(name, "must be a list of strings", "须为字符串列表")
        return value

    @overload
    def choice(self, name: str, options: Iterable[str]) -> str: ...
    @overload
    def choice(self, name: str, options: Iterable[str], default: D) -> str | D: ...
    def choice(self, name: str, options: Iterable[str], default: object = ...) -> object:
        value = self.get(name, str, default)
        allowed = list(options)
        if value not in allowed:
            raise self.error(name, f"must be one of {allowed}", f"只能是 {allowed} 之一")
        return value

    def table(self, name: str, default: object = ...) -> Table:
        value = self.get(name, dict, {} if default is ... else default)
        return Table(value, self.source, self.key(name))

    def tables(self, name: str) -> list[Table]:
        items = self.get(name, list, [])
        return [Table(item, self.source, f"{self.key(name)}[{i}]") for i, item in enumerate(items)]

    def finish(self) -> None:
        """Refuse keys nobody reads: a typo must not be silently ignored."""
        unknown = sorted(set(self.data) - self.read)
        if unknown:  # an empty key ("" = 1) is quoted, or the message would name nothing
            raise self.error(unknown[0] or '""', "unknown key", "未知配置项")
