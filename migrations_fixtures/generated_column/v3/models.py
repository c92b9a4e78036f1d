"""A new subtitle column joins the search expression, which changes its text-search
configuration (version 3)."""

from tortoise import fields
from tortoise.contrib.postgres.fields import TSVectorField
from tortoise.contrib.postgres.indexes import GinIndex
from tortoise.models import Model


class Article(Model):
    id = fields.IntField(primary_key=True)
    title = fields.CharField(max_length=200)
    subtitle = fields.CharField(max_length=200, null=True)
    body = fields.TextField(null=True)
    search = TSVectorField(
        source_fields=("title", "subtitle", "body"),
        config="simple",
        weights=("A", "B", "C"),
        description="what full-text search reads",
    )
    published = fields.BooleanField(default=False)

    class Meta:
        table = "article"
        indexes = (GinIndex(fields=("search",)),)
