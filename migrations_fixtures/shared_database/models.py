"""The Tortoise side of the shared database: customers and their invoices."""

from tortoise import fields
from tortoise.models import Model


class Customer(Model):
    id = fields.IntField(primary_key=True)
    email = fields.CharField(max_length=255, unique=True)
    name = fields.CharField(max_length=100)

    class Meta:
        table = "customer"


class Invoice(Model):
    id = fields.IntField(primary_key=True)
    customer: fields.ForeignKeyRelation[Customer] = fields.ForeignKeyField(
        "models.Customer", related_name="invoices", on_delete=fields.CASCADE
    )
    total = fields.DecimalField(max_digits=10, decimal_places=2)
    issued_on = fields.DateField()

    class Meta:
        table = "invoice"
