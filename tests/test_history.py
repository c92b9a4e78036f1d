"""The history table (migrator/history.py) on a real database of each dialect: created once,
rows per app in version order, progress and checksum updates, the literal-value statement
forms the batching drivers run, and timestamps kept as UTC."""

from __future__ import annotations

import asyncio
import datetime
from collections.abc import Awaitable, Callable
from dataclasses import replace
from typing import Any

import pytest

from migrator.connection import DatabaseConfig
from migrator.history import History, HistoryRow, Status
from tests.conftest import ALL_DIALECTS

MakeDb = Callable[[str], DatabaseConfig]
TABLE = "migrator_history"
WHEN = datetime.datetime(2024, 5, 6, 7, 8, 9, 123456)  # naive UTC, as the runner passes it
LATER = datetime.datetime(2024, 5, 7, 1, 2, 3)


def run(db: DatabaseConfig, work: Callable[[History], Awaitable[Any]]) -> Any:
    """``work(history)`` on a fresh connection to ``db``, closed afterwards."""

    async def go() -> Any:
        backend = db.dialect.backend(db)
        conn = await backend.connect()
        try:
            return await work(History(conn, backend, TABLE))
        finally:
            await conn.close()

    return asyncio.run(go())


def row(version: str, name: str, **changes: Any) -> HistoryRow:
    values: dict[str, Any] = {
        "app": "models",
        "version": version,
        "name": name,
        "checksum": f"sum-{version}",
        "status": Status.APPLIED,
        "statements_done": 0,
        "applied_at": WHEN,
        "duration_ms": 12,
    }
    values.update(changes)
    return HistoryRow(**values)


def read_back(db: DatabaseConfig, stored: HistoryRow) -> HistoryRow:
    """``stored`` as ``rows`` returns it: PostgreSQL's TIMESTAMPTZ comes back aware (UTC),
    the other dialects' columns naive."""
    if db.dialect.name != "postgres":
        return stored
    return replace(stored, applied_at=stored.applied_at.replace(tzinfo=datetime.UTC))


@pytest.mark.parametrize("dialect", ALL_DIALECTS)
def test_ensure_creates_the_table_once(make_db: MakeDb, dialect: str) -> None:
    db = make_db(dialect)

    async def work(history: History) -> list[object]:
        seen = [await history.exists()]
        await history.ensure()
        seen.append(await history.exists())
        await history.record(row("0001", "initial"))
        await history.ensure()  # again: IF NOT EXISTS, the row stays
        seen.append(await history.exists())
        seen.append([r.id for r in await history.rows("models")])
        return seen

    assert run(db, work) == [False, True, True, ["0001_initial"]]


@pytest.mark.parametrize("dialect", ALL_DIALECTS)
def test_rows_are_per_app_in_version_order(make_db: MakeDb, dialect: str) -> None:
    db = make_db(dialect)
    third = row("0003", "third", applied_at=LATER, duration_ms=3)
    first = row("0001", "initial", checksum="c" * 64, duration_ms=0)
    partial = row("0002", "fill", status=Status.PARTIAL, statements_done=2, duration_ms=7)
    other = row("0001", "initial", app="shop", checksum="other")

    async def work(history: History) -> list[list[HistoryRow]]:
        await history.ensure()
        for r in (third, other, first, partial):  # recorded out of order
            await history.record(r)
        return [await history.rows("models"), await history.rows("shop"), await history.rows("x")]

    models, shop, nothing = run(db, work)

    assert models == [read_back(db, first), read_back(db, partial), read_back(db, third)]
    assert [r.progress for r in models] == ["applied", "partial 2", "applied"]
    assert shop == [read_back(db, other)]
    assert nothing == []


@pytest.mark.parametrize("dialect", ALL_DIALECTS)
def test_unrecord_deletes_that_apps_version_only(make_db: MakeDb, dialect: str) -> None:
    db = make_db(dialect)

    async def work(history: History) -> list[list[str]]:
        await history.ensure()
        for r in (row("0001", "a"), row("0002", "b"), row("0002", "b", app="shop")):
            await history.record(r)
        await history.unrecord("models", "0002")
        await history.unrecord("models", "0009")  # nothing to delete is no error
        return [[r.id for r in await history.rows(app)] for app in ("models", "shop")]

    assert run(db, work) == [["0001_a"], ["0002_b"]]


@pytest.mark.parametrize("dialect", ALL_DIALECTS)
def test_update_progress_takes_a_partial_row_to_applied(make_db: MakeDb, dialect: str) -> None:
    db = make_db(dialect)

    async def work(history: History) -> list[tuple[object, ...]]:
        await history.ensure()
        await history.record(row("0001", "a"))
        await history.record(row("0002", "fill", status=Status.PARTIAL, checksum="first-one"))
        seen = []
        for status, done, checksum in (
            (Status.PARTIAL, 1, "first-two"),
            (Status.APPLIED, 3, "whole-file"),
        ):
            await history.update_progress("models", "0002", status, done, 40 + done, checksum)
            r = (await history.rows("models"))[1]
            seen.append((r.status, r.statements_done, r.duration_ms, r.checksum, r.progress))
        seen.append(tuple(r.checksum for r in await history.rows("models")))
        return seen

    assert run(db, work) == [
        (Status.PARTIAL, 1, 41, "first-two", "partial 1"),
        (Status.APPLIED, 3, 43, "whole-file", "applied"),
        ("sum-0001", "whole-file"),  # the other row is untouched
    ]


@pytest.mark.parametrize("dialect", ALL_DIALECTS)
def test_update_checksum_changes_only_that_row(make_db: MakeDb, dialect: str) -> None:
    db = make_db(dialect)

    async def work(history: History) -> list[tuple[str, str, str]]:
        await history.ensure()
        for r in (row("0001", "a"), row("0002", "b"), row("0002", "b", app="shop")):
            await history.record(r)
        await history.update_checksum("models", "0002", "edited")
        rows = [*await history.rows("models"), *await history.rows("shop")]
        return [(r.app, r.version, r.checksum) for r in rows]

    assert run(db, work) == [
        ("models", "0001", "sum-0001"),
        ("models", "0002", "edited"),
        ("shop", "0002", "sum-0002"),
    ]


RECORD_STATEMENT = {
    "sqlite": (
        'INSERT INTO "migrator_history" ("app", "version", "name", "checksum", "status", '
        '"statements_done", "applied_at", "duration_ms") VALUES (\'models\', \'0001\', '
        "'it''s \\ here', 'sum-0001', 'partial', 2, '2024-05-06T07:08:09.123456', 12)"
    ),
    "postgres": (
        'INSERT INTO "migrator_history" ("app", "version", "name", "checksum", "status", '
        '"statements_done", "applied_at", "duration_ms") VALUES (\'models\', \'0001\', '
        "'it''s \\ here', 'sum-0001', 'partial', 2, '2024-05-06T07:08:09.123456+00:00', 12)"
    ),
    "mysql": (
        "INSERT INTO `migrator_history` (`app`, `version`, `name`, `checksum`, `status`, "
        "`statements_done`, `applied_at`, `duration_ms`) VALUES ('models', '0001', "
        "'it''s \\\\ here', 'sum-0001', 'partial', 2, '2024-05-06 07:08:09.123456', 12)"
    ),
}
UNRECORD_STATEMENT = {
    "sqlite": 'DELETE FROM "migrator_history" WHERE "app" = \'models\' AND "version" = \'0001\'',
    "postgres": (
        'DELETE FROM "migrator_history" WHERE "app" = \'models\' AND "version" = \'0001\''
    ),
    "mysql": "DELETE FROM `migrator_history` WHERE `app` = 'models' AND `version` = '0001'",
}


@pytest.mark.parametrize("dialect", ALL_DIALECTS)
def test_statement_forms_write_what_record_and_unrecord_write(
    make_db: MakeDb, dialect: str
) -> None:
    """The literal-value forms a batching driver sends together with COMMIT."""
    db = make_db(dialect)
    tricky = row("0001", "it's \\ here", status=Status.PARTIAL, statements_done=2)
    kept = row("0002", "kept")

    async def work(history: History) -> list[object]:
        await history.ensure()
        record = history.record_statement(tricky)
        await history.conn.execute(record)
        await history.record(kept)
        written = await history.rows("models")
        unrecord = history.unrecord_statement("models", "0001")
        await history.conn.execute(unrecord)
        return [record, written, unrecord, await history.rows("models")]

    record, written, unrecord, left = run(db, work)

    assert record == RECORD_STATEMENT[dialect]
    assert written == [read_back(db, tricky), read_back(db, kept)]
    assert unrecord == UNRECORD_STATEMENT[dialect]
    assert left == [read_back(db, kept)]


# what each dialect's applied_at column holds for WHEN, read without History
STORED_WHEN = {
    "sqlite": "2024-05-06T07:08:09.123456",  # ISO text
    "postgres": datetime.datetime(2024, 5, 6, 7, 8, 9, 123456, tzinfo=datetime.UTC),
    "mysql": datetime.datetime(2024, 5, 6, 7, 8, 9, 123456),  # DATETIME(6), no zone
}


@pytest.mark.parametrize("dialect", ALL_DIALECTS)
def test_timestamps_are_stored_as_utc_by_both_forms(make_db: MakeDb, dialect: str) -> None:
    db = make_db(dialect)

    async def work(history: History) -> list[tuple[object, ...]]:
        await history.ensure()
        await history.record(row("0001", "bound"))
        await history.conn.execute(history.record_statement(row("0002", "literal")))
        q = history.dialect.quote
        return await history.conn.fetch(
            f"SELECT {q('applied_at')} FROM {q(TABLE)} ORDER BY {q('version')}"
        )

    assert run(db, work) == [(STORED_WHEN[dialect],), (STORED_WHEN[dialect],)]


def test_postgres_timestamps_do_not_follow_the_session_time_zone(make_db: MakeDb) -> None:
    """TIMESTAMPTZ would read a zoneless literal in the session's zone: the statement form
    names UTC, so a server or role set to another zone stores the same instant."""
    db = make_db("postgres")

    async def work(history: History) -> list[tuple[object, ...]]:
        await history.ensure()
        await history.conn.execute("SET TIME ZONE 'Asia/Tokyo'")
        await history.record(row("0001", "bound"))
        await history.conn.execute(history.record_statement(row("0002", "literal")))
        return await history.conn.fetch(
            "SELECT CAST(\"applied_at\" AT TIME ZONE 'UTC' AS TEXT) "
            'FROM "migrator_history" ORDER BY "version"'
        )

    assert run(db, work) == [("2024-05-06 07:08:09.123456",), ("2024-05-06 07:08:09.123456",)]
