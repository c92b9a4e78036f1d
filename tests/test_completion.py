"""Shell completion through click's own mechanism, for bash, zsh and fish."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def test_completion_scripts() -> None:
    """click's completion: `_MIGRATOR_COMPLETE=<shell>_source migrator` prints a script."""
    migrator = Path(sys.executable).parent / "migrator"
    expected = {"bash": "complete -o nosort -F", "zsh": "#compdef migrator", "fish": "complete"}
    for shell, marker in expected.items():
        env = {"_MIGRATOR_COMPLETE": f"{shell}_source", "PATH": str(migrator.parent)}
        result = subprocess.run([str(migrator)], env=env, capture_output=True, text=True)
        assert result.returncode == 0, result.stderr
        assert marker in result.stdout
        assert "_MIGRATOR_COMPLETE" in result.stdout  # the script calls migrator back
