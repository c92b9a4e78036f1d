"""Every result the Command API returns: plain frozen dataclasses, no behaviour beyond a
summary property. The CLI prints them; library users read them."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from migrator.drift import TableDrift
from migrator.history import HistoryRow, Status
from migrator.lint import Finding
from migrator.planner import Direction, Step
from migrator.validate import Problem, ProblemKind


@dataclass(frozen=True, slots=True)
class InitResult:
    """What ``init`` did: the pyproject.toml it wrote [tool.migrator] into (None when it
    was asked to write none) and the migrations folders it created (existing ones are not
    listed)."""

    pyproject: Path | None
    created: list[Path] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class MigrationResult:
    app: str
    migration_id: str
    path: Path
    operations: list[str]
    # upgrade blocks that can lose data, each with what the server does ("(data is lost)");
    # the tables a downgrade drops share one line
    destructive: list[str] = field(default_factory=list)
    downgrade_destructive: list[str] = field(default_factory=list)  # same, for the downgrade
    warnings: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)  # lint findings of upgrade.sql


@dataclass(frozen=True, slots=True)
class StepResult:
    app: str
    migration_id: str
    direction: Direction
    statements: int
    duration_ms: int
    resumed_at: int = 0  # statements skipped because a partial run had executed them
    # the database file this call created because none existed (set on its first result
    # only): a misspelled SQLite path makes a new empty database instead of failing
    created_database: str | None = None


@dataclass(frozen=True, slots=True)
class InitDbResult:
    """What ``init_db`` did: the initial migrations it wrote, then the steps that applied
    them."""

    written: list[MigrationResult]
    applied: list[StepResult]


@dataclass(frozen=True, slots=True)
class ChecksumFix:
    """One history row whose checksum ``fix_checksums`` replaced."""

    app: str
    migration_id: str
    old_checksum: str
    new_checksum: str


@dataclass(frozen=True, slots=True)
class ValidationReport:
    """What ``validate`` found: every problem, and how many applied migrations it checked."""

    problems: list[Problem]
    applied: int

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass(frozen=True, slots=True)
class StampResult:
    """A history row ``stamp``/``upgrade --fake`` wrote (``applied``) or removed."""

    app: str
    migration_id: str
    applied: bool
    created_database: str | None = None  # as StepResult's: the file this run created


@dataclass(frozen=True, slots=True)
class AdoptResult:
    """What ``adopt`` found and wrote for one app: ``baseline`` (the initial migration,
    recorded as applied without running), ``reconcile`` (the migration that turns the live
    schema into the models', None when they are equal; ``upgrade`` applies it) and its
    upgrade statements, the differences it reconciles, the tables no model declares,
    columns of the models' tables the models do not have (dropped only with
    ``drop_extra_columns``) and differences left as they are."""

    app: str
    database: str  # DSN, password masked
    baseline: str
    reconcile: str | None
    differences: list[TableDrift]
    statements: list[str]
    unmanaged: list[str]
    extra_columns: list[str]  # "table.column (type)"
    extra_columns_dropped: bool
    left_alone: list[str]
    notes: list[str] = field(default_factory=list)  # other tools' leftovers (Aerich, ...)


@dataclass(frozen=True, slots=True)
class AppDrift:
    """How one app's tables differ from its latest applied migration (``baseline``; None
    when none is applied). ``app`` None: the database's tables no app's migrations create."""

    app: str | None
    database: str  # DSN, password masked
    baseline: str | None
    tables: list[TableDrift]
    partial: str | None = None  # a migration stopped part-way: its changes are half there


@dataclass(frozen=True, slots=True)
class DriftReport:
    entries: list[AppDrift]

    @property
    def ok(self) -> bool:
        return not any(e.tables or e.partial for e in self.entries)


@dataclass(frozen=True, slots=True)
class PendingMigration:
    app: str
    migration_id: str
    path: Path
    partial: bool = False  # a non-transactional run stopped part-way: upgrade resumes it
    statements_done: int = 0  # of a partial migration
    statements_total: int = 0  # of a partial migration (statements in upgrade.sql)


@dataclass(frozen=True, slots=True)
class MissingMigration:
    """One app whose models differ from its latest snapshot: the operations the migration
    ``migrate`` would write holds, and which of them lose data."""

    app: str
    operations: list[str]
    destructive: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class CheckReport:
    """What ``check`` found: the apps it compared and those missing a migration. A rename
    candidate is reported as drop + add and its question listed (``migrate`` asks it)."""

    apps: list[str]
    missing: list[MissingMigration]
    questions: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # model tables exclude_tables leaves out

    @property
    def ok(self) -> bool:
        return not self.missing


@dataclass(frozen=True, slots=True)
class AppStatus:
    """One app in ``status``: its applied head (None: nothing applied), the migrations not
    (fully) applied, the operations of the migration its models still need (empty: none)
    and the drift of the live schema against its latest applied migration, one line per
    difference (None: not checked, ``drift_unchecked`` says why).

    ``problems``: what ``validate`` finds for the app (an applied migration edited or
    missing, a version applied as another migration, a partial run...): ``upgrade`` would
    refuse or stop, so the app is not in sync.

    ``database_error`` set: the database could not be read, so head and pending are unknown
    (None, empty) and drift is not checked. Anything unknown is not in sync."""

    app: str
    dialect: str
    head: str | None
    pending: list[PendingMigration]
    unmigrated: list[str]
    drift: list[str] | None = None
    drift_unchecked: str | None = None
    database_error: str | None = None
    problems: list[Problem] = field(default_factory=list)

    @property
    def in_sync(self) -> bool:
        checked = self.database_error is None and self.drift is not None
        clean = not self.pending and not self.unmigrated and not self.drift
        return checked and clean and not self.problems


@dataclass(frozen=True, slots=True)
class StatusReport:
    apps: list[AppStatus]

    @property
    def in_sync(self) -> bool:
        return all(a.in_sync for a in self.apps)


@dataclass(frozen=True, slots=True)
class LintedMigration:
    """One migration's lint findings (acknowledged ones included, marked)."""

    app: str
    migration_id: str
    path: Path  # its upgrade.sql
    findings: list[Finding]


@dataclass(frozen=True, slots=True)
class LintReport:
    migrations: list[LintedMigration]

    @property
    def findings(self) -> list[Finding]:
        return [f for m in self.migrations for f in m.findings]

    @property
    def ok(self) -> bool:
        """No unacknowledged error."""
        from migrator.lint import blocking

        return not blocking(self.findings)


@dataclass(frozen=True, slots=True)
class PlannedStatement:
    """One statement of a pending migration, as ``plan`` shows it."""

    line: int
    sql: str
    table: str | None
    in_transaction: bool  # runs inside the migration's transaction
    lock: str  # PostgreSQL lock level; MySQL "ALGORITHM=..., LOCK=..."; SQLite's write lock
    blocks_reads: bool
    blocks_writes: bool
    rewrites_table: bool
    scans_table: bool
    destructive: bool
    lock_known: bool
    estimated_rows: int | None  # the table's row estimate from the catalog; None: unknown


@dataclass(frozen=True, slots=True)
class PlannedMigration:
    app: str
    migration_id: str
    dialect: str
    path: Path
    statements: list[PlannedStatement]
    findings: list[Finding]


@dataclass(frozen=True, slots=True)
class PlanReport:
    migrations: list[PlannedMigration]
    database_reachable: bool  # row estimates were read


__all__ = [
    "AppDrift",
    "AppStatus",
    "CheckReport",
    "ChecksumFix",
    "Direction",
    "DriftReport",
    "HistoryRow",
    "InitDbResult",
    "InitResult",
    "LintReport",
    "LintedMigration",
    "MigrationResult",
    "MissingMigration",
    "PendingMigration",
    "PlanReport",
    "PlannedMigration",
    "PlannedStatement",
    "Problem",
    "ProblemKind",
    "StampResult",
    "Status",
    "StatusReport",
    "Step",
    "StepResult",
    "TableDrift",
    "ValidationReport",
]


@dataclass(frozen=True, slots=True)
class RenumberedMigration:
    """One migration ``merge`` moved after the other branch."""

    old_id: str
    new_id: str
    path: Path
    # tables both branches changed: the SQL was regenerated for them (empty: only the
    # version, parent and snapshot changed; the SQL is the file's own)
    regenerated: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class MergeResult:
    """What ``merge`` did to one app's folder: the branch it kept as it was, and the
    other branch's migrations renumbered after it."""

    app: str
    kept: list[str]
    renumbered: list[RenumberedMigration]
