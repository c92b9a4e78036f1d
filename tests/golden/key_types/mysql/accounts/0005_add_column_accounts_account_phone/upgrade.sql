-- migrator upgrade: accounts 0005_add_column_accounts_account_phone (mysql)
-- parent: 0004_add_column_accounts_account_email
-- This database commits DDL implicitly: the runner records each statement as it runs and resumes after a failure.

-- [1/1] add column accounts_account.phone
-- note: ALGORITHM=INSTANT: a metadata change, the table stays writable
ALTER TABLE `accounts_account` ADD COLUMN `phone` VARCHAR(30) COMMENT 'added in version 5', ALGORITHM=INSTANT;
