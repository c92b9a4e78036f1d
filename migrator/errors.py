"""One error tree. Every message says what is wrong and what to do next."""

from __future__ import annotations


class MigratorError(Exception):
    """Base of every error migrator raises on purpose. The CLI turns it into one line."""

    exit_code = 1


class UsageError(MigratorError):
    """The command line or the call itself is wrong (exit code 2, like click)."""

    exit_code = 2


class ConfigError(MigratorError):
    """pyproject.toml, [tool.migrator] or the Tortoise config is missing or invalid."""


class UnknownAppError(UsageError, ConfigError):
    """``--app`` names an app the Tortoise config does not define: a usage error (exit 2)
    about the config, so it is caught as either."""


class ModelsError(MigratorError):
    """The Tortoise models could not be imported or described."""


class SnapshotError(MigratorError):
    """A stored snapshot is missing, corrupt or of an unknown format."""


class AmbiguousChangeError(MigratorError):
    """A judgement call (rename, fill value) needs an answer that was not given."""


class UnsafeMigrationError(MigratorError):
    """``migrate`` would write a migration the database refuses on a table with rows."""


class MigrationFileError(MigratorError):
    """The migrations folder is inconsistent: missing files, duplicate versions, branches."""


class DatabaseError(MigratorError):
    """The database could not be reached or refused a command outside a migration."""


class MissingDatabaseError(DatabaseError):
    """The database is a file that does not exist, and the verb does not create one."""

    def __init__(self, message: str, path: str) -> None:
        super().__init__(message)
        self.path = path


class ApplyError(MigratorError):
    """A migration statement failed; the message names the file, statement and server error."""


class LockTimeoutError(MigratorError):
    """Another runner holds the deploy lock for longer than the lock timeout."""

    exit_code = 3


class ChecksumError(MigratorError):
    """An applied migration's file changed or disappeared since it was applied."""


class ConflictError(MigratorError):
    """Another run changed the database between planning and acting (a confirmed downgrade
    plan no longer holds once the lock is taken)."""


class DriftError(MigratorError):
    """The database does not hold what the pending migrations expect to change."""


class DestructiveMigrationError(MigratorError):
    """``upgrade --no-destructive`` found pending migrations with unacknowledged findings of
    destructive lint rules; nothing was applied."""
