"""Commands that change the database: upgrade, downgrade, stamp, init-db, adopt."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from migrator.cli.app import (
    APP,
    FROM_OPTION,
    LOCK_TIMEOUT,
    SQL_FLAG,
    Context,
    choose_questioner,
    ddl_options,
    ddl_timeout_options,
    main,
    pass_ctx,
    run,
    run_command,
)
from migrator.cli.inspecting import show_plan

if TYPE_CHECKING:
    from migrator.results import (
        AdoptResult,
        StepResult,
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
    echo_created(r.created_database)
    resumed = f", resumed after statement {r.resumed_at}" if r.resumed_at else ""
    click.echo(
        f"Applied {r.app} {r.migration_id} ({r.statements} statements, {r.duration_ms} ms{resumed})"
    )


def echo_created(path: str | None) -> None:
    """The one line that says a run made a new database file."""
    if path:
        click.echo(f"Created a new database file {path} (none existed)")


def _fake_upgrade(ctx: Context, target: str | None, lock_timeout: float) -> None:
    results = run_command(ctx, lambda cmd: cmd.fake_upgrade(target), lock_timeout=lock_timeout)
    if not results:
        click.echo("Nothing to record: the database is up to date")
    for r in results:
        echo_created(r.created_database)
        click.echo(f"Recorded {r.app} {r.migration_id} as applied (not run)")


@main.command()
@click.argument("version")
@click.option("--unapply", is_flag=True, help="Remove the record of VERSION instead.")
@LOCK_TIMEOUT
@pass_ctx
def stamp(ctx: Context, version: str, unapply: bool, lock_timeout: float) -> None:
    """Record VERSION as applied without running it (--unapply: remove its record)."""

    r = run_command(ctx, lambda cmd: cmd.stamp(version, unapply=unapply), lock_timeout=lock_timeout)
    echo_created(r.created_database)
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
        # on a terminal always ask; without one a lossy downgrade needs --yes (questioner)
        asker = choose_questioner(yes)
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
        asker = choose_questioner(yes)
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


@main.command("init-db")
@APP
@pass_ctx
def init_db(ctx: Context) -> None:
    """Write the initial migration and apply it to an empty database."""

    result = run_command(ctx, lambda cmd: cmd.init_db())
    for written in result.written:
        click.echo(f"Wrote {written.path} (app {written.app})")
    for r in result.applied:
        echo_created(r.created_database)
        click.echo(f"Applied {r.app} {r.migration_id} ({r.statements} statements)")
