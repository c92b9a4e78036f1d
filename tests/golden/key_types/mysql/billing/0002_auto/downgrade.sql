-- migrator downgrade: billing 0002_auto (mysql)
-- parent: 0001_initial
-- This database commits DDL implicitly: the runner records each statement as it runs and resumes after a failure.

-- [1/2] alter column billing_invoice.payer_id (type) (undoes upgrade [2/2])
-- DESTRUCTIVE: this can lose data; review before applying
-- note: the server may copy the table here, blocking writes until it is done (a column type change rebuilds it)
ALTER TABLE `billing_invoice` DROP FOREIGN KEY `fk_billing__accounts_64a8a37a`;
ALTER TABLE `billing_invoice` MODIFY COLUMN `payer_id` VARCHAR(20) NULL;
ALTER TABLE `billing_invoice` ADD CONSTRAINT `fk_billing__accounts_64a8a37a` FOREIGN KEY (`payer_id`) REFERENCES `accounts_account` (`code`) ON DELETE SET NULL;

-- [2/2] alter column billing_invoice.account_id (type) (undoes upgrade [1/2])
-- DESTRUCTIVE: this can lose data; review before applying
-- note: the server may copy the table here, blocking writes until it is done (a column type change rebuilds it)
ALTER TABLE `billing_invoice` DROP FOREIGN KEY `fk_billing__accounts_eb76e8c0`;
ALTER TABLE `billing_invoice` MODIFY COLUMN `account_id` INT NOT NULL;
