"""The checks ``pytest --migrator`` runs on a project's migrations. Each returns the problems
it found, one line each (an empty list: the check passed); the ones that need a database
take a Sandbox whose databases exist and are empty.

- ``single_head``: each app's migrations form one chain (no two branches, no gap).
- ``upgrade_from_empty``: every migration applies to an empty database.
- ``models_match``: the models hold no change that no migration has (``migrate`` would write
  nothing); nothing is written.
- ``up_down_up``: for each migration in run order, upgrade, downgrade and upgrade again leave
  the live schema as it was before and after it.
- ``seeded_data_survives``: rows inserted at old versions are still there at the head,
  under the table and column names the later migrations' renames gave them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from migrator.errors import MigratorError
from migrator.files import Migration, scan_migrations
from migrator.planner import plan_upgrade, resolve_target
from migrator.questioner import NoRenameQuestioner
from migrator.sqlfile import parse_file
from migrator.testing.sandbox import Sandbox, insert_sql, live_schema, on_connection

if TYPE_CHECKING:
    from migrator.connection import DatabaseConfig
    from migrator.dialects.base.inspector import LiveSchema
    from migrator.pyproject import Config

# version ("0002", "0002_add_email", "models:0002") -> table -> rows as {column: value}
Seed = Mapping[str, Mapping[str, Sequence[Mapping[str, Any]]]]
Schemas = dict[str, "LiveSchema"]  # connection alias -> live schema

# block titles (operations' descriptions) of the renames a migration declares
_RENAME_TABLE = re.compile(r"^rename table (?P<old>.+?) to (?P<new>.+)$")
_RENAME_COLUMN = re.compile(r"^rename column (?P<table>.+)\.(?P<old>[^.]+) to (?P<new>.+)$")


def single_head(config: Config, apps: Sequence[str]) -> list[str]:
    problems = []
    for app in apps:
        scan = scan_migrations(config.location, app)
        problems += [f"app {app}: {name}: {error}" for name, error in scan.unreadable]
        problems += [str(error) for error in scan.chain]
    return problems


async def upgrade_from_empty(sandbox: Sandbox) -> list[str]:
    command = sandbox.command()
    try:
        await command.upgrade()
        pending = await command.heads()
    except MigratorError as exc:
        return [f"upgrade from an empty database failed: {exc}"]
    return [f"{p.app} {p.migration_id} is still pending after upgrade" for p in pending]


def models_match(sandbox: Sandbox) -> list[str]:
    """What ``migrate`` would write now (planned, not written)."""
    from migrator.verbs.migrate import MigrationWriter

    command = sandbox.command()
    writer = MigrationWriter(
        location=command.location,
        tortoise_config=command.tortoise_config(),
        databases=command.databases(),
        questioner=NoRenameQuestioner(),
    )
    return [
        f"app {p.app}: the models have changes no migration holds "
        f"({'; '.join(op.describe() for op in p.operations) or 'references moved'}); "
        "run `migrator migrate` and commit the new migration"
        for p in writer.plan(command.apps(), None, empty=False)
    ]


def run_order(sandbox: Sandbox) -> list[Migration]:
    """Every migration of the project in the order ``upgrade`` applies them."""
    command = sandbox.command()
    available = {app: command.migrations(app) for app in command.apps()}
    return [step.migration for step in plan_upgrade(available, {}, {})]


async def up_down_up(sandbox: Sandbox) -> list[str]:
    problems: list[str] = []
    names = sandbox.model_schemas()
    try:
        for m in run_order(sandbox):
            command = sandbox.command(m.app)
            before = await schemas(sandbox, names)
            await command.upgrade(m.version)
            after = await schemas(sandbox, names)
            await command.downgrade(steps=1)
            reverted = await schemas(sandbox, names)
            problems += compare(f"{m.app} {m.id}: after its downgrade", before, reverted)
            if problems:
                break
            await command.upgrade(m.version)
            again = await schemas(sandbox, names)
            problems += compare(f"{m.app} {m.id}: upgraded again", after, again)
            if problems:
                break
    except MigratorError as exc:
        problems.append(f"up/down/up stopped: {exc}")
    return problems


async def seeded_data_survives(sandbox: Sandbox, seed: Seed) -> list[str]:
    """Apply the migrations one at a time, insert each version's seed rows right after it is
    applied, and look for every seeded row at the head (by the values of its columns)."""
    order = run_order(sandbox)
    try:
        rows_at = seed_versions(sandbox, seed, order)
    except MigratorError as exc:
        return [f"migrator_seed: {exc}"]
    seeded: list[tuple[Migration, str, Mapping[str, Any]]] = []
    try:
        for m in order:
            await sandbox.command(m.app).upgrade(m.version)
            db = sandbox.command(m.app).databases()[m.app]
            for table, rows in rows_at.get((m.app, m.version), {}).items():
                for row in rows:
                    if problem := await _seed_row(db, m, table, row):
                        return [problem]
                    seeded.append((m, table, row))
    except MigratorError as exc:
        return [f"upgrade with seeded rows failed: {exc}"]
    problems = []
    names = sandbox.model_schemas()
    for m, table, row in seeded:
        db = sandbox.command(m.app).databases()[m.app]
        later = [x for x in order[order.index(m) + 1 :] if x.app == m.app]
        head_table, head_row = follow_renames(db, later, table, row)
        problems += await missing_row(
            db, sandbox.config.history_table, m, head_table, head_row, names
        )
    return problems


async def _seed_row(
    db: DatabaseConfig, m: Migration, table: str, row: Mapping[str, Any]
) -> str | None:
    """Insert one seed row; a row the database refuses is one line naming it, not a
    traceback."""
    try:
        await insert(db, table, row)
    except MigratorError:
        raise
    except Exception as exc:
        said = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        return (
            f"migrator_seed: row {dict(row)!r} of {table} could not be inserted at {m.app} "
            f"{m.id} ({said}); fix the seed row"
        )
    return None


def follow_renames(
    db: DatabaseConfig, later: Sequence[Migration], table: str, row: Mapping[str, Any]
) -> tuple[str, dict[str, Any]]:
    """The table and row as the head names them: the table and column renames declared by
    the block titles of the ``later`` migrations (the operations migrate wrote)."""
    moved = dict(row)
    for m in later:
        blocks = parse_file(m.upgrade_sql(), db.dialect).blocks or ()
        for title in (part for block in blocks for part in block.title.split("; ")):
            if (found := _RENAME_TABLE.match(title)) and found["old"] == table:
                table = found["new"]
            elif (
                (found := _RENAME_COLUMN.match(title))
                and found["table"] == table
                and found["old"] in moved
            ):
                moved[found["new"]] = moved.pop(found["old"])
    return table, moved


async def insert(db: DatabaseConfig, table: str, row: Mapping[str, Any]) -> None:
    sql, params = insert_sql(db, table, row)
    await on_connection(db, lambda conn: conn.execute(sql, params))


def seed_versions(
    sandbox: Sandbox, seed: Seed, order: Sequence[Migration]
) -> dict[tuple[str, str], Mapping[str, Sequence[Mapping[str, Any]]]]:
    """``seed`` keyed by (app, version); a key naming no migration is an error."""
    apps = sandbox.command().apps()
    resolved = {}
    for key, tables in seed.items():
        app, _, version = key.rpartition(":")
        if not app:
            if len(apps) != 1:
                raise MigratorError(f"{key!r} names no app; write 'app:{key}' (apps: {apps})")
            app = apps[0]
        migration = resolve_target([m for m in order if m.app == app], version, app)
        resolved[(app, migration.version)] = tables
    return resolved


async def missing_row(
    db: DatabaseConfig,
    history_table: str,
    m: Migration,
    table: str,
    row: Mapping[str, Any],
    names: Sequence[str] = (),
) -> list[str]:
    where = f"row {dict(row)!r} of {table} seeded at {m.app} {m.id}"
    live = (await live_schema(db, history_table, names)).tables.get(table)
    if live is None:
        return [f"{where}: table {table} no longer exists at the head"]
    gone = [c for c in row if c not in live.columns]
    kept = {c: v for c, v in row.items() if c in live.columns}
    problems = (
        [
            f"{where}: column(s) {', '.join(gone)} no longer exist at the head (dropped or "
            "renamed; if that is on purpose, seed this table at the version that made it)"
        ]
        if gone
        else []
    )
    if kept and not await row_exists(db, table, kept):
        problems.append(f"{where}: no row with {kept!r} at the head")
    return problems


async def row_exists(db: DatabaseConfig, table: str, values: Mapping[str, Any]) -> bool:
    dialect = db.dialect
    conditions, params = [], []
    for column, value in values.items():
        if value is None:
            conditions.append(f"{dialect.quote(column)} IS NULL")
        else:
            params.append(value)
            conditions.append(f"{dialect.quote(column)} = {dialect.placeholder(len(params))}")
    sql = f"SELECT COUNT(*) FROM {dialect.quote_table(table)} WHERE {' AND '.join(conditions)}"
    rows = await on_connection(db, lambda c: c.fetch(sql, params))
    return bool(rows and rows[0][0])


async def schemas(sandbox: Sandbox, names: Sequence[str] = ()) -> Schemas:
    """Each database's live schema, with the tables of the other schemas ``names``."""
    history = sandbox.config.history_table
    return {db.alias: await live_schema(db, history, names) for db in sandbox.databases}


def compare(when: str, expected: Schemas, actual: Schemas) -> list[str]:
    """One line per table that differs between two sets of live schemas."""
    problems = []
    for alias in expected:
        old, new = expected[alias].tables, actual[alias].tables
        for name in sorted(set(old) | set(new)):
            if name not in new:
                problems.append(f"{when}, table {name} is missing")
            elif name not in old:
                problems.append(f"{when}, table {name} is left behind")
            elif old[name] != new[name]:
                problems.append(f"{when}, table {name} differs: {describe(old[name], new[name])}")
    return problems


def describe(old: Any, new: Any) -> str:
    parts = []
    for column in sorted(set(old.columns) | set(new.columns)):
        a, b = old.columns.get(column), new.columns.get(column)
        if a is None:
            parts.append(f"column {column} is left behind")
        elif b is None:
            parts.append(f"column {column} is missing")
        elif a != b:
            parts.append(f"column {column}: expected {a}, found {b}")
    for part in ("indexes", "uniques", "foreign_keys", "comment"):
        if getattr(old, part) != getattr(new, part):
            parts.append(f"{part}: expected {getattr(old, part)}, found {getattr(new, part)}")
    return "; ".join(parts)
