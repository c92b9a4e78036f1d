"""pytest plugin for projects that use migrator (entry point ``pytest11``: ``migrator``).

It does nothing unless used: its fixtures run only in tests that ask for them, and its
checks are collected only with ``pytest --migrator``.

Fixtures (function scope; each test gets databases of its own, dropped afterwards):

- ``migrator_fresh_db``: a MigratorDatabase on new, empty databases of the configured kinds
  (the project's [tool.migrator] and Tortoise config, every connection moved to a database
  created for the test); ``upgrade("0002")`` migrates to a version, so data can be seeded at
  an old version and upgraded through.
- ``migrator_db``: the same, migrated to the head.
- ``migrator_seed``: override it to return the rows the ``seeded_data_survives`` check
  inserts, ``{"0001": {"user": [{"id": 1, "username": "ann"}]}}``.

``pytest --migrator`` adds the checks of migrator.testing.checks as tests named
``migrator::test_<check>``. The project is the pyproject.toml given by
``--migrator-pyproject`` or the ``migrator_pyproject`` ini option, else the one in pytest's
rootdir.
"""

from __future__ import annotations

import contextlib
import fnmatch
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from migrator.pyproject import Config
    from migrator.testing.checks import Seed
    from migrator.testing.sandbox import MigratorDatabase, Sandbox

REGISTERED = pytest.StashKey[bool]()


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("migrator", "migrator: checks of the project's migrations")
    group.addoption(
        "--migrator",
        action="store_true",
        default=False,
        help="run migrator's checks (single head, upgrade from empty, models match "
        "migrations, up/down/up, seeded data survives)",
    )
    group.addoption(
        "--migrator-pyproject",
        default=None,
        help="the pyproject.toml with [tool.migrator] (default: the one in the rootdir)",
    )
    parser.addini("migrator_pyproject", "the pyproject.toml with [tool.migrator]", default="")


# -- fixtures --------------------------------------------------------------------------------
@pytest.fixture(scope="session")
def migrator_config(pytestconfig: pytest.Config) -> Config:
    """The project's [tool.migrator] (paths resolved against its pyproject.toml)."""
    from migrator.pyproject import load_config

    return load_config(pyproject_path(pytestconfig))


@pytest.fixture
def migrator_fresh_db(migrator_config: Config) -> Iterator[MigratorDatabase]:
    from migrator.testing.sandbox import MigratorDatabase

    with sandbox_of(migrator_config) as sandbox:
        yield MigratorDatabase(sandbox)


@pytest.fixture
def migrator_db(migrator_fresh_db: MigratorDatabase) -> MigratorDatabase:
    migrator_fresh_db.upgrade()
    return migrator_fresh_db


@pytest.fixture
def migrator_seed() -> Seed | None:
    """Rows for the seeded_data_survives check; none by default (the check skips)."""
    return None


def pyproject_path(config: pytest.Config) -> Path:
    given = config.getoption("migrator_pyproject") or config.getini("migrator_pyproject")
    if not given:
        return config.rootpath / "pyproject.toml"
    path = Path(str(given))
    return path if path.is_absolute() else config.rootpath / path


@contextlib.contextmanager
def sandbox_of(config: Config) -> Iterator[Sandbox]:
    """Fresh databases for ``config``, dropped on the way out (also when creating fails)."""
    from migrator.testing.sandbox import Sandbox, run_sync

    sandbox = Sandbox.prepare(config)
    try:
        run_sync(sandbox.create)
        yield sandbox
    finally:
        run_sync(sandbox.drop)


# -- the checks ------------------------------------------------------------------------------
def fail_on(problems: list[str]) -> None:
    if problems:
        pytest.fail("\n".join(problems), pytrace=False)


def check_single_head(migrator_config: Config) -> None:
    """Each app's migrations form one chain: no two branches, no gap, all readable."""
    from migrator.testing.checks import single_head
    from migrator.tortoise_config import load_tortoise_config, select_apps

    tortoise_config = load_tortoise_config(migrator_config.tortoise_orm, migrator_config.src_folder)
    fail_on(single_head(migrator_config, select_apps(tortoise_config, None)))


def check_upgrade_from_empty(migrator_config: Config) -> None:
    """Every migration applies to an empty database."""
    from migrator.testing.checks import upgrade_from_empty
    from migrator.testing.sandbox import run_sync

    with sandbox_of(migrator_config) as sandbox:
        fail_on(run_sync(lambda: upgrade_from_empty(sandbox)))


def check_models_match_migrations(migrator_config: Config) -> None:
    """``migrator migrate`` would write nothing: the models hold no unmigrated change."""
    from migrator.testing.checks import models_match
    from migrator.testing.sandbox import Sandbox, run_sync

    sandbox = Sandbox.prepare(migrator_config)  # no database needed, none created
    try:
        fail_on(models_match(sandbox))
    finally:
        run_sync(sandbox.drop)


def check_up_down_up(migrator_config: Config) -> None:
    """Each migration, upgraded, downgraded and upgraded again, leaves the schema as it was."""
    from migrator.testing.checks import up_down_up
    from migrator.testing.sandbox import run_sync

    with sandbox_of(migrator_config) as sandbox:
        fail_on(run_sync(lambda: up_down_up(sandbox)))


def check_seeded_data_survives(migrator_config: Config, migrator_seed: Seed | None) -> None:
    """Rows inserted at old versions (the ``migrator_seed`` fixture) are there at the head."""
    from migrator.testing.checks import seeded_data_survives
    from migrator.testing.sandbox import run_sync

    if not migrator_seed:
        pytest.skip("no seed data: override the migrator_seed fixture to return rows per version")
    with sandbox_of(migrator_config) as sandbox:
        fail_on(run_sync(lambda: seeded_data_survives(sandbox, migrator_seed)))


CHECKS: dict[str, Callable[..., None]] = {
    "test_single_head": check_single_head,
    "test_upgrade_from_empty": check_upgrade_from_empty,
    "test_models_match_migrations": check_models_match_migrations,
    "test_up_down_up": check_up_down_up,
    "test_seeded_data_survives": check_seeded_data_survives,
}


class MigratorChecks(pytest.Collector):
    """The checks, as ordinary test functions (so they see the conftest fixtures)."""

    def collect(self) -> list[pytest.Item]:
        return [
            pytest.Function.from_parent(self, name=name, callobj=check)
            for name, check in CHECKS.items()
        ]


# -- collection ------------------------------------------------------------------------------
def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> pytest.Collector | None:
    """With --migrator, the checks join the directory of the first conftest.py or test
    module collected, so the fixtures of that conftest.py (a ``migrator_seed``) reach them."""
    config = parent.config
    if not config.getoption("migrator") or config.stash.get(REGISTERED, False):
        return None
    patterns = ["conftest.py", *config.getini("python_files")]
    if not any(fnmatch.fnmatch(file_path.name, pattern) for pattern in patterns):
        return None
    config.stash[REGISTERED] = True
    return MigratorChecks.from_parent(parent, name="migrator")


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(
    session: pytest.Session, config: pytest.Config, items: list[pytest.Item]
) -> None:
    """No test file collected (``pytest --migrator`` in a project without tests): the
    checks hang off the session."""
    if config.getoption("migrator") and not config.stash.get(REGISTERED, False):
        config.stash[REGISTERED] = True
        items[:0] = MigratorChecks.from_parent(session, name="migrator").collect()
