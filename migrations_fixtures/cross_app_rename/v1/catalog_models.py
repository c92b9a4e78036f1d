"""The catalog app: categories, referenced by the store app through their code (version 1)."""

from tortoise import fields
from tortoise.models import Model


class Category(Model):
    id = fields.IntField(primary_key=True)
    code = fields.CharField(max_length=50, unique=True)
    name = fields.CharField(max_length=100)

    class Meta:
        table = "catalog_category"
