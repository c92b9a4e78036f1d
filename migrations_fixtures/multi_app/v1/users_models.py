"""The users app: accounts (version 1)."""

from tortoise import fields
from tortoise.models import Model


class User(Model):
    """An account holder."""

    id = fields.IntField(primary_key=True)
    email = fields.CharField(max_length=255, unique=True)
    name = fields.CharField(max_length=100)

    class Meta:
        table = "users_user"
