"""Pure planning: which migrations to run, in which order, for an upgrade or a downgrade.

Migrations of several apps interleave: a migration runs after its parent and after every
migration it depends on in other apps (cross-app foreign keys); a downgrade reverts in the
exact reverse order.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from migrator.errors import MigrationFileError, UsageError
from migrator.files import Migration


class Direction(StrEnum):
    UP = "upgrade"
    DOWN = "downgrade"


@dataclass(frozen=True, slots=True)
class Step:
    migration: Migration
    direction: Direction


def check_applied(available: Sequence[Migration], applied: Sequence[str], app: str) -> None:
    """The applied versions must be exactly the first migrations of the folder."""
    versions = [m.version for m in available]
    for position, version in enumerate(applied):
        if position >= len(versions) or versions[position] != version:
            known = {m.version: m.id for m in available}
            if version not in known:
                raise MigrationFileError(
                    f"app {app}: migration {version} is applied in the database but missing from "
                    "the migrations folder; restore it from version control"
                )
            raise MigrationFileError(
                f"app {app}: the database has {version} applied out of order (applied: "
                f"{', '.join(applied)}); the folder's chain must match the database's history"
            )


def resolve_target(available: Sequence[Migration], target: str, app: str) -> Migration:
    """A target is a version ("0003" or "3"), a full id ("0003_add_x"), a name ("add_x") or
    a part of one name ("add")."""
    matches = [
        m for m in available if target in (m.version, m.id, m.name) or m.version == target.zfill(4)
    ]
    if not matches and target:
        matches = [m for m in available if target in m.name]
    if len(matches) > 1:
        raise UsageError(
            f"migration {target!r} of app {app} is ambiguous: it matches "
            f"{', '.join(m.id for m in matches)}; pass the version"
        )
    if not matches:
        known = ", ".join(m.id for m in available) or "none"
        raise UsageError(f"unknown migration {target!r} for app {app}; known: {known}")
    return matches[0]


def plan_upgrade(
    available: Mapping[str, Sequence[Migration]],
    applied: Mapping[str, Sequence[str]],
    targets: Mapping[str, str | None],
) -> list[Step]:
    pending: list[Migration] = []
    for app, migrations in available.items():
        check_applied(migrations, applied.get(app, ()), app)
        done = len(applied.get(app, ()))
        stop = len(migrations)
        if (target := targets.get(app)) is not None:
            stop = migrations.index(resolve_target(migrations, target, app)) + 1
        pending += migrations[done:stop]
    return [Step(m, Direction.UP) for m in _dependency_sort(pending, list(available))]


def plan_downgrade(
    available: Mapping[str, Sequence[Migration]],
    applied: Mapping[str, Sequence[str]],
    targets: Mapping[str, str | None],
    steps: int | None,
) -> list[Step]:
    """Revert down to each app's target (exclusive; "zero" reverts everything) or ``steps``
    migrations per app when no target is given."""
    revert: list[Migration] = []
    for app, migrations in available.items():
        versions = list(applied.get(app, ()))
        check_applied(migrations, versions, app)
        done = migrations[: len(versions)]
        target = targets.get(app)
        if target is None:
            keep = max(len(done) - (steps or 0), 0)
        elif target == "zero":
            keep = 0
        else:
            chosen = resolve_target(migrations, target, app)
            if chosen not in done:
                raise UsageError(
                    f"app {app}: {chosen.id} is not applied, nothing to downgrade to; "
                    "see `migrator history`"
                )
            keep = done.index(chosen) + 1
        revert += done[keep:]
    ordered = _dependency_sort(revert, list(available))
    return [Step(m, Direction.DOWN) for m in reversed(ordered)]


def _dependency_sort(migrations: list[Migration], app_order: list[str]) -> list[Migration]:
    """Order so each migration follows its parent and its cross-app dependencies."""
    by_key = {(m.app, m.version): m for m in migrations}
    remaining = sorted(migrations, key=lambda m: (app_order.index(m.app), m.version))
    ordered: list[Migration] = []
    done: set[tuple[str, str]] = set()
    while remaining:
        for m in remaining:
            needs = [(m.app, m.parent)] if m.parent else []
            needs += list(m.depends_on.items())
            if all(n in done or n not in by_key for n in needs):
                break
        else:  # a cycle between apps; keep the folder order rather than loop forever
            m = remaining[0]
        remaining.remove(m)
        ordered.append(m)
        done.add((m.app, m.version))
    return ordered
