"""Load the Tortoise models of a config into a private app registry: afresh, fast, and with
every failure turned into one clear ModelsError line.

Fresh: the modules are imported through ``migrator.user_code`` (the one importer of user
code, which also says where a failure happened); the configured modules and the modules their
models were defined in are dropped from ``sys.modules`` first, so a long-lived process sees
the files as they are now.

Fast: Tortoise's model metaclass calls ``inspect.getsource`` on every class to read ``#:``
field comments, and ``inspect`` parses the whole module for each class, so a file of N models
costs O(N^2). While we import, ``tortoise.models._get_comments`` is replaced by an equivalent
that parses each file once and then cuts each class's block out of it exactly as
``inspect.getsource`` does. Whatever it cannot handle goes to the original function, so the
comments (they become column comments) are always identical.
"""

from __future__ import annotations

import ast
import inspect
import linecache
import os
import re
import sys
import warnings
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from types import ModuleType
from typing import TYPE_CHECKING, Any

from migrator.errors import ConfigError, ModelsError
from migrator.user_code import FailureKind, ImportFailure, import_fresh, is_library_file

# Tortoise's own pattern (tortoise/models.py ``_get_comments``); kept verbatim.
_COMMENT_RE = re.compile(r"((?:(?!\n|^)[^\w\n]*#:.*?\n)+?)[^\w\n]*(\w+)\s*[:=]")
_CLEAN_RE = re.compile(r"(^\s*#:\s*|\s*$)", flags=re.MULTILINE)

if TYPE_CHECKING:
    from tortoise.apps import Apps

GetComments = Callable[[type], dict[str, str]]


@dataclass
class CommentStats:
    """What the comment reader did during one import (tests assert the fast path ran)."""

    files_parsed: int = 0  # source files read and parsed once each
    fast: int = 0  # classes answered from the per-file map
    fallbacks: int = 0  # classes handed to Tortoise's original function
    parsed_files: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class _SourceMap:
    lines: list[str]
    class_starts: dict[str, int]  # qualname -> 0-based first line (first decorator included)


def class_starts(tree: ast.Module) -> dict[str, int]:
    """Every class's qualname -> 0-based first line (its first decorator), found the way
    ``inspect._ClassFinder`` finds one: the same depth-first order over the same nodes, and
    the first definition of a qualname wins. Expressions cannot hold a class statement, so
    they are skipped, which is where the time would go."""
    starts: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.ClassDef):
            stack.append(node.name)
            first = node.decorator_list[0].lineno if node.decorator_list else node.lineno
            starts.setdefault(".".join(stack), first - 1)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            stack.extend((node.name, "<locals>"))
        for child in ast.iter_child_nodes(node):
            if not isinstance(child, ast.expr):
                visit(child)
        if isinstance(node, ast.ClassDef):
            stack.pop()
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            del stack[-2:]

    visit(tree)
    return starts


class FastComments:
    """A drop-in for ``tortoise.models._get_comments`` that reads each source file once."""

    def __init__(self, original: GetComments, stats: CommentStats) -> None:
        self.original = original
        self.stats = stats
        self._maps: dict[tuple[str, int, int], _SourceMap] = {}

    def __call__(self, cls: type) -> dict[str, str]:
        try:
            source = self._class_source(cls)
        except Exception:  # whatever surprises the fast path, the original decides
            source = None
        if source is None:
            self.stats.fallbacks += 1
            return self.original(cls)
        self.stats.fast += 1
        return _comments_from_source(cls, source)

    def _class_source(self, cls: type) -> str | None:
        """The text ``inspect.getsource(cls)`` returns, or None where this is not certain."""
        qualname = cls.__qualname__
        module = sys.modules.get(cls.__module__)
        filename = getattr(module, "__file__", None)
        if (
            module is None
            or not isinstance(filename, str)
            or not filename.endswith(".py")
            or "<locals>" in qualname
            or hasattr(cls, "__wrapped__")
        ):
            return None
        stat = os.stat(filename)
        key = (filename, stat.st_mtime_ns, stat.st_size)
        source_map = self._maps.get(key)
        if source_map is None:
            source_map = self._maps[key] = self._parse(filename, module)
        start = source_map.class_starts.get(qualname)
        if start is None:
            return None
        return "".join(inspect.getblock(source_map.lines[start:]))

    def _parse(self, filename: str, module: ModuleType) -> _SourceMap:
        # The same lines inspect.findsource reads: linecache, refreshed if the file changed.
        linecache.checkcache(filename)
        lines = linecache.getlines(filename, module.__dict__)
        try:
            starts = class_starts(ast.parse("".join(lines)))
        except (SyntaxError, ValueError, RecursionError):
            starts = {}  # every class of this file goes to the original function
        self.stats.files_parsed += 1
        self.stats.parsed_files.append(filename)
        return _SourceMap(lines, starts)


def _comments_from_source(cls: type, source: str) -> dict[str, str]:
    """Tortoise's loop: for each class of the MRO (the class itself last, so it wins) every
    match in the class's own source, ``{model}`` replaced by that class's name. The regex
    runs once; Tortoise reruns it per MRO entry on the same text, with the same result."""
    matches = [(name, _CLEAN_RE.sub("", text)) for text, name in _COMMENT_RE.findall(source)]
    comments: dict[str, str] = {}
    for cls_ in reversed(cls.__mro__):
        if cls_ is object:
            continue
        for name, comment in matches:
            comments[name] = comment.replace("{model}", cls_.__name__)
    return comments


@contextmanager
def comment_reader(fast: bool = True) -> Iterator[CommentStats]:
    """Within the block Tortoise reads ``#:`` comments through ``FastComments`` (if ``fast``);
    the original function is always restored afterwards."""
    import tortoise.models as tortoise_models

    stats = CommentStats()
    original = tortoise_models._get_comments
    if fast:
        tortoise_models._get_comments = FastComments(original, stats)
    try:
        yield stats
    finally:
        tortoise_models._get_comments = original


# -- the app registry ------------------------------------------------------------------
def load_models(tortoise_config: Mapping[str, Any], *, fast_comments: bool = True) -> Apps:
    """A private Tortoise app registry with every app of the config, relations resolved.

    The models modules are imported afresh (``import_models_modules``); nothing connects
    to a database and Tortoise's global state is left alone.
    """
    from tortoise.apps import Apps
    from tortoise.connection import ConnectionHandler
    from tortoise.exceptions import ConfigurationError

    app_configs = app_modules(tortoise_config)
    names = [n for c in app_configs.values() for n in c.modules if isinstance(n, str)]
    names = list(dict.fromkeys(names))
    modules, _ = import_models_modules(names, fast_comments=fast_comments)
    imported = dict(zip(names, modules, strict=True))
    generator = tortoise_config.get("table_name_generator")
    apps = Apps(
        {},
        connections=ConnectionHandler(),
        table_name_generator=generator if callable(generator) else None,
        validate_connections=False,
    )
    try:
        with warnings.catch_warnings():
            # "Module has no models": an app may list a helper module; not worth a warning.
            warnings.filterwarnings("ignore", message=r"Module .* has no models")
            for label, app in app_configs.items():
                modules = [imported[m] if isinstance(m, str) else m for m in app.modules]
                for model in apps.init_app(label, modules, _init_relations=False).values():
                    model._meta.default_connection = app.connection
        apps._init_relations()
        for model in apps.get_models_iterable():
            model._check()
    except ConfigurationError as exc:
        raise ModelsError(f"invalid Tortoise models: {exc}") from exc
    return apps


@dataclass(frozen=True, slots=True)
class AppModules:
    """One app of the Tortoise config: its models modules and its connection name."""

    modules: tuple[str | ModuleType, ...]
    connection: str


def app_modules(tortoise_config: Mapping[str, Any]) -> dict[str, AppModules]:
    """The config's apps, checked: each names its models modules and a known connection."""
    apps = tortoise_config.get("apps")
    if not isinstance(apps, Mapping) or not apps:
        raise ConfigError('the Tortoise config has no "apps"; add at least one app with models')
    connections = tortoise_config.get("connections") or {}
    configs: dict[str, AppModules] = {}
    for label, app in apps.items():
        modules = app.get("models") if isinstance(app, Mapping) else None
        if isinstance(modules, (str, ModuleType)):
            modules = [modules]
        if not isinstance(modules, Sequence) or not modules:
            raise ConfigError(f'Tortoise app {label!r} has no "models" list; name its modules')
        connection = str(app.get("default_connection", "default"))
        if connections and connection not in connections:
            raise ConfigError(
                f"Tortoise app {label!r} uses unknown connection {connection!r}; "
                f"the config defines {', '.join(sorted(connections))}"
            )
        configs[str(label)] = AppModules(tuple(modules), connection)
    return configs


# -- fresh imports -----------------------------------------------------------------------
def import_models_modules(
    names: Sequence[str], *, fast_comments: bool = True
) -> tuple[list[ModuleType], CommentStats]:
    """Import ``names`` from the files as they are now. Raises ModelsError on any failure."""
    stale = stale_modules(names)
    with comment_reader(fast_comments) as stats:
        try:
            modules = import_fresh(names, stale=stale)
        except ImportFailure as failure:
            raise ModelsError(_describe(failure)) from failure.error
    return modules, stats


def stale_modules(names: Iterable[str]) -> set[str]:
    """The configured modules, their submodules, and the project modules that defined the
    model classes (and their mixins and abstract bases) those modules expose right now."""
    loaded = list(sys.modules)
    stale: set[str] = set()
    for name in names:
        stale.update(m for m in loaded if m == name or m.startswith(name + "."))
        module = sys.modules.get(name)
        if module is not None:
            stale.update(_defining_modules(module))
    return stale


def _defining_modules(module: ModuleType) -> set[str]:
    from tortoise.models import Model

    found: set[str] = set()
    for value in list(vars(module).values()):
        if isinstance(value, type) and issubclass(value, Model):
            found.update(base.__module__ for base in value.__mro__[:-1])
    return {name for name in found if _is_project_module(name)}


def _is_project_module(name: str) -> bool:
    """Not Tortoise, the standard library or an installed package: those are never stale."""
    if name == "tortoise" or name.startswith("tortoise.") or name in sys.builtin_module_names:
        return False
    filename = getattr(sys.modules.get(name), "__file__", None)
    if not isinstance(filename, str):
        return False
    return not is_library_file(filename)


def _describe(failure: ImportFailure) -> str:
    """One line saying which models module failed, why, where, and what to do."""
    from tortoise.exceptions import ConfigurationError

    name = failure.module
    if failure.kind is FailureKind.NOT_FOUND:
        return (
            f'models module {name!r} not found ({failure.message}); check the app\'s "models" '
            "list in the Tortoise config and that src_folder (or sys.path) contains its package"
        )
    if failure.kind is FailureKind.SYNTAX_ERROR:
        return (
            f"models module {name!r} has a syntax error: {failure.message} "
            f"({failure.site}); fix it so the module imports"
        )
    if isinstance(failure.error, ConfigurationError):
        return (
            f"invalid Tortoise model in {name!r}: {failure.message} (at {failure.site}); "
            "fix the model"
        )
    return (
        f"importing models module {name!r} failed: {failure.summary} (at {failure.site}); "
        "fix that module so it imports"
    )
