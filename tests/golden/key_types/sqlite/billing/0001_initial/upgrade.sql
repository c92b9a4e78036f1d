-- migrator upgrade: billing 0001_initial (sqlite)
-- parent: none (first migration)
-- The runner applies this file in one transaction together with its history row (so no BEGIN/COMMIT here).

-- [1/1] create table billing_invoice
CREATE TABLE "billing_invoice" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "amount" VARCHAR(40) NOT NULL,
    "account_id" INT NOT NULL REFERENCES "accounts_account" ("id") ON DELETE CASCADE,
    "payer_id" VARCHAR(20) REFERENCES "accounts_account" ("code") ON DELETE SET NULL
) /* An invoice: one foreign key to the account's id, one to its code. */;
