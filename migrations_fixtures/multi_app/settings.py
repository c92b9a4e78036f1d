"""Tortoise settings for the multi_app example; MIGRATOR_DB_URL picks the database."""

import os

TORTOISE_ORM = {
    "connections": {"default": os.environ.get("MIGRATOR_DB_URL", "sqlite://db.sqlite3")},
    "apps": {
        "users": {"models": ["users_models"], "default_connection": "default"},
        "shop": {"models": ["shop_models"], "default_connection": "default"},
    },
}
