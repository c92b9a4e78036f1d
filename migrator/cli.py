"""The ``migrator`` command line: parse options, run a Command coroutine, echo the result.

This is the only place that prints, prompts or exits. Every error becomes one line on stderr
and its exit code (2 for usage errors); tracebacks only with --verbose. Whatever goes to the
terminal on an error path passes through ``mask_text`` with the passwords of the loaded
config, so a driver message or a traceback cannot show one. Heavy imports (tortoise, drivers)
happen inside the commands so that ``migrator --help`` stays fast.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

import click

from migrator import __version__
from migrator.dsn import mask_text
from migrator.errors import MigratorError

if TYPE_CHECKING:
    from pathlib import Path

    from migrator.command import Command
    from migrator.history import HistoryRow
    from migrator.lint import Finding
    from migrator.questioner import Questioner
    from migrator.results import (
        AdoptResult,
        AppStatus,
        CheckReport,
        ChecksumFix,
        DriftReport,
        InitDbResult,
        InitResult,
        LintReport,
        MergeResult,
        MigrationResult,
        PendingMigration,
        PlanReport,
        StampResult,
        StatusReport,
        StepResult,
        ValidationReport,
    )

T = TypeVar("T")


@dataclass
class Context:
    config_path: Path
    app: str | None
    verbose: bool
    commands: list[Command] = field(default_factory=list)  # their passwords get masked

    def command(
        self,
        questioner: Questioner | None = None,
        lock_timeout: float = 60.0,
        progress: Callable[[StepResult], None] | None = None,
        ddl: DdlOptions | None = None,
    ) -> Command:
        from dataclasses import replace

        from migrator.command import Command

        command = Command.from_pyproject(
            self.config_path,
            app=self.app,
            questioner=questioner,
            lock_timeout=lock_timeout,
            progress=progress,
        )
        if ddl is not None:  # the flags given replace [tool.migrator]'s values
            given = {key: value for key, value in ddl.items() if value is not None}
            command.ddl_timeouts = replace(command.ddl_timeouts, **given)
        return self.track(command)

    def track(self, command: Command) -> Command:
        self.commands.append(command)
        return command

    def secrets(self) -> tuple[str, ...]:
        return tuple(secret for command in self.commands for secret in command.secrets())


pass_ctx = click.make_pass_decorator(Context)
# one option object, shared by every verb that takes the deploy lock
LOCK_TIMEOUT = click.option(
    "--lock-timeout", default=60.0, show_default=True, help="Seconds to wait for the deploy lock."
)


def _subcommand_app(ctx: click.Context, _param: click.Parameter, value: str | None) -> None:
    if value is not None:
        ctx.find_object(Context).app = value  # type: ignore[union-attr]


# `migrator history --app models` as well as `migrator --app models history`
APP = click.option(
    "--app",
    default=None,
    expose_value=False,
    callback=_subcommand_app,
    help="Only this app (same as --app before the command).",
)
JSON_FLAG = click.option(
    "--json",
    "as_json",
    is_flag=True,
    help="Print one JSON document (shape: migrator/schemas/<command>.json; stable).",
)


def echo_json(document: dict[str, Any]) -> None:
    from migrator import jsonout

    click.echo(jsonout.dumps(document))


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


DdlOptions = dict[str, Any]  # DdlTimeouts fields given on the command line (None: not given)
_SECONDS = click.FloatRange(min=0)


def ddl_timeout_options(f: Callable[..., Any]) -> Callable[..., Any]:
    """--ddl-lock-timeout, --ddl-lock-retries, --statement-timeout: override [tool.migrator]."""
    f = click.option(
        "--statement-timeout",
        type=_SECONDS,
        default=None,
        help="Seconds any migration statement may run (0: no limit) [config: statement_timeout; "
        "default: the server's].",
    )(f)
    f = click.option(
        "--ddl-lock-retries",
        type=click.IntRange(min=0),
        default=None,
        help="Times a step that gave up waiting for a lock is tried again [config: "
        "ddl_lock_retries; default: 5].",
    )(f)
    return click.option(
        "--ddl-lock-timeout",
        type=_SECONDS,
        default=None,
        help="Seconds a migration statement waits for a table lock before it gives up and is "
        "retried (0: no limit) [config: ddl_lock_timeout; default: 5].",
    )(f)


def ddl_options(
    ddl_lock_timeout: float | None, ddl_lock_retries: int | None, statement_timeout: float | None
) -> DdlOptions:
    return {
        "lock_timeout": ddl_lock_timeout,
        "lock_retries": ddl_lock_retries,
        "statement_timeout": statement_timeout,
    }


def run(ctx: Context, factory: Callable[[], Coroutine[Any, Any, T]]) -> T:
    """Run a coroutine; turn errors into one line and an exit code."""
    try:
        import asyncio  # not at module level: it costs ~50 ms of `migrator --help`

        return asyncio.run(factory())
    except MigratorError as exc:
        fail(ctx, str(exc), exc.exit_code, exc)
    except KeyboardInterrupt as exc:
        fail(
            ctx,
            "interrupted; a migration in progress was rolled back (MySQL/MariaDB: it is left "
            "partial and `migrator upgrade` resumes it)",
            130,
            exc,
        )
    except (click.exceptions.Exit, click.ClickException, click.Abort):
        raise
    except Exception as exc:
        hint = "" if ctx.verbose else " (rerun with -v for the traceback)"
        fail(ctx, f"unexpected {type(exc).__name__}: {exc}{hint}", 1, exc)


def fail(ctx: Context, message: str, code: int, exc: BaseException | None = None) -> NoReturn:
    """One masked line on stderr (after the masked traceback with -v), then exit ``code``."""
    secrets = ctx.secrets()
    if ctx.verbose and exc is not None:
        import traceback  # only for -v: not on the start-up path

        text = "".join(traceback.format_exception(exc)).rstrip()
        click.echo(mask_text(text, secrets), err=True)
    line = " ".join(message.split()) or "failed"
    click.echo(f"Error: {mask_text(line, secrets)}", err=True)
    sys.exit(code)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="migrator")
@click.option(
    "-c",
    "--config",
    "config_path",
    default="pyproject.toml",
    show_default=True,
    type=click.Path(dir_okay=False),
    help="pyproject.toml holding [tool.migrator].",
)
@click.option("--app", default=None, help="Only this app (default: every app, in config order).")
@click.option("-v", "--verbose", is_flag=True, help="Show tracebacks on errors.")
@click.pass_context
def main(ctx: click.Context, config_path: str, app: str | None, verbose: bool) -> None:
    """Schema migrations for Tortoise ORM, as reviewable plain SQL."""
    from pathlib import Path  # here, not at import: `migrator --help` stays fast

    ctx.obj = Context(config_path=Path(config_path), app=app, verbose=verbose)


@main.command()
@APP
@click.option("-t", "--tortoise-orm", required=True, help="Dotted path to the config dict.")
@click.option("--location", default="./migrations", show_default=True)
@click.option("--src-folder", default=".", show_default=True)
@pass_ctx
def init(ctx: Context, tortoise_orm: str, location: str, src_folder: str) -> None:
    """Write [tool.migrator] into pyproject.toml and create the migrations folder."""
    from migrator.command import Command

    async def go() -> InitResult:
        async with ctx.track(
            Command(tortoise_orm, ctx.app, location, src_folder=src_folder)
        ) as cmd:
            return await cmd.init(ctx.config_path)

    result = run(ctx, go)
    click.echo(f"Wrote [tool.migrator] to {result.pyproject}")
    for folder in result.created:
        click.echo(f"Created {folder}")


@main.command()
@APP
@click.option("--name", default=None, help="Name of the migration (default: derived).")
@click.option("--empty", is_flag=True, help="Write an empty migration for hand-written SQL.")
@click.option(
    "--rename",
    "renames",
    multiple=True,
    metavar="OLD=NEW",
    help="Declare a rename: table.old_column=new_column or old_table=new_table. Repeatable.",
)
@click.option(
    "--no-rename",
    is_flag=True,
    help="Treat every disappearance not named by --rename as drop + add.",
)
@click.option("--no-input", is_flag=True, help="Never prompt (default when not on a terminal).")
@click.option(
    "--python",
    is_flag=True,
    help="With --empty: also write migration.py, a data migration in Python.",
)
@click.option(
    "--allow-unsafe",
    is_flag=True,
    help="Write a migration even if the database refuses it on a table with rows.",
)
@pass_ctx
def migrate(
    ctx: Context,
    name: str | None,
    empty: bool,
    renames: tuple[str, ...],
    no_rename: bool,
    no_input: bool,
    python: bool,
    allow_unsafe: bool,
) -> None:
    """Generate the next migration from the models."""
    if python and not empty:
        raise click.UsageError(
            "--python writes a data migration and needs --empty: run `migrator migrate "
            "--empty --python`"
        )

    async def go() -> list[MigrationResult]:
        from migrator.questioner import InteractiveQuestioner

        interactive = not no_input and sys.stdin.isatty()
        questioner = InteractiveQuestioner() if interactive else None
        async with ctx.command(questioner=questioner) as cmd:
            return await cmd.migrate(
                name=name,
                empty=empty,
                renames=renames,
                no_rename=no_rename,
                python=python,
                allow_unsafe=allow_unsafe,
            )

    results = run(ctx, go)
    if not results:
        click.echo("No changes detected")
        return
    for result in results:
        click.echo(f"Wrote {result.path} (app {result.app})")
        for line in result.operations:
            click.echo(f"  + {line}")
        for line in result.destructive:
            click.secho(f"  ! DESTRUCTIVE: {line}", fg="yellow")
        for line in result.downgrade_destructive:
            click.secho(f"  ! DESTRUCTIVE on downgrade: {line}", fg="yellow")
        for line in result.warnings:
            click.secho(f"  ! warning: {line}", fg="yellow")
        echo_findings(result.findings, indent="  ")


def echo_findings(findings: list[Finding], indent: str = "  ") -> None:
    """One line per lint finding; the rule's fix under each one nobody acknowledged."""
    from migrator.lint import RULES

    for f in findings:
        tag = f"{f.severity.value}, allowed" if f.acknowledged else f.severity.value
        color = None if f.acknowledged else ("red" if tag == "error" else "yellow")
        click.secho(f"{indent}line {f.line}: {f.rule} [{tag}] {f.message}", fg=color)
        if not f.acknowledged:
            click.echo(f"{indent}    fix: {RULES[f.rule].fix}")


SQL_FLAG = click.option(
    "--sql",
    "as_sql",
    is_flag=True,
    help="Print the script instead of running it (for psql -f, mysql, sqlite3 -bail).",
)
FROM_OPTION = click.option(
    "--from",
    "from_version",
    default=None,
    metavar="VERSION",
    help="With --sql: start from this applied version (zero: none); needs no database.",
)


@main.command()
@APP
@click.argument("target", required=False)
@click.option("--fake", is_flag=True, help="Record them as applied without running them.")
@LOCK_TIMEOUT
@SQL_FLAG
@FROM_OPTION
@ddl_timeout_options
@click.option(
    "--no-destructive",
    is_flag=True,
    help="Refuse (apply nothing) if a pending migration has an unacknowledged destructive "
    "lint finding.",
)
@click.option("--dry-run", is_flag=True, help="Show the plan instead (same as `migrator plan`).")
@pass_ctx
def upgrade(
    ctx: Context,
    target: str | None,
    fake: bool,
    lock_timeout: float,
    as_sql: bool,
    from_version: str | None,
    ddl_lock_timeout: float | None,
    ddl_lock_retries: int | None,
    statement_timeout: float | None,
    no_destructive: bool,
    dry_run: bool,
) -> None:
    """Apply pending migrations (up to TARGET, a version like 0003)."""
    ddl = ddl_options(ddl_lock_timeout, ddl_lock_retries, statement_timeout)
    if dry_run and (as_sql or fake):
        raise click.UsageError("--dry-run excludes --sql and --fake")
    if dry_run:
        show_plan(ctx, target, from_version, as_json=False)
        return
    if from_version is not None and not as_sql:
        raise click.UsageError("--from goes with --sql (or --dry-run)")
    if fake and as_sql:
        raise click.UsageError("--fake and --sql exclude each other")
    if fake:
        _fake_upgrade(ctx, target, lock_timeout)
        return
    if as_sql:

        async def script() -> str:
            async with ctx.command(ddl=ddl) as cmd:
                return await cmd.upgrade_sql(target, from_version)

        text = run(ctx, script)
        click.echo(text or "-- nothing to run\n", nl=False)
        return

    async def go() -> list[StepResult]:
        async with ctx.command(lock_timeout=lock_timeout, progress=echo_applied, ddl=ddl) as cmd:
            return await cmd.upgrade(target, no_destructive=no_destructive)

    if not run(ctx, go):
        click.echo("Nothing to upgrade: the database is up to date")


def echo_applied(r: StepResult) -> None:
    """One line per migration, as soon as it is applied (not when the run ends)."""
    if r.created_database:
        click.echo(f"Created a new database file {r.created_database} (none existed)")
    resumed = f", resumed after statement {r.resumed_at}" if r.resumed_at else ""
    click.echo(
        f"Applied {r.app} {r.migration_id} ({r.statements} statements, {r.duration_ms} ms{resumed})"
    )


def _fake_upgrade(ctx: Context, target: str | None, lock_timeout: float) -> None:
    async def go() -> list[StampResult]:
        async with ctx.command(lock_timeout=lock_timeout) as cmd:
            return await cmd.fake_upgrade(target)

    results = run(ctx, go)
    if not results:
        click.echo("Nothing to record: the database is up to date")
    for r in results:
        click.echo(f"Recorded {r.app} {r.migration_id} as applied (not run)")


@main.command()
@click.argument("version")
@click.option("--unapply", is_flag=True, help="Remove the record of VERSION instead.")
@LOCK_TIMEOUT
@pass_ctx
def stamp(ctx: Context, version: str, unapply: bool, lock_timeout: float) -> None:
    """Record VERSION as applied without running it (--unapply: remove its record)."""

    async def go() -> StampResult:
        async with ctx.command(lock_timeout=lock_timeout) as cmd:
            return await cmd.stamp(version, unapply=unapply)

    r = run(ctx, go)
    if r.applied:
        click.echo(f"Recorded {r.app} {r.migration_id} as applied (not run)")
    else:
        click.echo(f"Removed the record of {r.app} {r.migration_id} (its schema is unchanged)")


@main.command()
@APP
@click.option("--to", "to", default=None, help="Revert down to this version (it stays applied).")
@click.option("--all", "revert_all", is_flag=True, help="Revert every migration.")
@click.option("-y", "--yes", is_flag=True, help="Do not ask for confirmation.")
@LOCK_TIMEOUT
@SQL_FLAG
@FROM_OPTION
@ddl_timeout_options
@pass_ctx
def downgrade(
    ctx: Context,
    to: str | None,
    revert_all: bool,
    yes: bool,
    lock_timeout: float,
    as_sql: bool,
    from_version: str | None,
    ddl_lock_timeout: float | None,
    ddl_lock_retries: int | None,
    statement_timeout: float | None,
) -> None:
    """Revert the latest migration (or down to --to VERSION, or --all)."""
    ddl = ddl_options(ddl_lock_timeout, ddl_lock_retries, statement_timeout)
    if to and revert_all:
        raise click.UsageError("--to and --all exclude each other")
    if from_version is not None and not as_sql:
        raise click.UsageError("--from goes with --sql")
    target = "zero" if revert_all else to
    if as_sql:

        async def script() -> str:
            async with ctx.command(ddl=ddl) as cmd:
                return await cmd.downgrade_sql(target, from_version=from_version)

        text = run(ctx, script)
        click.echo(text or "-- nothing to run\n", nl=False)
        return

    async def go() -> list[StepResult]:
        from migrator import questioner as q

        # on a terminal always ask; without one a lossy downgrade needs --yes (questioner)
        if yes:
            asker: Questioner = q.AssumeYesQuestioner()
        elif sys.stdin.isatty():
            asker = q.InteractiveQuestioner()
        else:
            asker = q.NonInteractiveQuestioner()
        async with ctx.command(
            questioner=asker, lock_timeout=lock_timeout, progress=echo_reverted, ddl=ddl
        ) as cmd:
            # only what was confirmed: if another run moved the database meanwhile, stop
            return await cmd.downgrade(target, confirm=True)

    if not run(ctx, go):
        click.echo("Nothing to downgrade")


def echo_reverted(r: StepResult) -> None:
    click.echo(f"Reverted {r.app} {r.migration_id} ({r.statements} statements, {r.duration_ms} ms)")


@main.command()
@APP
@JSON_FLAG
@pass_ctx
def validate(ctx: Context, as_json: bool) -> None:
    """Check every applied migration against its file, and the folder; exit 1 on problems."""

    async def go() -> ValidationReport:
        async with ctx.command() as cmd:
            return await cmd.validate()

    report = run(ctx, go)
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

    async def go() -> list[ChecksumFix]:
        async with ctx.command(lock_timeout=lock_timeout) as cmd:
            return await cmd.fix_checksums(version)

    fixes = run(ctx, go)
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
@click.option("-y", "--yes", is_flag=True, help="Do not ask for confirmation.")
@click.option(
    "--drop-extra-columns",
    is_flag=True,
    help="Drop columns of the models' tables that the models do not have.",
)
@click.option(
    "--drop-old-history",
    is_flag=True,
    help="Drop the history table of Aerich or Tortoise's migrations.",
)
@LOCK_TIMEOUT
@pass_ctx
def adopt(
    ctx: Context, yes: bool, drop_extra_columns: bool, drop_old_history: bool, lock_timeout: float
) -> None:
    """Take over a database migrator does not manage yet (see `migrator drift`)."""

    async def go() -> list[AdoptResult]:
        from migrator import questioner as q

        if yes:
            asker: Questioner = q.AssumeYesQuestioner()
        elif sys.stdin.isatty():
            asker = q.InteractiveQuestioner()
        else:
            asker = q.NonInteractiveQuestioner()
        async with ctx.command(questioner=asker, lock_timeout=lock_timeout) as cmd:
            return await cmd.adopt(
                drop_extra_columns=drop_extra_columns, drop_old_history=drop_old_history
            )

    from migrator.verbs.adopt import describe

    for result in run(ctx, go):
        for line in describe(result):
            click.echo(line)
        click.echo(f"Recorded {result.app} {result.baseline} as applied (not run)")
        if result.reconcile:
            click.echo(f"Wrote {result.app} {result.reconcile}: run `migrator upgrade` to apply it")


@main.command()
@APP
@JSON_FLAG
@pass_ctx
def drift(ctx: Context, as_json: bool) -> None:
    """Compare each database with its latest applied migration; exit 1 on differences."""

    async def go() -> DriftReport:
        async with ctx.command() as cmd:
            return await cmd.drift()

    report = run(ctx, go)
    if as_json:
        from migrator import jsonout

        echo_json(jsonout.drift(report))
        sys.exit(0 if report.ok else 1)
    for entry in report.entries:
        if entry.app is None:
            click.echo(f"Tables no migration creates ({entry.database}):")
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

    async def go() -> list[HistoryRow]:
        async with ctx.command() as cmd:
            return await cmd.history()

    rows = run(ctx, go)
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
    click.echo(f"{plural(len(rows), 'migration')} applied")


@main.command()
@APP
@JSON_FLAG
@pass_ctx
def heads(ctx: Context, as_json: bool) -> None:
    """List migrations not yet applied."""

    async def go() -> list[PendingMigration]:
        async with ctx.command() as cmd:
            return await cmd.heads()

    pending = run(ctx, go)
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
@pass_ctx
def check(ctx: Context, as_json: bool) -> None:
    """Exit 1 when the models changed without a migration (no database needed)."""

    async def go() -> CheckReport:
        async with ctx.command() as cmd:
            return await cmd.check()

    report = run(ctx, go)
    if as_json:
        from migrator import jsonout

        echo_json(jsonout.check(report))
        sys.exit(0 if report.ok else 1)
    for missing in report.missing:
        click.echo(f"app {missing.app}: models changed without a migration; it would hold:")
        for line in missing.operations:
            click.echo(f"  + {line}")
        for line in missing.destructive:
            click.secho(f"  ! DESTRUCTIVE: {line} (data is lost)", fg="yellow")
    for question in report.questions:
        click.echo(f"  ? {question} (shown as drop + add; `migrator migrate` asks)")
    for note in report.notes:
        click.echo(f"note: {note}")
    if not report.ok:
        apps = ", ".join(m.app for m in report.missing)
        fail(ctx, f"a migration is missing for app(s) {apps}: run `migrator migrate`", 1)
    apps_text = plural(len(report.apps), "app")
    click.echo(f"No changes: the models of {apps_text} match their migrations")


@main.command()
@APP
@JSON_FLAG
@click.option(
    "--exit-code",
    is_flag=True,
    help="Exit 1 when anything is pending, drifted, unmigrated or could not be checked.",
)
@pass_ctx
def status(ctx: Context, as_json: bool, exit_code: bool) -> None:
    """Per app: applied head, pending migrations, model changes without a migration, drift."""

    async def go() -> StatusReport:
        async with ctx.command() as cmd:
            return await cmd.status()

    report = run(ctx, go)
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
    if exit_code and not report.in_sync:
        sys.exit(1)


@main.command()
@APP
@click.option(
    "--keep",
    default=None,
    metavar="MIGRATION",
    help="The branch holding this migration stays; the other is renumbered after it "
    "(default: the branch the database applied).",
)
@click.option("--no-input", is_flag=True, help="Never prompt (default when not on a terminal).")
@pass_ctx
def merge(ctx: Context, keep: str | None, no_input: bool) -> None:
    """Renumber one branch's migrations after the other's (after a git merge)."""

    async def go() -> list[MergeResult]:
        from migrator.questioner import InteractiveQuestioner

        interactive = not no_input and sys.stdin.isatty()
        questioner = InteractiveQuestioner() if interactive else None
        async with ctx.command(questioner=questioner) as cmd:
            return await cmd.merge(keep)

    results = run(ctx, go)
    if not results:
        click.echo("Nothing to merge: every app's migrations form one chain")
    for result in results:
        click.echo(f"Merged app {result.app}: kept {', '.join(result.kept)}")
        for r in result.renumbered:
            note = (
                f" (SQL regenerated: {', '.join(r.regenerated)} changed on both branches)"
                if r.regenerated
                else ""
            )
            click.echo(f"  {r.old_id} -> {r.new_id}{note}")


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


@main.command("init-db")
@APP
@pass_ctx
def init_db(ctx: Context) -> None:
    """Write the initial migration and apply it to an empty database."""

    async def go() -> InitDbResult:
        async with ctx.command() as cmd:
            return await cmd.init_db()

    result = run(ctx, go)
    for written in result.written:
        click.echo(f"Wrote {written.path} (app {written.app})")
    for r in result.applied:
        if r.created_database:
            click.echo(f"Created a new database file {r.created_database} (none existed)")
        click.echo(f"Applied {r.app} {r.migration_id} ({r.statements} statements)")


@main.command()
@APP
@click.argument("versions", nargs=-1)
@JSON_FLAG
@pass_ctx
def lint(ctx: Context, versions: tuple[str, ...], as_json: bool) -> None:
    """Check migrations (all, or VERSIONs) for data loss, blocking locks and rolling-deploy
    breakage; exit 1 on unacknowledged errors (no database needed)."""

    async def go() -> LintReport:
        async with ctx.command() as cmd:
            return await cmd.lint(versions)

    report = run(ctx, go)
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
    async def go() -> PlanReport:
        async with ctx.command() as cmd:
            return await cmd.plan(target, from_version)

    report = run(ctx, go)
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
