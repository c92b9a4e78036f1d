"""The store app: items filed under a catalog category by its code (version 1)."""

from tortoise import fields
from tortoise.models import Model


class Item(Model):
    id = fields.IntField(primary_key=True)
    name = fields.CharField(max_length=100)
    category = fields.ForeignKeyField(
        "catalog.Category", related_name="items", to_field="code", on_delete=fields.CASCADE
    )

    class Meta:
        table = "store_item"
