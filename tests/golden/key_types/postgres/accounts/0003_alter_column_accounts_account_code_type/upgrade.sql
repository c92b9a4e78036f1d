-- migrator upgrade: accounts 0003_alter_column_accounts_account_code_type (postgres)
-- parent: 0002_auto
-- The runner applies this file in one transaction together with its history row (so no BEGIN/COMMIT here).

-- [1/1] alter column accounts_account.code (type)
ALTER TABLE "accounts_account" ALTER COLUMN "code" TYPE VARCHAR(60);
