-- migrator upgrade: billing 0003_auto (mysql)
-- parent: 0002_auto
-- This database commits DDL implicitly: the runner records each statement as it runs and resumes after a failure.

-- [1/2] add column billing_invoice.editor_id
-- note: the server may copy the table here, blocking writes until it is done (a new foreign key is checked against every row)
ALTER TABLE `billing_invoice` ADD COLUMN `editor_id` BIGINT COMMENT 'who last changed the invoice (added in version 3)', ADD CONSTRAINT `fk_billing__accounts_79f669a8` FOREIGN KEY (`editor_id`) REFERENCES `accounts_account` (`id`) ON DELETE SET NULL;

-- [2/2] alter column billing_invoice.payer_id (type)
-- note: the server may copy the table here, blocking writes until it is done (a column type change rebuilds it)
ALTER TABLE `billing_invoice` DROP FOREIGN KEY `fk_billing__accounts_64a8a37a`;
ALTER TABLE `billing_invoice` MODIFY COLUMN `payer_id` VARCHAR(60) NULL;
ALTER TABLE `billing_invoice` ADD CONSTRAINT `fk_billing__accounts_64a8a37a` FOREIGN KEY (`payer_id`) REFERENCES `accounts_account` (`code`) ON DELETE SET NULL;
