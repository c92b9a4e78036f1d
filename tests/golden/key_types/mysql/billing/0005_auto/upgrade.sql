-- migrator upgrade: billing 0005_auto (mysql)
-- parent: 0004_auto
-- This database commits DDL implicitly: the runner records each statement as it runs and resumes after a failure.

-- [1/2] create table billing_receipt
CREATE TABLE `billing_receipt` (
    `id` INT NOT NULL PRIMARY KEY AUTO_INCREMENT,
    `number` VARCHAR(30) NOT NULL,
    `payment_id` BIGINT NOT NULL
) CHARACTER SET utf8mb4 COMMENT='A receipt for a payment (added in version 5, while billing_payment.id becomes BIGINT:';

-- [2/2] alter column billing_payment.id (type, identity)
-- note: the server may copy the table here, blocking writes until it is done (a column type change rebuilds it)
ALTER TABLE `billing_payment` MODIFY COLUMN `id` BIGINT NOT NULL AUTO_INCREMENT;
ALTER TABLE `billing_receipt` ADD CONSTRAINT `fk_billing__billing__ca3902d7` FOREIGN KEY (`payment_id`) REFERENCES `billing_payment` (`id`) ON DELETE CASCADE;
