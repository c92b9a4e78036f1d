"""Articles with a generated full-text search column over the title (version 1)."""

from tortoise import fields
from tortoise.contrib.postgres.fields import TSVectorField
from tortoise.contrib.postgres.indexes import GinIndex
from tortoise.models import Model


class Article(Model):
    id = fields.IntField(primary_key=True)
    title = fields.CharField(max_length=200)
    body = fields.TextField(null=True)
    search = TSVectorField(
        source_fields=("title",), config="english", description="what full-text search reads"
    )
    published = fields.BooleanField(default=False)

    class Meta:
        table = "article"
        indexes = (GinIndex(fields=("search",)),)
