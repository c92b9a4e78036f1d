"""Python data migrations: a ``migration.py`` beside a migration's SQL files.

The module defines ``async def upgrade(conn)`` and ``async def downgrade(conn)``. ``conn`` is
a ``MigrationConnection``: ``execute``/``fetch`` with the dialect's placeholders
(``conn.placeholder(1)``: ``?``, ``$1`` or ``%s``), ``dialect_name``, and ``quote`` for
names. ``batched_update`` updates a big table in key ranges.

The runner (execution.py) runs ``upgrade`` after the statements of upgrade.sql and ``downgrade``
before those of downgrade.sql, inside the migration's transaction on SQLite and PostgreSQL.
On MySQL/MariaDB it is one more journaled step: a failure leaves ``partial n/n+1`` and
``upgrade`` runs the Python step again, so it must be re-runnable (select the rows still to
change, as ``batched_update``'s ``where_sql`` does).

The module is loaded from its path with importlib, afresh each time, without putting the
migrations folder on ``sys.path``.
"""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path
from types import ModuleType
from typing import Any

from migrator.connection import Connection
from migrator.dialects.base.dialect import Dialect
from migrator.dsn import mask_text
from migrator.errors import MigrationFileError
from migrator.user_code import raise_site

FUNCTIONS = ("upgrade", "downgrade")

TEMPLATE = '''"""Data migration {migration_id}: runs after upgrade.sql (upgrade) and before
downgrade.sql (downgrade), in the same transaction on SQLite and PostgreSQL.

On MySQL/MariaDB a failure leaves the migration partially applied and the next `migrator
upgrade` runs upgrade() again: write it so that a second run is harmless (select only the
rows still to change).

conn.execute(sql, params) / conn.fetch(sql, params) take the dialect's placeholders:
conn.placeholder(1) is "?" (SQLite), "$1" (PostgreSQL) or "%s" (MySQL).
"""

from migrator.python_migration import MigrationConnection, batched_update  # noqa: F401


async def upgrade(conn: MigrationConnection) -> None:
    pass


async def downgrade(conn: MigrationConnection) -> None:
    pass
'''


class MigrationConnection:
    """What a data migration gets: the migration's connection, inside its transaction."""

    def __init__(self, conn: Connection, dialect: Dialect) -> None:
        self._conn = conn
        self._dialect = dialect

    @property
    def dialect_name(self) -> str:
        """``sqlite``, ``postgres`` or ``mysql`` (MariaDB included)."""
        return self._dialect.name

    def placeholder(self, position: int) -> str:
        """The bind-parameter marker for the 1-based ``position``."""
        return self._dialect.placeholder(position)

    def quote(self, name: str) -> str:
        """A table or column name quoted for this dialect."""
        return self._dialect.quote(name)

    def quote_table(self, table: str) -> str:
        """A table as migrator names it, quoted: ``"library"."book"`` for ``library.book``,
        a table whose model sets Meta.schema (PostgreSQL); else the same as ``quote``."""
        return self._dialect.quote_table(table)

    async def execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        """Run one statement (no COMMIT/ROLLBACK: the runner owns the transaction)."""
        await self._conn.execute(sql, params)

    async def fetch(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        """Run one query; all rows as tuples."""
        return await self._conn.fetch(sql, params)


async def batched_update(
    conn: MigrationConnection,
    table: str,
    set_sql: str,
    where_sql: str = "1=1",
    key: str = "id",
    batch: int = 1000,
) -> int:
    """``UPDATE table SET set_sql WHERE where_sql``, ``batch`` rows at a time in ascending
    ``key`` order (a column with unique values), so no statement touches more than ``batch``
    rows. Returns how many rows matched. ``set_sql``/``where_sql`` are SQL text (no
    parameters). Re-runnable when ``where_sql`` excludes the rows already updated."""
    if batch < 1:
        raise ValueError("batch must be at least 1")
    q_table, q_key = conn.quote_table(table), conn.quote(key)
    last: Any = None
    total = 0
    while True:
        after = "" if last is None else f" AND {q_key} > {conn.placeholder(1)}"
        keys = await conn.fetch(
            f"SELECT {q_key} FROM {q_table} WHERE ({where_sql}){after} "
            f"ORDER BY {q_key} LIMIT {batch}",
            () if last is None else (last,),
        )
        if not keys:
            return total
        first, last = keys[0][0], keys[-1][0]
        await conn.execute(
            f"UPDATE {q_table} SET {set_sql} WHERE {q_key} >= {conn.placeholder(1)} "
            f"AND {q_key} <= {conn.placeholder(2)} AND ({where_sql})",
            (first, last),
        )
        total += len(keys)
        if len(keys) < batch:
            return total


def load(path: Path) -> ModuleType:
    """Import ``path`` afresh under a private name (nothing is added to sys.path or kept in
    sys.modules); a failure is a MigrationFileError naming the file and line."""
    name = f"_migrator_data_migration_{abs(hash(str(path)))}"
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise MigrationFileError(f"{path}: cannot be loaded as a Python module")
    module = importlib.util.module_from_spec(spec)
    write_bytecode = sys.dont_write_bytecode
    sys.dont_write_bytecode = True  # an edit within the same second must not come from a cache
    try:
        spec.loader.exec_module(module)
    except FileNotFoundError:
        raise MigrationFileError(f"{path} is missing; restore it from version control") from None
    except (Exception, SystemExit) as exc:
        raise MigrationFileError(
            f"{raise_site(exc)}: importing {path} failed: {_summary(exc)}; fix the file, "
            "nothing was run"
        ) from exc
    finally:
        sys.dont_write_bytecode = write_bytecode
    for function in FUNCTIONS:
        if not callable(getattr(module, function, None)):
            raise MigrationFileError(
                f"{path}: no `async def {function}(conn)`; add it (`pass` if there is "
                "nothing to do), nothing was run"
            )
    return module


def function(path: Path, name: str) -> Callable[[MigrationConnection], Awaitable[None]]:
    """The module's ``upgrade`` or ``downgrade``."""
    fn: Callable[[MigrationConnection], Awaitable[None]] = getattr(load(path), name)
    return fn


def _summary(exc: BaseException) -> str:
    text = mask_text(" ".join(str(exc).split()))
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def failure_text(exc: BaseException) -> str:
    """``file:line: Type: message`` of an exception raised by a data migration."""
    return f"{raise_site(exc)}: {_summary(exc)}"
