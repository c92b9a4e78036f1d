"""``migrate`` (migrator/verbs/migrate.py): byte-identical output for the same models whatever
the hash seed, nothing written when nothing changed or when a question stays unanswered,
cross-app dependencies recorded; renames answered by a flag, a prompt or not at all.
``migrate`` itself needs no database; the rename tests check the rows survive.
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from migrator.command import Command
from migrator.errors import AmbiguousChangeError
from tests.integration.projects import FixtureProject, all_projects
from tests.project_factory import (
    MODELS_RENAMED,
    MODELS_V1,
    Project,
    insert_user,
    ok,
    project_factory,
)

__all__ = ["project_factory"]  # the fixture, re-exported for pytest

ROOT = Path(__file__).resolve().parents[2]
# A URL per dialect: only its scheme matters, migrate never connects.
URLS = {
    "sqlite": "sqlite://:memory:",
    "postgres": "postgres://u:p@127.0.0.1:1/none",
    "mysql": "mysql://u:p@127.0.0.1:1/none",
}


def generate_all(root: Path | str) -> None:
    """Walk every fixture project through every step on every dialect, writing migrations
    under ``root/<project>/<dialect>``. Runs in a subprocess (see the determinism test)."""
    root = Path(root)
    for name in all_projects():
        project = FixtureProject.load(name)
        workdir = root / "src" / name
        sys.path.insert(0, str(workdir))
        try:
            for dialect, url in URLS.items():
                if dialect not in project.dialects:
                    continue
                asyncio.run(_walk(project, workdir, root / name / dialect, url))
        finally:
            sys.path.remove(str(workdir))
            project.forget_modules()


async def _walk(project: FixtureProject, workdir: Path, location: Path, url: str) -> None:
    async with Command(project.tortoise_config(url), location=location) as cmd:
        for index, step in enumerate(project.steps):
            project.materialize(index, workdir)
            written = await cmd.migrate(renames=step.renames, no_rename=step.no_rename)
            assert written, f"{project.name} {step.dir}: nothing written"


def _files(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and "src" not in p.relative_to(root).parts[:1]
    }


def test_same_models_give_byte_identical_files_across_hash_seeds(tmp_path: Path) -> None:
    outputs = []
    for seed in ("1", "4242"):
        root = tmp_path / f"seed{seed}"
        env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONDONTWRITEBYTECODE": "1"}
        code = f"from tests.verbs.test_migrate import generate_all; generate_all({str(root)!r})"
        done = subprocess.run(
            [sys.executable, "-c", code],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert done.returncode == 0, done.stderr[-3000:]
        outputs.append(_files(root))
    first, second = outputs
    projects = all_projects()
    steps = {n: len(FixtureProject.load(n).steps) for n in projects}
    for name in projects:
        for dialect in FixtureProject.load(name).dialects:
            for kind in ("upgrade.sql", "downgrade.sql", "snapshot.json"):
                found = [
                    k for k in first if k.startswith(f"{name}/{dialect}/") and k.endswith(kind)
                ]
                # every app of the project has a migration per step, at least the first one
                assert len(found) >= steps[name], (name, dialect, kind, found)
    assert sorted(first) == sorted(second)
    differing = [path for path in first if first[path] != second[path]]
    assert differing == [], f"differ between hash seeds: {differing[:5]}"


# -- nothing written --------------------------------------------------------------------------


def _multi_app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[FixtureProject, Path]:
    project = FixtureProject.load("multi_app")
    workdir = tmp_path / "src"
    monkeypatch.syspath_prepend(str(workdir))
    return project, workdir


def _tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_unanswered_question_in_one_app_writes_no_app(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first app changes harmlessly, the second has a rename candidate: neither app's
    migration may be written, or the folder would hold half a change."""
    project, workdir = _multi_app(tmp_path, monkeypatch)
    location = tmp_path / "migrations"
    project.materialize(0, workdir)
    config = project.tortoise_config(URLS["sqlite"])

    async def go() -> None:
        async with Command(config, location=location) as cmd:
            await cmd.migrate()
            before = _tree(location)
            users = (workdir / "users_models.py").read_text()
            shop = (workdir / "shop_models.py").read_text()
            assert "class Product" in shop and "name = fields.CharField" in shop
            (workdir / "users_models.py").write_text(
                users + "\n\nclass Extra(Model):\n    id = fields.IntField(primary_key=True)\n"
            )
            (workdir / "shop_models.py").write_text(
                shop.replace("name = fields.", "title = fields.", 1)
            )
            with pytest.raises(AmbiguousChangeError, match=r"--rename shop_\w+\.name=title"):
                await cmd.migrate()
            assert _tree(location) == before

    try:
        asyncio.run(go())
    finally:
        project.forget_modules()


def test_cross_app_foreign_keys_are_recorded_as_dependencies(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project, workdir = _multi_app(tmp_path, monkeypatch)
    location = tmp_path / "migrations"
    project.materialize(0, workdir)

    async def go() -> list[Any]:
        async with Command(project.tortoise_config(URLS["postgres"]), location=location) as cmd:
            return await cmd.migrate()  # type: ignore[no-any-return]

    try:
        written = asyncio.run(go())
    finally:
        project.forget_modules()
    assert [w.app for w in written] == ["users", "shop"]
    meta = {
        w.app: json.loads((w.path / "snapshot.json").read_text(encoding="utf-8")) for w in written
    }
    assert meta["users"]["depends_on"] == {}
    assert meta["shop"]["depends_on"] == {"users": "0001"}
    assert meta["shop"]["parent"] is None and meta["shop"]["dialect"] == "postgres"


# -- --rename hints -------------------------------------------------------------------------


def test_a_rename_hint_reaches_only_its_own_app(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """In a project of two apps a hint names one app's table; the other app must neither
    reject it (``does not match the models``) nor see it."""
    project, workdir = _multi_app(tmp_path, monkeypatch)
    location = tmp_path / "migrations"
    project.materialize(0, workdir)
    config = project.tortoise_config(URLS["sqlite"])

    async def go() -> list[Any]:
        async with Command(config, location=location) as cmd:
            await cmd.migrate()
            shop = workdir / "shop_models.py"
            shop.write_text(shop.read_text().replace("name = fields.", "title = fields.", 1))
            with pytest.raises(AmbiguousChangeError, match="names no table of app"):
                await cmd.migrate(renames=["no_such_table=other"])
            with pytest.raises(AmbiguousChangeError, match=r"no table product in app\(s\)"):
                await cmd.migrate(renames=["product.name=title"])  # the model, not the table
            return await cmd.migrate(renames=["shop_product.name=title"])  # type: ignore[no-any-return]

    try:
        written = asyncio.run(go())
    finally:
        project.forget_modules()
    assert [(w.app, w.operations) for w in written] == [
        ("shop", ["rename column shop_product.name to title"])
    ]


CONFLICTING_HINTS = [
    (("user.a=b", "user.a=c"), "contradict each other"),
    (("user.a=c", "user.b=c"), "same new name user.c"),
    (("user=member", "user=people"), "contradict each other"),
    (("user=member", "staff=member"), "same new name member"),
]


@pytest.mark.parametrize(("specs", "message"), CONFLICTING_HINTS)
def test_conflicting_hints_are_usage_errors(specs: tuple[str, ...], message: str) -> None:
    from migrator.errors import UsageError
    from migrator.questioner import RenameHints

    with pytest.raises(UsageError, match=message):
        RenameHints.parse(specs)


def test_same_hint_twice_is_fine_and_swaps_are_allowed() -> None:
    from migrator.questioner import RenameHints

    hints = RenameHints.parse(["user.a=b", "user.a=b", "user.b=a", "t.a=b"])
    assert hints.columns == {("user", "a"): "b", ("user", "b"): "a", ("t", "a"): "b"}


@pytest.mark.timeout(60)
@pytest.mark.parametrize(
    ("replace", "renames", "message"),
    [
        # username renamed onto a column that exists and stays: used to loop for ever
        (
            ("    username = fields.CharField(max_length=50)\n    email", "    email"),
            ("user.username=email",),
            "column user.email already exists",
        ),
        # two hints onto one new column
        (("username", "handle"), ("user.username=handle", "user.email=handle"), "same new name"),
        # a table renamed onto one that exists and stays: used to loop for ever
        (("class User(Model):", "class User:"), ("user=tag",), "table tag already exists"),
    ],
)
def test_hints_onto_names_that_stay_are_refused(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    replace: tuple[str, str],
    renames: tuple[str, ...],
    message: str,
) -> None:
    from migrator.errors import MigratorError

    workdir = tmp_path / "src"
    workdir.mkdir()
    monkeypatch.syspath_prepend(str(workdir))
    models = workdir / "hint_models.py"
    models.write_text(HINT_MODELS)
    config = {
        "connections": {"default": URLS["sqlite"]},
        "apps": {"models": {"models": ["hint_models"], "default_connection": "default"}},
    }
    location = tmp_path / "migrations"

    async def go() -> None:
        async with Command(config, location=location) as cmd:
            await cmd.migrate()
            before = _tree(location)
            models.write_text(HINT_MODELS.replace(*replace, 1))
            with pytest.raises(MigratorError, match=message):
                await cmd.migrate(renames=renames)
            assert _tree(location) == before

    try:
        asyncio.run(go())
    finally:
        sys.modules.pop("hint_models", None)


HINT_MODELS = """\
from tortoise import fields
from tortoise.models import Model


class User(Model):
    id = fields.IntField(primary_key=True)
    username = fields.CharField(max_length=50)
    email = fields.CharField(max_length=50)

    class Meta:
        table = "user"


class Tag(Model):
    id = fields.IntField(primary_key=True)
    username = fields.CharField(max_length=50)
    email = fields.CharField(max_length=50)

    class Meta:
        table = "tag"
"""


WARN_V1 = """\
from tortoise import fields
from tortoise.models import Model


class User(Model):
    id = fields.IntField(primary_key=True)
    nickname = fields.CharField(max_length=50, null=True)
    motto = fields.CharField(max_length=50, null=True)

    class Meta:
        table = "user"
"""
# nickname: NULL -> NOT NULL with no default; motto: the same with a default (filled first);
# age: a new NOT NULL column with no default; score: a new one with a default
WARN_V2 = WARN_V1.replace(
    "nickname = fields.CharField(max_length=50, null=True)",
    "nickname = fields.CharField(max_length=50)",
).replace(
    "motto = fields.CharField(max_length=50, null=True)",
    'motto = fields.CharField(max_length=50, default="")\n'
    "    age = fields.IntField()\n"
    "    score = fields.IntField(default=0)",
)


@pytest.mark.parametrize("dialect", ["sqlite", "mysql"])
def test_not_null_changes_that_can_fail_on_existing_rows_are_warned(
    project_factory: Any, dialect: str
) -> None:
    project = project_factory(dialect, WARN_V1)
    project.init()
    assert project.cli("migrate").exit_code == 0
    project.write_models(WARN_V2)

    result = project.cli("migrate", "--no-input")
    # PostgreSQL and SQLite refuse the column while the table has rows: nothing is written
    # without --allow-unsafe; MySQL fills the rows with the type's zero
    assert result.exit_code == (0 if dialect == "mysql" else 1), result.output
    if dialect != "mysql":
        assert "pass --allow-unsafe" in result.output
        assert project.migration_dirs() == ["0001_initial"]
        result = project.cli("migrate", "--no-input", "--allow-unsafe")
        assert result.exit_code == 0, result.output

    warnings = [line.strip() for line in result.stdout.splitlines() if "warning:" in line]
    assert len(warnings) == 2, warnings
    age = next(w for w in warnings if "user.age is NOT NULL without a default" in w)
    assert ("existing rows get 0" in age) == (dialect == "mysql"), age
    assert ("refuses it while the table has rows" in age) == (dialect != "mysql"), age
    assert any("user.nickname becomes NOT NULL without a default" in w for w in warnings)

    # and back: the reverse change warns about the downgrade
    project.write_models(WARN_V1.replace("motto", "age = fields.IntField()\n    motto"))
    back = project.cli("migrate", "--no-input")
    assert back.exit_code == 0, back.output
    assert [line.strip() for line in back.stdout.splitlines() if "warning:" in line] == [
        "! warning: user.nickname becomes nullable: reverting this migration fails once a row "
        "holds NULL there (fill those rows before a downgrade)"
    ]


# -- renames through the CLI -----------------------------------------------------------------


def test_no_changes_detected(project_factory: Any) -> None:
    project: Project = project_factory("sqlite")
    project.init()
    ok(project, "migrate")
    before = {p: p.read_bytes() for p in project.migrations.rglob("*") if p.is_file()}
    out = ok(project, "migrate")
    assert out.strip() == "No changes detected"
    after = {p: p.read_bytes() for p in project.migrations.rglob("*") if p.is_file()}
    assert after == before
    assert project.migration_dirs() == ["0001_initial"]


# -- 7. renames ------------------------------------------------------------------------------


def test_rename_without_answer_is_an_error_naming_the_flags(project_factory: Any) -> None:
    project: Project = project_factory("sqlite")
    project.init()
    ok(project, "migrate")
    project.write_models(MODELS_RENAMED)
    for extra in (("--no-input",), ()):  # CliRunner's stdin is no terminal: same as --no-input
        result = project.cli("migrate", *extra)
        assert result.exit_code != 0
        lines = result.output.strip().splitlines()
        assert len(lines) == 1, result.output
        assert "--rename user.username=handle" in lines[0]
        assert "--no-rename" in lines[0]
        assert project.migration_dirs() == ["0001_initial"]


@pytest.mark.parametrize("dialect", ["sqlite", "postgres"])
def test_rename_with_hint_keeps_the_data(project_factory: Any, dialect: str) -> None:
    project: Project = project_factory(dialect)
    project.init()
    ok(project, "migrate")
    ok(project, "upgrade")
    insert_user(project, "alice")
    project.write_models(MODELS_RENAMED)
    out = ok(project, "migrate", "--no-input", "--rename", "user.username=handle")
    assert "rename column user.username to handle" in out
    upgrade = (project.migrations / project.migration_dirs()[-1] / "upgrade.sql").read_text()
    assert "RENAME COLUMN" in upgrade and "DROP COLUMN" not in upgrade
    ok(project, "upgrade")
    assert project.fetch('SELECT handle FROM "user"') == [("alice",)]


def test_no_rename_drops_and_adds(project_factory: Any) -> None:
    project: Project = project_factory("sqlite")
    project.init()
    ok(project, "migrate")
    project.write_models(MODELS_RENAMED)
    # handle is NOT NULL without a default: SQLite refuses it on a table with rows
    out = ok(project, "migrate", "--no-rename", "--allow-unsafe")
    assert "drop column user.username" in out and "add column user.handle" in out
    assert "DESTRUCTIVE" in out


def test_interactive_rename_prompt_keeps_the_data(project_factory: Any) -> None:
    """The CLI prompts only on a real terminal (``sys.stdin.isatty()``), which CliRunner is not,
    so the InteractiveQuestioner the CLI would use is driven through click's test input."""
    import asyncio

    from migrator.questioner import InteractiveQuestioner

    project: Project = project_factory("sqlite")
    project.init()
    ok(project, "migrate")
    ok(project, "upgrade")
    insert_user(project, "bob")
    project.write_models(MODELS_RENAMED)

    async def migrate() -> list[Any]:
        async with project.command(questioner=InteractiveQuestioner()) as cmd:
            return await cmd.migrate()  # type: ignore[no-any-return]

    with CliRunner().isolation(input="y\n") as streams:
        written = asyncio.run(migrate())
        prompt = streams[0].getvalue().decode()
    assert "Was user.username renamed to user.handle (CharField)? [y/N]" in prompt
    assert written[0].operations == ["rename column user.username to handle"]
    ok(project, "upgrade")
    assert project.fetch('SELECT handle FROM "user"') == [("bob",)]


def test_interactive_rename_answered_no_drops_and_adds(project_factory: Any) -> None:
    import asyncio

    from migrator.questioner import InteractiveQuestioner

    project: Project = project_factory("sqlite")
    project.init()
    ok(project, "migrate")
    project.write_models(MODELS_RENAMED)

    async def migrate() -> list[Any]:
        async with project.command(questioner=InteractiveQuestioner()) as cmd:
            return await cmd.migrate()  # type: ignore[no-any-return]

    with CliRunner().isolation(input="n\n\ny\n"):  # no rename; no fill value; write anyway
        written = asyncio.run(migrate())
    assert sorted(written[0].operations) == [
        "add column user.handle",
        "drop column user.username",
    ]


def test_table_rename_needs_an_answer_and_keeps_the_rows(project_factory: Any) -> None:
    project: Project = project_factory("sqlite")
    project.init()
    ok(project, "migrate")
    ok(project, "upgrade")
    insert_user(project, "dave")
    project.write_models(MODELS_V1.replace('table = "user"', 'table = "member"'))
    result = project.cli("migrate")
    assert result.exit_code == 1
    assert "--rename user=member" in result.output and "--no-rename" in result.output
    assert project.migration_dirs() == ["0001_initial"]
    assert "rename table user to member" in ok(project, "migrate", "--rename", "user=member")
    ok(project, "upgrade")
    assert project.fetch("SELECT id, username FROM member") == [(1, "dave")]
    assert "user" not in project.tables()


# -- foreign keys of other apps ---------------------------------------------------------------


def _key_types_sql(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, url: str) -> dict[str, str]:
    """Migrate key_types v1 and v2 (accounts_account.id INT -> BIGINT, code widened) and
    return the upgrade and downgrade files of v2 by ``app/direction``."""
    project = FixtureProject.load("key_types")
    workdir = tmp_path / "src"
    monkeypatch.syspath_prepend(str(workdir))
    location = tmp_path / "migrations"

    async def go() -> list[Any]:
        async with Command(project.tortoise_config(url), location=location) as cmd:
            project.materialize(0, workdir)
            await cmd.migrate()
            project.materialize(1, workdir)
            return await cmd.migrate()  # type: ignore[no-any-return]

    try:
        written = asyncio.run(go())
    finally:
        project.forget_modules()
    return {
        f"{w.app}/{direction}": (w.path / f"{direction}.sql").read_text()
        for w in written
        for direction in ("upgrade", "downgrade")
    }


def test_a_key_change_moves_the_foreign_keys_of_other_apps_out_of_the_way(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """MySQL refuses to change a column another table's FK references (error 1833), also
    when that table belongs to another app: the accounts migration drops billing's FKs
    first; billing's own migration, which runs after it, widens its columns and adds them
    back. The downgrade, billing first, is the mirror image."""
    sql = _key_types_sql(tmp_path, monkeypatch, URLS["mysql"])
    up = sql["accounts/upgrade"]
    drop = "ALTER TABLE `billing_invoice` DROP FOREIGN KEY `fk_billing__accounts_eb76e8c0`"
    modify = "ALTER TABLE `accounts_account` MODIFY COLUMN `id` BIGINT NOT NULL AUTO_INCREMENT"
    assert drop in up and modify in up and up.index(drop) < up.index(modify)
    # INT -> BIGINT cannot pair until billing_invoice.account_id is BIGINT too
    assert "ADD CONSTRAINT `fk_billing__accounts_eb76e8c0`" not in up
    assert "ADD CONSTRAINT `fk_billing__accounts_eb76e8c0`" in sql["billing/upgrade"]
    # the downgrade of accounts runs after billing's: the FK is back once both are INT
    down = sql["accounts/downgrade"]
    assert "DROP FOREIGN KEY `fk_billing__accounts_eb76e8c0`" not in down
    assert down.index("MODIFY COLUMN `id` INT") < down.index(
        "ADD CONSTRAINT `fk_billing__accounts_eb76e8c0`"
    )


@pytest.mark.parametrize("dialect", ["sqlite", "postgres", "mysql"])
def test_a_rename_carries_the_foreign_keys_of_other_apps(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, dialect: str
) -> None:
    """catalog renames catalog_category.code to slug, which store_item.category_id references
    (to_field): the rename carries the FK, so store's migration neither drops nor re-adds it
    (its downgrade runs before catalog's and would re-add it against a column that does not
    exist yet) and its snapshot names the new column."""
    project = FixtureProject.load("cross_app_rename")
    workdir = tmp_path / "src"
    monkeypatch.syspath_prepend(str(workdir))
    location = tmp_path / "migrations"

    async def go() -> list[Any]:
        async with Command(project.tortoise_config(URLS[dialect]), location=location) as cmd:
            project.materialize(0, workdir)
            await cmd.migrate()
            project.materialize(1, workdir)
            return await cmd.migrate(renames=project.steps[1].renames)  # type: ignore[no-any-return]

    try:
        written = {w.app: w for w in asyncio.run(go())}
    finally:
        project.forget_modules()
    assert "rename column catalog_category.code to slug" in written["catalog"].operations
    store = {d: (written["store"].path / f"{d}.sql").read_text() for d in ("upgrade", "downgrade")}
    if dialect == "mysql":
        # Tortoise hashes the target column into a MySQL FK's name: the constraint is renamed,
        # and both directions point it at slug, the name the column has while store's run
        assert "REFERENCES `catalog_category` (`code`)" not in store["upgrade"] + store["downgrade"]
        assert store["downgrade"].count("REFERENCES `catalog_category` (`slug`)") == 1
    else:
        assert written["store"].operations == ["add column store_item.price"]
        assert "FOREIGN KEY" not in store["upgrade"] + store["downgrade"]
    snapshot = json.loads((written["store"].path / "snapshot.json").read_text())
    (category_id,) = [
        c
        for c in snapshot["schema"]["tables"]["store_item"]["columns"]
        if c["name"] == "category_id"
    ]
    assert category_id["fk"]["column"] == "slug"


def test_an_app_whose_foreign_keys_only_follow_a_rename_gets_a_snapshot_migration(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """store changes nothing but the target its FK follows: it gets a migration without
    statements whose snapshot names slug, and the next migrate finds nothing to do."""
    project = FixtureProject.load("cross_app_rename")
    workdir = tmp_path / "src"
    monkeypatch.syspath_prepend(str(workdir))
    location = tmp_path / "migrations"

    async def go() -> tuple[list[Any], list[Any]]:
        async with Command(project.tortoise_config(URLS["postgres"]), location=location) as cmd:
            project.materialize(0, workdir)
            await cmd.migrate()
            project.materialize(1, workdir)
            store = workdir / "store_models.py"
            store.write_text(
                "\n".join(line for line in store.read_text().splitlines() if "price" not in line)
            )
            project.forget_modules()
            written = await cmd.migrate(renames=project.steps[1].renames)
            project.forget_modules()
            return written, await cmd.migrate()

    try:
        written, again = asyncio.run(go())
    finally:
        project.forget_modules()
    assert [(w.app, w.operations) for w in written][1] == ("store", [])
    assert again == []
