-- migrator upgrade: models 0005_auto (mysql)
-- parent: 0004_auto
-- This database commits DDL implicitly: the runner records each statement as it runs and resumes after a failure.

-- [1/3] add column ticket.code
-- note: ALGORITHM=INPLACE, LOCK=NONE: built in place while reads and writes go on
ALTER TABLE `ticket` ADD COLUMN `code` CHAR(36) UNIQUE, ALGORITHM=INPLACE, LOCK=NONE;

-- [2/3] fill existing rows of ticket.code (review the value)
-- REVIEW: the value every existing row gets; edit it before applying
UPDATE `ticket` SET `code` = UUID() WHERE `code` IS NULL;

-- [3/3] alter column ticket.code (null)
-- note: the server may copy the table here, blocking writes until it is done (NOT NULL is checked by rebuilding it)
ALTER TABLE `ticket` MODIFY COLUMN `code` CHAR(36) NOT NULL;
