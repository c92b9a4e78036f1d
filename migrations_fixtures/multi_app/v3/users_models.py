"""The users app: accounts and their addresses (version 3)."""

from tortoise import fields
from tortoise.models import Model


class User(Model):
    """An account holder."""

    id = fields.IntField(primary_key=True)
    email = fields.CharField(max_length=255, unique=True)
    name = fields.CharField(max_length=100)
    is_seller = fields.BooleanField(db_default=False, description="May list products in the shop")

    class Meta:
        table = "users_user"


class Address(Model):
    """A postal address of a user."""

    id = fields.IntField(primary_key=True)
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "users.User", related_name="addresses", on_delete=fields.CASCADE
    )
    line1 = fields.CharField(max_length=200)
    line2 = fields.CharField(max_length=200, null=True)
    city = fields.CharField(max_length=100)

    class Meta:
        table = "users_address"
