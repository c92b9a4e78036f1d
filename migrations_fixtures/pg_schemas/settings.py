"""Tortoise settings for the pg_schemas example (PostgreSQL only); MIGRATOR_DB_URL picks the
database."""

import os

TORTOISE_ORM = {
    "connections": {
        "default": os.environ.get("MIGRATOR_DB_URL", "postgres://postgres@127.0.0.1:5432/library")
    },
    "apps": {"models": {"models": ["models"], "default_connection": "default"}},
}
