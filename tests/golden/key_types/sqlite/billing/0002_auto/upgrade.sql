-- migrator upgrade: billing 0002_auto (sqlite)
-- parent: 0001_initial
-- The runner applies this file in one transaction together with its history row (so no BEGIN/COMMIT here).

-- [1/1] alter column billing_invoice.account_id (type); alter column billing_invoice.payer_id (type)
CREATE TABLE "_migrator_new_billing_invoice" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "amount" VARCHAR(40) NOT NULL,
    "account_id" BIGINT NOT NULL REFERENCES "accounts_account" ("id") ON DELETE CASCADE,
    "payer_id" VARCHAR(40) REFERENCES "accounts_account" ("code") ON DELETE SET NULL
) /* An invoice: one foreign key to the account's id, one to its code. */;
INSERT INTO "_migrator_new_billing_invoice" ("id", "amount", "account_id", "payer_id") SELECT "id", "amount", "account_id", "payer_id" FROM "billing_invoice";
DELETE FROM "sqlite_sequence" WHERE "name" = '_migrator_new_billing_invoice';
INSERT INTO "sqlite_sequence" ("name", "seq") SELECT '_migrator_new_billing_invoice', "seq" FROM "sqlite_sequence" WHERE "name" = 'billing_invoice';
DROP TABLE "billing_invoice";
PRAGMA legacy_alter_table=ON;
ALTER TABLE "_migrator_new_billing_invoice" RENAME TO "billing_invoice";
PRAGMA legacy_alter_table=OFF;
