-- migrator downgrade: billing 0002_auto (postgres)
-- parent: 0001_initial
-- The runner applies this file in one transaction together with its history row (so no BEGIN/COMMIT here).

-- [1/2] alter column billing_invoice.payer_id (type)
-- DESTRUCTIVE: this can lose data; review before applying
ALTER TABLE "billing_invoice" ALTER COLUMN "payer_id" TYPE VARCHAR(20);

-- [2/2] alter column billing_invoice.account_id (type)
-- DESTRUCTIVE: this can lose data; review before applying
ALTER TABLE "billing_invoice" ALTER COLUMN "account_id" TYPE INT USING "account_id"::INT;
