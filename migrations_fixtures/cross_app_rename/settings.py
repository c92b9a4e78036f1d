"""Tortoise settings for the cross_app_rename example; MIGRATOR_DB_URL picks the database."""

import os

TORTOISE_ORM = {
    "connections": {"default": os.environ.get("MIGRATOR_DB_URL", "sqlite://db.sqlite3")},
    "apps": {
        "catalog": {"models": ["catalog_models"], "default_connection": "default"},
        "store": {"models": ["store_models"], "default_connection": "default"},
    },
}
