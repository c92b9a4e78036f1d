"""The accounts app: accounts other apps point at (version 5)."""

from tortoise import fields
from tortoise.models import Model


class Account(Model):
    """An account; the billing app's foreign keys reference its id and its code."""

    id = fields.BigIntField(primary_key=True)
    code = fields.CharField(max_length=60, unique=True)
    name = fields.CharField(max_length=100)
    email = fields.CharField(max_length=200, null=True)
    #: added in version 5
    phone = fields.CharField(max_length=30, null=True)

    class Meta:
        table = "accounts_account"
