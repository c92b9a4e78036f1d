"""Tortoise settings for the not_null_additions example; MIGRATOR_DB_URL picks the database."""

import os

TORTOISE_ORM = {
    "connections": {"default": os.environ.get("MIGRATOR_DB_URL", "sqlite://db.sqlite3")},
    "apps": {"models": {"models": ["models"], "default_connection": "default"}},
}
