-- migrator upgrade: accounts 0002_auto (postgres)
-- parent: 0001_initial
-- The runner applies this file in one transaction together with its history row (so no BEGIN/COMMIT here).

-- [1/2] alter column accounts_account.id (type, identity)
ALTER TABLE "accounts_account" ALTER COLUMN "id" TYPE BIGINT USING "id"::BIGINT;
ALTER SEQUENCE "accounts_account_id_seq" AS BIGINT;

-- [2/2] alter column accounts_account.code (type)
ALTER TABLE "accounts_account" ALTER COLUMN "code" TYPE VARCHAR(40);
