-- migrator upgrade: models 0002_auto (mysql)
-- parent: 0001_initial
-- This database commits DDL implicitly: the runner records each statement as it runs and resumes after a failure.

-- [1/6] alter column specimen.counter (type)
-- note: the server may copy the table here, blocking writes until it is done (a column type change rebuilds it)
ALTER TABLE `specimen` MODIFY COLUMN `counter` BIGINT NOT NULL DEFAULT 0;

-- [2/6] alter column specimen.small (type)
-- note: the server may copy the table here, blocking writes until it is done (a column type change rebuilds it)
ALTER TABLE `specimen` MODIFY COLUMN `small` INT NOT NULL DEFAULT 1;

-- [3/6] alter column specimen.level (default)
ALTER TABLE `specimen` MODIFY COLUMN `level` SMALLINT NOT NULL DEFAULT 5;

-- [4/6] alter column specimen.code (type)
-- note: the server may copy the table here, blocking writes until it is done (a column type change rebuilds it)
ALTER TABLE `specimen` MODIFY COLUMN `code` VARCHAR(200) NOT NULL;

-- [5/6] alter column specimen.ratio (default)
ALTER TABLE `specimen` MODIFY COLUMN `ratio` DOUBLE NOT NULL DEFAULT 2.5;

-- [6/6] alter column specimen.quantity (null, default)
-- note: the server may copy the table here, blocking writes until it is done (NOT NULL is checked by rebuilding it)
UPDATE `specimen` SET `quantity` = 0 WHERE `quantity` IS NULL;
ALTER TABLE `specimen` MODIFY COLUMN `quantity` INT NOT NULL DEFAULT 0;
