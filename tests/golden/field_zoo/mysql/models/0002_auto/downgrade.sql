-- migrator downgrade: models 0002_auto (mysql)
-- parent: 0001_initial
-- This database commits DDL implicitly: the runner records each statement as it runs and resumes after a failure.

-- [1/6] alter column specimen.quantity (null, default) (undoes upgrade [6/6])
ALTER TABLE `specimen` MODIFY COLUMN `quantity` INT NULL;

-- [2/6] alter column specimen.ratio (default) (undoes upgrade [5/6])
ALTER TABLE `specimen` MODIFY COLUMN `ratio` DOUBLE NOT NULL DEFAULT 1.5;

-- [3/6] alter column specimen.code (type) (undoes upgrade [4/6])
-- DESTRUCTIVE: this can lose data; review before applying
-- note: the server may copy the table here, blocking writes until it is done (a column type change rebuilds it)
ALTER TABLE `specimen` MODIFY COLUMN `code` VARCHAR(50) NOT NULL;

-- [4/6] alter column specimen.level (default) (undoes upgrade [3/6])
ALTER TABLE `specimen` MODIFY COLUMN `level` SMALLINT NOT NULL;

-- [5/6] alter column specimen.small (type) (undoes upgrade [2/6])
-- DESTRUCTIVE: this can lose data; review before applying
-- note: the server may copy the table here, blocking writes until it is done (a column type change rebuilds it)
ALTER TABLE `specimen` MODIFY COLUMN `small` SMALLINT NOT NULL DEFAULT 1;

-- [6/6] alter column specimen.counter (type) (undoes upgrade [1/6])
-- DESTRUCTIVE: this can lose data; review before applying
-- note: the server may copy the table here, blocking writes until it is done (a column type change rebuilds it)
ALTER TABLE `specimen` MODIFY COLUMN `counter` INT NOT NULL DEFAULT 0;
