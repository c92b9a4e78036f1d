-- migrator downgrade: billing 0004_auto (mysql)
-- parent: 0003_auto
-- This database commits DDL implicitly: the runner records each statement as it runs and resumes after a failure.

-- [1/3] alter column billing_invoice.editor_id (comment) (undoes upgrade [3/3])
ALTER TABLE `billing_invoice` MODIFY COLUMN `editor_id` BIGINT NULL COMMENT 'who last changed the invoice (added in version 3)';

-- [2/3] alter column billing_invoice.id (type, identity) (undoes upgrade [2/3])
-- DESTRUCTIVE: this can lose data; review before applying
-- note: the server may copy the table here, blocking writes until it is done (a column type change rebuilds it)
ALTER TABLE `billing_invoice` MODIFY COLUMN `id` INT NOT NULL AUTO_INCREMENT;

-- [3/3] drop table billing_payment (undoes upgrade [1/3])
-- DESTRUCTIVE: this can lose data; review before applying
DROP TABLE `billing_payment`;
