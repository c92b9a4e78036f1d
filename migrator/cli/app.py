"""The click group, its Context, the error handling (`run`, `fail`) and the options and
output helpers the commands share."""

from __future__ import annotations

import sys
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

import click

from migrator import __version__
from migrator.dsn import mask_text
from migrator.errors import MigratorError

if TYPE_CHECKING:
    from pathlib import Path

    from migrator.command import Command
    from migrator.lint import Finding
    from migrator.questioner import Questioner
    from migrator.results import StepResult


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


def run_command(ctx: Context, call: Callable[[Command], Awaitable[T]], **settings: Any) -> T:
    """``call`` on a Command built with ``settings`` (see ``Context.command``) and closed
    again, run as ``run`` runs a coroutine."""

    async def go() -> T:
        async with ctx.command(**settings) as cmd:
            return await call(cmd)

    return run(ctx, go)


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


def choose_questioner(yes: bool = False, no_input: bool = False) -> Questioner:
    """Who answers the questions: ``--yes`` says yes to every confirmation, a terminal
    asks, anything else (CI, a pipe, ``--no-input``) answers from the flags alone."""
    from migrator import questioner as q

    if yes:
        return q.AssumeYesQuestioner()
    if not no_input and sys.stdin.isatty():
        return q.InteractiveQuestioner()
    return q.NonInteractiveQuestioner()
