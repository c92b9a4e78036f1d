-- migrator upgrade: accounts 0005_add_column_accounts_account_phone (sqlite)
-- parent: 0004_add_column_accounts_account_email
-- The runner applies this file in one transaction together with its history row (so no BEGIN/COMMIT here).

-- [1/1] add column accounts_account.phone
ALTER TABLE "accounts_account" ADD COLUMN "phone" VARCHAR(30) /* added in version 5 */;
