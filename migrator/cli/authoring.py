"""Commands that write files: init, migrate, merge, and check (would migrate write one?)."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import click

from migrator.cli.app import (
    APP,
    JSON_FLAG,
    Context,
    choose_questioner,
    echo_findings,
    echo_json,
    fail,
    main,
    pass_ctx,
    plural,
    run,
    run_command,
)

if TYPE_CHECKING:
    from migrator.results import (
        InitResult,
        MergeResult,
        MigrationResult,
    )


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
        questioner = choose_questioner(no_input=no_input)
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


@main.command()
@APP
@JSON_FLAG
@pass_ctx
def check(ctx: Context, as_json: bool) -> None:
    """Exit 1 when the models changed without a migration (no database needed)."""

    report = run_command(ctx, lambda cmd: cmd.check())
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
        questioner = choose_questioner(no_input=no_input)
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
