-- migrator downgrade: billing 0005_auto (mysql)
-- parent: 0004_auto
-- This database commits DDL implicitly: the runner records each statement as it runs and resumes after a failure.

-- [1/2] alter column billing_payment.id (type, identity) (undoes upgrade [2/2])
-- DESTRUCTIVE: this can lose data; review before applying
-- note: the server may copy the table here, blocking writes until it is done (a column type change rebuilds it)
ALTER TABLE `billing_receipt` DROP FOREIGN KEY `fk_billing__billing__ca3902d7`;
ALTER TABLE `billing_payment` MODIFY COLUMN `id` INT NOT NULL AUTO_INCREMENT;

-- [2/2] drop table billing_receipt (undoes upgrade [1/2])
-- DESTRUCTIVE: this can lose data; review before applying
DROP TABLE `billing_receipt`;
