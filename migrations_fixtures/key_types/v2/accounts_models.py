"""The accounts app: accounts other apps point at (version 2)."""

from tortoise import fields
from tortoise.models import Model


class Account(Model):
    """An account; the billing app's foreign keys reference its id and its code."""

    id = fields.BigIntField(primary_key=True)
    code = fields.CharField(max_length=40, unique=True)
    name = fields.CharField(max_length=100)

    class Meta:
        table = "accounts_account"
