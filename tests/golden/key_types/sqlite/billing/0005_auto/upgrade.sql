-- migrator upgrade: billing 0005_auto (sqlite)
-- parent: 0004_auto
-- The runner applies this file in one transaction together with its history row (so no BEGIN/COMMIT here).

-- [1/2] create table billing_receipt
CREATE TABLE "billing_receipt" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "number" VARCHAR(30) NOT NULL,
    "payment_id" BIGINT NOT NULL REFERENCES "billing_payment" ("id") ON DELETE CASCADE
) /* A receipt for a payment (added in version 5, while billing_payment.id becomes BIGINT: */;

-- [2/2] alter column billing_payment.id (type)
CREATE TABLE "_migrator_new_billing_payment" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "amount" VARCHAR(40) NOT NULL,
    "account_id" BIGINT NOT NULL REFERENCES "accounts_account" ("id") ON DELETE RESTRICT
) /* A payment by an account (added in version 4). */;
INSERT INTO "_migrator_new_billing_payment" ("id", "amount", "account_id") SELECT "id", "amount", "account_id" FROM "billing_payment";
DELETE FROM "sqlite_sequence" WHERE "name" = '_migrator_new_billing_payment';
INSERT INTO "sqlite_sequence" ("name", "seq") SELECT '_migrator_new_billing_payment', "seq" FROM "sqlite_sequence" WHERE "name" = 'billing_payment';
DROP TABLE "billing_payment";
PRAGMA legacy_alter_table=ON;
ALTER TABLE "_migrator_new_billing_payment" RENAME TO "billing_payment";
PRAGMA legacy_alter_table=OFF;
