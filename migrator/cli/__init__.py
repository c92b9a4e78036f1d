"""The ``migrator`` command line: parse options, run a Command coroutine, echo the result.

This is the only place that prints, prompts or exits. Every error becomes one line on stderr
and its exit code (2 for usage errors); tracebacks only with --verbose. Whatever goes to the
terminal on an error path passes through ``mask_text`` with the passwords of the loaded
config, so a driver message or a traceback cannot show one. Heavy imports (tortoise, drivers)
happen inside the commands so that ``migrator --help`` stays fast.

``app`` holds the click group ``main``, its Context, error handling and shared options; the
command modules register their commands on it when imported here: ``authoring`` (init,
migrate, merge, check), ``applying`` (upgrade, downgrade, stamp, init-db, adopt) and
``inspecting`` (history, heads, status, validate, fix-checksums, drift, plan, lint).
"""

from __future__ import annotations

from migrator.cli import applying, authoring, inspecting  # noqa: F401  (they register commands)
from migrator.cli.app import main

__all__ = ["main"]
