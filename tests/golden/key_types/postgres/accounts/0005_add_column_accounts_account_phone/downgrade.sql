-- migrator downgrade: accounts 0005_add_column_accounts_account_phone (postgres)
-- parent: 0004_add_column_accounts_account_email
-- The runner applies this file in one transaction together with its history row (so no BEGIN/COMMIT here).

-- [1/1] drop column accounts_account.phone
-- DESTRUCTIVE: this can lose data; review before applying
ALTER TABLE "accounts_account" DROP COLUMN "phone";
