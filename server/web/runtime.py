"""Runs a use case in a fresh unit of work with the clock read once; retries on conflicts."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, TypeVar

from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError, OperationalError

from server.adapters.accounts import id_hasher
from server.adapters.cache import TtlCache
from server.adapters.credentials import HashedPasswords
from server.adapters.unit_of_work import Publisher, SqlUnitOfWork
from server.domain.errors import ConcurrentUpdate, DomainError, Kind
from server.services.context import Context

log = logging.getLogger(__name__)
R = TypeVar("R")
ATTEMPTS = 4


class StorageBusy(DomainError):
    """The database stayed locked or out of reach: nothing was written; retry shortly."""

    code = "storage_busy"
    kind = Kind.UNAVAILABLE


class Runtime:
    def __init__(
        self,
        engine: Engine,
        clock: Any,
        publisher: Publisher,
        secret: str,
        cache_seconds: float = 5.0,
    ) -> None:
        self.engine, self.clock, self.publisher = engine, clock, publisher
        self.hash_id = id_hasher(secret)
        self.secret = secret  # keys the session stamps the unit of work's credentials carry
        self.passwords = HashedPasswords()
        # The hall, its services and window layout, dropped on every local save. With several
        # processes (cache_seconds 0) another process's save would go unseen: no caching then.
        self.catalogue = TtlCache(ttl=cache_seconds)

    def context(self) -> Context:
        return Context(now=self.clock.now(), hash_id=self.hash_id)

    def execute(self, handler: Callable[..., R], *args: Any) -> R:
        """Run handler(*args, uow, ctx): commit, then publish; retry a lost race."""
        for attempt in range(1, ATTEMPTS + 1):
            try:
                with SqlUnitOfWork(self.engine, self.publisher, self.catalogue, self.secret) as uow:
                    return handler(*args, uow, self.context())
            except (ConcurrentUpdate, IntegrityError) as exc:
                if attempt == ATTEMPTS:
                    if isinstance(exc, IntegrityError):
                        raise ConcurrentUpdate() from exc
                    raise
                log.info("retrying %s after %s", handler.__name__, type(exc).__name__)
            except OperationalError as exc:
                log.warning("storage unavailable in %s: %s", handler.__name__, exc)
                raise StorageBusy() from exc
        raise AssertionError("unreachable")

    def read(self, handler: Callable[..., R], *args: Any) -> R:
        """Run a read-only use case (no events are collected)."""
        return self.execute(handler, *args)
