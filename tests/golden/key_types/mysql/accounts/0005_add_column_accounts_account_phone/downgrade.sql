-- migrator downgrade: accounts 0005_add_column_accounts_account_phone (mysql)
-- parent: 0004_add_column_accounts_account_email
-- This database commits DDL implicitly: the runner records each statement as it runs and resumes after a failure.

-- [1/1] drop column accounts_account.phone (undoes upgrade [1/1])
-- DESTRUCTIVE: this can lose data; review before applying
-- note: ALGORITHM=INSTANT: a metadata change, the table stays writable
ALTER TABLE `accounts_account` DROP COLUMN `phone`, ALGORITHM=INSTANT;
