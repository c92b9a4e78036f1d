"""Tortoise settings for the key_types example; MIGRATOR_DB_URL picks the database."""

import os

TORTOISE_ORM = {
    "connections": {"default": os.environ.get("MIGRATOR_DB_URL", "sqlite://db.sqlite3")},
    "apps": {
        "accounts": {"models": ["accounts_models"], "default_connection": "default"},
        "billing": {"models": ["billing_models"], "default_connection": "default"},
    },
}
