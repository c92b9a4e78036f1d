-- migrator upgrade: models 0004_auto (mysql)
-- parent: 0003_auto
-- This database commits DDL implicitly: the runner records each statement as it runs and resumes after a failure.

-- [1/5] drop index idx_specimen_nicknam_403e88 on specimen
-- note: ALGORITHM=INPLACE, LOCK=NONE: built in place while reads and writes go on
ALTER TABLE `specimen` DROP INDEX `idx_specimen_nicknam_403e88`, ALGORITHM=INPLACE, LOCK=NONE;

-- [2/5] alter column specimen.code (type)
-- DESTRUCTIVE: this can lose data; review before applying
-- note: the server may copy the table here, blocking writes until it is done (a column type change rebuilds it)
ALTER TABLE `specimen` MODIFY COLUMN `code` VARCHAR(120) NOT NULL;

-- [3/5] alter column specimen.color (type, default, comment)
-- note: the server may copy the table here, blocking writes until it is done (a column type change rebuilds it)
ALTER TABLE `specimen` MODIFY COLUMN `color` VARCHAR(6) NOT NULL DEFAULT 'green' COMMENT 'RED: red\nGREEN: green\nBLUE: blue\nPURPLE: purple';

-- [4/5] alter column specimen.label (unique)
-- note: ALGORITHM=INPLACE, LOCK=NONE: built in place while reads and writes go on
ALTER TABLE `specimen` DROP INDEX `label`, ALGORITHM=INPLACE, LOCK=NONE;

-- [5/5] add column specimen.checked_at
-- note: ALGORITHM=INSTANT: a metadata change, the table stays writable
ALTER TABLE `specimen` ADD COLUMN `checked_at` DATETIME(6) NOT NULL COMMENT 'Last integrity check; existing rows get the migration time' DEFAULT CURRENT_TIMESTAMP(6), ALGORITHM=INSTANT;
