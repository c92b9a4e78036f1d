-- migrator downgrade: billing 0003_auto (postgres)
-- parent: 0002_auto
-- The runner applies this file in one transaction together with its history row (so no BEGIN/COMMIT here).

-- [1/2] alter column billing_invoice.payer_id (type)
-- DESTRUCTIVE: this can lose data; review before applying
ALTER TABLE "billing_invoice" ALTER COLUMN "payer_id" TYPE VARCHAR(40);

-- [2/2] drop column billing_invoice.editor_id
-- DESTRUCTIVE: this can lose data; review before applying
ALTER TABLE "billing_invoice" DROP COLUMN "editor_id";
