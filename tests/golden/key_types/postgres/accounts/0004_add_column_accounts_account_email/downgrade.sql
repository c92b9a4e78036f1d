-- migrator downgrade: accounts 0004_add_column_accounts_account_email (postgres)
-- parent: 0003_alter_column_accounts_account_code_type
-- The runner applies this file in one transaction together with its history row (so no BEGIN/COMMIT here).

-- [1/1] drop column accounts_account.email
-- DESTRUCTIVE: this can lose data; review before applying
ALTER TABLE "accounts_account" DROP COLUMN "email";
