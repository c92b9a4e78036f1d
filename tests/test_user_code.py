"""user_code: the one importer of user code, and the file:line every failure names.

Each failure is written as a real module, imported three ways: through ``import_fresh``
directly, as the settings module (``load_tortoise_config`` -> ConfigError) and as a models
module (``import_models_modules`` -> ModelsError). The line numbers below are those of the
module bodies written here.
"""

from __future__ import annotations

import json
import subprocess
import sys
import traceback
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from migrator.errors import ConfigError, ModelsError
from migrator.model_import import import_models_modules
from migrator.tortoise_config import load_tortoise_config
from migrator.user_code import FailureKind, ImportFailure, import_fresh, raise_site


@dataclass(frozen=True)
class Project:
    """A uniquely named package ``pkg`` under ``root`` (on sys.path)."""

    root: Path
    pkg: str

    def write(self, module: str, body: str) -> Path:
        path = self.root / self.pkg / f"{module}.py"
        path.write_text(body)
        return path


@pytest.fixture
def project(tmp_path: Path) -> Iterator[Project]:
    pkg = f"uc_{uuid.uuid4().hex[:10]}"
    (tmp_path / pkg).mkdir()
    (tmp_path / pkg / "__init__.py").write_text("")
    saved_path = list(sys.path)
    sys.path.insert(0, str(tmp_path))
    yield Project(tmp_path, pkg)
    sys.path[:] = saved_path
    for name in [m for m in sys.modules if m == pkg or m.startswith(pkg + ".")]:
        del sys.modules[name]


def json_raise_site() -> str:
    """file:line inside the json package where ``json.loads('{broken')`` raises."""
    try:
        json.loads("{broken")
    except json.JSONDecodeError as exc:
        frame = traceback.extract_tb(exc.__traceback__)[-1]
        return f"{frame.filename}:{frame.lineno}"
    raise AssertionError("json.loads accepted '{broken'")


@dataclass(frozen=True)
class Case:
    target: str  # the body of <pkg>/target.py
    kind: FailureKind
    site: str  # {target}, {helper} and {json} are filled in
    summary: str  # "Type: message", as reported (passwords masked)
    helper: str = ""  # the body of <pkg>/helper.py, if any


CASES = {
    "raises": Case(
        "import os\n\nDB = 'postgres://app:hunter2@db:5432/shop'\n"
        "raise RuntimeError('cannot reach ' + DB)\n",
        FailureKind.RAISED,
        "{target}:4",
        "RuntimeError: cannot reach postgres://app:***@db:5432/shop",
    ),
    "raises inside a function": Case(
        "import os\n\n\ndef load():\n    return os.environ['MIGRATOR_SURELY_UNSET_XYZ']\n\n\n"
        "TORTOISE_ORM = load()\n",
        FailureKind.RAISED,
        "{target}:5 (raised in ",  # os.py, or <frozen os> where the interpreter freezes it
        "KeyError: 'MIGRATOR_SURELY_UNSET_XYZ'",
    ),
    "raises in a helper module": Case(
        "from . import helper\n\nTORTOISE_ORM = helper.build()\n",
        FailureKind.RAISED,
        "{helper}:2",
        "ValueError: password=*** is wrong",
        helper="def build():\n    raise ValueError('password=s3cret is wrong')\n",
    ),
    "raised in library code": Case(
        "import json\n\nTORTOISE_ORM = json.loads('{broken')\n",
        FailureKind.RAISED,
        "{target}:3 (raised in {json})",
        "JSONDecodeError: Expecting property name enclosed in double quotes: line 1 column 2"
        " (char 1)",
    ),
    "imports something missing": Case(
        "import os\nimport not_installed_anywhere_xyz\n",
        FailureKind.RAISED,
        "{target}:2",
        "ModuleNotFoundError: No module named 'not_installed_anywhere_xyz'",
    ),
    "syntax error": Case(
        "X = 1\nTORTOISE_ORM = {\n",
        FailureKind.SYNTAX_ERROR,
        "{target}:2",
        "SyntaxError: '{' was never closed (target.py, line 2)",
    ),
    "syntax error in a module it imports": Case(
        "from . import helper\n",
        FailureKind.SYNTAX_ERROR,
        "{helper}:3",
        "SyntaxError: unmatched ')' (helper.py, line 3)",
        helper="import os\n\nx = )\n",
    ),
    "exits": Case(
        "import sys\n\nsys.exit('settings: DATABASE_URL is not set')\n",
        FailureKind.RAISED,
        "{target}:3",
        "SystemExit: settings: DATABASE_URL is not set",
    ),
}


def write_case(project: Project, case: Case) -> tuple[str, str]:
    """Write the case's modules; the module name and the site it must report."""
    target = project.write("target", case.target)
    helper = project.write("helper", case.helper) if case.helper else project.root
    site = case.site.format(target=target, helper=helper, json=json_raise_site())
    return f"{project.pkg}.target", site


@pytest.mark.parametrize("name", CASES)
def test_import_fresh_names_the_site(project: Project, name: str) -> None:
    case = CASES[name]
    module, site = write_case(project, case)
    with pytest.raises(ImportFailure) as info:
        import_fresh([module])
    failure = info.value
    assert (failure.module, failure.kind) == (module, case.kind)
    assert failure.site.startswith(site), (failure.site, site)
    assert failure.summary == case.summary
    assert "hunter2" not in str(failure) and "s3cret" not in str(failure)
    assert failure.__cause__ is failure.error


@pytest.mark.parametrize("name", CASES)
def test_settings_module_failures(project: Project, name: str) -> None:
    case = CASES[name]
    module, site = write_case(project, case)
    with pytest.raises(ConfigError) as info:
        load_tortoise_config(f"{module}.TORTOISE_ORM", project.root)
    message = str(info.value)
    assert message.startswith(f"importing {module!r} failed: {case.summary} at {site}")
    assert message.endswith("; fix that module so it imports")
    assert "\n" not in message and "hunter2" not in message and "s3cret" not in message


@pytest.mark.parametrize("name", CASES)
def test_models_module_failures(project: Project, name: str) -> None:
    case = CASES[name]
    module, site = write_case(project, case)
    with pytest.raises(ModelsError) as info:
        import_models_modules([module])
    message = str(info.value)
    if case.kind is FailureKind.SYNTAX_ERROR:
        reason = case.summary.removeprefix("SyntaxError: ").rpartition(" (")[0]
        assert message == (
            f"models module {module!r} has a syntax error: {reason} ({site}); "
            "fix it so the module imports"
        )
    else:
        assert message.startswith(
            f"importing models module {module!r} failed: {case.summary} (at {site}"
        )
        assert message.endswith("); fix that module so it imports")
    assert "\n" not in message and "hunter2" not in message and "s3cret" not in message


def test_exact_sites_for_the_raising_settings_module(project: Project) -> None:
    """The same as above, written out in full for one module."""
    target = project.write("target", CASES["raises"].target)
    with pytest.raises(ConfigError) as info:
        load_tortoise_config(f"{project.pkg}.target.TORTOISE_ORM", project.root)
    assert str(info.value) == (
        f"importing '{project.pkg}.target' failed: RuntimeError: cannot reach "
        f"postgres://app:***@db:5432/shop at {target}:4; fix that module so it imports"
    )
    with pytest.raises(ModelsError) as models_info:
        import_models_modules([f"{project.pkg}.target"])
    assert str(models_info.value) == (
        f"importing models module '{project.pkg}.target' failed: RuntimeError: cannot reach "
        f"postgres://app:***@db:5432/shop (at {target}:4); fix that module so it imports"
    )


def test_the_module_itself_missing(project: Project) -> None:
    module = f"{project.pkg}.nothing_here"
    with pytest.raises(ImportFailure) as info:
        import_fresh([module])
    assert (info.value.kind, info.value.missing, info.value.site) == (
        FailureKind.NOT_FOUND,
        module,
        "",
    )
    with pytest.raises(ConfigError) as config_info:
        load_tortoise_config(f"{module}.TORTOISE_ORM", project.root)
    assert str(config_info.value) == (
        f"cannot import {module!r} (tortoise_orm = '{module}.TORTOISE_ORM'): no module "
        f"{module!r} in src_folder {project.root} or on sys.path; "
        "fix tortoise_orm or src_folder in [tool.migrator]"
    )
    with pytest.raises(ModelsError, match=rf"^models module '{module}' not found \(No module"):
        import_models_modules([module])
    # a missing parent package is the module itself too
    with pytest.raises(ImportFailure) as parent:
        import_fresh(["uc_no_such_package_xyz.models"])
    assert (parent.value.kind, parent.value.missing) == (
        FailureKind.NOT_FOUND,
        "uc_no_such_package_xyz",
    )


def test_a_syntax_error_raised_at_run_time_names_the_calling_line(project: Project) -> None:
    """compile() of a string has no file of its own: the user's line that called it counts."""
    target = project.write("target", "X = 1\nY = compile('x = (', '<string>', 'exec')\n")
    with pytest.raises(ImportFailure) as info:
        import_fresh([f"{project.pkg}.target"])
    assert info.value.site == f"{target}:2"


def test_import_fresh_reads_edited_files_and_writes_no_bytecode(project: Project) -> None:
    write_bytecode = sys.dont_write_bytecode
    project.write("target", "VALUE = 1\n")
    assert import_fresh([f"{project.pkg}.target"])[0].VALUE == 1
    project.write("target", "VALUE = 2\n")  # same size, likely the same second
    assert import_fresh([f"{project.pkg}.target"])[0].VALUE == 2
    assert not list((project.root / project.pkg).glob("__pycache__/target.*"))
    assert sys.dont_write_bytecode == write_bytecode  # restored


def test_raise_site_skips_the_import_machinery() -> None:
    try:
        __import__("importlib").import_module("uc_no_such_module_at_all_xyz")
    except ModuleNotFoundError as exc:
        site = raise_site(exc)
    assert site.startswith(f"{__file__}:"), site


def test_importing_user_code_does_not_import_tortoise() -> None:
    code = (
        "import sys, migrator.user_code\n"
        "print(sorted(m for m in sys.modules if m.startswith(('tortoise', 'tomlkit'))))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
