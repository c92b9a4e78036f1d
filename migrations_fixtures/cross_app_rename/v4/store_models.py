"""The store app: items filed under a catalog category by its slug (version 4)."""

from tortoise import fields
from tortoise.models import Model


class Item(Model):
    id = fields.IntField(primary_key=True)
    name = fields.CharField(max_length=100)
    category = fields.ForeignKeyField(
        "catalog.Category", related_name="items", to_field="slug", on_delete=fields.CASCADE
    )
    price = fields.DecimalField(max_digits=10, decimal_places=2, null=True)
    stock = fields.IntField(default=0)
    note = fields.CharField(max_length=200, null=True)

    class Meta:
        table = "store_item"
