"""The catalog app: categories, referenced by the store app through their slug (version 3)."""

from tortoise import fields
from tortoise.models import Model


class Category(Model):
    id = fields.IntField(primary_key=True)
    slug = fields.CharField(max_length=50, unique=True)
    name = fields.CharField(max_length=100)
    description = fields.TextField(null=True)
    position = fields.IntField(default=0)

    class Meta:
        table = "catalog_category"
