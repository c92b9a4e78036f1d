"""A small shop: customers, a category tree, tagged products and orders (version 1)."""

from tortoise import fields
from tortoise.fields import Now
from tortoise.indexes import Index
from tortoise.models import Model


class TimestampMixin:
    """Creation and modification times; the database fills them for raw inserts too."""

    created_at = fields.DatetimeField(auto_now_add=True, db_default=Now())
    updated_at = fields.DatetimeField(auto_now=True, db_default=Now())


class BaseModel(Model):
    """Abstract base: every table gets an integer surrogate key."""

    id = fields.IntField(primary_key=True)

    class Meta:
        abstract = True


class User(TimestampMixin, BaseModel):
    """A registered customer."""

    #: Public login name
    username = fields.CharField(max_length=50, unique=True)
    email = fields.CharField(max_length=255, unique=True, description="Contact address")
    first_name = fields.CharField(max_length=50)
    last_name = fields.CharField(max_length=50)

    class Meta:
        table = "user"


class Category(BaseModel):
    """A node in the catalogue tree."""

    name = fields.CharField(max_length=100)
    slug = fields.CharField(max_length=100, unique=True)
    parent: fields.ForeignKeyNullableRelation["Category"] = fields.ForeignKeyField(
        "models.Category", related_name="children", null=True, on_delete=fields.SET_NULL
    )

    class Meta:
        table = "category"


class Tag(BaseModel):
    name = fields.CharField(max_length=50, unique=True)

    class Meta:
        table = "tag"


class Product(TimestampMixin, BaseModel):
    """Something we sell."""

    name = fields.CharField(max_length=200)
    sku = fields.CharField(max_length=32, unique=True)
    #: Unit price in the shop currency
    price = fields.DecimalField(max_digits=10, decimal_places=2)
    stock = fields.IntField(db_default=0)
    category: fields.ForeignKeyRelation[Category] = fields.ForeignKeyField(
        "models.Category", related_name="products", on_delete=fields.RESTRICT
    )
    tags: fields.ManyToManyRelation[Tag] = fields.ManyToManyField(
        "models.Tag", related_name="products"
    )

    class Meta:
        table = "product"
        indexes = (("category", "name"),)


class Order(TimestampMixin, BaseModel):
    """A customer's basket once checked out."""

    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="orders", on_delete=fields.CASCADE
    )
    status = fields.CharField(max_length=20, db_default="new")
    total = fields.DecimalField(max_digits=12, decimal_places=2, db_default=0)
    coupon_code = fields.CharField(max_length=30, null=True)

    class Meta:
        table = "order"
        indexes = [Index(fields=("user_id", "status"), name="idx_order_user_status")]


class OrderLine(BaseModel):
    """One product in an order."""

    order: fields.ForeignKeyRelation[Order] = fields.ForeignKeyField(
        "models.Order", related_name="lines", on_delete=fields.CASCADE
    )
    product: fields.ForeignKeyRelation[Product] = fields.ForeignKeyField(
        "models.Product", related_name="order_lines", on_delete=fields.RESTRICT
    )
    quantity = fields.IntField()
    unit_price = fields.DecimalField(max_digits=10, decimal_places=2)

    class Meta:
        table = "order_line"
        unique_together = (("order", "product"),)
