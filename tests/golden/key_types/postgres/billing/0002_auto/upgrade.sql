-- migrator upgrade: billing 0002_auto (postgres)
-- parent: 0001_initial
-- The runner applies this file in one transaction together with its history row (so no BEGIN/COMMIT here).

-- [1/2] alter column billing_invoice.account_id (type)
ALTER TABLE "billing_invoice" ALTER COLUMN "account_id" TYPE BIGINT USING "account_id"::BIGINT;

-- [2/2] alter column billing_invoice.payer_id (type)
ALTER TABLE "billing_invoice" ALTER COLUMN "payer_id" TYPE VARCHAR(40);
