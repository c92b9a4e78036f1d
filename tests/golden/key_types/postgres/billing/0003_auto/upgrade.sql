-- migrator upgrade: billing 0003_auto (postgres)
-- parent: 0002_auto
-- Blocks marked OUTSIDE TRANSACTION run without a transaction, each statement
-- committing on its own; the other blocks run in transactions (no BEGIN/COMMIT
-- here). The runner records each step as it runs and resumes after a failure.

-- [1/2] add column billing_invoice.editor_id
-- OUTSIDE TRANSACTION: the foreign key is added NOT VALID (a brief lock) and validated in its own transaction, whose scan lets writes through
ALTER TABLE "billing_invoice" ADD COLUMN "editor_id" BIGINT;
COMMENT ON COLUMN "billing_invoice"."editor_id" IS 'who last changed the invoice (added in version 3)';
ALTER TABLE "billing_invoice" ADD CONSTRAINT "billing_invoice_editor_id_fkey" FOREIGN KEY ("editor_id") REFERENCES "accounts_account" ("id") ON DELETE SET NULL NOT VALID;
ALTER TABLE "billing_invoice" VALIDATE CONSTRAINT "billing_invoice_editor_id_fkey";

-- [2/2] alter column billing_invoice.payer_id (type)
ALTER TABLE "billing_invoice" ALTER COLUMN "payer_id" TYPE VARCHAR(60);
