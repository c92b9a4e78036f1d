"""Testing users' migrations: fresh databases on the project's dialect (``sandbox``) and the
checks that ``pytest --migrator`` runs (``checks``). The pytest plugin
(migrator.contrib.pytest_plugin) is a thin layer over these; they need no pytest."""

from migrator.testing.sandbox import MigratorDatabase, Sandbox

__all__ = ["MigratorDatabase", "Sandbox"]
