"""Rendered SQLite migrations applied to real database files.

Every case starts from ``parent <- child`` (ON DELETE CASCADE) with rows, a trigger on each
table and the indexes of the state, applies the rendered operations between the dialect's
migration hooks and checks that no row, child row, index or trigger was lost and that the
schema equals one built fresh from the state after the operations.
"""

from __future__ import annotations

import asyncio
import datetime
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

import pytest

from migrator import operations as ops
from migrator.connection import Connection, DatabaseConfig
from migrator.dialects import get_dialect
from migrator.dialects.base.inspector import LiveSchema
from migrator.errors import ApplyError
from migrator.state import Column, ForeignKey, Index, SchemaState, Table, UniqueConstraint
from tests.dialects.sqlite.support import (
    DIALECT,
    ID,
    connect,
    create_statements,
    execute_all,
    parent_child_state,
    run_migration,
)

STATE = parent_child_state()
PARENT, CHILD = STATE.table("parent"), STATE.table("child")
NAME, CODE = PARENT.column("name"), PARENT.column("code")
PARENT_ID = CHILD.column("parent_id")
MEMORY = DatabaseConfig(
    get_dialect("sqlite"), "tortoise.backends.sqlite", {"file_path": ":memory:"}
)

SETUP = [
    'CREATE TABLE "audit" ("what" TEXT)',
    'CREATE TRIGGER "parent_audit" AFTER UPDATE ON "parent" '
    'BEGIN INSERT INTO "audit" VALUES (\'parent \' || new."id"); END',
    # names "parent" in its body: the rebuild's RENAME must not trip over it
    'CREATE TRIGGER "child_audit" AFTER INSERT ON "child" BEGIN INSERT INTO "audit" '
    'SELECT \'child \' || new."id" FROM "parent" WHERE "id" = new."parent_id"; END',
    'CREATE VIEW "named" AS SELECT "name" FROM "parent"',
    "INSERT INTO \"parent\" (\"name\", \"code\") VALUES ('a', 'A'), ('b', NULL), ('c', 'C'), "
    "('gone', NULL)",
    'INSERT INTO "child" ("parent_id") VALUES (1), (1), (2), (3)',
    'DELETE FROM "parent" WHERE "name" = \'gone\'',  # AUTOINCREMENT must not reuse id 4
    'DELETE FROM "audit"',
]
EXTRA = [Column("extra", "VARCHAR(5)", null=True)]


async def _setup(db: DatabaseConfig, state: SchemaState = STATE) -> Connection:
    conn = await connect(db)
    await execute_all(conn, [*create_statements(state), *SETUP])
    return conn


async def _fresh_schema(state: SchemaState) -> LiveSchema:
    conn = await connect(MEMORY)
    try:
        await execute_all(conn, create_statements(state))
        return await DIALECT.backend(MEMORY).inspect(conn)
    finally:
        await conn.close()


async def _migrate(
    conn: Connection, operations: Sequence[ops.Operation], before: SchemaState = STATE
) -> SchemaState:
    rendered = DIALECT.render_all(operations, before)
    await run_migration(conn, [s for r in rendered for s in r.statements])
    return ops.apply_all(before, list(operations))


async def _check_nothing_lost(conn: Connection, after: SchemaState) -> None:
    """Rows, child rows, indexes, triggers and the id sequence all survived."""
    assert await conn.fetch('SELECT "id" FROM "parent" ORDER BY "id"') == [(1,), (2,), (3,)]
    assert await conn.fetch('SELECT "id", "parent_id" FROM "child" ORDER BY "id"') == [
        (1, 1),
        (2, 1),
        (3, 2),
        (4, 3),
    ]
    live = await DIALECT.backend(MEMORY).inspect(conn)
    assert live.without("audit") == await _fresh_schema(after)
    triggers = await conn.fetch("SELECT name FROM sqlite_master WHERE type = 'trigger'")
    assert sorted(triggers) == [("child_audit",), ("parent_audit",)]
    assert await conn.fetch("PRAGMA foreign_keys") == [(1,)]
    assert await conn.fetch(
        "SELECT count(*) FROM sqlite_master WHERE name LIKE '\\_migrator%' ESCAPE '\\'"
    ) == [(0,)]
    # the restored triggers fire, the view still resolves, deleted ids are not reused
    await conn.execute('UPDATE "parent" SET "id" = "id" WHERE "id" = 1')
    await conn.execute('INSERT INTO "child" ("parent_id") VALUES (3)')
    assert sorted(await conn.fetch('SELECT "what" FROM "audit"')) == [("child 5",), ("parent 1",)]
    assert len(await conn.fetch('SELECT * FROM "named"')) == 3
    sequence = 'SELECT "seq" FROM "sqlite_sequence" WHERE "name" = \'parent\''
    assert await conn.fetch(sequence) == [(4,)]


REBUILDS: dict[str, list[ops.Operation]] = {
    "alter type": [ops.AlterColumn("parent", NAME, replace(NAME, type="TEXT"))],
    "make not null with default": [
        ops.AlterColumn("parent", CODE, replace(CODE, null=False, default="'?'"))
    ],
    "make not null with backfill": [
        ops.AlterColumn("parent", CODE, replace(CODE, null=False, backfill="'?'"))
    ],
    "add not null column with fill": [ops.AddColumn("parent", Column("rank", "INT"), fill="3")],
    "add unique column": [ops.AddColumn("parent", replace(EXTRA[0], unique=True))],
    "add unique constraint": [
        ops.AddUnique("parent", UniqueConstraint("uid_parent_name", ("name", "code")))
    ],
    "change foreign key of child": [
        ops.AlterColumn(
            "child",
            PARENT_ID,
            replace(PARENT_ID, null=True, fk=ForeignKey("parent", "id", "SET NULL")),
        )
    ],
    "merged": [
        ops.AlterColumn("parent", CODE, replace(CODE, null=False, default="'?'")),
        ops.AddColumn("parent", replace(EXTRA[0], unique=True)),
        ops.AddUnique("parent", UniqueConstraint("uid_parent_code", ("code", "extra"))),
        ops.AlterColumn("parent", NAME, replace(NAME, type="VARCHAR(80)", comment="who")),
    ],
}


@pytest.mark.parametrize("case", sorted(REBUILDS))
def test_rebuild_keeps_rows_children_indexes_and_triggers(make_db: Any, case: str) -> None:
    db = make_db("sqlite")

    async def scenario() -> None:
        conn = await _setup(db)
        try:
            after = await _migrate(conn, REBUILDS[case])
            await _check_nothing_lost(conn, after)
        finally:
            await conn.close()

    asyncio.run(scenario())


def test_rebuild_fills_values(make_db: Any) -> None:
    db = make_db("sqlite")

    async def scenario() -> list[tuple[Any, ...]]:
        conn = await _setup(db)
        try:
            await _migrate(conn, REBUILDS["merged"] + REBUILDS["add not null column with fill"])
            return await conn.fetch('SELECT "code", "extra", "rank" FROM "parent" ORDER BY "id"')
        finally:
            await conn.close()

    assert asyncio.run(scenario()) == [("A", None, 3), ("?", None, 3), ("C", None, 3)]


def test_merged_rebuild_copies_the_table_once(make_db: Any) -> None:
    rendered = DIALECT.render_all(REBUILDS["merged"], STATE)
    assert len(rendered) == 1 and rendered[0].ops == tuple(REBUILDS["merged"])
    creates = [s for s in rendered[0].statements if s.startswith("CREATE TABLE")]
    assert len(creates) == 1


def test_drop_unique_column_by_rebuild(make_db: Any) -> None:
    db = make_db("sqlite")
    column = replace(EXTRA[0], unique=True)
    added = ops.AddColumn("parent", column)
    middle = added.apply(STATE)
    drop = ops.DropColumn("parent", column)
    assert DIALECT.render(drop, middle)[0].startswith('CREATE TABLE "_migrator_new_parent"')

    async def scenario() -> None:
        conn = await _setup(db)
        try:
            await _migrate(conn, [added])
            await conn.execute('UPDATE "parent" SET "extra" = \'x\' || "id"')
            assert len(await conn.fetch('DELETE FROM "audit" RETURNING *')) == 3  # it fired
            await _migrate(conn, [drop], middle)
            await _check_nothing_lost(conn, drop.apply(middle))
        finally:
            await conn.close()

    asyncio.run(scenario())


def test_in_place_operations_reach_the_target_schema(make_db: Any) -> None:
    db = make_db("sqlite")
    index = PARENT.indexes[0]
    operations: list[ops.Operation] = [
        ops.AddColumn("parent", Column("age", "INT", default="0")),
        ops.AddColumn(
            "child", Column("p2", "INT", null=True, fk=ForeignKey("parent", "id", "SET NULL"))
        ),
        ops.DropColumn("parent", CODE),
        ops.RenameIndex("parent", index, replace(index, name="idx_renamed")),
        ops.AddIndex("child", Index("idx_child_p2", ("p2",), where="p2 IS NOT NULL")),
        ops.CreateTable(replace(PARENT, name="other", indexes=())),
        ops.DropTable(replace(PARENT, name="other", indexes=())),
    ]
    assert all(len(r.statements) <= 2 for r in DIALECT.render_all(operations, STATE))

    async def scenario() -> None:
        conn = await _setup(db)
        try:
            after = await _migrate(conn, operations)
            await _check_nothing_lost(conn, after)
        finally:
            await conn.close()

    asyncio.run(scenario())


def test_rename_table_updates_children_foreign_keys(make_db: Any) -> None:
    db = make_db("sqlite")

    async def scenario() -> None:
        conn = await _setup(db)
        try:
            after = await _migrate(conn, [ops.RenameTable("parent", "mother")])
            live = await DIALECT.backend(MEMORY).inspect(conn)
            assert live.without("audit") == await _fresh_schema(after)
            assert live.tables["child"].foreign_keys[0].ref_table == "mother"
            with pytest.raises(Exception, match="FOREIGN KEY constraint failed"):
                await conn.execute('INSERT INTO "child" ("parent_id") VALUES (99)')
            await conn.execute('DELETE FROM "mother" WHERE "id" = 1')  # cascades again
            assert await conn.fetch('SELECT count(*) FROM "child"') == [(2,)]
        finally:
            await conn.close()

    asyncio.run(scenario())


def test_foreign_key_violation_rolls_back(make_db: Any) -> None:
    db = make_db("sqlite")
    bad = ops.AddColumn(
        "child", Column("other_id", "INT", fk=ForeignKey("parent", "id", "CASCADE")), fill="99"
    )

    async def scenario() -> None:
        conn = await _setup(db)
        try:
            before = await DIALECT.backend(MEMORY).inspect(conn)
            with pytest.raises(
                ApplyError,
                match=r"'child' rowid 1, 2, 3, 4 -> missing rows in "
                r"'parent'",
            ):
                await _migrate(conn, [bad])
            assert await DIALECT.backend(MEMORY).inspect(conn) == before
            assert await conn.fetch('SELECT count(*) FROM "child"') == [(4,)]
            assert await conn.fetch("PRAGMA foreign_keys") == [(1,)]
        finally:
            await conn.close()

    asyncio.run(scenario())


def test_dropping_a_referenced_table_fails_the_check(make_db: Any) -> None:
    db = make_db("sqlite")

    async def scenario() -> None:
        conn = await _setup(db)
        try:
            with pytest.raises(ApplyError, match="foreign key check failed"):
                await _migrate(conn, [ops.DropTable(PARENT)])
            assert await conn.fetch('SELECT count(*) FROM "parent"') == [(3,)]
        finally:
            await conn.close()

    asyncio.run(scenario())


def test_trigger_dropped_on_purpose_stays_dropped(make_db: Any) -> None:
    db = make_db("sqlite")

    async def scenario() -> None:
        conn = await _setup(db)
        try:
            statements = ['DROP TRIGGER "child_audit"']
            async with DIALECT.backend(db).migration_guard(conn, statements) as guard:
                await conn.execute("BEGIN IMMEDIATE")
                await conn.execute('DROP TRIGGER "child_audit"')
                await guard.verify()
                await conn.execute("COMMIT")
            rows = await conn.fetch("SELECT name FROM sqlite_master WHERE type = 'trigger'")
            assert rows == [("parent_audit",)]
        finally:
            await conn.close()

    asyncio.run(scenario())


def test_hooks_leave_foreign_keys_off_when_they_were_off(make_db: Any) -> None:
    db = make_db("sqlite")

    async def scenario() -> None:
        conn = await _setup(db)
        try:
            await conn.execute("PRAGMA foreign_keys=OFF")
            await run_migration(conn, [])
            assert await conn.fetch("PRAGMA foreign_keys") == [(0,)]
        finally:
            await conn.close()

    asyncio.run(scenario())


def test_history_table_statements_execute(make_db: Any) -> None:
    db = make_db("sqlite")
    applied = datetime.datetime(2024, 1, 2, 3, 4, 5, 6, tzinfo=datetime.UTC)

    async def scenario() -> list[tuple[Any, ...]]:
        conn = await connect(db)
        try:
            for _ in range(2):  # IF NOT EXISTS: ensuring twice is fine
                await execute_all(conn, DIALECT.history_table_statements("migrator_history"))
            await conn.execute(
                'INSERT INTO "migrator_history" ("app", "version", "name", "checksum", "status", '
                '"statements_done", "applied_at", "duration_ms") VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
                (
                    "models",
                    "0001",
                    "init",
                    "x" * 64,
                    "applied",
                    3,
                    DIALECT.backend(db).timestamp_param(applied),
                    5,
                ),
            )
            assert "migrator_history" in await DIALECT.backend(db).table_names(conn)
            return await conn.fetch('SELECT "id", "app", "applied_at" FROM "migrator_history"')
        finally:
            await conn.close()

    [(row_id, app, stored)] = asyncio.run(scenario())
    assert (row_id, app) == (1, "models")
    assert datetime.datetime.fromisoformat(stored) == applied


def test_foreign_key_to_a_non_unique_column_fails_the_check(make_db: Any) -> None:
    db = make_db("sqlite")
    bad = ops.AddColumn(
        "child",
        Column("by_name", "VARCHAR(50)", null=True, fk=ForeignKey("parent", "name", "CASCADE")),
    )

    async def scenario() -> None:
        conn = await _setup(db)
        try:
            with pytest.raises(ApplyError, match="foreign key mismatch"):
                await _migrate(conn, [bad])
            assert (
                "by_name"
                not in (await DIALECT.backend(MEMORY).inspect(conn)).tables["child"].columns
            )
        finally:
            await conn.close()

    asyncio.run(scenario())


RENAME = ops.RenameTable("parent", "mother")
RENAMED = RENAME.apply(STATE)
# an operation that rebuilds the table, by the table's name at that point of the migration
REBUILD_OF = {
    "parent": lambda table: ops.AlterColumn(table, CODE, replace(CODE, null=False, default="'?'")),
    "child": lambda table: ops.AddColumn(table, replace(EXTRA[0], unique=True)),
}
_TRIGGERS = "SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name"


async def _triggers_after_plain_rename(db: DatabaseConfig) -> list[tuple[Any, ...]]:
    """The triggers as SQLite itself rewrites them for ``parent`` -> ``mother``."""
    conn = await _setup(db)
    try:
        await conn.execute('ALTER TABLE "parent" RENAME TO "mother"')
        return await conn.fetch(_TRIGGERS)
    finally:
        await conn.close()


@pytest.mark.parametrize("rebuilt", sorted(REBUILD_OF))
@pytest.mark.parametrize("rename_first", [True, False], ids=["rename first", "rebuild first"])
def test_rename_and_rebuild_in_one_migration_keep_triggers(
    make_db: Any, rebuilt: str, rename_first: bool
) -> None:
    # migrate writes the rename first; the downgrade of the reverse change rebuilds first.
    # Rebuilding "child" drops "child_audit", whose body names the renamed "parent".
    expected_db, db = make_db("sqlite"), make_db("sqlite")
    if rename_first:
        rebuild = REBUILD_OF[rebuilt]("mother" if rebuilt == "parent" else rebuilt)
        operations: list[ops.Operation] = [RENAME, rebuild]
    else:
        operations = [REBUILD_OF[rebuilt](rebuilt), RENAME]

    async def scenario() -> None:
        expected = await _triggers_after_plain_rename(expected_db)
        assert [(name, table) for name, table, _ in expected] == [
            ("child_audit", "child"),
            ("parent_audit", "mother"),
        ]
        conn = await _setup(db)
        try:
            after = await _migrate(conn, operations)
            assert await conn.fetch(_TRIGGERS) == expected
            live = await DIALECT.backend(MEMORY).inspect(conn)
            assert live.without("audit") == await _fresh_schema(after)
            # both fire, and the body of child_audit reads the renamed table
            await conn.execute('UPDATE "mother" SET "id" = "id" WHERE "id" = 1')
            await conn.execute('INSERT INTO "child" ("parent_id") VALUES (3)')
            assert sorted(await conn.fetch('SELECT "what" FROM "audit"')) == [
                ("child 5",),
                ("parent 1",),
            ]
        finally:
            await conn.close()

    asyncio.run(scenario())


def test_dropped_table_loses_its_triggers_even_when_another_takes_its_name(
    make_db: Any,
) -> None:
    db = make_db("sqlite")

    async def scenario() -> None:
        conn = await _setup(db)
        try:
            await _migrate(conn, [ops.DropTable(CHILD), ops.RenameTable("parent", "child")])
            # as SQLite has it: child_audit went with its table, parent_audit followed "parent"
            rows = await conn.fetch(
                "SELECT name, tbl_name FROM sqlite_master WHERE type = 'trigger'"
            )
            assert rows == [("parent_audit", "child")]
        finally:
            await conn.close()

    asyncio.run(scenario())


def test_trigger_dropped_on_purpose_before_a_rebuild_stays_dropped(make_db: Any) -> None:
    db = make_db("sqlite")
    rebuild = DIALECT.render_all([REBUILD_OF["parent"]("parent")], STATE)[0].statements

    async def scenario() -> None:
        conn = await _setup(db)
        try:
            await run_migration(conn, ['DROP TRIGGER "parent_audit"', *rebuild])
            rows = await conn.fetch("SELECT name FROM sqlite_master WHERE type = 'trigger'")
            assert rows == [("child_audit",)]
        finally:
            await conn.close()

    asyncio.run(scenario())


def test_trigger_that_cannot_be_restored_rolls_the_migration_back(make_db: Any) -> None:
    db = make_db("sqlite")
    rebuild = list(DIALECT.render_all([REBUILD_OF["parent"]("parent")], STATE)[0].statements)
    # while "parent" is gone, the migration gives its trigger's name to another table's trigger
    at = rebuild.index('DROP TABLE "parent"') + 1
    rebuild.insert(at, 'CREATE TRIGGER "parent_audit" AFTER DELETE ON "child" BEGIN SELECT 1; END')

    async def scenario() -> None:
        conn = await _setup(db)
        try:
            before = await DIALECT.backend(MEMORY).inspect(conn), await conn.fetch(_TRIGGERS)
            with pytest.raises(ApplyError) as caught:
                await run_migration(conn, rebuild)
            message = str(caught.value)
            assert "\n" not in message
            assert message.startswith(
                "could not re-create trigger 'parent_audit' on table 'parent'"
            )
            assert (
                await DIALECT.backend(MEMORY).inspect(conn),
                await conn.fetch(_TRIGGERS),
            ) == before
            assert await conn.fetch("PRAGMA foreign_keys") == [(1,)]
        finally:
            await conn.close()

    asyncio.run(scenario())


@pytest.mark.parametrize(
    "statements",
    [
        # the common ways of re-seeding a parent table by hand: with foreign keys on, each
        # would cascade-delete the child rows of the rows it replaces
        ['INSERT OR REPLACE INTO "parent" ("id", "name", "code") VALUES (1, \'a2\', \'A\')'],
        [
            'DELETE FROM "parent" WHERE "id" = 2',
            'INSERT INTO "parent" ("id", "name") VALUES (2, \'b2\')',
        ],
    ],
)
def test_hand_written_data_statements_never_cascade_to_child_rows(
    make_db: Any, statements: list[str]
) -> None:
    db = make_db("sqlite")

    async def scenario() -> None:
        conn = await _setup(db)
        try:
            await run_migration(conn, statements)
            assert await conn.fetch('SELECT "parent_id" FROM "child" ORDER BY "id"') == [
                (1,),
                (1,),
                (2,),
                (3,),
            ]
            assert await conn.fetch("PRAGMA foreign_keys") == [(1,)]
        finally:
            await conn.close()

    asyncio.run(scenario())


def test_only_statements_that_touch_no_row_skip_the_foreign_key_guard() -> None:
    from migrator.dialects.sqlite.guard import needs_guard

    unguarded = [
        'ALTER TABLE "item" ADD COLUMN "c1" INT',
        'CREATE UNIQUE INDEX "i" ON "t" ("a")',
        'ALTER TABLE "t" RENAME COLUMN "a" TO "b"',
        'ALTER TABLE "t" RENAME TO "u"',
        'CREATE TABLE "t" ("id" INT)',
    ]
    guarded = [
        'CREATE TABLE "t" ("p" INT REFERENCES "p" ("id"))',
        'ALTER TABLE "t" ADD COLUMN "p" INT REFERENCES "p" ("id")',
        "INSERT OR REPLACE INTO p (id) VALUES (1)",
        "REPLACE INTO p (id) VALUES (1)",
        "DELETE FROM p",
        "UPDATE p SET id = 2",
        'DROP TABLE "t"',
        "PRAGMA foreign_keys=ON",
        "CREATE TRIGGER x AFTER INSERT ON t BEGIN DELETE FROM p; END",
    ]
    guarded += ['DROP INDEX "i"', 'ALTER TABLE "t" DROP COLUMN "a"']  # may break a child's FK
    assert not needs_guard(unguarded)
    assert all(needs_guard([*unguarded, statement]) for statement in guarded)


HAND_REBUILD = [
    'CREATE TABLE "new_child" ("id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, '
    '"parent_id" INT REFERENCES "parent" ("id") ON DELETE CASCADE)',
    'INSERT INTO "new_child" ("id", "parent_id") SELECT "id", "parent_id" FROM "child"',
    'DROP TABLE "child"',
    'ALTER TABLE "new_child" RENAME TO "child"',
]
V2_TRIGGER = (
    'CREATE TRIGGER {exists}"child_audit" AFTER INSERT ON "child" '
    'BEGIN INSERT INTO "audit" VALUES (\'v2 \' || new."id"); END'
)


@pytest.mark.parametrize("exists", ["", "IF NOT EXISTS "])
def test_a_hand_written_rebuild_that_recreates_its_trigger_gets_its_own_version(
    make_db: Any, exists: str
) -> None:
    """SQLite's documented procedure ends with the file's own CREATE TRIGGER (step 8): it
    must neither collide with the restored one nor lose to it."""
    db = make_db("sqlite")

    async def scenario() -> None:
        conn = await _setup(db)
        try:
            await run_migration(conn, [*HAND_REBUILD, V2_TRIGGER.format(exists=exists)])
            await conn.execute('INSERT INTO "child" ("parent_id") VALUES (1)')
            assert await conn.fetch('SELECT "what" FROM "audit"') == [("v2 5",)]
            assert await conn.fetch(
                "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name = 'child_audit'"
            ) == [(1,)]
        finally:
            await conn.close()

    asyncio.run(scenario())


def test_a_trigger_whose_table_is_written_in_another_case_survives_a_rebuild(
    make_db: Any,
) -> None:
    """SQLite table names ignore case: a trigger declared ON item for table "Item"."""
    db = make_db("sqlite")
    item = Table("Item", (ID, Column("v", "TEXT", null=True)))
    state = SchemaState("sqlite", {"Item": item, "audit": Table("audit", (ID,))})

    async def scenario() -> None:
        conn = await connect(db)
        try:
            await execute_all(conn, create_statements(state))
            await conn.execute(
                'CREATE TRIGGER "item_seen" AFTER INSERT ON item BEGIN '
                'INSERT INTO "audit" ("id") VALUES (new."id" * 10); END'
            )
            become_not_null = ops.AlterColumn(
                "Item", item.column("v"), Column("v", "TEXT", default="'x'")
            )
            await _migrate(conn, [become_not_null], state)
            await conn.execute('INSERT INTO "Item" ("v") VALUES (\'a\')')
            assert await conn.fetch('SELECT "id" FROM "audit"') == [(10,)]
        finally:
            await conn.close()

    asyncio.run(scenario())


def test_dropping_the_unique_index_a_foreign_key_needs_fails_the_check(make_db: Any) -> None:
    """Without it the child's key points at a non-unique column: every later write to
    either table fails with "foreign key mismatch"."""
    db = make_db("sqlite")

    async def scenario() -> None:
        conn = await connect(db)
        try:
            await execute_all(
                conn,
                [
                    'CREATE TABLE "p" ("id" INTEGER PRIMARY KEY, "code" TEXT)',
                    'CREATE UNIQUE INDEX "p_code" ON "p" ("code")',
                    'CREATE TABLE "c" ("id" INTEGER PRIMARY KEY, '
                    '"pcode" TEXT REFERENCES "p" ("code"))',
                    "INSERT INTO \"p\" VALUES (1, 'a')",
                    "INSERT INTO \"c\" VALUES (1, 'a')",
                ],
            )
            with pytest.raises(ApplyError, match="foreign key"):
                await run_migration(conn, ['DROP INDEX "p_code"'])
            indexes = "SELECT name FROM sqlite_master WHERE type = 'index' AND name = 'p_code'"
            assert await conn.fetch(indexes) == [("p_code",)]
        finally:
            await conn.close()

    asyncio.run(scenario())


def test_a_single_quoted_trigger_name_is_recognised_as_the_files_own(make_db: Any) -> None:
    db = make_db("sqlite")
    v2 = V2_TRIGGER.format(exists="").replace('"child_audit"', "'child_audit'")

    async def scenario() -> None:
        conn = await _setup(db)
        try:
            await run_migration(conn, [*HAND_REBUILD, v2])
            await conn.execute('INSERT INTO "child" ("parent_id") VALUES (1)')
            assert await conn.fetch('SELECT "what" FROM "audit"') == [("v2 5",)]
        finally:
            await conn.close()

    asyncio.run(scenario())
