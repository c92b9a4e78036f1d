-- migrator upgrade: accounts 0004_add_column_accounts_account_email (mysql)
-- parent: 0003_alter_column_accounts_account_code_type
-- This database commits DDL implicitly: the runner records each statement as it runs and resumes after a failure.

-- [1/1] add column accounts_account.email
-- note: ALGORITHM=INSTANT: a metadata change, the table stays writable
ALTER TABLE `accounts_account` ADD COLUMN `email` VARCHAR(200), ALGORITHM=INSTANT;
