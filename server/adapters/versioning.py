"""Optimistic versioning, the one way every store saves an entity.

Each versioned table has an integer `version` column. A save writes the row only where its
version is still the one the unit of work read, and bumps it by one; when no row matches,
someone else saved it first and the save is refused with the domain's ConcurrentUpdate
(409 `concurrent_update`, worded in zh and en; Runtime runs the use case again on fresh rows).

The version read comes from the record when the domain record carries it (Ticket, Window,
Case: their `version` field), else from the store's ReadVersions, which notes the version of
every row it loads (appointments, staff users, devices): the version checked is then the one
this unit of work read last.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from typing import Any

from sqlalchemy import Connection, Table, bindparam, update

from server.domain.errors import ConcurrentUpdate


class Versioned:
    """A table's versioned save, built once per process: UPDATE <table> SET <values>,
    version = read + 1 WHERE <key> = ? AND version = read. `entity` names the record in the
    refusal (ConcurrentUpdate(ticket="A001")); `key` names the key columns (default id)."""

    def __init__(self, table: Table, entity: str, key: tuple[str, ...] = ("id",)) -> None:
        self.table, self.entity, self.key = table, entity, key
        where = [table.c[k] == bindparam(f"p_{k}") for k in key]
        # SET comes from the parameters given at execution; WHERE from these.
        self.statement = update(table).where(*where, table.c.version == bindparam("p_version"))

    def save(
        self, conn: Connection, key: Any, read: int, values: Mapping[str, Any], name: object
    ) -> int:
        """Write `values` over the row `key` (a tuple for a key of several columns) if it is
        still at version `read`; the new version, or ConcurrentUpdate naming `name`."""
        keys = key if len(self.key) > 1 else (key,)
        params = {**values, "version": read + 1, "p_version": read}
        params.update({f"p_{k}": v for k, v in zip(self.key, keys, strict=True)})
        if conn.execute(self.statement, params).rowcount != 1:
            raise ConcurrentUpdate(**{self.entity: name})
        return read + 1


class ReadVersions:
    """The version of each row as this unit of work read it (one per store and unit of work),
    for records that do not carry their version. A row never read counts as at version 0:
    saved without a read, it is refused once anyone has saved it."""

    def __init__(self) -> None:
        self._read: dict[Hashable, int] = {}

    def noted(self, key: Hashable, version: int) -> None:
        self._read[key] = version

    def __contains__(self, key: Hashable) -> bool:
        return key in self._read

    def of(self, key: Hashable) -> int:
        return self._read.get(key, 0)

    def save(
        self, conn: Connection, table: Versioned, key: Any, values: Mapping[str, Any], name: object
    ) -> None:
        """Versioned save of row `key` over the version read last; note the new one."""
        self._read[key] = table.save(conn, key, self.of(key), values, name)
