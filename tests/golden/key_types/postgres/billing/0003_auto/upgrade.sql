-- migrator upgrade: billing 0003_auto (postgres)
-- parent: 0002_auto
-- The runner applies this file in one transaction together with its history row (so no BEGIN/COMMIT here).

-- [1/2] add column billing_invoice.editor_id
ALTER TABLE "billing_invoice" ADD COLUMN "editor_id" BIGINT REFERENCES "accounts_account" ("id") ON DELETE SET NULL;
COMMENT ON COLUMN "billing_invoice"."editor_id" IS 'who last changed the invoice (added in version 3)';

-- [2/2] alter column billing_invoice.payer_id (type)
ALTER TABLE "billing_invoice" ALTER COLUMN "payer_id" TYPE VARCHAR(60);
