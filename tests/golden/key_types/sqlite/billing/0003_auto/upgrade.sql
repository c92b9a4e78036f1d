-- migrator upgrade: billing 0003_auto (sqlite)
-- parent: 0002_auto
-- The runner applies this file in one transaction together with its history row (so no BEGIN/COMMIT here).

-- [1/2] add column billing_invoice.editor_id
ALTER TABLE "billing_invoice" ADD COLUMN "editor_id" BIGINT REFERENCES "accounts_account" ("id") ON DELETE SET NULL /* who last changed the invoice (added in version 3) */;

-- [2/2] alter column billing_invoice.payer_id (type)
CREATE TABLE "_migrator_new_billing_invoice" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "amount" VARCHAR(40) NOT NULL,
    "account_id" BIGINT NOT NULL REFERENCES "accounts_account" ("id") ON DELETE CASCADE,
    "payer_id" VARCHAR(60) REFERENCES "accounts_account" ("code") ON DELETE SET NULL,
    "editor_id" BIGINT REFERENCES "accounts_account" ("id") ON DELETE SET NULL /* who last changed the invoice (added in version 3) */
) /* An invoice: one foreign key to the account's id, one to its code. */;
INSERT INTO "_migrator_new_billing_invoice" ("id", "amount", "account_id", "payer_id", "editor_id") SELECT "id", "amount", "account_id", "payer_id", "editor_id" FROM "billing_invoice";
DELETE FROM "sqlite_sequence" WHERE "name" = '_migrator_new_billing_invoice';
INSERT INTO "sqlite_sequence" ("name", "seq") SELECT '_migrator_new_billing_invoice', "seq" FROM "sqlite_sequence" WHERE "name" = 'billing_invoice';
DROP TABLE "billing_invoice";
PRAGMA legacy_alter_table=ON;
ALTER TABLE "_migrator_new_billing_invoice" RENAME TO "billing_invoice";
PRAGMA legacy_alter_table=OFF;
