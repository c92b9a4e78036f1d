-- migrator downgrade: accounts 0003_alter_column_accounts_account_code_type (mysql)
-- parent: 0002_auto
-- This database commits DDL implicitly: the runner records each statement as it runs and resumes after a failure.

-- [1/1] alter column accounts_account.code (type) (undoes upgrade [1/1])
-- DESTRUCTIVE: this can lose data; review before applying
-- note: the server may copy the table here, blocking writes until it is done (a column type change rebuilds it)
ALTER TABLE `billing_invoice` DROP FOREIGN KEY `fk_billing__accounts_64a8a37a`;
ALTER TABLE `accounts_account` MODIFY COLUMN `code` VARCHAR(40) NOT NULL;
ALTER TABLE `billing_invoice` ADD CONSTRAINT `fk_billing__accounts_64a8a37a` FOREIGN KEY (`payer_id`) REFERENCES `accounts_account` (`code`) ON DELETE SET NULL;
