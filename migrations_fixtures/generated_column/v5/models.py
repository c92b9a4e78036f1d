"""subtitle is renamed standfirst: PostgreSQL rewrites the search expression that reads it
itself, so the rename is all the migration does (version 5)."""

from tortoise import fields
from tortoise.contrib.postgres.fields import TSVectorField
from tortoise.contrib.postgres.indexes import GinIndex
from tortoise.models import Model


class Article(Model):
    id = fields.IntField(primary_key=True)
    title = fields.CharField(max_length=200)
    standfirst = fields.CharField(max_length=200, null=True)
    body = fields.TextField(null=True)
    search = TSVectorField(
        source_fields=("title", "standfirst", "body"),
        config="simple",
        weights=("A", "B", "C"),
        description="what full-text search reads",
    )
    title_search = TSVectorField(source_fields=("title",), config="simple")
    published = fields.BooleanField(default=False)

    class Meta:
        table = "article"
        indexes = (GinIndex(fields=("search",)), GinIndex(fields=("title_search",)))
