-- migrator downgrade: billing 0005_auto (postgres)
-- parent: 0004_auto
-- The runner applies this file in one transaction together with its history row (so no BEGIN/COMMIT here).

-- [1/2] alter column billing_payment.id (type, identity)
-- DESTRUCTIVE: this can lose data; review before applying
ALTER TABLE "billing_payment" ALTER COLUMN "id" TYPE INT USING "id"::INT;
ALTER SEQUENCE "billing_payment_id_seq" AS INT;

-- [2/2] drop table billing_receipt
-- DESTRUCTIVE: this can lose data; review before applying
DROP TABLE "billing_receipt";
