-- migrator downgrade: billing 0003_auto (postgres)
-- parent: 0002_auto
-- Blocks marked OUTSIDE TRANSACTION run without a transaction, each statement
-- committing on its own; the other blocks run in transactions (no BEGIN/COMMIT
-- here). The runner records each step as it runs and resumes after a failure.

-- [1/2] alter column billing_invoice.payer_id (type) (undoes upgrade [2/2])
-- DESTRUCTIVE: this can lose data; review before applying
ALTER TABLE "billing_invoice" ALTER COLUMN "payer_id" TYPE VARCHAR(40);

-- [2/2] drop column billing_invoice.editor_id (undoes upgrade [1/2])
-- DESTRUCTIVE: this can lose data; review before applying
ALTER TABLE "billing_invoice" DROP COLUMN "editor_id";
