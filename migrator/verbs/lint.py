"""``lint``: the findings of the lint rules (migrator/lint.py) on the upgrade files of the
selected apps' migrations (all of them, or the VERSIONs given). Reads files only: no
database. The schema before each migration is its parent's snapshot."""

from __future__ import annotations

from collections.abc import Sequence

from migrator.dialects import dialect_for_file
from migrator.errors import DestructiveMigrationError, MigrationFileError, UsageError
from migrator.files import Migration
from migrator.lint import (
    RULES,
    Finding,
    LintConfig,
    all_rules_config,
    lint_file,
    unacknowledged_destructive,
)
from migrator.planner import Step, resolve_target
from migrator.results import LintedMigration, LintReport
from migrator.sqlfile import ALLOW_MARK, parse_file
from migrator.state import SchemaState
from migrator.verbs.shared import Workspace


def lint(ws: Workspace, versions: Sequence[str], config: LintConfig) -> LintReport:
    apps = ws.apps()
    chosen = _chosen(ws, apps, versions)
    report = []
    for app in apps:
        migrations = ws.migrations(app)
        for position, m in enumerate(migrations):
            if chosen is not None and (app, m.version) not in chosen:
                continue
            parent = migrations[position - 1] if position else None
            findings = lint_migration(m, parent, config)
            report.append(LintedMigration(app, m.id, m.upgrade_path, findings))
    return LintReport(report)


def lint_migration(m: Migration, parent: Migration | None, config: LintConfig) -> list[Finding]:
    """The findings of ``m``'s upgrade.sql; ``parent``'s snapshot is the schema before."""
    dialect = dialect_for_file(m.dialect)
    sql = parse_file(m.upgrade_sql(), dialect)
    for allowance in sql.allows:
        unknown = [r for r in allowance.rules if r not in RULES] or (
            [] if allowance.rules else ["(none)"]
        )
        if unknown:
            raise MigrationFileError(
                f"{m.upgrade_path}:{allowance.line}: unknown rule ID {', '.join(unknown)} in "
                f"'{ALLOW_MARK}'; name known rules, e.g. '{ALLOW_MARK} MIG001' "
                f"(known: {', '.join(RULES)})"
            )
    before = parent.state() if parent is not None else SchemaState(m.dialect)
    return lint_file(dialect, sql, before, config)


def _chosen(
    ws: Workspace, apps: Sequence[str], versions: Sequence[str]
) -> set[tuple[str, str]] | None:
    """(app, version) of every VERSION in the app(s) that have it; None: every migration."""
    if not versions:
        return None
    chosen = set()
    for version in versions:
        found = []
        for app in apps:
            try:
                found.append((app, resolve_target(ws.migrations(app), version, app).version))
            except UsageError:
                if len(apps) == 1:
                    raise
        if not found:
            raise UsageError(
                f"no app has a migration {version!r} (apps: {', '.join(apps)}); "
                "pass a version like 0003, or --app"
            )
        chosen.update(found)
    return chosen


def refuse_destructive(ws: Workspace, steps: Sequence[Step], config: LintConfig) -> None:
    """Raise unless every destructive finding of the migrations ``steps`` apply is
    acknowledged in its file (a disabled rule still counts: data loss needs an allow comment)."""
    lines = []
    for step in steps:
        m = step.migration
        migrations = ws.migrations(m.app)
        position = [x.version for x in migrations].index(m.version)
        parent = migrations[position - 1] if position else None
        for f in unacknowledged_destructive(lint_migration(m, parent, all_rules_config(config))):
            lines.append(f"{m.app} {m.id} ({m.upgrade_path.name}:{f.line}) {f.rule} {f.message}")
    if lines:
        first = lines[0].split(") ")[1].split(" ")[0]
        raise DestructiveMigrationError(
            f"refusing to upgrade (--no-destructive): {'; '.join(lines)}; nothing was applied. "
            f"Review, then acknowledge each with '{ALLOW_MARK} {first}' on the line above the "
            "statement, or upgrade without --no-destructive"
        )
