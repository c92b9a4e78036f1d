"""The billing app: invoices of accounts of the accounts app (version 3)."""

from tortoise import fields
from tortoise.models import Model


class Invoice(Model):
    """An invoice: one foreign key to the account's id, one to its code."""

    id = fields.IntField(primary_key=True)
    account = fields.ForeignKeyField(
        "accounts.Account", related_name="invoices", on_delete=fields.CASCADE
    )
    payer = fields.ForeignKeyField(
        "accounts.Account",
        related_name="paid_invoices",
        to_field="code",
        null=True,
        on_delete=fields.SET_NULL,
    )
    #: who last changed the invoice (added in version 3)
    editor = fields.ForeignKeyField(
        "accounts.Account", related_name="edited_invoices", null=True, on_delete=fields.SET_NULL
    )
    amount = fields.DecimalField(max_digits=10, decimal_places=2)

    class Meta:
        table = "billing_invoice"
