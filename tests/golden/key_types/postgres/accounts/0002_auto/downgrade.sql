-- migrator downgrade: accounts 0002_auto (postgres)
-- parent: 0001_initial
-- The runner applies this file in one transaction together with its history row (so no BEGIN/COMMIT here).

-- [1/2] alter column accounts_account.code (type)
-- DESTRUCTIVE: this can lose data; review before applying
ALTER TABLE "accounts_account" ALTER COLUMN "code" TYPE VARCHAR(20);

-- [2/2] alter column accounts_account.id (type, identity)
-- DESTRUCTIVE: this can lose data; review before applying
ALTER TABLE "accounts_account" ALTER COLUMN "id" TYPE INT USING "id"::INT;
ALTER SEQUENCE "accounts_account_id_seq" AS INT;
