-- migrator downgrade: accounts 0004_add_column_accounts_account_email (mysql)
-- parent: 0003_alter_column_accounts_account_code_type
-- This database commits DDL implicitly: the runner records each statement as it runs and resumes after a failure.

-- [1/1] drop column accounts_account.email (undoes upgrade [1/1])
-- DESTRUCTIVE: this can lose data; review before applying
-- note: ALGORITHM=INSTANT: a metadata change, the table stays writable
ALTER TABLE `accounts_account` DROP COLUMN `email`, ALGORITHM=INSTANT;
