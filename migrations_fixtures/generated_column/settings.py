"""Tortoise settings for the generated_column example (PostgreSQL only); MIGRATOR_DB_URL picks
the database."""

import os

TORTOISE_ORM = {
    "connections": {
        "default": os.environ.get("MIGRATOR_DB_URL", "postgres://postgres@127.0.0.1:5432/articles")
    },
    "apps": {"models": {"models": ["models"], "default_connection": "default"}},
}
