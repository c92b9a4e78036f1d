"""Tortoise settings; DATABASE_URL is the database SQLAlchemy/Alembic also use."""

import os

TORTOISE_ORM = {
    "connections": {"default": os.environ.get("DATABASE_URL", "sqlite://shared.sqlite3")},
    "apps": {"models": {"models": ["models"], "default_connection": "default"}},
}
