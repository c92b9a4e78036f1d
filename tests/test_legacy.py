"""migrator/legacy.py: which other migration tool a folder or a database belongs to, and the
one line every verb prints for it."""

from __future__ import annotations

from pathlib import Path

from migrator import legacy


def test_an_aerich_folder_is_named_by_its_module(tmp_path: Path) -> None:
    (tmp_path / "0_20240501120000_init.py").write_text("")
    (tmp_path / "1_20240502120000_update.py").write_text("")
    found = legacy.folder_tool(tmp_path)
    assert found == legacy.OtherTool(
        "Aerich", f"{tmp_path} holds its migration 0_20240501120000_init.py"
    )


# the head of a module Tortoise's migration writer writes (tortoise/migrations/writer.py)
TORTOISE_MODULE = """\
from tortoise import migrations
from tortoise.migrations import operations as ops


class Migration(migrations.Migration):
    initial = True
"""


def test_a_tortoise_migrations_package_is_told_apart(tmp_path: Path) -> None:
    (tmp_path / "__init__.py").write_text("")
    (tmp_path / "0001_initial.py").write_text(TORTOISE_MODULE)
    found = legacy.folder_tool(tmp_path)
    assert found is not None and found.tool == "Tortoise's built-in migrations"
    line = legacy.takeover_message(found, "migrate")
    assert line.startswith("migrate: this is a project using Tortoise's built-in migrations (")
    assert line.endswith('(README "Coming from Tortoise\'s built-in migrations")')


def test_migrator_folders_and_missing_ones_are_no_other_tool(tmp_path: Path) -> None:
    (tmp_path / "0001_initial").mkdir()
    (tmp_path / "0001_initial" / "migration.py").write_text("")  # migrator's data migration
    assert legacy.folder_tool(tmp_path) is None
    assert legacy.folder_tool(tmp_path / "absent") is None


def test_other_python_files_beside_migrations_are_no_other_tool(tmp_path: Path) -> None:
    """A package marker or a helper module in the migrations folder is not Tortoise's
    migration package (every verb would refuse the project)."""
    (tmp_path / "__init__.py").write_text("")
    (tmp_path / "helpers.py").write_text("def slug(text):\n    return text.lower()\n")
    assert legacy.folder_tool(tmp_path) is None


def test_history_tables_name_the_tool() -> None:
    assert legacy.table_tool({"user", "aerich"}) == legacy.OtherTool(
        "Aerich", "the database has its history table aerich"
    )
    found = legacy.table_tool({"tortoise_migrations"})
    assert found is not None and found.tool == "Tortoise's built-in migrations"
    assert legacy.table_tool({"user", "migrator_history"}) is None


def test_the_message_is_one_line_naming_adopt_and_a_folder_of_its_own() -> None:
    found = legacy.OtherTool("Aerich", "the database has its history table aerich")
    in_folder = legacy.takeover_message(found, "status")
    in_database = legacy.takeover_message(found, "status", in_folder=False)
    for line in (in_folder, in_database):
        assert "\n" not in line and "`migrator adopt`" in line
        assert line.startswith("status: this is an Aerich project (the database has its")
    assert '`location = "./db_migrations"`' in in_folder
    assert "migrator has applied nothing to it" in in_database
