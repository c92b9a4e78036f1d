-- migrator upgrade: billing 0004_auto (mysql)
-- parent: 0003_auto
-- This database commits DDL implicitly: the runner records each statement as it runs and resumes after a failure.

-- [1/3] create table billing_payment
CREATE TABLE `billing_payment` (
    `id` INT NOT NULL PRIMARY KEY AUTO_INCREMENT,
    `amount` DECIMAL(10,2) NOT NULL,
    `account_id` BIGINT NOT NULL,
    CONSTRAINT `fk_billing__accounts_946faab8` FOREIGN KEY (`account_id`) REFERENCES `accounts_account` (`id`) ON DELETE RESTRICT
) CHARACTER SET utf8mb4 COMMENT='A payment by an account (added in version 4).';

-- [2/3] alter column billing_invoice.id (type, identity)
-- note: the server may copy the table here, blocking writes until it is done (a column type change rebuilds it)
ALTER TABLE `billing_invoice` MODIFY COLUMN `id` BIGINT NOT NULL AUTO_INCREMENT;

-- [3/3] alter column billing_invoice.editor_id (comment)
ALTER TABLE `billing_invoice` MODIFY COLUMN `editor_id` BIGINT NULL COMMENT 'who last changed the invoice (added in version 4)';
