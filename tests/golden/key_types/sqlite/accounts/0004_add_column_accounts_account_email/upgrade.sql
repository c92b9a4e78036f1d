-- migrator upgrade: accounts 0004_add_column_accounts_account_email (sqlite)
-- parent: 0003_alter_column_accounts_account_code_type
-- The runner applies this file in one transaction together with its history row (so no BEGIN/COMMIT here).

-- [1/1] add column accounts_account.email
ALTER TABLE "accounts_account" ADD COLUMN "email" VARCHAR(200);
