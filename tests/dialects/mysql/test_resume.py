"""Resumable apply and partial downgrade on a real MariaDB server (DDL commits implicitly).

A migration whose statement 2 of 3 fails stays in the history as ``partial``; ``upgrade``
resumes it at the failed statement once the cause is fixed, running every statement exactly
once; ``downgrade`` of a partial migration runs only the inverses of what ran.
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from migrator.cli import main
from migrator.command import Command
from migrator.connection import DatabaseConfig
from migrator.dialects.base.inspector import LiveSchema
from migrator.errors import ApplyError, ChecksumError
from migrator.history import Status
from tests.conftest import db_url
from tests.dialects.mysql.support import fetch, live, run

MakeDb = Callable[[str], DatabaseConfig]
HISTORY = "migrator_history"

FIRST = "INSERT INTO `log` (`msg`) VALUES ('step 1')"
SECOND = "ALTER TABLE `person` ADD UNIQUE KEY `uq_person_email` (`email`)"
THIRD = "CREATE TABLE `audit` (`id` INT NOT NULL PRIMARY KEY)"


def _project(tmp_path: Path, db: DatabaseConfig, models: str) -> Path:
    """A project folder with settings.py and pyproject.toml; returns the pyproject path."""
    package = f"settings_{db.database}"
    (tmp_path / f"{package}.py").write_text(
        f"TORTOISE_ORM = {{'connections': {{'default': {db_url(db)!r}}}, "
        f"'apps': {{'models': {{'models': [{models!r}], 'default_connection': 'default'}}}}}}\n"
    )
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text(
        f'[tool.migrator]\ntortoise_orm = "{package}.TORTOISE_ORM"\nlocation = "./migrations"\n'
    )
    return pyproject


def _command(tmp_path: Path, db: DatabaseConfig, models: str = "resume_models") -> Command:
    return Command(
        {
            "connections": {"default": db_url(db)},
            "apps": {"models": {"models": [models], "default_connection": "default"}},
        },
        location=tmp_path / "migrations",
    )


def _cli(pyproject: Path, *args: str) -> str:
    result = CliRunner().invoke(main, ["-c", str(pyproject), *args])
    assert result.exit_code == 0, result.output
    return result.output


async def _without_history(db: DatabaseConfig) -> LiveSchema:
    return (await live(db)).without(HISTORY)


# -- resume ----------------------------------------------------------------------------------


def test_failed_statement_is_resumed_after_the_fix_and_runs_every_statement_once(
    make_db: MakeDb, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = make_db("mysql")
    monkeypatch.syspath_prepend(str(tmp_path))
    pyproject = _project(tmp_path, db, "resume_models")
    asyncio.run(
        run(
            db,
            [
                "CREATE TABLE `log` (`id` INT NOT NULL PRIMARY KEY AUTO_INCREMENT, "
                "`msg` VARCHAR(50) NOT NULL)",
                "CREATE TABLE `person` (`id` INT NOT NULL PRIMARY KEY, `email` VARCHAR(50))",
                "INSERT INTO `person` VALUES (1, 'a@example.com'), (2, 'a@example.com')",
            ],
        )
    )

    async def fail() -> Path:
        async with _command(tmp_path, db) as cmd:
            [written] = await cmd.migrate(name="fill", empty=True)
            upgrade_sql = written.path / "upgrade.sql"
            upgrade_sql.write_text(f"{FIRST};\n{SECOND};\n{THIRD};\n")
            (written.path / "downgrade.sql").write_text("DROP TABLE `audit`;\n")

            with pytest.raises(ApplyError) as failed:
                await cmd.upgrade()
            message = str(failed.value)
            assert f"{upgrade_sql}:2: statement 2 of 3 failed: {SECOND}" in message
            assert "Duplicate entry 'a@example.com'" in message
            assert "partially applied (1 of 3 statements ran)" in message
            assert "resume at statement 2" in message
            assert "\n" not in message

            [row] = await cmd.history()
            assert (row.id, row.status, row.statements_done) == ("0001_fill", Status.PARTIAL, 1)
            assert row.progress == "partial 1/3"
            [head] = await cmd.heads()
            assert (head.migration_id, head.partial) == ("0001_fill", True)

            # a hand-written migration has no blocks: a partial downgrade is refused
            with pytest.raises(ApplyError, match=r"no matching `-- \[k/n\]` block headers"):
                await cmd.downgrade()
            return upgrade_sql

    async def fix_and_resume(upgrade_sql: Path) -> None:
        async with _command(tmp_path, db) as cmd:
            # statement 1 ran: editing it is refused, nothing runs
            edited = FIRST.replace("step 1", "step one")
            upgrade_sql.write_text(f"{edited};\n{SECOND};\n{THIRD};\n")
            with pytest.raises(ChecksumError, match="statements 1-1 of partially applied"):
                await cmd.upgrade()
            upgrade_sql.write_text(f"{SECOND};\n{THIRD};\n")  # so is removing it
            with pytest.raises(ChecksumError, match="revert that edit"):
                await cmd.upgrade()

            # the fix: remove the duplicate; statement 3 (not yet run) may still change
            await run(db, ["DELETE FROM `person` WHERE `id` = 2"])
            third = THIRD.replace("PRIMARY KEY)", "PRIMARY KEY, `note` VARCHAR(10))")
            upgrade_sql.write_text(f"{FIRST};\n{SECOND};\n{third};\n")
            [result] = await cmd.upgrade()
            assert (result.statements, result.resumed_at) == (2, 1)

            [row] = await cmd.history()
            assert (row.status, row.statements_done, row.progress) == (Status.APPLIED, 3, "applied")
            assert await cmd.heads() == []
            assert await cmd.upgrade() == []  # the recorded checksum is the whole file's

    upgrade_sql = asyncio.run(fail())
    # the CLI shows the partial state plainly
    assert "[PARTIAL 1/3]" in _cli(pyproject, "history")
    assert "0001_fill  [PARTIAL 1/3: upgrade resumes it]" in _cli(pyproject, "heads")
    asyncio.run(fix_and_resume(upgrade_sql))
    assert "PARTIAL" not in _cli(pyproject, "history")

    assert asyncio.run(fetch(db, "SELECT `msg` FROM `log`")) == [("step 1",)]
    assert asyncio.run(
        fetch(
            db,
            "SELECT INDEX_NAME, NON_UNIQUE FROM information_schema.STATISTICS "
            "WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'person' AND COLUMN_NAME = 'email'",
        )
    ) == [("uq_person_email", 0)]
    assert asyncio.run(
        fetch(
            db,
            "SELECT COLUMN_NAME FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() "
            "AND TABLE_NAME = 'audit' ORDER BY ORDINAL_POSITION",
        )
    ) == [("id",), ("note",)]


# -- partial downgrade ---------------------------------------------------------------------

MODELS_V1 = """
from tortoise import fields
from tortoise.models import Model


class Item(Model):
    id = fields.IntField(primary_key=True)
    code = fields.CharField(max_length=20)

    class Meta:
        table = "item"
"""

# three operations, in this order: create table shelf, make item.code unique, add item.note
MODELS_V2 = """
from tortoise import fields
from tortoise.models import Model


class Item(Model):
    id = fields.IntField(primary_key=True)
    code = fields.CharField(max_length=20, unique=True)
    note = fields.CharField(max_length=20, null=True)

    class Meta:
        table = "item"


class Shelf(Model):
    id = fields.IntField(primary_key=True)
    label = fields.CharField(max_length=20)

    class Meta:
        table = "shelf"
"""


def _models(tmp_path: Path, module: str, source: str) -> None:
    (tmp_path / f"{module}.py").write_text(source)
    sys.modules.pop(module, None)


def test_partial_downgrade_runs_only_the_inverses_of_what_ran(
    make_db: MakeDb, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = make_db("mysql")
    module = f"partial_models_{db.database}"
    monkeypatch.syspath_prepend(str(tmp_path))

    async def scenario() -> None:
        async with _command(tmp_path, db, module) as cmd:
            _models(tmp_path, module, MODELS_V1)
            await cmd.migrate()
            await cmd.upgrade()
            await run(db, ["INSERT INTO `item` (`code`) VALUES ('x'), ('x')"])
            before = await _without_history(db)

            _models(tmp_path, module, MODELS_V2)
            [written] = await cmd.migrate()
            downgrade_sql = (written.path / "downgrade.sql").read_text()
            assert "-- [3/3] drop table shelf (undoes upgrade [1/3])" in downgrade_sql
            with pytest.raises(
                ApplyError,
                match=(
                    r"statement 2 of 3 \(block \[2/3\] alter column item.code \(unique\)\) "
                    "failed: ALTER TABLE `item`"
                ),
            ):
                await cmd.upgrade()
            assert "shelf" in (await _without_history(db)).tables  # operation 1 ran

            # only DROP TABLE shelf runs: DROP INDEX / DROP COLUMN would fail on this schema
            [reverted] = await cmd.downgrade()
            assert (reverted.migration_id, reverted.statements) == (written.migration_id, 1)
            assert await _without_history(db) == before
            assert [r.id for r in await cmd.history()] == ["0001_initial"]

            # fixed and applied whole; then a downgrade that fails half-way is journaled too
            await run(db, ["DELETE FROM `item` WHERE `id` = 2"])
            await cmd.upgrade()
            path = written.path / "downgrade.sql"
            path.write_text(downgrade_sql.replace("DROP INDEX `code`", "DROP INDEX `nope`"))
            with pytest.raises(ApplyError) as failed:
                await cmd.downgrade()
            assert "recorded as partial, 2 upgrade statements in effect" in str(failed.value)
            row = (await cmd.history())[-1]
            assert (row.status, row.statements_done) == (Status.PARTIAL, 2)
            assert "note" not in (await _without_history(db)).tables["item"].columns
            # upgrade turns it around: only the undone operation (add column) runs again
            [result] = await cmd.upgrade()
            assert (result.statements, result.resumed_at) == (1, 2)
            assert "note" in (await _without_history(db)).tables["item"].columns

            path.write_text(downgrade_sql)
            await cmd.downgrade()
            assert await _without_history(db) == before

    asyncio.run(scenario())


def test_partial_downgrade_refuses_a_block_that_ran_in_part(
    make_db: MakeDb, tmp_path: Path
) -> None:
    db = make_db("mysql")
    asyncio.run(
        run(
            db,
            [
                "CREATE TABLE `person` (`id` INT NOT NULL PRIMARY KEY, `email` VARCHAR(50))",
                "INSERT INTO `person` VALUES (1, 'a@example.com'), (2, 'a@example.com')",
            ],
        )
    )

    async def scenario() -> str:
        async with _command(tmp_path, db) as cmd:
            [written] = await cmd.migrate(name="two_blocks", empty=True)
            (written.path / "upgrade.sql").write_text(
                "-- [1/2] add column person.age, then make email unique\n"
                "ALTER TABLE `person` ADD COLUMN `age` INT;\n"
                f"{SECOND};\n\n"
                f"-- [2/2] create table audit\n{THIRD};\n"
            )
            (written.path / "downgrade.sql").write_text(
                "-- [1/2] drop table audit\nDROP TABLE `audit`;\n\n"
                "-- [2/2] drop unique, drop column\n"
                "ALTER TABLE `person` DROP INDEX `uq_person_email`;\n"
                "ALTER TABLE `person` DROP COLUMN `age`;\n"
            )
            with pytest.raises(
                ApplyError,
                match=r"statement 2 of 3 \(statement 2 of 2 in block \[1/2\] [^)]*\) failed",
            ):
                await cmd.upgrade()
            with pytest.raises(ApplyError) as refused:
                await cmd.downgrade()
            [row] = await cmd.history()
            assert (row.status, row.statements_done) == (Status.PARTIAL, 1)
            return str(refused.value)

    message = asyncio.run(scenario())
    assert "stopped inside block [1/2] (add column person.age, then make email unique)" in message
    assert "statements 1-1 ran, 2-2 did not" in message
    assert "finish it with `migrator upgrade`, then downgrade" in message


# -- a statement and its journal entry commit together ---------------------------------------

LOG_TABLE = (
    "CREATE TABLE `log` (`id` INT NOT NULL PRIMARY KEY AUTO_INCREMENT, `msg` VARCHAR(50) NOT NULL)"
)


def test_a_data_change_is_rolled_back_when_its_journal_entry_fails(
    make_db: MakeDb, tmp_path: Path
) -> None:
    """Without the shared transaction the INSERT would stay while the history says it did
    not run, and the resumed upgrade would insert the row a second time."""
    db = make_db("mysql")
    asyncio.run(run(db, [LOG_TABLE]))

    async def scenario() -> None:
        async with _command(tmp_path, db) as cmd:
            [written] = await cmd.migrate(name="once", empty=True)
            (written.path / "upgrade.sql").write_text(f"{FIRST};\n{THIRD};\n")
            await cmd.session("models").history(create=True)  # the table the trigger needs
            await run(
                db,
                [
                    f"CREATE TRIGGER `journal_down` BEFORE UPDATE ON `{HISTORY}` FOR EACH ROW "
                    "BEGIN IF NEW.statements_done = 1 THEN "
                    "SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'journal is down'; END IF; END"
                ],
            )
            with pytest.raises(ApplyError) as failed:
                await cmd.upgrade()
            assert "statement 1 of 2 of migration 0001_once ran but recording it" in str(
                failed.value
            )
            assert "journal is down" in str(failed.value)
            assert await fetch(db, "SELECT COUNT(*) FROM `log`") == [(0,)]
            [row] = await cmd.history()
            assert (row.status, row.statements_done) == (Status.PARTIAL, 0)

            await run(db, ["DROP TRIGGER `journal_down`"])
            [result] = await cmd.upgrade()
            assert (result.statements, result.resumed_at) == (2, 0)
        assert await fetch(db, "SELECT `msg` FROM `log`") == [("step 1",)]

    asyncio.run(scenario())


def test_a_transaction_written_in_the_file_stays_one_transaction(
    make_db: MakeDb, tmp_path: Path
) -> None:
    """The file's own START TRANSACTION ... COMMIT is not cut up by the runner: when a
    statement inside it fails, its earlier statements and their journal entries roll back
    together, and the resumed upgrade runs the whole transaction again, once."""
    db = make_db("mysql")
    asyncio.run(run(db, [LOG_TABLE, "INSERT INTO `log` (`id`, `msg`) VALUES (7, 'old')"]))
    body = (
        "START TRANSACTION;\n"
        "INSERT INTO `log` (`msg`) VALUES ('a');\n"
        "INSERT INTO `log` (`id`, `msg`) VALUES (7, 'b');\n"
        "COMMIT;\n"
        f"{THIRD};\n"
    )

    async def fail() -> Path:
        async with _command(tmp_path, db) as cmd:
            [written] = await cmd.migrate(name="txn", empty=True)
            (written.path / "upgrade.sql").write_text(body)
            with pytest.raises(ApplyError, match=r"statement 3 of 5 failed.*Duplicate entry"):
                await cmd.upgrade()
            [row] = await cmd.history()  # same connection: the failed transaction is gone
            assert (row.status, row.statements_done) == (Status.PARTIAL, 0)
            return written.path / "upgrade.sql"

    async def resume(upgrade_sql: Path) -> None:
        assert await fetch(db, "SELECT `id`, `msg` FROM `log` ORDER BY `id`") == [(7, "old")]
        async with _command(tmp_path, db) as cmd:
            [row] = await cmd.history()
            assert (row.status, row.statements_done) == (Status.PARTIAL, 0)
            upgrade_sql.write_text(body.replace("(7, 'b')", "(8, 'b')"))
            [result] = await cmd.upgrade()
            assert (result.statements, result.resumed_at) == (5, 0)
        assert sorted(await fetch(db, "SELECT `msg` FROM `log`")) == [("a",), ("b",), ("old",)]

    asyncio.run(resume(asyncio.run(fail())))
