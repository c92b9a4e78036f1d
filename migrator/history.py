"""The history table in the app's database: which migrations ran, when, how long, and for
databases without transactional DDL, how far a migration in progress got.

Its DDL and bind-parameter style come from the dialect; whether it exists and how a
timestamp is bound, from the backend.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from migrator.connection import Connection
from migrator.dialects.base.backend import Backend

COLUMNS = "app, version, name, checksum, status, statements_done, applied_at, duration_ms"


class Status(StrEnum):
    APPLIED = "applied"
    # a non-transactional migration stopped part-way (or a downgrade of one did): upgrade
    # resumes it, downgrade reverts what ran; ``checksum`` then covers only what ran
    PARTIAL = "partial"


@dataclass(frozen=True, slots=True)
class HistoryRow:
    app: str
    version: str
    name: str
    checksum: str
    status: Status
    statements_done: int
    applied_at: datetime.datetime
    duration_ms: int
    # not stored: how many statements the migration's upgrade.sql holds, when the caller
    # looked (Command.history fills it for partial rows so they read "partial 1/3")
    statements_total: int | None = None

    @property
    def id(self) -> str:
        return f"{self.version}_{self.name}"

    def leading_values(self) -> tuple[Any, ...]:
        """The stored columns before applied_at, in COLUMNS order, as plain values."""
        return (
            self.app,
            self.version,
            self.name,
            self.checksum,
            self.status.value,
            self.statements_done,
        )

    @property
    def progress(self) -> str:
        """``applied``, ``partial 1/3`` (or ``partial 1`` when the total is unknown)."""
        if self.status is Status.APPLIED:
            return self.status.value
        total = f"/{self.statements_total}" if self.statements_total is not None else ""
        return f"{self.status.value} {self.statements_done}{total}"


class History:
    def __init__(self, conn: Connection, backend: Backend, table: str) -> None:
        self.conn = conn
        self.backend = backend
        self.dialect = backend.dialect
        self.table = table

    async def ensure(self) -> None:
        for statement in self.dialect.history_table_statements(self.table):
            await self.conn.execute(statement)

    async def exists(self) -> bool:
        return await self.backend.table_exists(self.conn, self.table)

    async def any_rows(self) -> bool:
        """Has migrator recorded anything here, for any app?"""
        sql = f"SELECT 1 FROM {self.dialect.quote(self.table)} LIMIT 1"
        return bool(await self.conn.fetch(sql))

    async def rows(self, app: str) -> list[HistoryRow]:
        sql = (
            f"SELECT {self._cols()} FROM {self.dialect.quote(self.table)} "
            f"WHERE {self.dialect.quote('app')} = {self.dialect.placeholder(1)} "
            f"ORDER BY {self.dialect.quote('version')}"
        )
        return [_row(r) for r in await self.conn.fetch(sql, (app,))]

    async def record(self, row: HistoryRow) -> None:
        marks = ", ".join(self.dialect.placeholder(i) for i in range(1, 9))
        params = (*row.leading_values(), self.backend.timestamp_param(row.applied_at))
        await self.conn.execute(self._insert(marks), (*params, row.duration_ms))

    def record_statement(self, row: HistoryRow) -> str:
        """``record`` as one statement with literal values, for a driver that takes it in
        one text together with COMMIT (Dialect.batches_statements)."""
        literals = [self.dialect.literal(v) for v in row.leading_values()]
        literals.append(self.dialect.timestamp_literal(row.applied_at))
        literals.append(self.dialect.literal(row.duration_ms))
        return self._insert(", ".join(literals))

    def _insert(self, values: str) -> str:
        return f"INSERT INTO {self.dialect.quote(self.table)} ({self._cols()}) VALUES ({values})"

    async def update_progress(
        self,
        app: str,
        version: str,
        status: Status,
        statements_done: int,
        duration_ms: int,
        checksum: str,
    ) -> None:
        """Advance (or, while reverting, move back) a journaled migration. ``checksum`` is
        what the row vouches for: the statements that ran while partial, the whole file once
        applied (see resume.py)."""
        q, p = self.dialect.quote, self.dialect.placeholder
        sql = (
            f"UPDATE {q(self.table)} SET {q('status')} = {p(1)}, {q('statements_done')} = {p(2)}, "
            f"{q('duration_ms')} = {p(3)}, {q('checksum')} = {p(4)} "
            f"WHERE {q('app')} = {p(5)} AND {q('version')} = {p(6)}"
        )
        params = (status.value, statements_done, duration_ms, checksum, app, version)
        await self.conn.execute(sql, params)

    async def update_checksum(self, app: str, version: str, checksum: str) -> None:
        q, p = self.dialect.quote, self.dialect.placeholder
        sql = (
            f"UPDATE {q(self.table)} SET {q('checksum')} = {p(1)} "
            f"WHERE {q('app')} = {p(2)} AND {q('version')} = {p(3)}"
        )
        await self.conn.execute(sql, (checksum, app, version))

    async def unrecord(self, app: str, version: str) -> None:
        p = self.dialect.placeholder
        await self.conn.execute(self._delete(p(1), p(2)), (app, version))

    def unrecord_statement(self, app: str, version: str) -> str:
        """``unrecord`` with literal values (see ``record_statement``)."""
        return self._delete(self.dialect.literal(app), self.dialect.literal(version))

    def _delete(self, app: str, version: str) -> str:
        q = self.dialect.quote
        return (
            f"DELETE FROM {q(self.table)} WHERE {q('app')} = {app} AND {q('version')} = {version}"
        )

    def _cols(self) -> str:
        return ", ".join(self.dialect.quote(c.strip()) for c in COLUMNS.split(","))


def _row(r: tuple[Any, ...]) -> HistoryRow:
    applied_at = r[6]
    if isinstance(applied_at, str):
        applied_at = datetime.datetime.fromisoformat(applied_at)
    return HistoryRow(
        app=r[0],
        version=r[1],
        name=r[2],
        checksum=r[3],
        status=Status(r[4]),
        statements_done=int(r[5]),
        applied_at=applied_at,
        duration_ms=int(r[7]),
    )
