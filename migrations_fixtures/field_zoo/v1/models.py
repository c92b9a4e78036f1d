"""Every Tortoise field type in one table, plus a UUID-keyed table (version 1)."""

from datetime import date
from decimal import Decimal
from enum import Enum, IntEnum

from tortoise import fields
from tortoise.fields import Now, SqlDefault
from tortoise.models import Model


class Color(str, Enum):
    RED = "red"
    GREEN = "green"
    BLUE = "blue"


class Priority(IntEnum):
    LOW = 1
    NORMAL = 2
    HIGH = 3


class Specimen(Model):
    """One row holding a value of every field type."""

    id = fields.IntField(primary_key=True)
    counter = fields.IntField(db_default=0)
    small = fields.SmallIntField(db_default=1)
    big = fields.BigIntField(db_default=SqlDefault("1000"))
    level = fields.SmallIntField()
    code = fields.CharField(max_length=50)
    title = fields.CharField(max_length=100)
    body = fields.TextField(null=True)
    flag = fields.BooleanField(db_default=False)
    #: Money: exact decimal
    price = fields.DecimalField(max_digits=10, decimal_places=2, db_default=Decimal("0.00"))
    created = fields.DatetimeField(auto_now_add=True)
    modified = fields.DatetimeField(auto_now=True)
    seen_at = fields.DatetimeField(db_default=Now())
    day = fields.DateField(db_default=date(2000, 1, 1))
    at_time = fields.TimeField(null=True)
    duration = fields.TimeDeltaField(null=True)
    ratio = fields.FloatField(db_default=1.5)
    payload = fields.JSONField(null=True)
    ref = fields.UUIDField(unique=True)
    blob = fields.BinaryField(null=True)
    priority = fields.IntEnumField(Priority, db_default=Priority.NORMAL)
    color = fields.CharEnumField(Color, db_default=Color.RED)
    quantity = fields.IntField(null=True)
    rank = fields.IntField()
    label = fields.CharField(max_length=30, null=True)
    nickname = fields.CharField(max_length=40, null=True)

    class Meta:
        table = "specimen"


class Token(Model):
    """An API token; its primary key is a UUID."""

    id = fields.UUIDField(primary_key=True)
    specimen: fields.ForeignKeyNullableRelation[Specimen] = fields.ForeignKeyField(
        "models.Specimen", related_name="tokens", null=True, on_delete=fields.SET_NULL
    )
    scope = fields.CharField(max_length=20, db_default="read")
    expires_at = fields.DatetimeField(null=True)

    class Meta:
        table = "token"
