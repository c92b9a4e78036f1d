"""The shop's HTTP API. At start-up the lifespan applies whatever the pre-deploy job did not
(nothing, normally) under the deploy lock, then registers Tortoise without generate_schemas.

    uvicorn app:app --app-dir /srv/shop
"""

from pathlib import Path

from fastapi import FastAPI

from migrator.contrib.fastapi import lifespan
from models import Item

app = FastAPI(lifespan=lifespan(Path(__file__).resolve().with_name("pyproject.toml")))


@app.get("/items")
async def items() -> list[dict[str, object]]:
    """The listed items, by SKU."""
    return await Item.filter(is_active=True).order_by("sku").values("sku", "name")
