"""Tortoise settings of the shop; SHOP_DATABASE_URL picks the PostgreSQL database."""

import os

TORTOISE_ORM = {
    "connections": {
        "default": os.environ.get("SHOP_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/shop")
    },
    "apps": {"models": {"models": ["models"], "default_connection": "default"}},
}
