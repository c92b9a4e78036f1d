"""``migrate``: models -> state -> diff -> rendered SQL -> files, for every selected app.

Every app is captured, diffed and rendered before anything is written, so a question that
cannot be answered (or any other error) leaves the migrations folder untouched.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from migrator import operations as ops
from migrator.connection import DatabaseConfig
from migrator.dialects.base.dialect import Dialect, RenderedOperation
from migrator.diff import diff
from migrator.errors import AmbiguousChangeError, SnapshotError, UnsafeMigrationError, UsageError
from migrator.exclusion import TableFilter
from migrator.files import Migration, load_migrations, next_version, slugify, write_migration
from migrator.python_migration import TEMPLATE
from migrator.questioner import (
    CollectingQuestioner,
    NoRenameQuestioner,
    Questioner,
    RenameHints,
)
from migrator.results import MigrationResult
from migrator.sqlfile import FileHeader, has_outside_blocks, render_file
from migrator.state import Column, SchemaState
from migrator.verbs.other_tools import refuse_other_tool_folder
from migrator.verbs.shared import Workspace


def migrate(
    ws: Workspace,
    name: str | None = None,
    empty: bool = False,
    renames: Iterable[str] = (),
    no_rename: bool = False,
    python: bool = False,
    allow_unsafe: bool = False,
) -> list[MigrationResult]:
    """Write a migration for every selected app whose models changed (or an empty one;
    ``python``: with a data migration module, migration.py). A migration the database
    refuses on a table with rows is written only when the questioner confirms it (never
    without a terminal) or ``allow_unsafe`` says so."""
    if python and not empty:
        raise UsageError(
            "--python writes a data migration and needs --empty: run `migrator migrate "
            "--empty --python` (model changes go in a migration of their own)"
        )
    refuse_other_tool_folder(ws, ws.apps(), "migrate")
    w = writer(ws, renames, no_rename, allow_unsafe)
    return w.write(ws.apps(), name=name, empty=empty, python=python)


def writer(
    ws: Workspace,
    renames: Iterable[str] = (),
    no_rename: bool = False,
    allow_unsafe: bool = False,
) -> MigrationWriter:
    return MigrationWriter(
        location=ws.location,
        tortoise_config=ws.tortoise_config(),
        databases=ws.databases(),
        questioner=NoRenameQuestioner(ws.questioner) if no_rename else ws.questioner,
        renames=renames,
        online_ddl=ws.online_ddl,
        allow_unsafe=allow_unsafe,
        table_filter=ws.table_filter(),
    )


@dataclass(frozen=True, slots=True)
class PlannedMigration:
    app: str
    version: str
    name: str
    parent: Migration | None
    state: SchemaState
    operations: list[ops.Operation]
    upgrade: list[RenderedOperation]
    downgrade: list[RenderedOperation]


class MigrationWriter:
    owners: dict[str, str]  # table -> app, filled by plan()
    excluded: dict[str, list[str]]  # app -> its models' tables that exclude_tables matches

    def __init__(
        self,
        location: Path,
        tortoise_config: Mapping[str, object],
        databases: Mapping[str, DatabaseConfig],
        questioner: Questioner,
        renames: Iterable[str] = (),
        online_ddl: bool = False,
        allow_unsafe: bool = False,
        table_filter: TableFilter | None = None,
    ) -> None:
        self.online_ddl = online_ddl
        self.allow_unsafe = allow_unsafe
        self.table_filter = table_filter
        self.excluded = {}
        self.location = location
        self.tortoise_config = tortoise_config
        self.databases = databases
        self.questioner = questioner
        self.hints = RenameHints.parse(renames)

    def write(
        self, apps: Sequence[str], name: str | None, empty: bool, python: bool = False
    ) -> list[MigrationResult]:
        planned = self.plan(apps, name, empty)
        refused = [
            problem
            for p in planned
            for problem in _checks(p.operations, self.databases[p.app].dialect).refused
        ]
        if refused and not self.allow_unsafe and not self.questioner.confirm_unsafe(refused):
            raise UnsafeMigrationError(
                "nothing written: the migration would fail on a table with rows; fix the "
                "models, or pass --allow-unsafe"
            )
        return self.write_planned(planned, python=python)

    def write_planned(
        self, planned: Sequence[PlannedMigration], python: bool = False
    ) -> list[MigrationResult]:
        """Write planned migrations (``plan``, or built by another verb such as adopt);
        ``python``: each with a migration.py to fill in."""
        checks = {p.app: _checks(p.operations, self.databases[p.app].dialect) for p in planned}
        # every app's latest migration: a foreign key may point at an app migrated earlier
        heads = {
            app: ms[-1].version
            for app in self.databases
            if (ms := load_migrations(self.location, app))
        }
        heads.update({p.app: p.version for p in planned})
        results = []
        for p in planned:
            dialect = self.databases[p.app].dialect
            upgrade_text, downgrade_text = self._texts(p)
            migration = write_migration(
                self.location,
                p.app,
                p.version,
                p.name,
                p.parent.version if p.parent else None,
                p.state,
                upgrade_text,
                downgrade_text,
                _depends_on(p.app, p.state, heads, self.owners),
                TEMPLATE.format(migration_id=f"{p.app} {p.version}_{p.name}") if python else None,
            )
            results.append(
                MigrationResult(
                    app=p.app,
                    migration_id=migration.id,
                    path=migration.path,
                    operations=[op.describe() for op in p.operations],
                    destructive=_losses(p.upgrade, dialect),
                    downgrade_destructive=_losses(p.downgrade, dialect),
                    warnings=self.exclusion_notes(p.app)
                    + checks[p.app].refused
                    + checks[p.app].warnings,
                )
            )
        return results

    def plan(self, apps: Sequence[str], name: str | None, empty: bool) -> list[PlannedMigration]:
        every_app = list(self.databases)
        previous = {app: load_migrations(self.location, app) for app in every_app}
        if empty:
            new_states = {app: self._last_state(app, previous[app]) for app in every_app}
        else:
            from migrator.capture import capture_apps

            dialects = {app: self.databases[app].dialect for app in every_app}
            captured = capture_apps(self.tortoise_config, dialects)
            self.excluded = {app: self._excluded(captured[app]) for app in every_app}
            new_states = {app: self._owned(captured[app]) for app in every_app}
        self.owners = {t: app for app in every_app for t in new_states[app].tables}
        old_states = {app: self._last_state(app, previous[app]) for app in apps}
        hints = {} if empty else self._hints_per_app(apps, old_states, new_states)
        questioner = CollectingQuestioner(self.questioner)
        operations, carried = self._diff_all(apps, old_states, new_states, hints, empty, questioner)
        questioner.raise_unanswered()
        # an app whose foreign keys only followed another app's rename still gets a migration:
        # its snapshot must name the new target
        changed = [
            app for app in apps if operations[app] or empty or carried[app] != old_states[app]
        ]
        settled = {  # every app's tables as its last migration leaves them
            app: old_states[app] if app in old_states else self._last_state(app, previous[app])
            for app in every_app
        }
        contexts = self._contexts(changed, settled, new_states)
        planned = []
        for app in changed:
            others = contexts[app]
            old, new = carried[app], new_states[app]
            dialect = self.databases[app].dialect
            planned.append(
                PlannedMigration(
                    app=app,
                    version=next_version(previous[app]),
                    name=slugify(name) if name else _auto_name(operations[app], not previous[app]),
                    parent=previous[app][-1] if previous[app] else None,
                    state=new,
                    operations=operations[app],
                    upgrade=dialect.render_all(
                        operations[app], with_tables_of(old, others), self.online_ddl
                    ),
                    downgrade=dialect.render_all(
                        ops.reverse_all(operations[app]),
                        with_tables_of(new, others),
                        self.online_ddl,
                    ),
                )
            )
        return planned

    def _diff_all(
        self,
        apps: Sequence[str],
        old_states: Mapping[str, SchemaState],
        new_states: Mapping[str, SchemaState],
        hints: Mapping[str, RenameHints],
        empty: bool,
        questioner: Questioner,
    ) -> tuple[dict[str, list[ops.Operation]], dict[str, SchemaState]]:
        """Each app's operations, diffed in the order the migrations will run; the table and
        column renames of an app carry the foreign keys that the apps after it point at them
        (their old states, returned, follow the renames), so those apps do not re-create them."""
        operations: dict[str, list[ops.Operation]] = {}
        carried = dict(old_states)
        order = run_order(apps, new_states, self.owners)
        for position, app in enumerate(order):
            if empty:
                operations[app] = []
                continue
            operations[app] = diff(
                carried[app],
                new_states[app],
                questioner,
                hints[app],
                self.databases[app].dialect,
            )
            for later in order[position + 1 :]:
                carried[later] = ops.carry_references(carried[later], operations[app])
        return operations, carried

    def _contexts(
        self,
        changed: Sequence[str],
        settled: Mapping[str, SchemaState],
        new_states: Mapping[str, SchemaState],
    ) -> dict[str, dict[str, SchemaState]]:
        """For each changed app, the other apps' tables on its database as they are while its
        migration runs: those migrated before it (upgrade order) at their new state, the rest
        at their old one. A downgrade runs in the reverse order, so it sees the same."""
        order = run_order(changed, new_states, self.owners)
        return {
            app: {
                other: (
                    new_states[other]
                    if other in changed and order.index(other) < order.index(app)
                    else settled[other]
                )
                for other in settled
                if other != app and self.databases[other] == self.databases[app]
            }
            for app in changed
        }

    def _hints_per_app(
        self,
        apps: Sequence[str],
        old_states: Mapping[str, SchemaState],
        new_states: Mapping[str, SchemaState],
    ) -> dict[str, RenameHints]:
        """Each app gets the ``--rename`` hints that name its tables (the diff rejects a hint
        that does not match its state, so one app's hint must not reach another app); a hint
        that names no table of any selected app is an error, before any question is asked."""
        per_app = {}
        claimed = RenameHints()
        every_table = {
            t for app in apps for t in (*old_states[app].tables, *new_states[app].tables)
        }
        hints = self.hints.with_moves(every_table)
        for app in apps:
            names = set(old_states[app].tables) | set(new_states[app].tables)
            per_app[app] = hints.for_tables(names)
            per_app[app].check_targets(old_states[app])
            claimed.tables.update(per_app[app].tables)
            claimed.columns.update(per_app[app].columns)
        for old, new in hints.tables.items():
            if old not in claimed.tables:
                raise AmbiguousChangeError(
                    f"--rename {old}={new} names no table of app(s) {', '.join(apps)}; "
                    "use the table names of the last migration and the models (not model names)"
                )
        for (table, column), new in hints.columns.items():
            if (table, column) not in claimed.columns:
                raise AmbiguousChangeError(
                    f"--rename {table}.{column}={new}: no table {table} in app(s) "
                    f"{', '.join(apps)}; use the table name (not the model name)"
                )
        return per_app

    def exclusion_notes(self, app: str) -> list[str]:
        """One line per table of the app's models that exclude_tables leaves out."""
        return [
            f"table {table} of the models matches exclude_tables in [tool.migrator]: no "
            "migration creates, changes or drops it (remove the pattern to manage it)"
            for table in self.excluded.get(app, [])
        ]

    def _excluded(self, state: SchemaState) -> list[str]:
        keep = self.table_filter
        return sorted(t for t in state.tables if keep is not None and keep.excluded(t))

    def _owned(self, state: SchemaState) -> SchemaState:
        """The state without the tables exclude_tables matches (another tool owns them)."""
        excluded = self._excluded(state)
        if not excluded:
            return state
        tables = {n: t for n, t in state.tables.items() if n not in excluded}
        return SchemaState(state.dialect, tables)

    def _last_state(self, app: str, migrations: list[Migration]) -> SchemaState:
        dialect = self.databases[app].dialect.name
        if not migrations:
            return SchemaState(dialect=dialect)
        state = self._owned(migrations[-1].state())
        if state.dialect != dialect:
            raise SnapshotError(
                f"app {app}: the migrations in {self.location / app} were written for "
                f"{state.dialect}, but the Tortoise config now points the app at {dialect}; "
                "keep one migrations folder per database kind (see --location)"
            )
        return state

    def _texts(self, p: PlannedMigration) -> tuple[str, str]:
        dialect = self.databases[p.app].dialect
        migration_id = f"{p.version}_{p.name}"
        parent = p.parent.id if p.parent else None
        texts = []
        # one block outside the transaction makes the whole migration journaled, both ways
        outside = has_outside_blocks(p.upgrade) or has_outside_blocks(p.downgrade)
        for direction, blocks in (("upgrade", p.upgrade), ("downgrade", p.downgrade)):
            header = FileHeader(
                p.app,
                migration_id,
                parent,
                dialect.name,
                direction,
                dialect.transactional_ddl,
                outside,
            )
            texts.append(render_file(header, blocks))
        return texts[0], texts[1]


def run_order(
    apps: Sequence[str], states: Mapping[str, SchemaState], owners: Mapping[str, str]
) -> list[str]:
    """The order the planner runs these apps' new migrations in: each after the apps whose
    tables its foreign keys reference (planner._dependency_sort); a cycle keeps config order."""
    needs = {
        app: {
            owners[col.fk.ref_table]
            for table in states[app].tables.values()
            for col in table.columns
            if col.fk is not None and owners.get(col.fk.ref_table, app) != app
        }
        & set(apps)
        for app in apps
    }
    remaining, ordered = list(apps), list[str]()
    while remaining:
        app = next((a for a in remaining if needs[a] <= set(ordered)), remaining[0])
        remaining.remove(app)
        ordered.append(app)
    return ordered


def with_tables_of(state: SchemaState, others: Mapping[str, SchemaState]) -> SchemaState:
    """``state`` plus the tables of other apps on the same database, so a change to a column
    can see (and move out of the way) the foreign keys that other apps point at it."""
    for other in others.values():
        for table in other.tables.values():
            if table.name not in state.tables:
                state = state.with_table(table)
    return state


def _depends_on(
    app: str, state: SchemaState, heads: Mapping[str, str], owners: Mapping[str, str]
) -> dict[str, str]:
    """Other apps whose tables this app's foreign keys reference, at their latest version."""
    deps: dict[str, str] = {}
    for table in state.tables.values():
        for col in table.columns:
            if col.fk is None or col.fk.ref_table in state.tables:
                continue
            owner = owners.get(col.fk.ref_table)
            if owner and owner != app and owner in heads:
                deps[owner] = heads[owner]
    return deps


def _auto_name(operations: list[ops.Operation], first: bool) -> str:
    if first:
        return "initial"
    if len(operations) == 1:
        return slugify(operations[0].describe(), limit=50)
    return "auto"


def _losses(blocks: Sequence[RenderedOperation], dialect: Dialect) -> list[str]:
    """One line per block that can lose data, saying what this server does; the tables a
    migration creates, which its downgrade drops, are named in one line together."""
    lines: list[str] = []
    dropped: list[str] = []
    for block in blocks:
        if not block.destructive:
            continue
        if all(isinstance(op, ops.DropTable) for op in block.ops):
            dropped += [op.table for op in block.ops]
            continue
        what = "; ".join(op.describe() for op in block.ops)
        effects = [dialect.loss_effect(op) for op in block.ops if dialect.loses_data(op)]
        lines.append(f"{what} ({'; '.join(dict.fromkeys(effects))})")
    if dropped:
        tables = ", ".join(sorted(dropped))
        noun = "table" if len(dropped) == 1 else f"{len(dropped)} tables"
        lines.insert(0, f"drop {noun} {tables} (data is lost)")
    return lines


@dataclass
class _Checks:
    """What migrate says about a migration: changes the database refuses while a table has
    rows (``refused``, which need a confirmation) and the rest worth knowing."""

    refused: list[str]
    warnings: list[str]


def _checks(operations: list[ops.Operation], dialect: Dialect) -> _Checks:
    checks = _Checks([], [])
    # columns added nullable and filled: their NOT NULL step is part of the three-step form
    filled = {(op.table, op.column) for op in operations if isinstance(op, ops.FillColumn)}
    for op in operations:
        if isinstance(op, ops.AddColumn):
            _check_add(op, dialect, checks)
        elif isinstance(op, ops.FillColumn) and not op.undo:
            _check_fill(op, operations, checks)
        elif isinstance(op, ops.AlterColumn) and (op.table, op.new.name) in filled:
            continue
        elif isinstance(op, ops.AlterColumn) and _becomes_not_null_unfilled(op.old, op.new):
            checks.warnings.append(
                f"{op.table}.{op.new.name} becomes NOT NULL without a default: upgrade fails "
                "if a row holds NULL there (give the field a default, or fill the NULLs in an "
                "earlier migration)"
            )
        elif isinstance(op, ops.AlterColumn) and _becomes_not_null_unfilled(op.new, op.old):
            # the downgrade is the reverse change
            checks.warnings.append(
                f"{op.table}.{op.new.name} becomes nullable: reverting this migration fails "
                "once a row holds NULL there (fill those rows before a downgrade)"
            )
    return checks


def _check_add(op: ops.AddColumn, dialect: Dialect, checks: _Checks) -> None:
    col = op.column
    if col.null or col.default is not None or col.identity or col.computed:
        return
    where = f"{op.table}.{col.name}"
    if op.fill is not None:
        if col.python_default == "now":
            checks.warnings.append(
                f"{where}: existing rows get the time of the upgrade ({op.fill})"
            )
        return
    implicit = dialect.implicit_fill(col)
    if implicit is None:
        checks.refused.append(
            f"{where} is NOT NULL without a default: the database refuses it while the table "
            "has rows (give the field a default or db_default, or null=True)"
        )
    else:
        checks.warnings.append(
            f"{where} is NOT NULL without a default: existing rows get {implicit} (give the "
            "field a default or db_default to choose the value)"
        )


def _check_fill(op: ops.FillColumn, operations: list[ops.Operation], checks: _Checks) -> None:
    col = next(
        o.new for o in operations if isinstance(o, ops.AlterColumn) and o.new.name == op.column
    )
    where = f"{op.table}.{op.column}"
    why = (
        "is unique"
        if col.unique
        else "has a default the application computes per row (a callable default=)"
    )
    if op.fill is None:
        checks.refused.append(
            f"{where} {why} and NOT NULL: existing rows need a value the migration does not "
            "know; write it into the marked fill statement, or make the field null=True"
        )
    else:
        checks.warnings.append(
            f"{where} {why}: it is added nullable, existing rows get {op.fill} in a fill "
            "statement marked for review, then it becomes NOT NULL"
        )


def _becomes_not_null_unfilled(old: Column, new: Column) -> bool:
    """``old`` -> ``new`` makes the column NOT NULL with nothing to fill existing NULLs."""
    return old.null and not new.null and new.default is None and new.backfill is None
