-- migrator downgrade: billing 0004_auto (postgres)
-- parent: 0003_auto
-- The runner applies this file in one transaction together with its history row (so no BEGIN/COMMIT here).

-- [1/3] alter column billing_invoice.editor_id (comment)
COMMENT ON COLUMN "billing_invoice"."editor_id" IS 'who last changed the invoice (added in version 3)';

-- [2/3] alter column billing_invoice.id (type, identity)
-- DESTRUCTIVE: this can lose data; review before applying
ALTER TABLE "billing_invoice" ALTER COLUMN "id" TYPE INT USING "id"::INT;
ALTER SEQUENCE "billing_invoice_id_seq" AS INT;

-- [3/3] drop table billing_payment
-- DESTRUCTIVE: this can lose data; review before applying
DROP TABLE "billing_payment";
