"""model_import: fresh imports, and ``#:`` comments read with one source scan per file.

A generated module of 200 models (comments, multi-line comments, docstrings, ``{model}``
placeholders, a mixin, decorators, a redefined class, classes nested in a class and in a
function) is captured with and without the fast comment reader: the states and every field's
description and docstring must be identical, and the fast reader must have parsed the file
once.
"""

from __future__ import annotations

import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from migrator.capture import capture_app, capture_apps, load_models
from migrator.dialects import get_dialect
from migrator.errors import ModelsError
from migrator.model_import import CommentStats, FastComments, import_models_modules
from migrator.state import SchemaState

MODEL_COUNT = 200

HEADER = """
from tortoise import fields
from tortoise.models import Model


def tagged(cls):
    return cls


class AuditMixin:
    #: who touched {model} last
    touched_by = fields.CharField(max_length=50, null=True)


class Base(Model):
    #: the {model} title
    title = fields.CharField(max_length=80)

    class Meta:
        abstract = True
"""

EXTRAS = """

class Dup(Model):
    #: first definition: inspect.getsource finds this one
    value = fields.IntField()


class Dup(Model):  # noqa: F811
    #: second definition
    value = fields.IntField()

    class Meta:
        table = "dup"


class Holder:
    class Nested(Model):
        #: nested in a plain class
        value = fields.IntField()


Nested = Holder.Nested


def make():
    class Local(Model):
        #: defined in a function
        value = fields.IntField()

    return Local


Local = make()
"""


def model_source(i: int) -> str:
    """One model; features rotate so the file has every shape many times."""
    lines = []
    if i % 5 == 0:
        lines.append("@tagged")
    bases = "Base, AuditMixin" if i % 2 else "Base"
    lines.append(f"class Model{i}({bases}):")
    if i % 3 == 0:
        lines.append(f'    """Model number {i} of {{model}}.\n\n    More about it.\n    """\n')
    lines.append(f"    #: name of {{model}} number {i}")
    lines.append(f"    name = fields.CharField(max_length={20 + i % 50}, db_index={i % 4 == 0})")
    if i % 3 == 1:
        lines += ["    #: a multi-line", "    #:   comment for {model}", "    #: third line"]
    lines.append("    count = fields.IntField(default=0)")
    lines.append('    note = fields.TextField(null=True, description="described, no #:")')
    lines.append("    # a private comment, not a #: one")
    lines.append("    flag = fields.BooleanField(default=False)")
    if i % 4 == 1:
        lines.append("    #: link back")
        lines.append(
            f'    prev = fields.ForeignKeyField("models.Model{i - 1}", related_name="next{i}")'
        )
    if i % 7 == 0:
        lines += ["", "    class Meta:", f'        table = "table_{i}"']
    return "\n".join(lines) + "\n"


def big_module_source(count: int = MODEL_COUNT) -> str:
    models = "\n\n".join(model_source(i) for i in range(count))
    return HEADER + "\n\n" + models + EXTRAS


def write_package(root: Path, prefix: str, source: str) -> str:
    package = f"{prefix}_{uuid.uuid4().hex[:10]}"
    (root / package).mkdir()
    (root / package / "__init__.py").write_text("")
    (root / package / "models.py").write_text(source)
    return f"{package}.models"


@contextmanager
def on_path(root: Path, module: str) -> Iterator[str]:
    sys.path.insert(0, str(root))
    try:
        yield module
    finally:
        sys.path.remove(str(root))
        package = module.partition(".")[0]
        for name in [m for m in sys.modules if m == package or m.startswith(package + ".")]:
            del sys.modules[name]


@pytest.fixture(scope="module")
def big_module(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("big")
    with on_path(root, write_package(root, "bigmods", big_module_source())) as module:
        yield module


@pytest.fixture
def small_module(tmp_path: Path) -> Iterator[str]:
    with on_path(tmp_path, write_package(tmp_path, "smallmods", big_module_source(20))) as module:
        yield module


def config(module: str) -> dict[str, Any]:
    return {
        "connections": {"default": "sqlite://:memory:"},
        "apps": {"models": {"models": [module]}},
    }


@dataclass
class Loaded:
    state: SchemaState
    texts: dict[str, Any]


def load(module: str, fast: bool) -> Loaded:
    """The captured state, every table comment and every field's description and docstring."""
    apps = load_models(config(module), fast_comments=fast)
    texts: dict[str, Any] = {}
    for name, model in apps["models"].items():
        texts[name] = model._meta.table_description
        for field_name, field in model._meta.fields_map.items():
            texts[f"{name}.{field_name}"] = (field.description, field.docstring)
    return Loaded(capture_app(apps, "models", get_dialect("postgres")), texts)


@pytest.fixture(scope="module")
def fast_and_slow(big_module: str) -> tuple[Loaded, Loaded]:
    # the slow import of 200 models takes seconds: done once for the tests below
    return load(big_module, fast=True), load(big_module, fast=False)


def test_fast_and_slow_capture_are_identical(fast_and_slow: tuple[Loaded, Loaded]) -> None:
    fast, slow = fast_and_slow
    assert fast.state == slow.state
    assert fast.state.to_dict() == slow.state.to_dict()
    assert len(fast.state.tables) == MODEL_COUNT + 3  # + Dup, Nested, Local


def test_fast_and_slow_field_comments_are_identical(fast_and_slow: tuple[Loaded, Loaded]) -> None:
    fast, slow = fast_and_slow
    assert fast.texts == slow.texts
    texts = fast.texts
    # the comparison is not vacuous: the comments really are there
    assert texts["Model7.name"] == ("name of Model7 number 7", "name of Model7 number 7")
    assert texts["Model6.count"] == (None, None)
    multi = "a multi-line\ncomment for Model1\nthird line"
    assert texts["Model1.count"] == ("a multi-line", multi)
    # the abstract base's field object is shared: its comment is read from Base's source
    assert texts["Model3.title"] == ("the Base title", "the Base title")
    assert texts["Model3.note"] == ("described, no #:", None)
    assert texts["Model5.prev"] == ("link back", "link back")
    assert texts["Model6"] == "Model number 6 of {model}."
    assert texts["Dup.value"][1] == "first definition: inspect.getsource finds this one"
    assert texts["Nested.value"][1] == "nested in a plain class"
    assert texts["Local.value"][1] == "defined in a function"
    assert fast.state.table("table_7").column("name").comment == "name of Model7 number 7"


def test_capture_apps_takes_the_fast_path(
    big_module: str, fast_and_slow: tuple[Loaded, Loaded]
) -> None:
    states = capture_apps(config(big_module), {"models": get_dialect("postgres")})
    assert states["models"] == fast_and_slow[1].state


def test_the_fast_reader_parses_each_file_once(big_module: str, small_module: str) -> None:
    modules, stats = import_models_modules([big_module], fast_comments=True)
    assert stats.parsed_files == [modules[0].__file__] and stats.files_parsed == 1
    # every Model class (the abstract Base and both Dups too) but the one in a function
    assert stats.fast == MODEL_COUNT + 4
    assert stats.fallbacks == 1
    _, stats = import_models_modules([small_module], fast_comments=False)
    assert (stats.files_parsed, stats.fast, stats.fallbacks) == (0, 0, 0)


def test_fast_reader_equals_tortoise_for_each_class(small_module: str) -> None:
    import tortoise.models
    from tortoise.models import Model

    modules, _ = import_models_modules([small_module], fast_comments=False)
    original = tortoise.models._get_comments
    reader = FastComments(original, CommentStats())
    classes = [
        v
        for v in vars(modules[0]).values()
        if isinstance(v, type) and issubclass(v, Model) and v is not Model
    ]
    assert len(classes) == 20 + 4  # Base, Dup, Nested, Local
    for cls in classes:
        assert reader(cls) == original(cls), cls.__qualname__
    assert reader.stats.files_parsed == 1


def test_original_reader_restored_after_a_failing_import(tmp_path: Path) -> None:
    import tortoise.models

    original = tortoise.models._get_comments
    source = big_module_source(3) + "\nraise RuntimeError('late failure')\n"
    with (
        on_path(tmp_path, write_package(tmp_path, "failmods", source)) as module,
        pytest.raises(ModelsError, match="RuntimeError: late failure"),
    ):
        import_models_modules([module])
    assert tortoise.models._get_comments is original
