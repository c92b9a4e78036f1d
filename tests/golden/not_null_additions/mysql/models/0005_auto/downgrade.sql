-- migrator downgrade: models 0005_auto (mysql)
-- parent: 0004_auto
-- This database commits DDL implicitly: the runner records each statement as it runs and resumes after a failure.

-- [1/3] alter column ticket.code (null) (undoes upgrade [3/3])
ALTER TABLE `ticket` MODIFY COLUMN `code` CHAR(36) NULL;

-- [2/3] keep the values filled into ticket.code (undoes upgrade [2/3])
-- (nothing to run on this database)

-- [3/3] drop column ticket.code (undoes upgrade [1/3])
-- DESTRUCTIVE: this can lose data; review before applying
ALTER TABLE `ticket` DROP COLUMN `code`;
