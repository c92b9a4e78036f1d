-- migrator downgrade: models 0003_auto (mysql)
-- parent: 0002_auto
-- This database commits DDL implicitly: the runner records each statement as it runs and resumes after a failure.

-- [1/7] drop index idx_specimen_nicknam_403e88 on specimen (undoes upgrade [7/7])
-- note: ALGORITHM=INPLACE, LOCK=NONE: built in place while reads and writes go on
ALTER TABLE `specimen` DROP INDEX `idx_specimen_nicknam_403e88`, ALGORITHM=INPLACE, LOCK=NONE;

-- [2/7] alter column specimen.label (unique) (undoes upgrade [6/7])
-- note: ALGORITHM=INPLACE, LOCK=NONE: built in place while reads and writes go on
ALTER TABLE `specimen` DROP INDEX `label`, ALGORITHM=INPLACE, LOCK=NONE;

-- [3/7] alter column specimen.rank (null) (undoes upgrade [5/7])
-- note: the server may copy the table here, blocking writes until it is done (NOT NULL is checked by rebuilding it)
ALTER TABLE `specimen` MODIFY COLUMN `rank` INT NOT NULL;

-- [4/7] alter column specimen.price (type) (undoes upgrade [4/7])
-- DESTRUCTIVE: this can lose data; review before applying
-- note: the server may copy the table here, blocking writes until it is done (a column type change rebuilds it)
ALTER TABLE `specimen` MODIFY COLUMN `price` DECIMAL(10,2) NOT NULL DEFAULT 0.00 COMMENT 'Money: exact decimal';

-- [5/7] alter column specimen.flag (default) (undoes upgrade [3/7])
ALTER TABLE `specimen` MODIFY COLUMN `flag` BOOL NOT NULL DEFAULT FALSE;

-- [6/7] alter column specimen.title (type) (undoes upgrade [2/7])
-- DESTRUCTIVE: this can lose data; review before applying
-- note: the server may copy the table here, blocking writes until it is done (a column type change rebuilds it)
ALTER TABLE `specimen` MODIFY COLUMN `title` VARCHAR(100) NOT NULL;

-- [7/7] drop table token_use (undoes upgrade [1/7])
-- DESTRUCTIVE: this can lose data; review before applying
DROP TABLE `token_use`;
