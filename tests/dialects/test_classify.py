"""The per-dialect statement classifiers (dialects/*/classify.py): the lock each statement
takes and what it does to its table. Where PostgreSQL's classifier claims a statement blocks
writers (or not), a real server shows it: one transaction runs the statement and stays open,
another connection tries an INSERT, and pg_stat_activity says whether that INSERT waits on a
lock (wait_event_type = 'Lock'), never a timing."""

from __future__ import annotations

import asyncio
from typing import Any

import asyncpg
import pytest

from migrator import operations as ops
from migrator.connection import DatabaseConfig
from migrator.dialects.base.traits import Action
from migrator.dialects.mysql.dialect import MySQLDialect
from migrator.dialects.postgres.dialect import PostgresDialect
from migrator.dialects.sqlite.dialect import SqliteDialect
from migrator.state import Column, SchemaState, Table
from tests.conftest import db_url

PG = PostgresDialect()
MY = MySQLDialect()

SETUP = [
    'CREATE TABLE "parent" ("id" INT PRIMARY KEY)',
    'CREATE TABLE "t" ("id" INT PRIMARY KEY, "a" INT, "p" INT, "name" VARCHAR(20))',
    'INSERT INTO "parent" VALUES (1)',
    "INSERT INTO \"t\" VALUES (1, 1, 1, 'x')",
    'ALTER TABLE "t" ADD CONSTRAINT "t_a_check" CHECK ("a" > 0) NOT VALID',
    'CREATE SCHEMA "s2"',
]
STATEMENTS = [
    ('CREATE INDEX "t_a" ON "t" ("a")', "SHARE"),
    ('CREATE UNIQUE INDEX "t_name" ON "t" ("name")', "SHARE"),
    (
        'ALTER TABLE "t" ADD CONSTRAINT "t_p_fk" FOREIGN KEY ("p") REFERENCES "parent" ("id")',
        "SHARE ROW EXCLUSIVE",
    ),
    (
        'ALTER TABLE "t" ADD CONSTRAINT "t_p_fk" FOREIGN KEY ("p") REFERENCES "parent" ("id") '
        "NOT VALID",
        "SHARE ROW EXCLUSIVE",
    ),
    ('ALTER TABLE "t" ALTER COLUMN "a" SET NOT NULL', "ACCESS EXCLUSIVE"),
    ('ALTER TABLE "t" ALTER COLUMN "name" TYPE VARCHAR(10)', "ACCESS EXCLUSIVE"),
    ('ALTER TABLE "t" ADD COLUMN "b" INT', "ACCESS EXCLUSIVE"),
    ('ALTER TABLE "t" VALIDATE CONSTRAINT "t_a_check"', "SHARE UPDATE EXCLUSIVE"),
    ('ALTER TABLE "t" RENAME CONSTRAINT "t_a_check" TO "t_a_positive"', "ACCESS EXCLUSIVE"),
    ('ALTER INDEX "t_pkey" RENAME TO "t_key"', "SHARE UPDATE EXCLUSIVE"),
    ("COMMENT ON TABLE \"t\" IS 'rows'", "SHARE UPDATE EXCLUSIVE"),
    ('UPDATE "t" SET "a" = 2 WHERE "id" = 1', "ROW EXCLUSIVE"),
    ('ALTER TABLE "t" SET SCHEMA "s2"', "ACCESS EXCLUSIVE"),
]


async def _insert_waits(db: DatabaseConfig, statement: str) -> bool:
    """Run ``statement`` in an open transaction; does an INSERT from another connection
    then wait on a lock? (The INSERT's own wait state, read from pg_stat_activity.)"""
    url = db_url(db)
    holder, writer, watcher = [await asyncpg.connect(url) for _ in range(3)]
    try:
        for sql in SETUP:
            await holder.execute(sql)
        tx = holder.transaction()
        await tx.start()
        await holder.execute(statement)
        pid = await writer.fetchval("SELECT pg_backend_pid()")
        insert = asyncio.ensure_future(writer.execute('INSERT INTO "t" ("id", "a") VALUES (2, 5)'))
        while True:
            if insert.done():
                await insert
                waits = False
                break
            row = await watcher.fetchrow(
                "SELECT wait_event_type, state FROM pg_stat_activity WHERE pid = $1", pid
            )
            if row["wait_event_type"] == "Lock":
                waits = True
                break
            await asyncio.sleep(0.01)  # poll the catalog, not a timer deciding the answer
        await tx.rollback()
        if waits:
            await insert  # released by the rollback
        return waits
    finally:
        for conn in (holder, writer, watcher):
            await conn.close()


@pytest.mark.parametrize(("statement", "lock"), STATEMENTS)
def test_postgres_claims_match_the_server(make_db: Any, statement: str, lock: str) -> None:
    traits = PG.classify(statement)
    assert traits.lock == lock
    db = make_db("postgres")
    assert asyncio.run(_insert_waits(db, statement)) is traits.blocks_writes


def test_postgres_lock_level_is_the_one_the_server_holds(make_db: Any) -> None:
    db = make_db("postgres")

    async def go() -> str:
        conn = await asyncpg.connect(db_url(db))
        try:
            for sql in SETUP:
                await conn.execute(sql)
            async with conn.transaction():
                await conn.execute('CREATE INDEX "t_a" ON "t" ("a")')
                return str(
                    await conn.fetchval(
                        "SELECT mode FROM pg_locks WHERE relation = '\"t\"'::regclass "
                        "AND pid = pg_backend_pid() AND mode LIKE '%Share%' ORDER BY mode LIMIT 1"
                    )
                )
        finally:
            await conn.close()

    assert asyncio.run(go()) == "ShareLock"


def test_postgres_concurrently_and_not_valid_forms() -> None:
    index = PG.classify('CREATE INDEX CONCURRENTLY "t_a" ON "t" ("a")')
    assert (index.lock, index.blocks_writes, index.transactional) == (
        "SHARE UPDATE EXCLUSIVE",
        False,
        False,
    )
    fk = PG.classify(
        'ALTER TABLE "t" ADD CONSTRAINT "f" FOREIGN KEY ("p") REFERENCES "x" ("id") NOT VALID'
    )
    assert (fk.scans_table, fk.blocks_writes) == (False, True)
    drop = PG.classify('DROP INDEX CONCURRENTLY "t_a"')
    assert (drop.lock, drop.transactional) == ("SHARE UPDATE EXCLUSIVE", False)


BEFORE = SchemaState(
    "postgres",
    {"t": Table("t", (Column("id", "INT", pk=True), Column("name", "VARCHAR(20)", null=True)))},
)


@pytest.mark.parametrize(
    ("new_type", "rewrites"),
    [("VARCHAR(40)", False), ("TEXT", False), ("VARCHAR(10)", True), ("INT", True)],
)
def test_postgres_type_change_rewrites_unless_binary_coercible(
    new_type: str, rewrites: bool
) -> None:
    traits = PG.classify(f'ALTER TABLE "t" ALTER COLUMN "name" TYPE {new_type}', BEFORE)
    assert traits.rewrites_table is rewrites
    assert PG.classify(f'ALTER TABLE "t" ALTER COLUMN "name" TYPE {new_type}').rewrites_table


@pytest.mark.parametrize(
    ("statement", "lock", "blocks_writes", "rewrites"),
    [
        ("ALTER TABLE `t` ADD COLUMN `b` INT", "ALGORITHM=INSTANT, LOCK=NONE", False, False),
        ("ALTER TABLE `t` ADD INDEX `i` (`a`)", "ALGORITHM=INPLACE, LOCK=NONE", False, False),
        ("CREATE INDEX `i` ON `t` (`a`)", "ALGORITHM=INPLACE, LOCK=NONE", False, False),
        (
            "ALTER TABLE `t` ADD CONSTRAINT `f` FOREIGN KEY (`p`) REFERENCES `x` (`id`)",
            "ALGORITHM=COPY, LOCK=SHARED",
            True,
            True,
        ),
        (
            "ALTER TABLE `t` MODIFY COLUMN `name` VARCHAR(10) NULL",
            "ALGORITHM=COPY, LOCK=SHARED",
            True,
            True,
        ),
        (
            "ALTER TABLE `t` MODIFY COLUMN `name` VARCHAR(40) NULL",
            "ALGORITHM=INPLACE, LOCK=NONE",
            False,
            False,
        ),
        (
            "ALTER TABLE `t` MODIFY COLUMN `name` VARCHAR(20) NOT NULL",
            "ALGORITHM=INPLACE, LOCK=NONE",
            False,
            True,
        ),
        (
            "ALTER TABLE `t` ADD INDEX `i` (`a`), ALGORITHM=INPLACE, LOCK=SHARED",
            "ALGORITHM=INPLACE, LOCK=SHARED",
            True,
            False,
        ),
        ("ALTER TABLE `t` DROP COLUMN `name`", "ALGORITHM=INSTANT, LOCK=NONE", False, False),
    ],
)
def test_mysql_algorithm_and_lock(
    statement: str, lock: str, blocks_writes: bool, rewrites: bool
) -> None:
    traits = MY.classify(statement, BEFORE)
    assert (traits.lock, traits.blocks_writes, traits.rewrites_table) == (
        lock,
        blocks_writes,
        rewrites,
    )
    assert traits.transactional is False


def test_sqlite_rebuild_is_one_rewrite_and_its_drop_loses_nothing() -> None:
    sqls = [
        'CREATE TABLE "_migrator_new_t" ("id" INT PRIMARY KEY)',
        'INSERT INTO "_migrator_new_t" ("id") SELECT "id" FROM "t"',
        'DROP TABLE "t"',
        'ALTER TABLE "_migrator_new_t" RENAME TO "t"',
    ]
    traits = SqliteDialect().classify_all(sqls, BEFORE)
    assert [t.table for t in traits] == ["t"] * 4
    copy = traits[1]
    assert copy.rewrites_table and copy.destructive  # "name" is not copied: dropped
    assert [c.column for c in copy.changes if c.action is Action.DROP_COLUMN] == ["name"]
    assert not traits[2].destructive and traits[2].actions == (Action.REBUILD,)
    assert SqliteDialect().classify('DROP TABLE "t"').destructive


def test_sqlite_rebuild_after_a_column_rename_drops_nothing() -> None:
    """The copy selects the column under the name the rename gave it (the trial that found
    this: loyalty_points renamed to points and widened, reported as dropping loyalty_points)."""
    sqls = [
        'ALTER TABLE "t" RENAME COLUMN "name" TO "title"',
        'CREATE TABLE "_migrator_new_t" ("id" INT PRIMARY KEY, "title" TEXT)',
        'INSERT INTO "_migrator_new_t" ("id", "title") SELECT "id", "title" FROM "t"',
        'DROP TABLE "t"',
        'ALTER TABLE "_migrator_new_t" RENAME TO "t"',
    ]
    traits = SqliteDialect().classify_all(sqls, BEFORE)
    assert not any(t.destructive for t in traits)
    assert [c.action for c in traits[2].changes] == [Action.REBUILD]


def test_postgres_reads_a_qualified_table_as_its_state_key() -> None:
    """A Meta.schema table is written "lib"."t" and keyed lib.t in the state: the classifier
    finds it there (a VARCHAR -> TEXT change of a known column rewrites nothing), while a
    hand-written "public"."t" for a table of the own schema still finds t."""
    column = Column("name", "VARCHAR(20)", null=True)
    before = SchemaState(
        "postgres",
        {"lib.t": Table("lib.t", (column,), schema="lib"), "t": Table("t", (column,))},
    )
    retype = PG.classify('ALTER TABLE "lib"."t" ALTER COLUMN "name" TYPE TEXT', before)
    assert (retype.table, retype.rewrites_table) == ("lib.t", False)
    comment = PG.classify('COMMENT ON COLUMN "lib"."t"."name" IS NULL', before)
    assert comment.table == "lib.t"
    assert PG.classify('COMMENT ON COLUMN "t"."name" IS NULL', before).table == "t"
    own = SchemaState("postgres", {"t": Table("t", (column,))})
    assert PG.classify('ALTER TABLE "public"."t" ADD COLUMN "x" INT', own).table == "t"
    new = PG.classify('CREATE TABLE "lib"."fresh" ("id" INT)', own)
    assert new.table == "lib.fresh"
    moved = PG.classify('ALTER TABLE "lib"."t" SET SCHEMA "archive"', before)
    assert (moved.table, moved.changes[0].action) == ("lib.t", Action.RENAME_TABLE)
    assert moved.changes[0].new_name == "archive.t"
    renamed = PG.classify('ALTER TABLE "lib"."t" RENAME TO "u"', before)
    assert (renamed.table, renamed.changes[0].new_name) == ("lib.t", "lib.u")
    # later statements of the migration see the moved table under its new key
    sqls = [
        'ALTER TABLE "lib"."t" SET SCHEMA "archive"',
        'ALTER TABLE "archive"."t" ALTER COLUMN "name" TYPE TEXT',
    ]
    assert PG.classify_all(sqls, before)[1].rewrites_table is False


def test_a_move_into_the_own_schema_is_a_table_rename_under_access_exclusive() -> None:
    """The dialect moves a table home with a DO block (only the server knows the name of
    the connection's schema); plan and lint read the ALTER TABLE inside it."""
    column = Column("name", "VARCHAR(20)", null=True)
    author = Table("archive.author", (column,), schema="archive")
    before = SchemaState("postgres", {"archive.author": author})
    op = ops.RenameTable("archive.author", "author", "archive", None)
    [sql] = PG.render(op, before)
    assert sql.startswith('DO $$ BEGIN EXECUTE format(\'ALTER TABLE "archive"."author"')
    traits = PG.classify(sql, before)
    assert (traits.table, traits.lock, traits.blocks_writes) == (
        "archive.author",
        "ACCESS EXCLUSIVE",
        True,
    )
    assert [(c.action, c.new_name) for c in traits.changes] == [(Action.RENAME_TABLE, "author")]
    assert traits.sql == sql
