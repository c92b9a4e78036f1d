"""AlterColumn on MySQL/MariaDB: MODIFY COLUMN with the full new definition, plus the
foreign keys that have to step aside while a column's type changes.

InnoDB refuses to change the type of a column that is part of a foreign key, on either end.
So a type change drops the column's own FK and every FK pointing at it first, and adds back
those whose two ends are compatible afterwards (keys.fk_present). When a referenced
key and its referencing columns change together (INT -> BIGINT) the FK comes back with
whichever AlterColumn makes the pair compatible again, in upgrades and downgrades alike.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from migrator import operations as ops
from migrator.dialects.mysql import keys
from migrator.errors import AmbiguousChangeError
from migrator.state import Column, SchemaState, Table

if TYPE_CHECKING:
    from migrator.dialects.mysql.dialect import MySQLDialect


def alter_column_statements(
    dialect: MySQLDialect, op: ops.AlterColumn, before: SchemaState
) -> list[str]:
    old, new = op.old, op.new
    if old.pk != new.pk:
        raise AmbiguousChangeError(
            f"{op.table}.{new.name}: changing which column is the primary key is not generated "
            "for MySQL (AUTO_INCREMENT and foreign keys depend on it); write this migration by "
            "hand (migrator migrate --empty)"
        )
    after = op.apply(before)
    table, new_table = before.table(op.table), after.table(op.table)
    type_changed = keys.effective_type(old) != keys.effective_type(new)
    referrers = keys.referencing(before, op.table, old.name) if type_changed else []

    drop_own = keys.fk_present(before, old) and (
        old.fk != new.fk or type_changed or not keys.fk_present(after, new)
    )
    add_own = keys.fk_present(after, new) and (drop_own or not keys.fk_present(before, old))

    statements = [_drop_fk(dialect, t, c) for t, c in referrers if keys.fk_present(before, c)]
    if drop_own:
        statements.append(_drop_fk(dialect, table, old))
    statements += _fill_nulls(dialect, op)
    clauses = _column_clauses(dialect, old, new) + keys.backing_index_clauses(table, new_table)
    if clauses:
        statements.append(dialect.alter_table(op.table, clauses))
    if add_own:
        statements.append(_add_fk(dialect, new_table, new))
    statements += [
        _add_fk(dialect, after.table(t.name), c) for t, c in referrers if keys.fk_present(after, c)
    ]
    return statements


def _column_clauses(dialect: MySQLDialect, old: Column, new: Column) -> list[str]:
    clauses = []
    if _definition(old) != _definition(new):
        clauses.append(f"MODIFY COLUMN {dialect.modify_definition(new)}")
    if new.unique and not old.unique:
        # the name the server gives an inline UNIQUE, so a fresh database looks the same
        clauses.append(f"ADD UNIQUE KEY {dialect.quote(new.name)} ({dialect.quote(new.name)})")
    elif old.unique and not new.unique:
        clauses.append(f"DROP INDEX {dialect.quote(old.name)}")
    return clauses


def _definition(col: Column) -> tuple[object, ...]:
    return (col.type, col.null, col.default, col.comment or None, col.identity)


def _fill_nulls(dialect: MySQLDialect, op: ops.AlterColumn) -> list[str]:
    """NULL -> NOT NULL: give existing NULLs the default (or the model's default) first."""
    old, new = op.old, op.new
    if not old.null or new.null:
        return []
    fill = new.default if new.default is not None else new.backfill
    if fill is None:
        return []  # strict mode refuses the MODIFY if NULLs remain: the error says why
    column = dialect.quote(new.name)
    return [f"UPDATE {dialect.quote(op.table)} SET {column} = {fill} WHERE {column} IS NULL"]


def _drop_fk(dialect: MySQLDialect, table: Table, col: Column) -> str:
    return dialect.alter_table(
        table.name, [f"DROP FOREIGN KEY {dialect.quote(keys.fk_name(table, col))}"]
    )


def _add_fk(dialect: MySQLDialect, table: Table, col: Column) -> str:
    return dialect.add_foreign_key(table, col)
