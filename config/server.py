"""Server settings: database, secret key, Redis, background intervals (from env and flags)."""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_DATABASE = "sqlite:///var/onewindow.sqlite3"


@dataclass(frozen=True)
class ServerSettings:
    database_url: str = DEFAULT_DATABASE
    secret_key: str = ""
    redis_url: str | None = None
    alert_interval_seconds: float = 5.0
    # queue.lengths goes out at most this often per hall (0: with every change, as in tests)
    lines_coalesce_seconds: float = 0.0
    testing: bool = False
    # Staff sessions: the cookie is `Secure` (https only) when set; behind a reverse proxy,
    # trust this many proxies' X-Forwarded-For/-Proto (0: none). A session ends after
    # `session_hours` in all, or `session_idle_minutes` without a request.
    secure_cookies: bool = False
    trusted_proxies: int = 0
    session_hours: float = 12.0
    session_idle_minutes: float = 120.0
    # overrides of the domain's SignInPolicy by name (e.g. {"per_address": 3}); the server
    # builds the policy, so its defaults live in one place
    sign_in: Mapping[str, int] = field(default_factory=dict)
    # Pages of these origins (scheme://host[:port]) may open the live feed (Socket.IO) besides
    # the server's own address, the one the browser used; requests without an Origin header
    # (kiosks, python clients) are not browsers and are let through.
    allowed_origins: tuple[str, ...] = ()


def secret_from(path: Path) -> str:
    """Read the installation's secret key, creating it (mode 0600) on first start."""
    env = os.environ.get("ONEWINDOW_SECRET_KEY")
    if env:
        return env
    if path.exists():
        return path.read_text().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write(key)
    return key


def settings_from_env(database_url: str | None = None, var_dir: str = "var") -> ServerSettings:
    return ServerSettings(
        database_url=database_url or os.environ.get("DATABASE_URL") or DEFAULT_DATABASE,
        secret_key=secret_from(Path(var_dir) / "secret.key"),
        redis_url=os.environ.get("REDIS_URL") or None,
        alert_interval_seconds=_seconds("ONEWINDOW_ALERT_INTERVAL", 5.0),
        lines_coalesce_seconds=0.5,
        secure_cookies=_flag("ONEWINDOW_SECURE_COOKIES"),
        trusted_proxies=_count("ONEWINDOW_TRUSTED_PROXIES"),
        session_hours=_seconds("ONEWINDOW_SESSION_HOURS", 12.0),
        session_idle_minutes=_seconds("ONEWINDOW_SESSION_IDLE_MINUTES", 120.0),
        allowed_origins=origins(os.environ.get("ONEWINDOW_ALLOWED_ORIGINS", "")),
    )


def origins(raw: str, name: str = "ONEWINDOW_ALLOWED_ORIGINS") -> tuple[str, ...]:
    """Comma-separated origins, each scheme://host[:port] as a browser sends it (no path)."""
    found = []
    for item in raw.split(","):
        origin = item.strip().rstrip("/")
        if not origin:
            continue
        scheme, _, rest = origin.partition("://")
        if scheme not in ("http", "https") or not rest or any(c in rest for c in "/?#@ "):
            raise ValueError(f"{name}: {item.strip()!r} is not an origin like https://host:port")
        found.append(normal_origin(scheme, rest))
    return tuple(found)


def normal_origin(scheme: str, host: str) -> str:
    """scheme://host[:port] as a browser writes an Origin: lower case, no default port."""
    host = host.lower()
    default = {"http": ":80", "https": ":443"}.get(scheme, "")
    if default and host.endswith(default):
        host = host[: -len(default)]
    return f"{scheme}://{host}"


def _seconds(name: str, default: float) -> float:
    """A positive number of seconds from the environment, or the default."""
    raw = os.environ.get(name)
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        raise ValueError(f"{name} must be a number of seconds, not {raw!r}") from None
    if value <= 0:
        raise ValueError(f"{name} must be above 0, not {raw!r}")
    return value


def _flag(name: str) -> bool:
    """An on/off setting from the environment: 1, true, yes or on mean on."""
    return os.environ.get(name, "").strip().lower() in ("1", "true", "yes", "on")


def _count(name: str) -> int:
    """A whole number of at least 0 from the environment (unset: 0)."""
    raw = os.environ.get(name, "").strip() or "0"
    if not raw.isdigit():
        raise ValueError(f"{name} must be a whole number, not {raw!r}")
    return int(raw)
