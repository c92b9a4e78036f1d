-- migrator upgrade: billing 0005_auto (postgres)
-- parent: 0004_auto
-- The runner applies this file in one transaction together with its history row (so no BEGIN/COMMIT here).

-- [1/2] create table billing_receipt
CREATE TABLE "billing_receipt" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "number" VARCHAR(30) NOT NULL,
    "payment_id" BIGINT NOT NULL REFERENCES "billing_payment" ("id") ON DELETE CASCADE
);
COMMENT ON TABLE "billing_receipt" IS 'A receipt for a payment (added in version 5, while billing_payment.id becomes BIGINT:';

-- [2/2] alter column billing_payment.id (type, identity)
ALTER TABLE "billing_payment" ALTER COLUMN "id" TYPE BIGINT USING "id"::BIGINT;
ALTER SEQUENCE "billing_payment_id_seq" AS BIGINT;
