"""planner.py on hand-built migration lists (no files, no database): upgrade and downgrade
order across apps (parents, then cross-app ``depends_on``), targets, "zero", and the
errors for unknown versions and a history the folder does not match."""

from __future__ import annotations

from pathlib import Path

import pytest

from migrator.errors import MigrationFileError, UsageError
from migrator.files import Migration
from migrator.planner import Direction, Step, plan_downgrade, plan_upgrade, resolve_target


def chain(
    app: str, *ids: str, depends_on: dict[str, dict[str, str]] | None = None
) -> list[Migration]:
    """Migrations of ``app``, each the parent of the next; ``depends_on``: id -> {app: version}."""
    result = []
    for i, mid in enumerate(ids):
        version, _, name = mid.partition("_")
        parent = ids[i - 1].partition("_")[0] if i else None
        deps = (depends_on or {}).get(mid, {})
        result.append(Migration(app, version, name, parent, "sqlite", Path(app, mid), deps))
    return result


def order(steps: list[Step]) -> list[str]:
    return [f"{s.migration.app} {s.migration.id}" for s in steps]


# shop comes first in the config, but its first migration references a users table that
# users' second migration creates
SHOP = chain(
    "shop", "0001_initial", "0002_add_price", depends_on={"0001_initial": {"users": "0002"}}
)
USERS = chain("users", "0001_initial", "0002_add_profile")
AVAILABLE = {"shop": SHOP, "users": USERS}


# -- upgrade ---------------------------------------------------------------------------------


def test_upgrade_runs_dependencies_of_other_apps_first() -> None:
    steps = plan_upgrade(AVAILABLE, {}, {})
    assert order(steps) == [
        "users 0001_initial",
        "users 0002_add_profile",
        "shop 0001_initial",
        "shop 0002_add_price",
    ]
    assert {s.direction for s in steps} == {Direction.UP}


def test_upgrade_skips_what_is_applied() -> None:
    applied = {"users": ["0001", "0002"], "shop": ["0001"]}
    assert order(plan_upgrade(AVAILABLE, applied, {})) == ["shop 0002_add_price"]
    everything = {"users": ["0001", "0002"], "shop": ["0001", "0002"]}
    assert plan_upgrade(AVAILABLE, everything, {}) == []


def test_upgrade_stops_at_the_target() -> None:
    assert order(plan_upgrade({"users": USERS}, {}, {"users": "0001"})) == ["users 0001_initial"]
    assert order(plan_upgrade({"users": USERS}, {}, {"users": "profile"})) == [
        "users 0001_initial",
        "users 0002_add_profile",
    ]


def test_upgrade_to_an_unknown_version_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match=r"unknown migration '0042' for app users; known: "):
        plan_upgrade({"users": USERS}, {}, {"users": "0042"})


def test_a_history_the_folder_does_not_match_is_refused() -> None:
    with pytest.raises(MigrationFileError, match="0007 is applied in the database but missing"):
        plan_upgrade({"users": USERS}, {"users": ["0001", "0007"]}, {})
    with pytest.raises(MigrationFileError, match="0002 applied out of order"):
        plan_upgrade({"users": USERS}, {"users": ["0002"]}, {})


# -- downgrade -------------------------------------------------------------------------------

ALL_APPLIED = {"shop": ["0001", "0002"], "users": ["0001", "0002"]}


def test_downgrade_to_zero_is_the_exact_reverse_of_the_upgrade() -> None:
    steps = plan_downgrade(AVAILABLE, ALL_APPLIED, {"shop": "zero", "users": "zero"}, None)
    assert order(steps) == [
        "shop 0002_add_price",
        "shop 0001_initial",
        "users 0002_add_profile",
        "users 0001_initial",
    ]
    assert {s.direction for s in steps} == {Direction.DOWN}


def test_downgrade_by_steps_reverts_the_latest_of_each_app() -> None:
    assert order(plan_downgrade({"users": USERS}, {"users": ["0001", "0002"]}, {}, 1)) == [
        "users 0002_add_profile"
    ]
    assert order(plan_downgrade({"users": USERS}, {"users": ["0001", "0002"]}, {}, 5)) == [
        "users 0002_add_profile",
        "users 0001_initial",
    ]
    assert plan_downgrade({"users": USERS}, {}, {}, 1) == []


def test_downgrade_to_a_target_keeps_the_target() -> None:
    three = chain("users", "0001_initial", "0002_add_profile", "0003_add_avatar")
    applied = {"users": ["0001", "0002", "0003"]}
    assert order(plan_downgrade({"users": three}, applied, {"users": "0001"}, None)) == [
        "users 0003_add_avatar",
        "users 0002_add_profile",
    ]
    assert plan_downgrade({"users": three}, applied, {"users": "3"}, None) == []


def test_downgrade_to_an_unapplied_or_unknown_version_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="users: 0002_add_profile is not applied"):
        plan_downgrade({"users": USERS}, {"users": ["0001"]}, {"users": "0002"}, None)
    with pytest.raises(UsageError, match="unknown migration 'nope' for app users"):
        plan_downgrade({"users": USERS}, {"users": ["0001"]}, {"users": "nope"}, None)


# -- targets ---------------------------------------------------------------------------------

TARGETS = chain("models", "0001_initial", "0002_add_email", "0003_add_email_index")


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("0002", "0002_add_email"),
        ("2", "0002_add_email"),
        ("0002_add_email", "0002_add_email"),
        ("add_email", "0002_add_email"),
        ("index", "0003_add_email_index"),  # a unique part of a name
        ("add_email_index", "0003_add_email_index"),  # an exact name beats a part
    ],
)
def test_targets_resolve(target: str, expected: str) -> None:
    assert resolve_target(TARGETS, target, "models").id == expected


def test_ambiguous_or_unknown_targets_are_usage_errors() -> None:
    with pytest.raises(UsageError, match="matches 0002_add_email, 0003_add_email_index"):
        resolve_target(TARGETS, "email", "models")
    with pytest.raises(UsageError, match=r"unknown migration 'nope'.*known: 0001_initial"):
        resolve_target(TARGETS, "nope", "models")
    with pytest.raises(UsageError, match="known: none"):
        resolve_target([], "0001", "models")
