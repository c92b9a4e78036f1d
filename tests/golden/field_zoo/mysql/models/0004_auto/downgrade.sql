-- migrator downgrade: models 0004_auto (mysql)
-- parent: 0003_auto
-- This database commits DDL implicitly: the runner records each statement as it runs and resumes after a failure.

-- [1/5] drop column specimen.checked_at (undoes upgrade [5/5])
-- DESTRUCTIVE: this can lose data; review before applying
-- note: ALGORITHM=INSTANT: a metadata change, the table stays writable
ALTER TABLE `specimen` DROP COLUMN `checked_at`, ALGORITHM=INSTANT;

-- [2/5] alter column specimen.label (unique) (undoes upgrade [4/5])
-- note: ALGORITHM=INPLACE, LOCK=NONE: built in place while reads and writes go on
ALTER TABLE `specimen` ADD UNIQUE KEY `label` (`label`), ALGORITHM=INPLACE, LOCK=NONE;

-- [3/5] alter column specimen.color (type, default, comment) (undoes upgrade [3/5])
-- DESTRUCTIVE: this can lose data; review before applying
-- note: the server may copy the table here, blocking writes until it is done (a column type change rebuilds it)
ALTER TABLE `specimen` MODIFY COLUMN `color` VARCHAR(5) NOT NULL DEFAULT 'red' COMMENT 'RED: red\nGREEN: green\nBLUE: blue';

-- [4/5] alter column specimen.code (type) (undoes upgrade [2/5])
-- note: the server may copy the table here, blocking writes until it is done (a column type change rebuilds it)
ALTER TABLE `specimen` MODIFY COLUMN `code` VARCHAR(200) NOT NULL;

-- [5/5] add index idx_specimen_nicknam_403e88 on specimen (undoes upgrade [1/5])
-- note: ALGORITHM=INPLACE, LOCK=NONE: built in place while reads and writes go on
ALTER TABLE `specimen` ADD INDEX `idx_specimen_nicknam_403e88` (`nickname`), ALGORITHM=INPLACE, LOCK=NONE;
