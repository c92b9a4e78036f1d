"""The migrations folder: one directory per migration, per app.

    <location>/<app>/<version>_<name>/upgrade.sql     plain SQL, run in order
                                       downgrade.sql   plain SQL that undoes upgrade.sql
                                       snapshot.json   metadata + the model state it leads to
                                       migration.py    optional data migration (python_migration.py)

Versions are zero-padded counters (0001, 0002, ...). Each snapshot names its parent, so two
branches that both added a migration are detected instead of silently interleaved. The same
models always give byte-identical files (sorted keys, no timestamps).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from migrator.errors import MigrationFileError, MigratorError, SnapshotError
from migrator.snapshot_json import dump_snapshot, read_head
from migrator.state import SchemaState

UPGRADE = "upgrade.sql"
DOWNGRADE = "downgrade.sql"
SNAPSHOT = "snapshot.json"
PYTHON = "migration.py"
META_FORMAT = 1
# what loading a migration needs from snapshot.json (the schema is read only when needed)
_META_KEYS = frozenset({"app", "depends_on", "dialect", "parent", "version"})
_DIR_RE = re.compile(r"^(?P<version>\d{4,})_(?P<name>[a-z0-9_]+)$")


@dataclass(frozen=True, slots=True)
class Migration:
    app: str
    version: str
    name: str
    parent: str | None
    dialect: str
    path: Path
    depends_on: Mapping[str, str] = field(default_factory=dict)

    @property
    def id(self) -> str:
        return f"{self.version}_{self.name}"

    @property
    def upgrade_path(self) -> Path:
        return self.path / UPGRADE

    @property
    def downgrade_path(self) -> Path:
        return self.path / DOWNGRADE

    @property
    def python_path(self) -> Path:
        return self.path / PYTHON

    @property
    def has_python(self) -> bool:
        """Whether the migration has a data migration module (``migration.py``)."""
        return self.python_path.is_file()

    def python_source(self) -> str | None:
        return _read(self.python_path) if self.has_python else None

    def upgrade_sql(self) -> str:
        return _read(self.upgrade_path)

    def downgrade_sql(self) -> str:
        return _read(self.downgrade_path)

    def checksum(self) -> str:
        """The checksum a history row records for this migration (see checksums.py)."""
        from migrator.checksums import migration_checksum
        from migrator.dialects import dialect_for_file

        dialect = dialect_for_file(self.dialect)
        return migration_checksum(dialect.split(self.upgrade_sql()), dialect, self.python_source())

    def accepts(self, recorded: str) -> bool:
        """Whether a history row's checksum vouches for upgrade.sql as it is now: the
        current form, or the earlier text form a row written before it carries."""
        if recorded == self.checksum():
            return True
        # the earlier text form never covered a migration.py
        return not self.has_python and recorded == checksum(self.upgrade_sql())

    def downgrade_losses(self) -> list[str]:
        """What reverting this migration can lose (see ``sqlfile.downgrade_losses``)."""
        from migrator.dialects import dialect_for_file
        from migrator.sqlfile import downgrade_losses, parse_file

        downgrade = parse_file(self.downgrade_sql(), dialect_for_file(self.dialect))
        return downgrade_losses(downgrade, self.downgrade_path)

    def state(self) -> SchemaState:
        data = _read_json(self.path / SNAPSHOT)
        schema = data.get("schema")
        if not isinstance(schema, dict):
            raise SnapshotError(f"{self.path / SNAPSHOT}: no 'schema' object; regenerate it")
        try:
            return SchemaState.from_dict(schema)
        except SnapshotError as exc:
            raise SnapshotError(f"{self.path / SNAPSHOT}: {exc}") from None


def checksum(sql: str) -> str:
    """The earlier checksum rule (the text with line endings and trailing whitespace
    normalised), still accepted in history rows: see checksums.py."""
    from migrator.checksums import text_checksum

    return text_checksum(sql)


def app_dir(location: Path, app: str) -> Path:
    return location / app


def load_migrations(location: Path, app: str) -> list[Migration]:
    """The app's migrations in order, validated as one unbroken chain."""
    folder = app_dir(location, app)
    if not _check_folder(location, folder):
        return []
    migrations = [_load_one(app, d) for d in sorted(folder.iterdir()) if _is_migration_dir(d)]
    problems = chain_problems(app, migrations)
    if problems:
        raise problems[0]
    return migrations


@dataclass(frozen=True, slots=True)
class FolderScan:
    """Everything in an app's folder, for ``validate``: what loaded, and every problem
    (``load_migrations`` stops at the first one)."""

    migrations: list[Migration]
    unreadable: list[tuple[str, MigratorError]]  # directory name, why it cannot be loaded
    chain: list[MigrationFileError]  # duplicate versions, branches, gaps


def scan_migrations(location: Path, app: str) -> FolderScan:
    folder = app_dir(location, app)
    try:
        if not _check_folder(location, folder):
            return FolderScan([], [], [])
    except MigrationFileError as exc:
        return FolderScan([], [(folder.name, exc)], [])
    migrations: list[Migration] = []
    unreadable: list[tuple[str, MigratorError]] = []
    for directory in sorted(folder.iterdir()):
        if not _is_migration_dir(directory):
            continue
        try:
            migration = _load_one(app, directory)
            migration.state()  # the whole snapshot: loading reads only its metadata
            migrations.append(migration)
        except MigratorError as exc:
            unreadable.append((directory.name, exc))
    skipped = {name.partition("_")[0] for name, _ in unreadable}
    return FolderScan(migrations, unreadable, chain_problems(app, migrations, skipped))


def _check_folder(location: Path, folder: Path) -> bool:
    """True when the app's folder exists; an error when something else is in the way."""
    for path in (location, folder):
        if path.exists() and not path.is_dir():
            raise MigrationFileError(
                f"{path} is a file, not a directory; point location in [tool.migrator] at the "
                "migrations folder or move the file away"
            )
    return folder.is_dir()


def next_version(migrations: list[Migration]) -> str:
    return f"{int(migrations[-1].version) + 1:04d}" if migrations else "0001"


def slugify(text: str, limit: int = 60) -> str:
    slug = re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")
    return slug[:limit].rstrip("_") or "auto"


def write_migration(
    location: Path,
    app: str,
    version: str,
    name: str,
    parent: str | None,
    state: SchemaState,
    upgrade_sql: str,
    downgrade_sql: str,
    depends_on: Mapping[str, str],
    python_source: str | None = None,
) -> Migration:
    """Write the three files (and ``migration.py`` when ``python_source`` is given) into a
    fresh directory; nothing is left behind on failure."""
    folder = app_dir(location, app) / f"{version}_{name}"
    try:
        folder.mkdir(parents=True, exist_ok=False)
        meta: dict[str, Any] = {
            "app": app,
            "depends_on": dict(sorted(depends_on.items())),
            "dialect": state.dialect,
            "format": META_FORMAT,
            "name": name,
            "parent": parent,
            "version": version,
        }
        snapshot = dump_snapshot(meta, state.to_dict())
        (folder / UPGRADE).write_text(upgrade_sql, encoding="utf-8", newline="\n")
        (folder / DOWNGRADE).write_text(downgrade_sql, encoding="utf-8", newline="\n")
        (folder / SNAPSHOT).write_text(snapshot, encoding="utf-8", newline="\n")
        if python_source is not None:
            (folder / PYTHON).write_text(python_source, encoding="utf-8", newline="\n")
    except OSError as exc:
        _remove_quietly(folder)
        raise MigrationFileError(
            f"cannot write migration into {folder}: {exc.strerror or exc}; "
            "check that the migrations folder is writable"
        ) from exc
    return _load_one(app, folder)


def rewrite_depends_on(migration: Migration, depends_on: Mapping[str, str]) -> Migration:
    """The migration with other dependencies in its snapshot (its SQL, and so its checksum,
    untouched); the file is replaced in one step."""
    path = migration.path / SNAPSHOT
    data = _read_json(path)
    schema = data.pop("schema", None)
    if not isinstance(schema, dict):
        raise SnapshotError(f"{path}: no 'schema' object; regenerate it")
    data["depends_on"] = dict(sorted(depends_on.items()))
    scratch = path.with_name(SNAPSHOT + ".tmp")
    try:
        scratch.write_text(dump_snapshot(data, schema), encoding="utf-8", newline="\n")
        scratch.replace(path)
    except OSError as exc:
        scratch.unlink(missing_ok=True)
        raise MigrationFileError(
            f"cannot rewrite {path}: {exc.strerror or exc}; check that it is writable"
        ) from exc
    return _load_one(migration.app, migration.path)


# -- loading and validation --------------------------------------------------------------


def _is_migration_dir(path: Path) -> bool:
    return path.is_dir() and bool(_DIR_RE.match(path.name))


def _load_one(app: str, folder: Path) -> Migration:
    match = _DIR_RE.match(folder.name)
    if match is None:
        raise MigrationFileError(f"{folder}: not a migration directory name (0001_name)")
    for required in (UPGRADE, SNAPSHOT):
        if not (folder / required).is_file():
            raise MigrationFileError(
                f"{folder / required} is missing; restore it from version control (or, if "
                "this migration was never applied anywhere, delete its directory and run "
                "migrate again)"
            )
    meta = _read_json(folder / SNAPSHOT, head_only=True)
    version, name = match.group("version"), match.group("name")
    if meta.get("version") != version or meta.get("app") != app:
        raise SnapshotError(
            f"{folder / SNAPSHOT} says app {meta.get('app')!r} version {meta.get('version')!r}, "
            f"but lives in {folder}; move it back or regenerate it"
        )
    parent = meta.get("parent")
    depends = meta.get("depends_on") or {}
    if not isinstance(depends, dict) or (parent is not None and not isinstance(parent, str)):
        raise SnapshotError(f"{folder / SNAPSHOT}: malformed 'parent' or 'depends_on'")
    return Migration(
        app=app,
        version=version,
        name=name,
        parent=parent,
        dialect=str(meta.get("dialect", "")),
        path=folder,
        depends_on={str(k): str(v) for k, v in depends.items()},
    )


def chain_problems(
    app: str, migrations: list[Migration], unreadable: set[str] | frozenset[str] = frozenset()
) -> list[MigrationFileError]:
    """Every break in the chain: shared versions, two children of one parent, gaps.
    ``unreadable`` versions exist but could not be loaded: they are reported elsewhere."""
    problems: list[MigrationFileError] = []
    seen: dict[str, Migration] = {}
    chain: list[Migration] = []
    for m in migrations:
        if m.version in seen:
            problems.append(
                MigrationFileError(
                    f"app {app}: migrations {seen[m.version].id} and {m.id} share version "
                    f"{m.version}; they were made on two branches: run `migrator --app {app} "
                    "merge` to renumber one branch after the other"
                )
            )
            continue
        seen[m.version] = m
        chain.append(m)
    previous: Migration | None = None
    for m in chain:
        expected = previous.version if previous else None
        if m.parent != expected and m.parent not in unreadable:
            problems.append(_chain_break(app, chain, m, previous))
        previous = m
    return problems


def _chain_break(
    app: str, chain: list[Migration], m: Migration, previous: Migration | None
) -> MigrationFileError:
    children = [o.id for o in chain if o.parent == m.parent and o is not m]
    if children:
        return MigrationFileError(
            f"app {app}: migrations {children[0]} and {m.id} both follow "
            f"{m.parent or 'the start'}: they were made on two branches; run "
            f"`migrator --app {app} merge` to renumber one branch after the other"
        )
    return MigrationFileError(
        f"app {app}: migration {m.id} follows {m.parent or 'nothing'} but the previous "
        f"migration is {previous.id if previous else 'none'}; restore the missing migration"
    )


def _read(path: Path) -> str:
    try:
        # an editor's byte-order mark is not SQL: it would break the first statement
        return path.read_text(encoding="utf-8").removeprefix("\ufeff")
    except FileNotFoundError:
        raise MigrationFileError(f"{path} is missing; restore it from version control") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise MigrationFileError(f"cannot read {path}: {exc}") from exc


def _read_json(path: Path, head_only: bool = False) -> dict[str, Any]:
    """The snapshot's object; ``head_only``: just the metadata before its schema."""
    text = _read(path)
    try:
        data = read_head(text, _META_KEYS) if head_only else json.loads(text)
    except json.JSONDecodeError as exc:
        raise SnapshotError(
            f"{path} is not valid JSON (line {exc.lineno}: {exc.msg}); "
            "restore it from version control"
        ) from None
    except ValueError:
        data = None
    if not isinstance(data, dict):
        raise SnapshotError(f"{path} must hold a JSON object; restore it from version control")
    return data


def _remove_quietly(folder: Path) -> None:
    if not folder.exists():
        return
    for child in folder.iterdir():
        child.unlink(missing_ok=True)
    folder.rmdir()
