"""The one importer of user code: the settings module that holds the Tortoise config and the
models modules it lists.

``import_fresh`` reads the files as they are now (a long-lived process sees edits) and turns
every failure into an ``ImportFailure``: the module itself is missing, it has a syntax error,
or it raised (any exception, SystemExit included, and a ModuleNotFoundError of something it
imports) while it ran. The failure names where: ``file:line`` of the user's own frame, plus
``(raised in file:line)`` when the exception came out of library code (the standard library,
an installed package, Tortoise). Its text is one line with passwords masked. Callers choose
the error class and the advice (ConfigError for the settings module, ModelsError for models).
"""

from __future__ import annotations

import enum
import importlib
import os
import sys
import sysconfig
import traceback
from collections.abc import Iterable, Sequence
from functools import lru_cache
from types import ModuleType

from migrator.dsn import mask_text

UNKNOWN_SITE = "unknown location"


class FailureKind(enum.Enum):
    NOT_FOUND = "not found"  # the module itself (or a package on its dotted path) is missing
    SYNTAX_ERROR = "syntax error"  # in the module or in a module it imports
    RAISED = "raised"  # anything else that escaped while the module ran


class ImportFailure(Exception):
    """Importing a user module failed. Not a MigratorError on purpose: every caller turns it
    into its own error class with its own advice (the original exception is ``error``)."""

    def __init__(self, module: str, kind: FailureKind, error: BaseException, site: str) -> None:
        self.module = module
        self.kind = kind
        self.error = error
        self.site = site  # "file:line" or "file:line (raised in file:line)"; "" if NOT_FOUND
        super().__init__(f"importing {module!r} failed: {self.summary} at {site or module}")

    @property
    def message(self) -> str:
        """The exception's own text on one line, passwords masked."""
        if isinstance(self.error, SyntaxError) and self.kind is FailureKind.SYNTAX_ERROR:
            text = str(self.error.msg)
        else:
            text = str(self.error)
        return mask_text(" ".join(text.split()))

    @property
    def summary(self) -> str:
        """``Type: message`` (a SyntaxError keeps Python's ``(file, line N)`` suffix)."""
        text = mask_text(" ".join(str(self.error).split()))
        return f"{type(self.error).__name__}: {text}" if text else type(self.error).__name__

    @property
    def missing(self) -> str:
        """The module name Python could not find (NOT_FOUND)."""
        return getattr(self.error, "name", None) or self.module


def import_fresh(names: Sequence[str], *, stale: Iterable[str] = ()) -> list[ModuleType]:
    """Import ``names`` in order from the files as they are now. ``names`` and ``stale``
    (modules the caller knows depend on edited files) are dropped from ``sys.modules`` first.
    Raises ImportFailure for the first module that fails."""
    for name in {*names, *stale}:
        sys.modules.pop(name, None)
    importlib.invalidate_caches()
    # No .pyc: a file rewritten within the same second with the same size would otherwise
    # come back from a stale cache on the next import.
    write_bytecode = sys.dont_write_bytecode
    sys.dont_write_bytecode = True
    try:
        return [_import(name) for name in names]
    finally:
        sys.dont_write_bytecode = write_bytecode


def _import(name: str) -> ModuleType:
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError as exc:
        if _is_module_itself(name, exc.name):
            raise ImportFailure(name, FailureKind.NOT_FOUND, exc, "") from exc
        raise ImportFailure(name, FailureKind.RAISED, exc, raise_site(exc)) from exc
    except SyntaxError as exc:
        raise ImportFailure(name, FailureKind.SYNTAX_ERROR, exc, raise_site(exc)) from exc
    except (Exception, SystemExit) as exc:
        raise ImportFailure(name, FailureKind.RAISED, exc, raise_site(exc)) from exc


def _is_module_itself(name: str, missing: str | None) -> bool:
    return missing is not None and (name == missing or name.startswith(missing + "."))


def raise_site(exc: BaseException) -> str:
    """Where ``exc`` happened, as ``file:line``: a syntax error's own position; otherwise the
    innermost frame of the user's code, followed by ``(raised in file:line)`` when the
    innermost frame of all is library code. The import machinery and migrator's own frames
    never count."""
    if isinstance(exc, SyntaxError) and exc.filename and not exc.filename.startswith("<"):
        return f"{exc.filename}:{exc.lineno}"
    frames = [
        f"{frame.filename}:{frame.lineno}"
        for frame in traceback.extract_tb(exc.__traceback__)
        if not _is_machinery(frame.filename)
    ]
    if not frames:
        return UNKNOWN_SITE
    own = [frame for frame in frames if not is_library_file(frame)]
    if own and own[-1] != frames[-1]:
        return f"{own[-1]} (raised in {frames[-1]})"
    return frames[-1]


def _is_machinery(filename: str) -> bool:
    """importlib (frozen or not) and migrator itself: how the import ran, not what failed."""
    return (
        filename.startswith("<frozen importlib.")
        or filename == importlib.__file__
        or filename.startswith(_migrator_dir())
    )


def is_library_file(filename: str) -> bool:
    """Not a file of the user's project: the standard library (``<frozen os>`` included), an
    installed package, Tortoise (wherever it is installed from), or code without a file."""
    if filename.startswith("<"):
        return True
    prefixes = _installed_prefixes()
    tortoise = sys.modules.get("tortoise")
    tortoise_file = getattr(tortoise, "__file__", None)
    if isinstance(tortoise_file, str):
        prefixes = (*prefixes, os.path.join(os.path.dirname(tortoise_file), ""))
    return filename.startswith(prefixes)


@lru_cache(maxsize=1)
def _installed_prefixes() -> tuple[str, ...]:
    paths = sysconfig.get_paths()
    keys = ("stdlib", "platstdlib", "purelib", "platlib")
    return tuple(sorted({os.path.join(paths[key], "") for key in keys}))


@lru_cache(maxsize=1)
def _migrator_dir() -> str:
    return os.path.join(os.path.dirname(os.path.abspath(__file__)), "")
