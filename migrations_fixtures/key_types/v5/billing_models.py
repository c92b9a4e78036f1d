"""The billing app: invoices of accounts of the accounts app (version 5)."""

from tortoise import fields
from tortoise.models import Model


class Invoice(Model):
    """An invoice: one foreign key to the account's id, one to its code."""

    id = fields.BigIntField(primary_key=True)
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
    #: who last changed the invoice (added in version 4)
    editor = fields.ForeignKeyField(
        "accounts.Account", related_name="edited_invoices", null=True, on_delete=fields.SET_NULL
    )
    amount = fields.DecimalField(max_digits=10, decimal_places=2)

    class Meta:
        table = "billing_invoice"


class Payment(Model):
    """A payment by an account (added in version 4)."""

    # version 5: IntField -> BigIntField in the migration that creates billing_receipt
    id = fields.BigIntField(primary_key=True)
    account = fields.ForeignKeyField(
        "accounts.Account", related_name="payments", on_delete=fields.RESTRICT
    )
    amount = fields.DecimalField(max_digits=10, decimal_places=2)

    class Meta:
        table = "billing_payment"


class Receipt(Model):
    """A receipt for a payment (added in version 5, while billing_payment.id becomes BIGINT:
    its foreign key can only be created once both ends are BIGINT)."""

    id = fields.IntField(primary_key=True)
    payment = fields.ForeignKeyField(
        "billing.Payment", related_name="receipts", on_delete=fields.CASCADE
    )
    number = fields.CharField(max_length=30)

    class Meta:
        table = "billing_receipt"
