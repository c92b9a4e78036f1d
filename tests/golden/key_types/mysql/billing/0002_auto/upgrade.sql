-- migrator upgrade: billing 0002_auto (mysql)
-- parent: 0001_initial
-- This database commits DDL implicitly: the runner records each statement as it runs and resumes after a failure.

-- [1/2] alter column billing_invoice.account_id (type)
-- note: the server may copy the table here, blocking writes until it is done (a column type change rebuilds it)
ALTER TABLE `billing_invoice` MODIFY COLUMN `account_id` BIGINT NOT NULL;
ALTER TABLE `billing_invoice` ADD CONSTRAINT `fk_billing__accounts_eb76e8c0` FOREIGN KEY (`account_id`) REFERENCES `accounts_account` (`id`) ON DELETE CASCADE;

-- [2/2] alter column billing_invoice.payer_id (type)
-- note: the server may copy the table here, blocking writes until it is done (a column type change rebuilds it)
ALTER TABLE `billing_invoice` DROP FOREIGN KEY `fk_billing__accounts_64a8a37a`;
ALTER TABLE `billing_invoice` MODIFY COLUMN `payer_id` VARCHAR(40) NULL;
ALTER TABLE `billing_invoice` ADD CONSTRAINT `fk_billing__accounts_64a8a37a` FOREIGN KEY (`payer_id`) REFERENCES `accounts_account` (`code`) ON DELETE SET NULL;
