"""Many-to-many tables whose unnamed foreign keys must be found by their real names (version 5).

Tortoise creates a through table's two foreign keys without names; MySQL calls them
`<table>_ibfk_1` (the owner's key, written first) and `<table>_ibfk_2`. Here the owner's key
(zine_id) sorts after the other one (tag_id).
"""

from tortoise import fields
from tortoise.models import Model


class Tag(Model):
    id = fields.BigIntField(primary_key=True)
    label = fields.CharField(max_length=50)

    class Meta:
        table = "tag"


class Reader(Model):
    # version 5: IntField -> BigIntField in the migration that creates reader_tag
    id = fields.BigIntField(primary_key=True)
    name = fields.CharField(max_length=50)
    # added in version 5: reader_tag's first foreign key (reader_id) cannot exist until
    # reader.id is BIGINT, its second (tag_id) can
    tags = fields.ManyToManyField("models.Tag", related_name="readers")

    class Meta:
        table = "reader"


class Zine(Model):
    id = fields.BigIntField(primary_key=True)
    title = fields.CharField(max_length=100)
    tags = fields.ManyToManyField("models.Tag", related_name="zines")
    #: added in version 4: a second many-to-many from the same table
    readers = fields.ManyToManyField("models.Reader", related_name="zines")

    class Meta:
        table = "zine"
