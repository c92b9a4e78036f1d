-- migrator upgrade: accounts 0002_auto (mysql)
-- parent: 0001_initial
-- This database commits DDL implicitly: the runner records each statement as it runs and resumes after a failure.

-- [1/2] alter column accounts_account.id (type, identity)
-- note: the server may copy the table here, blocking writes until it is done (a column type change rebuilds it)
ALTER TABLE `billing_invoice` DROP FOREIGN KEY `fk_billing__accounts_eb76e8c0`;
ALTER TABLE `accounts_account` MODIFY COLUMN `id` BIGINT NOT NULL AUTO_INCREMENT;

-- [2/2] alter column accounts_account.code (type)
-- note: the server may copy the table here, blocking writes until it is done (a column type change rebuilds it)
ALTER TABLE `billing_invoice` DROP FOREIGN KEY `fk_billing__accounts_64a8a37a`;
ALTER TABLE `accounts_account` MODIFY COLUMN `code` VARCHAR(40) NOT NULL;
ALTER TABLE `billing_invoice` ADD CONSTRAINT `fk_billing__accounts_64a8a37a` FOREIGN KEY (`payer_id`) REFERENCES `accounts_account` (`code`) ON DELETE SET NULL;
