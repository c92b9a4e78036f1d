"""The files ``migrate`` writes for every example project, byte for byte.

For each project in migrations_fixtures/ and each dialect, the model versions are migrated in
turn (with the project's declared renames) into an empty folder, and every file written must
equal the copy kept under tests/golden/<project>/<dialect>/. No database is needed: migrate
works from the models alone. The golden copies were written by the code as it stood before a
change and reviewed as migration SQL; a change that alters generated SQL on purpose updates
them (MIGRATOR_UPDATE_GOLDEN=1 pytest tests/test_golden.py) and the diff shows in review.
"""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

import pytest

from migrator.command import Command
from tests.integration.projects import FixtureProject, project_dialects

GOLDEN = Path(__file__).resolve().parent / "golden"
# never contacted: migrate reads only the models and the migrations folder
OFFLINE_URLS = {
    "postgres": "postgres://migrator@127.0.0.1:5432/golden",
    "mysql": "mysql://migrator@127.0.0.1:3306/golden",
}


def _url(dialect: str, tmp_path: Path) -> str:
    return OFFLINE_URLS.get(dialect) or f"sqlite://{tmp_path / 'golden.sqlite3'}"


def _files(root: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(root)): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


async def _generate(proj: FixtureProject, url: str, location: Path, workdir: Path) -> None:
    async with Command(proj.tortoise_config(url), location=location) as cmd:
        for index, step in enumerate(proj.steps):
            proj.materialize(index, workdir)
            written = await cmd.migrate(renames=step.renames, no_rename=step.no_rename)
            assert written, f"{proj.name} {step.dir}: no migration written"
    proj.forget_modules()


@pytest.mark.parametrize(("project", "dialect"), project_dialects())
def test_generated_files_match_the_golden_copies(
    project: str, dialect: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    proj = FixtureProject.load(project)
    workdir = tmp_path / "project"
    workdir.mkdir()
    monkeypatch.syspath_prepend(str(workdir))
    location = tmp_path / "migrations"
    asyncio.run(_generate(proj, _url(dialect, tmp_path), location, workdir))
    generated = _files(location)
    golden_dir = GOLDEN / project / dialect
    if os.environ.get("MIGRATOR_UPDATE_GOLDEN") == "1":
        for name, content in generated.items():
            target = golden_dir / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)
    golden = _files(golden_dir)
    assert sorted(generated) == sorted(golden), "a different set of files was written"
    for name, content in generated.items():
        assert content == golden[name], f"{project}/{dialect}/{name} differs from its golden copy"
