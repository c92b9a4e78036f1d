-- migrator upgrade: billing 0001_initial (postgres)
-- parent: none (first migration)
-- The runner applies this file in one transaction together with its history row (so no BEGIN/COMMIT here).

-- [1/1] create table billing_invoice
CREATE TABLE "billing_invoice" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "amount" DECIMAL(10,2) NOT NULL,
    "account_id" INT NOT NULL REFERENCES "accounts_account" ("id") ON DELETE CASCADE,
    "payer_id" VARCHAR(20) REFERENCES "accounts_account" ("code") ON DELETE SET NULL
);
COMMENT ON TABLE "billing_invoice" IS 'An invoice: one foreign key to the account''s id, one to its code.';
