"""pyproject.toml editing works across the whole tomlkit range the package admits.

The venv holds the pinned (newest tested) tomlkit; this test installs the oldest version
``pyproject.toml`` allows into a private folder and runs the pyproject-editing tests again
with that version first on the path. Catches a private tomlkit API creeping back in.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from packaging.version import Version

ROOT = Path(__file__).resolve().parent.parent


def oldest_admitted(package: str) -> str:
    """The lower bound ``package>=X`` in pyproject.toml's dependencies."""
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    match = re.search(rf'"{package}>=([0-9][0-9.]*)', text)
    assert match, f"pyproject.toml has no lower bound for {package}"
    return match.group(1)


@pytest.mark.timeout(300)
def test_pyproject_editing_with_the_oldest_admitted_tomlkit(tmp_path: Path) -> None:
    version = oldest_admitted("tomlkit")
    target = tmp_path / "site"
    install = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--target",
            str(target),
            f"tomlkit=={version}",
        ],
        capture_output=True,
        text=True,
        env={**os.environ, "PIP_CONSTRAINT": ""},
    )
    assert install.returncode == 0, install.stderr
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(target), str(ROOT)])}
    probe = subprocess.run(
        [sys.executable, "-c", "import tomlkit; print(tomlkit.__version__)"],
        capture_output=True,
        text=True,
        env=env,
    )
    assert Version(probe.stdout.strip()) == Version(version)
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "-p",
            "no:xdist",
            "-k",
            "init",
            str(ROOT / "tests" / "test_pyproject.py"),
        ],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
    )
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-2000:]
    assert re.search(r"\b\d+ passed\b", run.stdout), run.stdout[-2000:]
