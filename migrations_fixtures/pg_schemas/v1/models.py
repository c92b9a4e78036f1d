"""A lending library over PostgreSQL schemas (version 1, see project.toml): the catalogue in
schema "library", the members and loans in the connection's own schema (public)."""

from tortoise import fields
from tortoise.models import Model


class Member(Model):
    id = fields.IntField(primary_key=True)
    name = fields.CharField(max_length=100)
    # public -> library, through table member_author in public
    favourite_authors = fields.ManyToManyField("models.Author", related_name="fans")

    class Meta:
        table = "member"


class Tag(Model):
    id = fields.IntField(primary_key=True)
    label = fields.CharField(max_length=50, unique=True)

    class Meta:
        table = "tag"


class Note(Model):
    """A note about a member."""

    id = fields.IntField(primary_key=True)
    text = fields.TextField()

    class Meta:
        table = "note"


class Author(Model):
    id = fields.IntField(primary_key=True)
    name = fields.CharField(max_length=100, description="as printed on the cover")
    born = fields.IntField(null=True)

    class Meta:
        table = "author"
        schema = "library"
        table_description = "writers of the catalogue"


class Book(Model):
    id = fields.IntField(primary_key=True)
    title = fields.CharField(max_length=200)
    # library -> library
    author = fields.ForeignKeyField("models.Author", related_name="books")
    # library -> public
    shelved_by = fields.ForeignKeyField(
        "models.Member", related_name="shelved", null=True, on_delete=fields.SET_NULL
    )
    # library -> public, through table book_tag in library
    tags = fields.ManyToManyField("models.Tag", related_name="books")

    class Meta:
        table = "book"
        schema = "library"


class CatalogueNote(Model):
    """A note about a book (Tortoise 1.1.9's generate_schemas orders tables by bare name, so
    a second table "note" in another schema is beyond it: this one is catalogue_note)."""

    id = fields.IntField(primary_key=True)
    book = fields.ForeignKeyField("models.Book", related_name="notes")
    remark = fields.CharField(max_length=200)

    class Meta:
        table = "catalogue_note"
        schema = "library"


class Loan(Model):
    id = fields.IntField(primary_key=True)
    # public -> library
    book = fields.ForeignKeyField("models.Book", related_name="loans")
    member = fields.ForeignKeyField("models.Member", related_name="loans")
    due = fields.DateField(null=True)

    class Meta:
        table = "loan"
