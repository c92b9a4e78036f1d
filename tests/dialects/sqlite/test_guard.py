"""The statement reading of the SQLite migration guard (migrator/dialects/sqlite/guard.py):
which tables a migration rebuilds and which triggers it drops itself, as the offline script's
trigger check needs them. The guard's behaviour on a live database is in test_rebuild.py."""

from __future__ import annotations

from migrator.dialects.sqlite.guard import dropped_triggers, rebuilt_tables


def test_a_table_dropped_and_taken_over_by_its_copy_is_rebuilt() -> None:
    statements = [
        'CREATE TABLE "_migrator_new_user" ("id" INTEGER NOT NULL PRIMARY KEY)',
        'INSERT INTO "_migrator_new_user" ("id") SELECT "id" FROM "user"',
        'DROP TABLE "user"',
        "PRAGMA legacy_alter_table=ON",
        'ALTER TABLE "_migrator_new_user" RENAME TO "user"',
        "PRAGMA legacy_alter_table=OFF",
    ]
    assert rebuilt_tables(statements) == ["user"]


def test_names_compare_as_sqlite_compares_them() -> None:
    statements = ["DROP TABLE IF EXISTS [Order]", "ALTER TABLE `tmp` RENAME TO order"]
    assert rebuilt_tables(statements) == ["Order"]


def test_a_table_dropped_for_good_or_renamed_is_not_rebuilt() -> None:
    statements = [
        'DROP TABLE "gone"',
        'ALTER TABLE "user" RENAME TO "person"',
        'ALTER TABLE "person" RENAME COLUMN "a" TO "b"',
    ]
    assert rebuilt_tables(statements) == []


def test_the_triggers_a_migration_drops_itself() -> None:
    statements = [
        "DROP TRIGGER user_audit",
        'DROP TRIGGER IF EXISTS main."Team_Log"',
        "CREATE TRIGGER other AFTER INSERT ON t BEGIN SELECT 1; END",
    ]
    assert dropped_triggers(statements) == {"user_audit", "team_log"}
