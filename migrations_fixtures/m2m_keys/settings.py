"""Tortoise settings for the m2m_keys example; MIGRATOR_DB_URL picks the database."""

import os

TORTOISE_ORM = {
    "connections": {"default": os.environ.get("MIGRATOR_DB_URL", "sqlite://db.sqlite3")},
    "apps": {
        "models": {"models": ["models"], "default_connection": "default"},
    },
}
