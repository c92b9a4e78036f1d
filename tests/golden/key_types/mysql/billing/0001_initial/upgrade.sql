-- migrator upgrade: billing 0001_initial (mysql)
-- parent: none (first migration)
-- This database commits DDL implicitly: the runner records each statement as it runs and resumes after a failure.

-- [1/1] create table billing_invoice
CREATE TABLE `billing_invoice` (
    `id` INT NOT NULL PRIMARY KEY AUTO_INCREMENT,
    `amount` DECIMAL(10,2) NOT NULL,
    `account_id` INT NOT NULL,
    `payer_id` VARCHAR(20),
    CONSTRAINT `fk_billing__accounts_eb76e8c0` FOREIGN KEY (`account_id`) REFERENCES `accounts_account` (`id`) ON DELETE CASCADE,
    CONSTRAINT `fk_billing__accounts_64a8a37a` FOREIGN KEY (`payer_id`) REFERENCES `accounts_account` (`code`) ON DELETE SET NULL
) CHARACTER SET utf8mb4 COMMENT='An invoice: one foreign key to the account''s id, one to its code.';
