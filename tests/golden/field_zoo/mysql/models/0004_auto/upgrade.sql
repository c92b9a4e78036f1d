-- migrator upgrade: models 0004_auto (mysql)
-- parent: 0003_auto
-- This database commits DDL implicitly: the runner records each statement as it runs and resumes after a failure.

-- [1/5] drop index idx_specimen_nicknam_403e88 on specimen
ALTER TABLE `specimen` DROP INDEX `idx_specimen_nicknam_403e88`;

-- [2/5] alter column specimen.code (type)
-- DESTRUCTIVE: this can lose data; review before applying
ALTER TABLE `specimen` MODIFY COLUMN `code` VARCHAR(120) NOT NULL;

-- [3/5] alter column specimen.color (type, default, comment)
ALTER TABLE `specimen` MODIFY COLUMN `color` VARCHAR(6) NOT NULL DEFAULT 'green' COMMENT 'RED: red\nGREEN: green\nBLUE: blue\nPURPLE: purple';

-- [4/5] alter column specimen.label (unique)
ALTER TABLE `specimen` DROP INDEX `label`;

-- [5/5] add column specimen.checked_at
ALTER TABLE `specimen` ADD COLUMN `checked_at` DATETIME(6) NOT NULL COMMENT 'Last integrity check; existing rows get the migration time' DEFAULT CURRENT_TIMESTAMP(6);
