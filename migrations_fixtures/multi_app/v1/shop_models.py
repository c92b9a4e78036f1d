"""The shop app: products and orders, placed by users of the users app (version 1)."""

from tortoise import fields
from tortoise.fields import Now
from tortoise.models import Model


class Product(Model):
    id = fields.IntField(primary_key=True)
    name = fields.CharField(max_length=200)
    price = fields.DecimalField(max_digits=10, decimal_places=2)

    class Meta:
        table = "shop_product"


class Order(Model):
    """An order; its customer lives in the users app."""

    id = fields.IntField(primary_key=True)
    customer = fields.ForeignKeyField(
        "users.User", related_name="orders", on_delete=fields.CASCADE
    )
    placed_at = fields.DatetimeField(db_default=Now())
    note = fields.CharField(max_length=200, null=True)

    class Meta:
        table = "shop_order"
