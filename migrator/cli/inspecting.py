"""Commands that report: history, heads, status, validate, fix-checksums, drift, plan,
lint."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import click

from migrator.cli.app import (
    APP,
    FROM_OPTION,
    JSON_FLAG,
    LOCK_TIMEOUT,
    Context,
    echo_findings,
    echo_json,
    fail,
    main,
    pass_ctx,
    plural,
    run_command,
)

if TYPE_CHECKING:
    from migrator.results import AppStatus


@main.command()
@APP
@JSON_FLAG
@pass_ctx
def validate(ctx: Context, as_json: bool) -> None:
    """Check every applied migration against its file, and the folder; exit 1 on problems."""

    report = run_command(ctx, lambda cmd: cmd.validate())
    if as_json:
        from migrator import jsonout

        echo_json(jsonout.validate(report))
        sys.exit(0 if report.ok else 1)
    for problem in report.problems:
        click.echo(f"{problem.kind.value}: {problem.message}")
    count = len(report.problems)
    if count:
        fail(ctx, f"{count} problem{'s' if count > 1 else ''} found (listed above)", 1)
    if report.applied == 1:
        click.echo("The 1 applied migration matches its file")
    else:
        click.echo(f"All {report.applied} applied migrations match their files")


@main.command("fix-checksums")
@APP
@click.argument("version", required=False)
@LOCK_TIMEOUT
@pass_ctx
def fix_checksums(ctx: Context, version: str | None, lock_timeout: float) -> None:
    """Accept a deliberate edit: record the current checksum of VERSION (or of every
    applied migration whose upgrade.sql changed)."""

    fixes = run_command(ctx, lambda cmd: cmd.fix_checksums(version), lock_timeout=lock_timeout)
    if not fixes:
        which = f"migration {version}" if version else "every applied migration present"
        click.echo(f"Nothing to fix: the checksum of {which} matches its file")
    for fix in fixes:
        click.echo(
            f"Updated {fix.app} {fix.migration_id}: checksum {fix.old_checksum[:12]} -> "
            f"{fix.new_checksum[:12]}"
        )


@main.command()
@APP
@JSON_FLAG
@pass_ctx
def drift(ctx: Context, as_json: bool) -> None:
    """Compare each database with its latest applied migration; exit 1 on differences."""

    report = run_command(ctx, lambda cmd: cmd.drift())
    if as_json:
        from migrator import jsonout

        echo_json(jsonout.drift(report))
        sys.exit(0 if report.ok else 1)
    for entry in report.entries:
        if entry.app is None:
            click.echo(f"Tables outside the models ({entry.database}):")
        else:
            since = entry.baseline or "no migration applied"
            click.echo(f"App {entry.app} ({entry.database}), as of {since}:")
        if entry.partial:
            click.echo(f"  migration {entry.partial} is partially applied: run `migrator upgrade`")
        if not entry.tables and not entry.partial:
            click.echo("  no drift")
        for table in entry.tables:
            click.echo(f"  table {table.table}:")
            for line in table.differences:
                click.echo(f"    - {line}")
    if not report.ok:
        fail(ctx, "the database differs from its applied migrations (listed above)", 1)


@main.command()
@APP
@JSON_FLAG
@pass_ctx
def history(ctx: Context, as_json: bool) -> None:
    """List the migrations applied to the database (times in UTC)."""

    rows = run_command(ctx, lambda cmd: cmd.history())
    if as_json:
        from migrator import jsonout

        echo_json(jsonout.history(rows))
        return
    if not rows:
        click.echo("No migrations applied")
        return
    click.echo(f"{'APP':<12} {'MIGRATION':<40} {'APPLIED (UTC)':<19}  {'DURATION':>9}")
    for row in rows:
        flag = "" if row.status.value == "applied" else f"  [{row.progress.upper()}]"
        click.echo(
            f"{row.app:<12} {row.id:<40} {row.applied_at:%Y-%m-%d %H:%M:%S}  "
            f"{row.duration_ms:>6} ms{flag}"
        )
    partial = sum(1 for row in rows if row.status.value != "applied")
    applied = f"{plural(len(rows) - partial, 'migration')} applied"
    click.echo(f"{applied}, {partial} partially applied" if partial else applied)


@main.command()
@APP
@JSON_FLAG
@pass_ctx
def heads(ctx: Context, as_json: bool) -> None:
    """List migrations not yet applied."""

    pending = run_command(ctx, lambda cmd: cmd.heads())
    if as_json:
        from migrator import jsonout

        echo_json(jsonout.heads(pending))
        return
    if not pending:
        click.echo("No pending migrations")
    for p in pending:
        note = (
            f"  [PARTIAL {p.statements_done}/{p.statements_total}: upgrade resumes it]"
            if p.partial
            else ""
        )
        click.echo(f"{p.app:<12} {p.migration_id}{note}")


@main.command()
@APP
@JSON_FLAG
@click.option(
    "--exit-code",
    is_flag=True,
    help="Exit 1 when anything is pending, drifted, unmigrated, invalid (as validate "
    "reports it) or could not be checked.",
)
@pass_ctx
def status(ctx: Context, as_json: bool, exit_code: bool) -> None:
    """Per app: applied head, pending migrations, model changes without a migration, drift,
    and the problems validate finds."""

    report = run_command(ctx, lambda cmd: cmd.status())
    if as_json:
        from migrator import jsonout

        echo_json(jsonout.status(report))
    else:
        for app in report.apps:
            head = "unknown" if app.database_error else app.head or "none (nothing applied)"
            click.echo(f"app {app.app} ({app.dialect}): head {head}")
            pending = ", ".join(
                f"{p.migration_id} (partial {p.statements_done}/{p.statements_total})"
                if p.partial
                else p.migration_id
                for p in app.pending
            )
            if app.database_error is None:
                click.echo(f"  pending: {pending or 'none'}")
            else:
                click.echo(f"  database: not reachable ({app.database_error})")
            if app.unmigrated:
                click.echo(f"  models changed without a migration: {'; '.join(app.unmigrated)}")
            else:
                click.echo("  models: match the migrations")
            _echo_drift(app)
            _echo_problems(app)
    if exit_code and not report.in_sync:
        sys.exit(1)


def _echo_problems(app: AppStatus) -> None:
    if not app.problems:
        return  # an unreadable database: validate could not run either (database line)
    from migrator.validate import VALIDATE_HINT

    click.echo(f"  problems (upgrade would refuse; {VALIDATE_HINT}):")
    for problem in app.problems:
        click.echo(f"    - {problem.message}")


def _echo_drift(app: AppStatus) -> None:
    if app.drift is None:
        reason = app.drift_unchecked or "the database is not reachable"
        click.echo(f"  drift: not checked ({reason})")
    elif not app.drift:
        click.echo("  drift: none")
    else:
        click.echo("  drift (the database differs from its applied migrations):")
        for line in app.drift:
            click.echo(f"    - {line}")


@main.command()
@APP
@click.argument("versions", nargs=-1)
@JSON_FLAG
@pass_ctx
def lint(ctx: Context, versions: tuple[str, ...], as_json: bool) -> None:
    """Check migrations (all, or VERSIONs) for data loss, blocking locks and rolling-deploy
    breakage; exit 1 on unacknowledged errors (no database needed)."""

    report = run_command(ctx, lambda cmd: cmd.lint(versions))
    if as_json:
        from migrator import jsonout

        echo_json(jsonout.lint(report))
        sys.exit(0 if report.ok else 1)
    for m in report.migrations:
        if m.findings:
            click.echo(f"{m.app} {m.migration_id} ({m.path})")
            echo_findings(m.findings)
    findings = report.findings
    allowed = sum(f.acknowledged for f in findings)
    open_errors = (
        len(findings)
        - allowed
        - sum(f.severity.value == "warning" for f in findings if not f.acknowledged)
    )
    click.echo(
        f"{plural(len(report.migrations), 'migration')} checked: "
        f"{plural(len(findings), 'finding')} ({allowed} acknowledged)"
    )
    if not report.ok:
        fail(
            ctx,
            f"{plural(open_errors, 'unacknowledged error')}: change the migration, or after "
            "review put '-- migrator: allow RULE-ID' on the line above the statement",
            1,
        )


@main.command()
@APP
@click.argument("target", required=False)
@FROM_OPTION
@JSON_FLAG
@pass_ctx
def plan(ctx: Context, target: str | None, from_version: str | None, as_json: bool) -> None:
    """Show what upgrade would run: per statement the lock, transaction, table rewrite or
    scan, data loss and the table's estimated rows."""
    show_plan(ctx, target, from_version, as_json)


def show_plan(ctx: Context, target: str | None, from_version: str | None, as_json: bool) -> None:
    report = run_command(ctx, lambda cmd: cmd.plan(target, from_version))
    if as_json:
        from migrator import jsonout

        echo_json(jsonout.plan(report))
        return
    if not report.migrations:
        click.echo("Nothing to upgrade: the database is up to date")
        return
    for m in report.migrations:
        click.echo(f"{m.app} {m.migration_id} ({m.dialect}): {m.path}")
        for s in m.statements:
            click.echo(f"  line {s.line}: {' '.join(s.sql.split())[:100]}")
            click.echo(f"      {statement_notes(s)}")
        echo_findings(m.findings)
    if not report.database_reachable:
        click.echo("(row estimates not read: --from plans without a database)")


def statement_notes(s: object) -> str:
    """``lock ACCESS EXCLUSIVE (blocks reads and writes); in transaction; ...``"""
    from migrator.results import PlannedStatement

    assert isinstance(s, PlannedStatement)
    blocks = (
        "blocks reads and writes"
        if s.blocks_reads
        else ("blocks writes" if s.blocks_writes else "blocks no reads or writes")
    )
    notes = [f"lock {s.lock} ({blocks if s.lock_known else 'lock not known to migrator'})"]
    notes.append("in transaction" if s.in_transaction else "outside a transaction")
    if s.rewrites_table:
        notes.append("rewrites table")
    elif s.scans_table:
        notes.append("scans table")
    if s.destructive:
        notes.append("DESTRUCTIVE")
    if s.table is not None:
        rows = "unknown" if s.estimated_rows is None else f"~{s.estimated_rows}"
        notes.append(f"{s.table}: {rows} rows")
    return "; ".join(notes)
