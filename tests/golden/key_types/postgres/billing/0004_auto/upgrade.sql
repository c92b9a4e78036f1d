-- migrator upgrade: billing 0004_auto (postgres)
-- parent: 0003_auto
-- The runner applies this file in one transaction together with its history row (so no BEGIN/COMMIT here).

-- [1/3] create table billing_payment
CREATE TABLE "billing_payment" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "amount" DECIMAL(10,2) NOT NULL,
    "account_id" BIGINT NOT NULL REFERENCES "accounts_account" ("id") ON DELETE RESTRICT
);
COMMENT ON TABLE "billing_payment" IS 'A payment by an account (added in version 4).';

-- [2/3] alter column billing_invoice.id (type, identity)
ALTER TABLE "billing_invoice" ALTER COLUMN "id" TYPE BIGINT USING "id"::BIGINT;
ALTER SEQUENCE "billing_invoice_id_seq" AS BIGINT;

-- [3/3] alter column billing_invoice.editor_id (comment)
COMMENT ON COLUMN "billing_invoice"."editor_id" IS 'who last changed the invoice (added in version 4)';
