"""The ``migrator`` command line: parse options, run a Command coroutine, echo the result.

This is the only place that prints, prompts or exits. Every MigratorError becomes one line on
stderr and its exit code (2 for usage errors); tracebacks only with --verbose. Heavy imports
(tortoise, drivers) happen inside the commands so that ``migrator --help`` stays fast.
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

import click

from migrator import __version__
from migrator.errors import MigratorError, UsageError

if TYPE_CHECKING:
    from migrator.command import Command

T = TypeVar("T")


@dataclass
class Context:
    config_path: Path
    app: str | None
    verbose: bool

    def command(self, **kwargs: Any) -> Command:
        from migrator.command import Command
        from migrator.config import load_config

        return Command.from_config(load_config(self.config_path), app=self.app, **kwargs)


pass_ctx = click.make_pass_decorator(Context)
LOCK_TIMEOUT = click.option(
    "--lock-timeout", default=60.0, show_default=True, help="Seconds to wait for the deploy lock."
)


def run(ctx: Context, factory: Callable[[], Coroutine[Any, Any, T]]) -> T:
    """Run a coroutine; turn errors into one line and an exit code."""
    try:
        return asyncio.run(factory())
    except MigratorError as exc:
        if ctx.verbose:
            raise
        _fail(str(exc), exc.exit_code)
    except KeyboardInterrupt:
        _fail("interrupted; the migration in progress was rolled back", 130)
    except click.exceptions.Exit:
        raise
    except Exception as exc:
        if ctx.verbose:
            raise
        from migrator.dsn import mask_text

        _fail(f"unexpected {type(exc).__name__}: {mask_text(str(exc))} (rerun with -v)", 1)


def _fail(message: str, code: int) -> NoReturn:
    click.echo(f"Error: {message}", err=True)
    sys.exit(code)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="migrator")
@click.option(
    "-c",
    "--config",
    "config_path",
    default="pyproject.toml",
    show_default=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="pyproject.toml holding [tool.migrator].",
)
@click.option("--app", default=None, help="Only this app (default: every app, in config order).")
@click.option("-v", "--verbose", is_flag=True, help="Show tracebacks on errors.")
@click.pass_context
def main(ctx: click.Context, config_path: Path, app: str | None, verbose: bool) -> None:
    """Schema migrations for Tortoise ORM, as reviewable plain SQL."""
    ctx.obj = Context(config_path=config_path, app=app, verbose=verbose)


@main.command()
@click.option("-t", "--tortoise-orm", required=True, help="Dotted path to the config dict.")
@click.option("--location", default="./migrations", show_default=True)
@click.option("--src-folder", default=".", show_default=True)
@pass_ctx
def init(ctx: Context, tortoise_orm: str, location: str, src_folder: str) -> None:
    """Write [tool.migrator] into pyproject.toml and create the migrations folder."""
    from migrator.config import write_config

    async def go() -> list[Path]:
        write_config(ctx.config_path, tortoise_orm, location, src_folder)
        async with ctx.command() as cmd:
            return await cmd.init()

    created = run(ctx, go)
    click.echo(f"Wrote [tool.migrator] to {ctx.config_path}")
    for folder in created:
        click.echo(f"Created {folder}")


@main.command()
@click.option("--name", default=None, help="Name of the migration (default: derived).")
@click.option("--empty", is_flag=True, help="Write an empty migration for hand-written SQL.")
@click.option(
    "--rename",
    "renames",
    multiple=True,
    metavar="OLD=NEW",
    help="Declare a rename: table.old_column=new_column or old_table=new_table. Repeatable.",
)
@click.option("--no-rename", is_flag=True, help="Treat every disappearance as drop + add.")
@click.option("--no-input", is_flag=True, help="Never prompt (default when not on a terminal).")
@pass_ctx
def migrate(
    ctx: Context,
    name: str | None,
    empty: bool,
    renames: tuple[str, ...],
    no_rename: bool,
    no_input: bool,
) -> None:
    """Generate the next migration from the models."""
    if no_rename and renames:
        raise click.UsageError("--rename and --no-rename exclude each other")

    async def go() -> list[Any]:
        from migrator.questioner import InteractiveQuestioner

        interactive = not no_input and sys.stdin.isatty()
        questioner = InteractiveQuestioner() if interactive else None
        async with ctx.command(questioner=questioner) as cmd:
            return await cmd.migrate(name=name, empty=empty, renames=renames, no_rename=no_rename)

    results = run(ctx, go)
    if not results:
        click.echo("No changes detected")
        return
    for result in results:
        click.echo(f"Wrote {result.path} (app {result.app})")
        for line in result.operations:
            click.echo(f"  + {line}")
        for line in result.destructive:
            click.secho(f"  ! DESTRUCTIVE: {line} (data is lost)", fg="yellow")
        for line in result.warnings:
            click.secho(f"  ! warning: {line}", fg="yellow")


@main.command()
@click.argument("target", required=False)
@click.option(
    "--lock-timeout", default=60.0, show_default=True, help="Seconds to wait for the lock."
)
@pass_ctx
def upgrade(ctx: Context, target: str | None, lock_timeout: float) -> None:
    """Apply pending migrations (up to TARGET, a version like 0003)."""

    async def go() -> list[Any]:
        async with ctx.command(lock_timeout=lock_timeout) as cmd:
            return await cmd.upgrade(target)

    results = run(ctx, go)
    if not results:
        click.echo("Nothing to upgrade: the database is up to date")
    for r in results:
        resumed = f", resumed after statement {r.resumed_at}" if r.resumed_at else ""
        click.echo(
            f"Applied {r.app} {r.migration_id} "
            f"({r.statements} statements, {r.duration_ms} ms{resumed})"
        )


@main.command()
@click.option("--to", "to", default=None, help="Revert down to this version (it stays applied).")
@click.option("--all", "revert_all", is_flag=True, help="Revert every migration.")
@click.option("-y", "--yes", is_flag=True, help="Do not ask for confirmation.")
@click.option(
    "--lock-timeout", default=60.0, show_default=True, help="Seconds to wait for the lock."
)
@pass_ctx
def downgrade(
    ctx: Context, to: str | None, revert_all: bool, yes: bool, lock_timeout: float
) -> None:
    """Revert the latest migration (or down to --to VERSION, or --all)."""
    if to and revert_all:
        raise click.UsageError("--to and --all exclude each other")
    target = "zero" if revert_all else to

    async def go() -> list[Any]:
        async with ctx.command(lock_timeout=lock_timeout) as cmd:
            steps = await cmd.plan_downgrade(target)
            if not steps:
                return []
            if not yes:
                _confirm_downgrade(steps)
            return await cmd.downgrade(target)

    results = run(ctx, go)
    if not results:
        click.echo("Nothing to downgrade")
    for r in results:
        click.echo(
            f"Reverted {r.app} {r.migration_id} ({r.statements} statements, {r.duration_ms} ms)"
        )


def _confirm_downgrade(steps: list[Any]) -> None:
    names = ", ".join(f"{s.migration.app} {s.migration.id}" for s in steps)
    destructive = [s for s in steps if "-- DESTRUCTIVE" in s.migration.downgrade_sql()]
    warning = " This drops data." if destructive else ""
    if not sys.stdin.isatty():
        raise UsageError(f"downgrade would revert {names}.{warning} Pass --yes to confirm")
    if not click.confirm(f"Revert {names}?{warning}", default=False):
        raise UsageError("downgrade cancelled; nothing was changed")


@main.command()
@pass_ctx
def history(ctx: Context) -> None:
    """List the migrations applied to the database."""

    async def go() -> list[Any]:
        async with ctx.command() as cmd:
            return await cmd.history()

    rows = run(ctx, go)
    if not rows:
        click.echo("No migrations applied")
    for row in rows:
        flag = "" if row.status.value == "applied" else f"  [{row.status.value.upper()}: "
        flag += f"{row.statements_done} statements ran]" if flag else ""
        click.echo(
            f"{row.app:<12} {row.id:<40} {row.applied_at:%Y-%m-%d %H:%M:%S}  "
            f"{row.duration_ms:>6} ms{flag}"
        )


@main.command()
@pass_ctx
def heads(ctx: Context) -> None:
    """List migrations not yet applied."""

    async def go() -> list[Any]:
        async with ctx.command() as cmd:
            return await cmd.heads()

    pending = run(ctx, go)
    if not pending:
        click.echo("No pending migrations")
    for p in pending:
        note = "  [PARTIAL: upgrade resumes it]" if p.partial else ""
        click.echo(f"{p.app:<12} {p.migration_id}{note}")


@main.command("init-db")
@pass_ctx
def init_db(ctx: Context) -> None:
    """Write the initial migration and apply it to an empty database."""

    async def go() -> Any:
        async with ctx.command() as cmd:
            return await cmd.init_db()

    written, applied = run(ctx, go)
    for result in written:
        click.echo(f"Wrote {result.path} (app {result.app})")
    for r in applied:
        click.echo(f"Applied {r.app} {r.migration_id} ({r.statements} statements)")
